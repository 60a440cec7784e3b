/**
 * Time as the HTTP layer sees it: injected so that tests can run pacing and backoff on a virtual
 * clock instead of waiting.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  /** Milliseconds on a clock that only moves forward. */
  now(): number;
  /** Resolves after `ms`, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) => (ms > 0 && !signal?.aborted ? delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined) : Promise.resolve()),
};

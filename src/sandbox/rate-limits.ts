import { HttpError } from './http.js';
import type { RateGroup } from './router.js';

/**
 * RingCentral's default user-level limits (docs/vendors/ringcentral.md §4, RL-DOC): requests per minute
 * per group, counted in a sliding window, with a 60 s penalty once exceeded.
 */
export const GROUP_LIMITS: Readonly<Record<RateGroup, number>> = { Light: 50, Medium: 40, Heavy: 10, Auth: 5 };
const WINDOW_MS = 60_000;
const PENALTY_MS = 60_000;

interface Bucket {
  hits: number[];
  penaltyUntil: number;
}

/**
 * Seconds for the `X-Rate-Limit-Window` and `Retry-After` headers. Whole seconds when they are
 * whole (always, at timeScale 1); otherwise fractional with millisecond precision (e.g. "0.06"
 * at timeScale 1000). Not documented upstream, where windows are whole minutes: fractional values
 * are the sandbox's choice so that a client honouring the headers waits the scaled time.
 */
export function formatSeconds(ms: number): string {
  const seconds = Math.ceil(ms) / 1000;
  return Number.isInteger(seconds) ? String(seconds) : String(Number(seconds.toFixed(3)));
}

/**
 * Per-identity, per-group limiter. `timeScale` divides the window and the penalty. While a
 * penalty runs, every request in that group is refused and restarts it ("each request made during
 * the penalty window restarts the penalty", §4).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number,
    private readonly timeScale: number,
    private readonly enabled: boolean,
  ) {}

  /**
   * Counts one request. Returns the `X-Rate-Limit-*` headers for the response, or throws a 429
   * carrying them plus `Retry-After` (body code `CMN-301` "Request rate exceeded", §4).
   */
  consume(identity: string, group: RateGroup): Record<string, string> {
    if (!this.enabled) return {};
    const limit = GROUP_LIMITS[group];
    const window = WINDOW_MS / this.timeScale;
    const penalty = PENALTY_MS / this.timeScale;
    const now = this.now();
    const key = `${group}\u0000${identity}`;
    const bucket = this.buckets.get(key) ?? { hits: [], penaltyUntil: 0 };
    this.buckets.set(key, bucket);
    bucket.hits = bucket.hits.filter((t) => t > now - window);
    const headers = (remaining: number): Record<string, string> => ({
      'X-Rate-Limit-Group': group.toLowerCase(),
      'X-Rate-Limit-Limit': String(limit),
      'X-Rate-Limit-Remaining': String(remaining),
      'X-Rate-Limit-Window': formatSeconds(window),
    });
    if (bucket.penaltyUntil > now || bucket.hits.length >= limit) {
      bucket.penaltyUntil = now + penalty;
      throw new HttpError(429, 'Request rate exceeded', {
        errorCode: 'CMN-301',
        headers: { ...headers(0), 'Retry-After': formatSeconds(penalty) },
      });
    }
    bucket.hits.push(now);
    return headers(limit - bucket.hits.length);
  }

  reset(): void {
    this.buckets.clear();
  }
}

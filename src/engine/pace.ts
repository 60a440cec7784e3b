/**
 * The current pace of each rate-limit group, from what the HTTP layer reports as it works: the
 * limit and window the server announces (`X-Rate-Limit-Limit`, `-Window`), the requests answered
 * within the last window, and the waits pacing imposes (until a window has room again, or a
 * penalty ends). Until the server has said anything, a group runs at its documented limit
 * (RingCentral's Heavy group: 10 a minute).
 *
 * The model the budget and the ETA use: a group sends at once while its window has room, then
 * a window's worth each time the window slides past the requests that filled it, and nothing
 * before its current wait is over.
 */
import type { TransportEvent } from '../core/ports.js';

interface GroupPace {
  limit?: number;
  windowMs: number;
  waitUntil: number;
  /** When our requests of the last window were answered. */
  answered: number[];
}

const MINUTE_MS = 60_000;
/** Weight of the newest duration in the running average of change durations. */
const SMOOTHING = 0.3;

const key = (system: string, group: string) => `${system}\u0000${group}`;

export class PaceTracker {
  private readonly groups = new Map<string, GroupPace>();
  private readonly changeMs = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  private group(system: string, group: string): GroupPace {
    let pace = this.groups.get(key(system, group));
    if (!pace) {
      pace = { windowMs: MINUTE_MS, waitUntil: 0, answered: [] };
      this.groups.set(key(system, group), pace);
    }
    return pace;
  }

  /** The limit a system documents for a group (per minute), used until the server announces its own. */
  declare(system: string, group: string, requestsPerMinute: number | undefined): void {
    const pace = this.group(system, group);
    if (requestsPerMinute && requestsPerMinute > 0 && pace.limit === undefined) pace.limit = requestsPerMinute;
  }

  observe(event: TransportEvent): void {
    const pace = this.group(event.system, event.group);
    const now = this.now();
    if (event.limit !== undefined && event.limit > 0 && event.windowMs !== undefined && event.windowMs > 0) {
      pace.limit = event.limit;
      pace.windowMs = event.windowMs;
    }
    if (event.kind === 'request') pace.answered.push(now);
    if (event.kind === 'wait') pace.waitUntil = Math.max(pace.waitUntil, now + event.ms);
  }

  /**
   * How long until the last of `count` more requests of the group is sent, when `ahead` others are
   * queued before them. A sliding window has `limit` slots; a slot taken by a request is free
   * again one window later. So the j-th request in line goes when the (j mod limit)-th slot to
   * free up does, plus one window for each time round the slots: at once while the window has
   * room, then a window's worth at a time.
   */
  queueMs(system: string, group: string, ahead: number, count: number): number {
    const pace = this.groups.get(key(system, group));
    if (!pace?.limit || count === 0) return 0;
    const now = this.now();
    pace.answered = pace.answered.filter((t) => t > now - pace.windowMs);
    const freeAt = [...pace.answered.slice(-pace.limit).map((t) => t + pace.windowMs), ...Array<number>(Math.max(0, pace.limit - pace.answered.length)).fill(now)].sort(
      (a, b) => a - b,
    );
    const last = ahead + count - 1;
    const sentAt = freeAt[last % pace.limit]! + Math.floor(last / pace.limit) * pace.windowMs;
    return Math.max(0, pace.waitUntil - now, sentAt - now);
  }

  /** Records how long a change took from its first request to its last answer. */
  recordChange(app: string, ms: number): void {
    const previous = this.changeMs.get(app);
    this.changeMs.set(app, previous === undefined ? ms : previous + SMOOTHING * (ms - previous));
  }

  /** The typical duration of a change of the application so far (0 before the first). */
  typicalChangeMs(app: string): number {
    return this.changeMs.get(app) ?? 0;
  }
}

/**
 * The current pace of each rate-limit group, from what the HTTP layer reports as it works: the
 * limit and window the server announces (`X-Rate-Limit-Limit`, `-Window`), the requests answered
 * within the last window, and the waits pacing imposes (until a window has room again, or a
 * penalty ends). Until the server has said anything, a group runs at its documented limit
 * (RingCentral's Heavy group: 10 a minute).
 *
 * The model the budget and the ETA use: a group sends at once while its window has room, then
 * one request per `window / limit`, and nothing before its current wait is over.
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

  /** Steady-state time between two requests of the group; 0 when it is not known to be limited. */
  intervalMs(system: string, group: string): number {
    const pace = this.groups.get(key(system, group));
    return pace?.limit ? pace.windowMs / pace.limit : 0;
  }

  /**
   * How long `count` more requests of the group take to be sent when `ahead` others are queued
   * before them: nothing while the window has room, one interval per request beyond it.
   */
  queueMs(system: string, group: string, ahead: number, count: number): number {
    const pace = this.groups.get(key(system, group));
    if (!pace?.limit) return 0;
    const now = this.now();
    pace.answered = pace.answered.filter((t) => t > now - pace.windowMs);
    const beyond = Math.max(0, pace.answered.length + ahead + count - pace.limit);
    return Math.max(0, pace.waitUntil - now) + beyond * (pace.windowMs / pace.limit);
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

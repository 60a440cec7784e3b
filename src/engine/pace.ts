/**
 * The current pace of each rate-limit group, from what the HTTP layer reports as it works: the
 * limit and window the server announces (`X-Rate-Limit-Limit`, `-Window`), and the waits pacing
 * imposes (until a window has room again, or a penalty ends). Until the server has said anything,
 * a group runs at its documented limit (RingCentral's Heavy group: 10 a minute).
 *
 * Budgets and ETAs are computed from it: in steady state a group sends one request per
 * `window / limit`, and nothing before its current wait is over.
 */
import type { TransportEvent } from '../core/ports.js';


interface GroupPace {
  documentedIntervalMs: number;
  announcedIntervalMs?: number;
  waitUntil: number;
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
      pace = { documentedIntervalMs: 0, waitUntil: 0 };
      this.groups.set(key(system, group), pace);
    }
    return pace;
  }

  /** The limit a system documents for a group, used until the server announces its own. */
  declare(system: string, group: string, requestsPerMinute: number | undefined): void {
    if (requestsPerMinute && requestsPerMinute > 0) this.group(system, group).documentedIntervalMs = MINUTE_MS / requestsPerMinute;
  }

  observe(event: TransportEvent): void {
    const pace = this.group(event.system, event.group);
    if (event.limit !== undefined && event.limit > 0 && event.windowMs !== undefined && event.windowMs > 0) {
      pace.announcedIntervalMs = event.windowMs / event.limit;
    }
    if (event.kind === 'wait') {
      pace.waitUntil = Math.max(pace.waitUntil, this.now() + event.ms);
    }
  }

  /** Steady-state time between two requests of the group; 0 when it is not known to be limited. */
  intervalMs(system: string, group: string): number {
    const pace = this.groups.get(key(system, group));
    return pace ? (pace.announcedIntervalMs ?? pace.documentedIntervalMs) : 0;
  }

  /** How long the group still waits before it may send again. */
  waitMs(system: string, group: string): number {
    const pace = this.groups.get(key(system, group));
    return pace ? Math.max(0, pace.waitUntil - this.now()) : 0;
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

/**
 * The time budget (`--time-budget 50m`): a change is started only when, at the current pace, it
 * can finish before the deadline with time left to read back what was changed. What cannot start
 * is reported; the next run plans it again from live state, so nothing is repeated.
 *
 * A change's duration is estimated from the requests it makes per rate-limit group: each group
 * first finishes its current wait, then sends the requests of the changes already in flight and
 * this change's own — at once while its window has room, then as the window slides (pace.ts).
 * The estimate is never below the typical duration of the application's changes so far.
 */
import { isGroupStep, type Change } from '../core/change.js';
import { groupStepRequests } from '../core/group-requests.js';
import type { Capabilities } from '../core/ports.js';
import type { PaceTracker } from './pace.js';

/** Requests of one rate-limit group. */
export interface RequestCount {
  readonly system: string;
  readonly group: string;
  readonly count: number;
}

export interface ChangeCost {
  readonly app: string;
  /** Requests the change makes: the precondition read and its steps. */
  readonly requests: readonly RequestCount[];
  /** Reads the convergence check makes for the change once it is done. */
  readonly verification: readonly RequestCount[];
}

/** The target's side of a cost: its system and declared rate-limit groups. */
export interface CostedTarget {
  readonly system: string;
  readonly capabilities: Capabilities;
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `50m`, `1h30m`, `90s`, `1500ms` → milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return undefined;
  const ms = parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * (UNITS[unit!] ?? 0), 0);
  return ms > 0 ? ms : undefined;
}

/** What a change costs in requests: one read to re-check its precondition, then one request per step. */
export function changeCost(change: Change, idpSystem: string, target: CostedTarget | undefined): ChangeCost {
  if (!target || change.kind === 'sso_app' || change.kind === 'group_binding' || change.kind === 'provisioning') return { app: change.app, requests: [{ system: idpSystem, group: 'api', count: change.steps.length + 1 }], verification: [] };
  const { read, write } = target.capabilities.rateLimits;
  // Without PATCH an update is GET, merge, PUT.
  const extraReads = target.capabilities.patch ? 0 : change.steps.filter((s) => s.op === 'scim.update').length;
  let groupReads = 0;
  let writes = 0;
  for (const step of change.steps) {
    if (!isGroupStep(step)) {
      writes += 1;
      continue;
    }
    const requests = groupStepRequests(step, target.capabilities.patch);
    groupReads += requests.reads;
    writes += requests.writes;
  }
  return {
    app: change.app,
    requests: [
      { system: target.system, group: read.name, count: 1 + extraReads + groupReads },
      { system: target.system, group: write.name, count: writes },
    ],
    // A created account is read back from the list pages; any other is read in full when lists omit attributes.
    verification: change.action !== 'create' && target.capabilities.listOmits.length > 0 ? [{ system: target.system, group: read.name, count: 1 }] : [],
  };
}

const key = (r: Pick<RequestCount, 'system' | 'group'>) => `${r.system}\u0000${r.group}`;

export class TimeBudget {
  /** Changes not started yet, and their requests per group. */
  private readonly pending = new Set<ChangeCost>();
  private readonly pendingRequests = new Map<string, RequestCount>();
  private readonly pendingPerApp = new Map<string, number>();
  /** Requests of changes started and not finished, per group. */
  private readonly inFlight = new Map<string, RequestCount>();
  /** Reads the convergence check will need so far, per group. */
  private readonly verification = new Map<string, RequestCount>();
  private readonly startedApps = new Set<string>();

  constructor(
    private readonly pace: PaceTracker,
    private readonly now: () => number,
    /** Absolute deadline in the clock's milliseconds; undefined for no budget. */
    private readonly deadline: number | undefined,
    /** Every change the run may start. */
    planned: readonly ChangeCost[],
    /** Reads the convergence check makes once per application touched (its list pages). */
    private readonly baseVerification: (app: string) => readonly RequestCount[] = () => [],
  ) {
    for (const cost of planned) {
      this.pending.add(cost);
      this.add(this.pendingRequests, cost.requests, 1);
      this.pendingPerApp.set(cost.app, (this.pendingPerApp.get(cost.app) ?? 0) + 1);
    }
  }

  private add(map: Map<string, RequestCount>, requests: readonly RequestCount[], sign: 1 | -1): void {
    for (const r of requests) {
      const current = map.get(key(r));
      map.set(key(r), { system: r.system, group: r.group, count: Math.max(0, (current?.count ?? 0) + sign * r.count) });
    }
  }

  private pacedMs(requests: readonly RequestCount[]): number {
    let ms = 0;
    for (const r of requests) ms += this.pace.queueMs(r.system, r.group, this.inFlight.get(key(r))?.count ?? 0, r.count);
    return ms;
  }

  private readsMs(reads: Iterable<RequestCount>): number {
    let ms = 0;
    for (const r of reads) ms += this.pace.queueMs(r.system, r.group, 0, r.count);
    return ms;
  }

  /** The estimated duration of a change started now. */
  estimateMs(cost: ChangeCost): number {
    return Math.max(this.pacedMs(cost.requests), this.pace.typicalChangeMs(cost.app));
  }

  /**
   * Starts the change when it fits in the budget (and counts its requests as in flight);
   * false when it would not finish in time.
   */
  tryStart(cost: ChangeCost): boolean {
    const base = this.startedApps.has(cost.app) ? [] : this.baseVerification(cost.app);
    if (this.deadline !== undefined) {
      const reserved = new Map(this.verification);
      this.add(reserved, [...base, ...cost.verification], 1);
      if (this.now() + this.estimateMs(cost) + this.readsMs(reserved.values()) > this.deadline) return false;
    }
    this.startedApps.add(cost.app);
    this.add(this.verification, [...base, ...cost.verification], 1);
    this.drop(cost);
    this.add(this.inFlight, cost.requests, 1);
    return true;
  }

  /** The change will not start (skipped): it no longer counts as work left. */
  drop(cost: ChangeCost): void {
    if (!this.pending.delete(cost)) return;
    this.add(this.pendingRequests, cost.requests, -1);
    this.pendingPerApp.set(cost.app, (this.pendingPerApp.get(cost.app) ?? 1) - 1);
  }

  finish(cost: ChangeCost): void {
    this.add(this.inFlight, cost.requests, -1);
  }

  /** Changes not started yet. */
  get pendingChanges(): number {
    return this.pending.size;
  }

  /**
   * Time left for the changes not started yet, at the current pace: the slowest group's wait and
   * queue, or the changes' typical durations spread over `workers` where nothing is rate-limited.
   */
  etaMs(workers: number): number {
    let paced = 0;
    for (const r of this.pendingRequests.values()) {
      paced = Math.max(paced, this.pace.queueMs(r.system, r.group, this.inFlight.get(key(r))?.count ?? 0, r.count));
    }
    let typical = 0;
    for (const [app, count] of this.pendingPerApp) typical += count * this.pace.typicalChangeMs(app);
    return Math.max(paced, typical / Math.max(1, workers));
  }
}

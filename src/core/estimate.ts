/**
 * The request estimate: how many requests apply makes per system and rate-limit group, the reads
 * the next plan needs, and the minimum time the documented limits imply (400 RingCentral writes at
 * 10 a minute take at least 40 minutes). Rate-limit groups are paced independently, so a phase
 * takes at least as long as its slowest group.
 */
import { isGroupStep, type Change, type StepOp } from './change.js';
import { groupStepRequests } from './group-requests.js';
import { compareText } from './order.js';
import type { Capabilities } from './ports.js';

export interface EstimateEntry {
  readonly system: string;
  /** The rate-limit group, e.g. RingCentral's `heavy`; `api` where the system documents none. */
  readonly group: string;
  readonly requests: number;
  /** The documented budget; absent when the system documents no limit. */
  readonly requestsPerMinute?: number;
  /** The minimum duration the documented limit implies, in seconds (0 without a limit). */
  readonly minimumSeconds: number;
}

export interface EstimatePhase {
  readonly entries: readonly EstimateEntry[];
  readonly minimumSeconds: number;
}

export interface Estimate {
  /** The requests apply makes for the plan's changes (skips make none). */
  readonly apply: EstimatePhase;
  /** The target reads the next plan makes once this plan is applied: list pages and detail reads. */
  readonly nextPlan: EstimatePhase;
}

export interface EstimateTarget {
  readonly system: string;
  readonly capabilities: Capabilities;
}

/** What the next plan reads from one target. */
export interface NextPlanReads {
  readonly app: string;
  readonly listPages: number;
  readonly detailReads: number;
}

/** The IdP documents no rate limits: its requests are counted in one group without a minimum time. */
export const UNDOCUMENTED_GROUP = 'api';

/**
 * Requests an IdP step sends: an application is changed by GET, merge, PUT (PUT replaces it
 * whole), and created by POST then PUT (which records the certificate the IdP generated).
 */
type IdpOp = Extract<StepOp, `idp.${string}`>;
const IDP_REQUESTS: Readonly<Record<IdpOp, number>> = {
  'idp.app.create': 2,
  'idp.app.update': 2,
  'idp.provisioning.record': 2,
  'idp.app.delete': 1,
  'idp.binding.add': 1,
  'idp.binding.remove': 1,
};

const isIdpOp = (op: StepOp): op is IdpOp => op.startsWith('idp.');

class Counter {
  private readonly entries = new Map<string, { system: string; group: string; requests: number; requestsPerMinute?: number }>();

  add(system: string, group: string, requestsPerMinute: number | undefined, requests = 1): void {
    if (requests === 0) return;
    const key = `${system}\u0000${group}`;
    const entry = this.entries.get(key) ?? { system, group, requests: 0, ...(requestsPerMinute ? { requestsPerMinute } : {}) };
    entry.requests += requests;
    this.entries.set(key, entry);
  }

  phase(): EstimatePhase {
    const entries = [...this.entries.values()]
      .map((e) => ({ ...e, minimumSeconds: e.requestsPerMinute ? Math.ceil((e.requests / e.requestsPerMinute) * 60) : 0 }))
      .sort((a, b) => compareText(a.system, b.system) || compareText(a.group, b.group));
    return { entries, minimumSeconds: Math.max(0, ...entries.map((e) => e.minimumSeconds)) };
  }
}

export function estimate(
  changes: readonly Change[],
  idpSystem: string,
  targets: Readonly<Record<string, EstimateTarget>>,
  nextPlanReads: readonly NextPlanReads[],
): Estimate {
  const apply = new Counter();
  for (const change of changes) {
    for (const step of change.steps) {
      if (isIdpOp(step.op)) {
        apply.add(idpSystem, UNDOCUMENTED_GROUP, undefined, IDP_REQUESTS[step.op]);
        continue;
      }
      const target = targets[change.app];
      if (!target) continue;
      const { read, write } = target.capabilities.rateLimits;
      if (isGroupStep(step)) {
        const requests = groupStepRequests(step, target.capabilities.patch);
        apply.add(target.system, write.name, write.requestsPerMinute, requests.writes);
        if (requests.reads > 0) apply.add(target.system, read.name, read.requestsPerMinute, requests.reads);
        continue;
      }
      apply.add(target.system, write.name, write.requestsPerMinute);
      // Without PATCH an update is GET, merge, PUT.
      if (step.op === 'scim.update' && !target.capabilities.patch) apply.add(target.system, read.name, read.requestsPerMinute);
    }
  }
  const next = new Counter();
  for (const reads of nextPlanReads) {
    const target = targets[reads.app];
    if (!target) continue;
    const { read } = target.capabilities.rateLimits;
    next.add(target.system, read.name, read.requestsPerMinute, reads.listPages + reads.detailReads);
  }
  return { apply: apply.phase(), nextPlan: next.phase() };
}

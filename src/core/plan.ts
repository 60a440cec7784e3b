/**
 * The plan: everything Roster will change, as data. `buildPlan` is a pure function of the desired
 * state and what was read from the systems; it never performs I/O and takes the time as input.
 */
import { resolveAccess } from './access.js';
import { ACTIONS, type Action, type Change } from './change.js';
import type { TargetNormalizer } from './compare.js';
import type { DesiredState } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import { planAccounts } from './diff-accounts.js';
import { planIdpApplication } from './diff-idp.js';
import type { Directory, IdpApplication, TargetAccount } from './model.js';
import type { Capabilities } from './ports.js';

export const PLAN_FORMAT_VERSION = 1;

/** Something an administrator must do by hand in an application's admin portal. */
export interface ManualStep {
  readonly app: string;
  readonly title: string;
  /** Exact values to enter, in order. */
  readonly instructions: readonly string[];
}

/** A safety rule the plan breaks, and the acknowledgement that would allow it. */
export interface Violation {
  readonly app: string;
  readonly kind: 'deprovision' | 'replace' | 'delete' | 'protected';
  readonly message: string;
  /** The flag that acknowledges it, e.g. `--allow deprovision:ringcentral`. */
  readonly allow: string;
  readonly addresses: readonly string[];
}

/** Requests the plan's changes need, per system and rate-limit group, and the time they imply. */
export interface EstimateEntry {
  readonly system: string;
  readonly group: string;
  readonly requests: number;
  readonly requestsPerMinute?: number;
  /** The minimum duration the documented limit implies, in seconds. */
  readonly minimumSeconds: number;
}

export interface Estimate {
  readonly entries: readonly EstimateEntry[];
  /** Lower bound of the whole apply: the slowest group (groups are paced independently). */
  readonly minimumSeconds: number;
}

export interface UnmanagedSummary {
  readonly app: string;
  readonly count: number;
  /** userNames, sorted. */
  readonly userNames: readonly string[];
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly createdAt: string;
  readonly configDigest: string;
  readonly changes: readonly Change[];
  readonly summary: Readonly<Record<Action, number>>;
  readonly manualSteps: readonly ManualStep[];
  readonly violations: readonly Violation[];
  readonly diagnostics: readonly Diagnostic[];
  readonly estimate: Estimate;
  readonly unmanaged: readonly UnmanagedSummary[];
  /** Creates after which the target emails the new user an activation link. */
  readonly activationEmails: number;
}

/** What was read from one target, with the provider's declared behaviour. */
export interface TargetInput {
  readonly system: string;
  readonly accounts: readonly TargetAccount[];
  readonly capabilities: Capabilities;
  readonly normalizer: TargetNormalizer;
}

export interface PlanInput {
  readonly desired: DesiredState;
  readonly directory: Directory;
  readonly idpSystem: string;
  /** IdP applications found for configured applications. */
  readonly idpApplications: readonly IdpApplication[];
  /** Per application with provisioning enabled. */
  readonly targets: Readonly<Record<string, TargetInput>>;
  readonly configDigest: string;
  /** ISO 8601 time of planning, injected so that the core stays pure. */
  readonly createdAt: string;
}

export function summarize(changes: readonly Change[]): Record<Action, number> {
  const summary = Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;
  for (const change of changes) summary[change.action] += 1;
  return summary;
}

/** Whether applying the plan would change anything (skips are blocked, not applied). */
export function hasChanges(plan: Pick<Plan, 'changes'>): boolean {
  return plan.changes.some((c) => c.action !== 'skip');
}

const kindOrder: Record<Change['kind'], number> = { sso_app: 0, group_binding: 1, scim_group: 2, scim_user: 3 };

export function estimate(changes: readonly Change[], input: Pick<PlanInput, 'targets' | 'idpSystem'>): Estimate {
  const counts = new Map<string, { system: string; group: string; requests: number; requestsPerMinute?: number }>();
  const add = (system: string, group: string, requestsPerMinute?: number) => {
    const key = `${system}\u0000${group}`;
    const entry = counts.get(key) ?? { system, group, requests: 0, ...(requestsPerMinute ? { requestsPerMinute } : {}) };
    entry.requests += 1;
    counts.set(key, entry);
  };
  for (const change of changes) {
    for (const step of change.steps) {
      if (step.op.startsWith('scim.')) {
        const target = input.targets[change.app];
        if (target) add(target.system, target.capabilities.rateLimits.write.name, target.capabilities.rateLimits.write.requestsPerMinute);
      } else {
        add(input.idpSystem, 'default');
      }
    }
  }
  const entries = [...counts.values()]
    .map((e) => ({ ...e, minimumSeconds: e.requestsPerMinute ? Math.ceil((e.requests / e.requestsPerMinute) * 60) : 0 }))
    .sort((a, b) => a.system.localeCompare(b.system) || a.group.localeCompare(b.group));
  return { entries, minimumSeconds: Math.max(0, ...entries.map((e) => e.minimumSeconds)) };
}

export function buildPlan(input: PlanInput): Plan {
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const unmanaged: UnmanagedSummary[] = [];
  let activationEmails = 0;
  const knownUserIds = new Set(input.directory.users.map((u) => u.id));

  for (const app of input.desired.applications) {
    const actual = input.idpApplications.find((a) => a.app === app.name);
    const idp = planIdpApplication(app, actual, input.directory.groups);
    changes.push(...idp.changes);
    diagnostics.push(...idp.diagnostics);

    const provisioning = app.provisioning;
    const target = input.targets[app.name];
    if (!provisioning?.enabled || !target) continue;
    const access = resolveAccess(input.directory, app.groups);
    const accounts = planAccounts({
      app: app.name,
      provisioning,
      access,
      accounts: target.accounts,
      knownUserIds,
      normalizer: target.normalizer,
      listOmits: target.capabilities.listOmits,
    });
    changes.push(...accounts.changes);
    diagnostics.push(...accounts.diagnostics);
    if (provisioning.rules.pendingAfterCreate) activationEmails += accounts.changes.filter((c) => c.action === 'create').length;
    if (accounts.unmanaged.length > 0) {
      unmanaged.push({ app: app.name, count: accounts.unmanaged.length, userNames: accounts.unmanaged.map((a) => a.userName).sort() });
    }
  }

  const appOrder = new Map(input.desired.applications.map((a, i) => [a.name, i]));
  changes.sort(
    (a, b) =>
      (appOrder.get(a.app) ?? 0) - (appOrder.get(b.app) ?? 0) ||
      kindOrder[a.kind] - kindOrder[b.kind] ||
      a.address.localeCompare(b.address),
  );
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: input.createdAt,
    configDigest: input.configDigest,
    changes,
    summary: summarize(changes),
    manualSteps: [],
    violations: [],
    diagnostics,
    estimate: estimate(changes, input),
    unmanaged,
    activationEmails,
  };
}

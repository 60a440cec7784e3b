/**
 * The plan: everything Roster will change, as data. `buildPlan` is a pure function of the desired
 * state and what was read from the systems; it never performs I/O and takes the time as input.
 * Two plans of the same state are equal apart from `createdAt`: every list is in a fixed order.
 */
import { resolveAccess } from './access.js';
import { ACTIONS, type Action, type Change } from './change.js';
import type { TargetNormalizer } from './compare.js';
import type { DesiredApplication, DesiredState, Safety } from './desired.js';
import { omittedManagedAttributes } from './detail-reads.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { planAccounts } from './diff-accounts.js';
import { planIdpApplication } from './diff-idp.js';
import { planRemovedApplication } from './diff-removed.js';
import { estimate, type Estimate, type NextPlanReads } from './estimate.js';
import { matchIdpApplications, type IdpMatches } from './idp-match.js';
import { manualStepsFor, type ManualStep } from './manual-steps.js';
import type { Directory, IdpApplication, TargetAccount, TargetGroup } from './model.js';
import { planGroups } from './diff-groups.js';
import { compareText } from './order.js';
import type { Capabilities } from './ports.js';
import { planDigest } from './plan-digest.js';
import { checkSafety, deprovisionLimit, isDeprovision, isRename, type Violation } from './safety.js';
import { likelyName } from './suggest.js';
import type { SsoReviewer } from './sso-review.js';

export const PLAN_FORMAT_VERSION = 1;

export type { ManualStep } from './manual-steps.js';
export type { Violation } from './safety.js';
export type { Estimate, EstimateEntry, EstimatePhase } from './estimate.js';

/** Per application: what Roster manages there and what the plan does to it. */
export interface ApplicationSummary {
  readonly app: string;
  /** Accounts Roster owns in the target today: the base of `maxDeprovision` percentages. */
  readonly managedAccounts: number;
  /** Accounts Roster does not own and never changes, by userName (sorted). */
  readonly unmanaged: readonly string[];
  /** Creates after which the target emails the new user an activation link. */
  readonly activationEmails: number;
  /** Deactivations and deletes, and the `maxDeprovision` limit they are held to. */
  readonly deprovisions: number;
  readonly deprovisionLimit: number;
  /** Existing accounts whose userName changes, and the `maxRename` limit they are held to. */
  readonly renames: number;
  readonly renameLimit: number;
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly createdAt: string;
  readonly configDigest: string;
  readonly summary: Readonly<Record<Action, number>>;
  readonly applications: readonly ApplicationSummary[];
  readonly changes: readonly Change[];
  readonly manualSteps: readonly ManualStep[];
  readonly violations: readonly Violation[];
  readonly diagnostics: readonly Diagnostic[];
  readonly estimate: Estimate;
  /**
   * SHA-256 of the plan's content (plan-digest.ts): what reviewers approve, and what
   * `apply --expect-digest` holds a saved plan to.
   */
  readonly digest: string;
  /**
   * Set when the plan covers only some of the configured applications (`--app`): the others were
   * neither read nor planned, and nothing removed from the configuration is deleted.
   */
  readonly partial?: { readonly applications: readonly string[] };
}

/** What was read from one target, with the provider's declared behaviour. */
export interface TargetInput {
  readonly system: string;
  readonly accounts: readonly TargetAccount[];
  readonly capabilities: Capabilities;
  readonly normalizer: TargetNormalizer;
  /** What reading the target found worth saying (e.g. why accounts were read in full). */
  readonly diagnostics?: readonly Diagnostic[];
  /** Ids of accounts compared from the lists although lists omit attributes (the target showed them beside). */
  readonly comparedFromLists?: ReadonlySet<string>;
  /** The target's groups, when it has /Groups and the application provisions groups (members read for those Roster may change). */
  readonly groups?: readonly TargetGroup[];
}

export interface PlanInput {
  readonly desired: DesiredState;
  readonly directory: Directory;
  readonly idpSystem: string;
  /** The shape of the IdP's user ids (a regular expression source), when the IdP declares one. */
  readonly idpUserIdPattern?: string;
  /** IdP applications found for configured applications, and every one Roster's record marks as its own. */
  readonly idpApplications: readonly IdpApplication[];
  /** Certificate and metadata differences of SSO changes (the SAML side's, injected); without it changes carry none. */
  readonly ssoReviewer?: SsoReviewer;
  /** Per application with provisioning enabled. */
  readonly targets: Readonly<Record<string, TargetInput>>;
  readonly configDigest: string;
  /** ISO 8601 time of planning, injected so that the core stays pure. */
  readonly createdAt: string;
  /**
   * Set when `desired` holds only these of the configured applications: IdP applications of the
   * others look removed, so no removed application is planned.
   */
  readonly partial?: readonly string[];
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

/** Whether any change carries a problem: `--strict` fails the run on it. */
export function hasProblems(plan: Pick<Plan, 'changes'>): boolean {
  return plan.changes.some((c) => c.problems.length > 0);
}

/** Applications without provisioning have no account rules; their SSO changes are still checked. */
const NO_SAFETY: Safety = { protect: [] };

const kindOrder: Record<Change['kind'], number> = { sso_app: 0, group_binding: 1, provisioning: 2, scim_group: 3, scim_user: 4 };

function idMatcher(pattern: string | undefined): ((id: string) => boolean) | undefined {
  if (pattern === undefined) return undefined;
  const shape = new RegExp(`^(?:${pattern})$`);
  return (id) => shape.test(id);
}

interface AppPlan {
  readonly changes: Change[];
  readonly diagnostics: Diagnostic[];
  readonly summary?: ApplicationSummary;
  readonly nextPlanReads?: NextPlanReads;
}

/**
 * A bound group the IdP does not have, at its entry in the configuration, with the IdP's group it
 * was likely meant to be: one differing only in case (names are case-sensitive), else the nearest.
 */
function missingGroupDiagnostic(app: DesiredApplication, group: string, directory: Directory): Diagnostic {
  const known = directory.groupNames ?? directory.groups.map((g) => g.name);
  const likely = likelyName(group, known);
  const origin = app.groupOrigins?.[group];
  return {
    severity: 'error',
    code: 'idp.group-not-found',
    message: `${app.name}: user group "${group}" does not exist in the IdP`,
    hint: likely
      ? `did you mean "${likely.name}"?${likely.caseOnly ? ' Group names are case-sensitive.' : ''} Write it as the IdP does, or create the group first`
      : 'check the spelling against the IdP’s user groups, or create the group first',
    ...(origin ? { origin } : {}),
    path: `applications.${app.name}.groups`,
  };
}

function planApplication(app: DesiredApplication, input: PlanInput, knownUserIds: ReadonlySet<string>, idpMatches: IdpMatches): AppPlan {
  const match = idpMatches.matches.get(app.name) ?? { kind: 'none' as const };
  const idp = planIdpApplication(app, match, {
    groups: input.directory.groups,
    now: input.createdAt,
    ...(input.ssoReviewer ? { reviewer: input.ssoReviewer } : {}),
  });
  const changes = [...idp.changes];
  const diagnostics: Diagnostic[] = [...(app.sso?.diagnostics ?? []), ...idp.diagnostics];
  const newlyBound = new Set(idp.changes.filter((c) => c.kind === 'group_binding' && c.action === 'create').map((c) => String(c.after?.['group'])));
  const unbound = idp.changes.filter((c) => c.kind === 'group_binding' && c.action === 'delete').map((c) => String(c.before?.['group']));
  const access = resolveAccess(input.directory, app.groups, unbound);
  for (const group of access.missingGroups) diagnostics.push(missingGroupDiagnostic(app, group, input.directory));

  const provisioning = app.provisioning;
  const target = input.targets[app.name];
  if (!provisioning?.enabled || !target) return { changes, diagnostics };
  if (access.missingGroups.length > 0) {
    // Who has access cannot be known: planning accounts now would deprovision the missing group's members.
    diagnostics.push({
      severity: 'error',
      code: 'plan.accounts-not-planned',
      message: `${app.name}: accounts are not planned until every bound group exists in the IdP`,
      path: `applications.${app.name}.groups`,
    });
    return { changes, diagnostics };
  }
  const accounts = planAccounts({
    app: app.name,
    provisioning,
    access,
    accounts: target.accounts,
    knownUserIds,
    ...(input.idpUserIdPattern !== undefined ? { isIdpUserId: idMatcher(input.idpUserIdPattern)! } : {}),
    newlyBound,
    normalizer: target.normalizer,
    listOmits: target.capabilities.listOmits,
    ...(target.comparedFromLists ? { comparedFromLists: target.comparedFromLists } : {}),
  });
  changes.push(...accounts.changes);
  diagnostics.push(...accounts.diagnostics, ...(target.diagnostics ?? []));
  // The next plan's group reads: the list pages, and one member read per provisioned group.
  let groupReads = 0;
  if (target.capabilities.groups && target.groups) {
    const groups = planGroups({
      app,
      directory: input.directory,
      groups: target.groups,
      accounts: target.accounts,
      members: accounts.members,
      managedIds: accounts.managedIds,
      deletedIds: accounts.deletedIds,
      ...(input.idpUserIdPattern !== undefined ? { isIdpId: idMatcher(input.idpUserIdPattern)! } : {}),
    });
    changes.push(...groups.changes);
    diagnostics.push(...groups.diagnostics);
    const groupsAfter = target.groups.length + groups.changes.filter((c) => c.action === 'create').length - groups.changes.filter((c) => c.action === 'delete').length;
    groupReads = Math.max(1, Math.ceil(groupsAfter / target.capabilities.maxPageSize)) + groups.provisioned.size;
  }

  const creates = accounts.changes.filter((c) => c.action === 'create').length;
  const deletes = accounts.changes.filter((c) => c.action === 'delete').length;
  const { limit } = deprovisionLimit(provisioning.safety.maxDeprovision, accounts.managedCount);
  const summary: ApplicationSummary = {
    app: app.name,
    managedAccounts: accounts.managedCount,
    unmanaged: accounts.unmanaged.map((a) => a.userName).sort(compareText),
    activationEmails: provisioning.rules.pendingAfterCreate ? creates : 0,
    deprovisions: accounts.changes.filter(isDeprovision).length,
    deprovisionLimit: limit,
    renames: accounts.changes.filter(isRename).length,
    renameLimit: deprovisionLimit(provisioning.safety.maxRename, accounts.managedCount, 'maxRename').limit,
  };
  const listsDetail = omittedManagedAttributes(provisioning, target.capabilities.listOmits).length > 0;
  const nextPlanReads: NextPlanReads = {
    app: app.name,
    listPages: Math.max(1, Math.ceil((target.accounts.length + creates - deletes) / target.capabilities.maxPageSize)),
    detailReads: (listsDetail ? accounts.comparedInFull + (provisioning.rules.pendingAfterCreate ? 0 : creates) : 0) + groupReads,
  };
  return { changes, diagnostics, summary, nextPlanReads };
}

/**
 * The safety violations of a set of changes, each application held to its own rules and its
 * managed accounts; applications no longer configured are held to the rules for SSO changes.
 * Apply computes a saved plan's violations this way from the changes it will make; it never
 * reads them from the file.
 */
export function violationsOf(changes: readonly Change[], desired: DesiredState, applications: readonly ApplicationSummary[]): Violation[] {
  const configured = new Set(desired.applications.map((a) => a.name));
  const managed = (app: string) => applications.find((a) => a.app === app)?.managedAccounts ?? 0;
  return [
    ...desired.applications.flatMap((app) => checkSafety(changes, { app: app.name, safety: app.provisioning?.safety ?? NO_SAFETY, managedAccounts: managed(app.name) })),
    ...[...new Set(changes.map((c) => c.app).filter((app) => !configured.has(app)))].sort(compareText).flatMap((app) => checkSafety(changes, { app, safety: NO_SAFETY, managedAccounts: 0 })),
  ];
}

export function buildPlan(input: PlanInput): Plan {
  const knownUserIds = new Set(input.directory.users.map((u) => u.id));
  const appOrder = new Map(input.desired.applications.map((a, i) => [a.name, i]));
  const idpMatches = matchIdpApplications(input.desired.applications, input.idpApplications);
  const plans = input.desired.applications.map((app) => ({ app, plan: planApplication(app, input, knownUserIds, idpMatches) }));
  // Applications no longer configured come last, by name.
  const removed = (input.partial ? [] : idpMatches.removed).map((application) => planRemovedApplication(application, input.ssoReviewer, input.createdAt));
  const removedChanges = removed.flatMap((r) => r.changes);

  const changes = [...plans.flatMap(({ plan }) => plan.changes), ...removedChanges];
  const order = (app: string) => appOrder.get(app) ?? appOrder.size;
  changes.sort((a, b) => order(a.app) - order(b.app) || kindOrder[a.kind] - kindOrder[b.kind] || compareText(a.address, b.address));
  const violations = violationsOf(changes, input.desired, plans.flatMap(({ plan }) => (plan.summary ? [plan.summary] : [])));
  const manualSteps = [
    ...plans.flatMap(({ app, plan }) => plan.changes.flatMap((c) => manualStepsFor(c, app))),
    ...removedChanges.flatMap((c) => manualStepsFor(c, undefined)),
  ];
  const plan: Omit<Plan, 'digest'> = {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: input.createdAt,
    configDigest: input.configDigest,
    summary: summarize(changes),
    applications: plans.flatMap(({ plan }) => (plan.summary ? [plan.summary] : [])),
    changes,
    manualSteps,
    violations,
    diagnostics: sortDiagnostics([...plans.flatMap(({ plan }) => plan.diagnostics), ...idpMatches.diagnostics, ...removed.flatMap((r) => r.diagnostics)]),
    estimate: estimate(
      changes,
      input.idpSystem,
      input.targets,
      plans.flatMap(({ plan }) => (plan.nextPlanReads ? [plan.nextPlanReads] : [])),
    ),
    ...(input.partial ? { partial: { applications: [...input.partial] } } : {}),
  };
  return { ...plan, digest: planDigest(plan) };
}

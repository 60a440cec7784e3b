/**
 * The convergence check: after applying, the objects Roster changed are read back and planned
 * again against the same directory the plan used. Any change that plan still finds for them is
 * non-convergence — a mapping or a normaliser that does not match what the target stores — and
 * is reported with the attribute and both values, never ignored.
 *
 * Reading back costs one list of each touched target (it carries the accounts' states, e.g.
 * pending) and a detail read of each touched account that is compared on attributes lists omit.
 */
import type { Change } from '../core/change.js';
import type { DesiredState } from '../core/desired.js';
import { omittedManagedAttributes } from '../core/detail-reads.js';
import type { IdpApplication, TargetAccount } from '../core/model.js';
import type { ChangeOutcome, NonConvergence } from './events.js';
import { planFromState, type PlanRequest } from './planner.js';
import type { Providers } from './providers.js';
import { applicationLabels, readTargetGroups, type ActualState } from './refresh.js';

export interface ConvergenceInput {
  readonly request: PlanRequest;
  /** The state the applied plan was computed from. */
  readonly actual: ActualState;
  readonly outcomes: readonly ChangeOutcome[];
}

type Done = Extract<ChangeOutcome, { kind: 'done' }>;

const addressKey = (address: string) => address.toLowerCase();

/** Ids of the accounts a change touched: those its steps name, and those its creates made. */
function touchedAccountIds(outcome: Done): string[] {
  const ids: string[] = [];
  for (const step of outcome.change.steps) if (step.op === 'scim.update' || step.op === 'scim.delete') ids.push(step.id);
  for (const result of outcome.results) if (result.id) ids.push(result.id);
  return ids;
}

async function readBackApplications(desired: DesiredState, done: readonly Done[], actual: ActualState, providers: Providers): Promise<IdpApplication[]> {
  const apps = new Set(done.filter((o) => o.change.kind !== 'scim_user' && o.change.kind !== 'scim_group').map((o) => o.change.app));
  if (apps.size === 0) return [...actual.idpApplications];
  const fresh = await providers.idp.readApplications(applicationLabels(desired).filter((l) => apps.has(l.app)));
  return [...actual.idpApplications.filter((a) => !apps.has(a.app)), ...fresh];
}

async function readBackAccounts(desired: DesiredState, app: string, done: readonly Done[], providers: Providers): Promise<TargetAccount[]> {
  const target = providers.targets.get(app);
  const provisioning = desired.applications.find((a) => a.name === app)?.provisioning;
  if (!target || !provisioning) return [];
  const compared = omittedManagedAttributes(provisioning, target.capabilities.listOmits);
  const listed = await target.readAccounts({ compared });
  const touched = new Set(done.flatMap(touchedAccountIds));
  const needDetail = compared.length > 0;
  const ids = needDetail ? listed.filter((a) => touched.has(a.id) && a.state !== 'pending' && a.detail !== 'full').map((a) => a.id) : [];
  const details = new Map((await target.readAccountDetails(ids)).map((a) => [a.id, a]));
  // The list knows the state (e.g. pending) from sources a detail read may not repeat.
  return listed.map((a) => {
    const full = details.get(a.id);
    return full ? { ...full, state: a.state } : a;
  });
}

function nonConvergence(change: Change): NonConvergence {
  return { address: change.address, action: change.blockedAction ?? change.action, fields: change.fields };
}

export interface ConvergenceResult {
  readonly nonConverged: NonConvergence[];
  /** The state re-planned: the plan's, with the touched targets and applications as read back. */
  readonly readBack: ActualState;
}

export async function checkConvergence(input: ConvergenceInput, providers: Providers): Promise<ConvergenceResult> {
  const done = input.outcomes.filter((o): o is Done => o.kind === 'done');
  if (done.length === 0) return { nonConverged: [], readBack: input.actual };
  const { desired } = input.request;
  const targets = { ...input.actual.targets };
  for (const app of new Set(done.filter((o) => o.change.kind === 'scim_user').map((o) => o.change.app))) {
    const current = targets[app];
    if (!current) continue;
    targets[app] = { ...current, accounts: await readBackAccounts(desired, app, done.filter((o) => o.change.app === app), providers) };
  }
  // Touched groups are read back with the rest of the target's groups: one list, and the members of those Roster provisions.
  for (const app of new Set(done.filter((o) => o.change.kind === 'scim_group').map((o) => o.change.app))) {
    const current = targets[app];
    const provider = providers.targets.get(app);
    const application = desired.applications.find((a) => a.name === app);
    if (!current || !provider || !application) continue;
    const groups = await readTargetGroups(application, input.actual.directory, provider);
    if (groups) targets[app] = { ...current, groups };
  }
  const idpApplications = await readBackApplications(desired, done, input.actual, providers);
  const readBack: ActualState = { ...input.actual, idpApplications, targets };
  const replan = planFromState(input.request, providers.idp, readBack);
  const touched = new Set(done.map((o) => addressKey(o.change.address)));
  const nonConverged = replan.changes.filter((c) => touched.has(addressKey(c.address)) && (c.action !== 'skip' || c.fields.length > 0)).map(nonConvergence);
  return { nonConverged, readBack };
}

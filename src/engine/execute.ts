/**
 * Making one change: re-read the object it touches and re-check the plan's precondition, then
 * send its steps in order, journalling each provisioning action as it ends.
 *
 * A change is one unit. When a later step fails after an earlier one succeeded, the earlier one
 * is undone where that is possible and matters: an account reactivated only so that it could be
 * deleted (reactivate-then-delete) is deactivated again when the delete fails, so that a user who
 * lost access never keeps an active account because of Roster.
 */
import { isAccountStep, type Change, type Step } from '../core/change.js';
import type { StepResult } from '../core/ports.js';
import type { ChangeOutcome, FailureReport } from './events.js';
import { failureReport } from './failure-report.js';
import { errorOf, eventOfStep, type Journal, type JournalTarget } from './journal.js';
import { judgeChange, type AccountRules, type Observed, type Verdict } from './preconditions.js';
import type { Providers } from './providers.js';
import { rereadAccount, rereadApplication, rereadGroup } from './reread.js';

export interface ExecuteContext {
  readonly providers: Providers;
  readonly journal: Journal;
  /** IdP application ids by application, including those created earlier in this apply. */
  readonly appIds: Map<string, string>;
  /** Accounts created earlier in this apply: application → lower-cased userName → id (group members refer to them). */
  readonly createdAccounts: Map<string, Map<string, string>>;
  /** How each provisioned application's accounts are compared (undefined: not provisioned). */
  readonly accountRules: (app: string) => AccountRules | undefined;
  /** The portal label that identifies an application's SSO application in the IdP. */
  readonly label: (app: string) => string;
  readonly now: () => number;
}

type ScimStep = Extract<Step, { op: `scim.${string}` }>;
type IdpStep = Extract<Step, { op: `idp.${string}` }>;

const isScimStep = (step: Step): step is ScimStep => step.op.startsWith('scim.');

function journalTarget(step: Step, result?: StepResult): JournalTarget {
  switch (step.op) {
    case 'scim.create':
      return { ...(result?.id ? { id: result.id } : {}), userName: step.userName };
    case 'scim.update':
    case 'scim.delete':
      return { id: step.id, userName: step.userName };
    case 'idp.binding.add':
    case 'idp.binding.remove': {
      const id = step.appId ?? result?.id;
      return { ...(id ? { id } : {}), group: step.group };
    }
    case 'idp.app.create':
      return result?.id ? { id: result.id } : {};
    case 'idp.provisioning.record': {
      const id = step.appId ?? result?.id;
      return id ? { id } : {};
    }
    case 'idp.app.update':
    case 'idp.app.delete':
      return { id: step.appId };
    case 'scim.group.create':
      return { ...(result?.id ? { id: result.id } : {}), group: step.displayName };
    case 'scim.group.update':
    case 'scim.group.delete':
      return { id: step.id, group: step.displayName };
  }
}

/** Attribute paths a step sends, for the journal. */
function sentFields(step: Step): string[] | undefined {
  switch (step.op) {
    case 'scim.create':
      return Object.keys(step.attributes).sort();
    case 'scim.update':
      return [...Object.keys(step.set), ...step.unset].sort();
    case 'idp.app.create':
      return Object.keys(step.settings).sort();
    case 'idp.app.update':
      return [...Object.keys(step.set), ...step.unset].sort();
    default:
      return undefined;
  }
}

async function runStep(step: Step, context: ExecuteContext): Promise<StepResult> {
  if (isScimStep(step)) {
    const target = context.providers.targets.get(step.app);
    if (!target) throw new Error(`${step.app}: no provisioning target is configured`);
    const result = await target.execute(step, { appIds: context.appIds, createdAccounts: context.createdAccounts });
    if (step.op === 'scim.create' && result.id) {
      const created = context.createdAccounts.get(step.app) ?? new Map<string, string>();
      created.set(step.userName.toLowerCase(), result.id);
      context.createdAccounts.set(step.app, created);
    }
    return result;
  }
  const result = await context.providers.idp.execute(step as IdpStep, { appIds: context.appIds });
  if (step.op === 'idp.app.create' && result.id) context.appIds.set(step.app, result.id);
  return result;
}

/** Re-reads the change's object and judges the plan's precondition against it. */
async function checkPrecondition(change: Change, context: ExecuteContext): Promise<Verdict> {
  if (change.kind !== 'scim_user' && change.kind !== 'scim_group') return judgeChange(change, await rereadApplication(change, context.providers.idp, context.label(change.app)), undefined);
  const target = context.providers.targets.get(change.app);
  if (!target) return { kind: 'stale', why: `${change.app} is not provisioned in the configuration` };
  if (change.kind === 'scim_group') return judgeChange(change, await rereadGroup(change, target), context.accountRules(change.app));
  const userName = change.steps.find(isAccountStep)?.userName;
  const lookup = { event_type: 'user_lookup_provision', app: change.app, address: change.address, action: change.action } as const;
  let observed: Observed;
  try {
    observed = await rereadAccount(change, target);
  } catch (error) {
    const failure = failureReport(error);
    context.journal.record({ ...lookup, target: userName ? { userName } : {}, outcome: 'failure', ...(failure.attempts !== undefined ? { attempts: failure.attempts } : {}), error: errorOf(failure) });
    throw error;
  }
  const verdict = judgeChange(change, observed, context.accountRules(change.app));
  const id = observed.kind === 'account' ? observed.account?.id : undefined;
  context.journal.record({ ...lookup, target: { ...(id ? { id } : {}), ...(userName ? { userName } : {}) }, outcome: 'success', precondition: verdict.kind });
  return verdict;
}

/** The step that undoes a reactivation made only so that the account could be deleted. */
function undoReactivation(change: Change, done: readonly Step[]): ScimStep | undefined {
  const first = done[0];
  if (change.action !== 'delete' || first?.op !== 'scim.update' || first.set['active'] !== true) return undefined;
  return { op: 'scim.update', app: first.app, id: first.id, userName: first.userName, set: { active: false }, unset: [] };
}

async function compensate(change: Change, done: readonly Step[], context: ExecuteContext): Promise<{ done: boolean; message: string } | undefined> {
  const undo = undoReactivation(change, done);
  if (!undo) return undefined;
  try {
    const result = await runStep(undo, context);
    context.journal.record({ event_type: eventOfStep(undo), app: change.app, address: change.address, action: 'deactivate', target: journalTarget(undo, result), outcome: 'success', attempts: result.attempts, fields: ['active'] });
    return { done: true, message: 'the account was reactivated for the delete and has been deactivated again' };
  } catch (error) {
    const failure = failureReport(error);
    context.journal.record({ event_type: eventOfStep(undo), app: change.app, address: change.address, action: 'deactivate', target: journalTarget(undo), outcome: 'failure', ...(failure.attempts !== undefined ? { attempts: failure.attempts } : {}), error: errorOf(failure) });
    return { done: false, message: `the account was reactivated for the delete and is still ACTIVE: deactivating it again failed (${failure.message}); run apply again` };
  }
}

/** A change given up before any of it was sent. */
const notStarted = (change: Change): ChangeOutcome => ({
  kind: 'skipped',
  change,
  cause: 'interrupted',
  why: 'not started: apply was interrupted while it waited for a rate-limit window',
});

/**
 * Makes one change whose dependencies have succeeded. Never throws: failures are outcomes.
 * `confirmOnly`: the change is known only from a saved plan and was found already applied; it is
 * read again and counts as done while it still is, and nothing is ever sent for it.
 */
export async function executeChange(change: Change, context: ExecuteContext, options: { readonly confirmOnly?: boolean } = {}): Promise<ChangeOutcome> {
  const started = context.now();
  const results: StepResult[] = [];
  const done: Step[] = [];
  const elapsed = () => context.now() - started;
  let verdict: Verdict;
  try {
    verdict = await checkPrecondition(change, context);
  } catch (error) {
    const failure = failureReport(error);
    if (failure.failureClass === 'interrupted') return notStarted(change);
    return { kind: 'failed', change, failure, results, ms: elapsed() };
  }
  if (verdict.kind === 'stale') return { kind: 'skipped', change, cause: 'stale', why: verdict.why };
  if (verdict.kind === 'applied') return { kind: 'done', change, results, alreadyApplied: true, ms: elapsed() };
  if (options.confirmOnly) return { kind: 'skipped', change, cause: 'stale', why: 'the saved plan’s change is not in place, and Roster would not make it now: run roster plan again' };

  for (const step of change.steps) {
    const fields = sentFields(step);
    try {
      const result = await runStep(step, context);
      results.push(result);
      done.push(step);
      if (result.lookedUp) {
        context.journal.record({ event_type: 'user_lookup_provision', app: change.app, address: change.address, action: change.action, target: journalTarget(step, result), outcome: 'success' });
      }
      context.journal.record({
        event_type: eventOfStep(step),
        app: change.app,
        address: change.address,
        action: change.action,
        target: journalTarget(step, result),
        outcome: 'success',
        attempts: result.attempts,
        ...(result.lookedUp ? { lookedUp: true } : {}),
        ...(fields ? { fields } : {}),
      });
    } catch (error) {
      const failure: FailureReport = failureReport(error);
      // Given up before anything of the change was sent: it did not start.
      if (failure.failureClass === 'interrupted' && done.length === 0) return notStarted(change);
      context.journal.record({
        event_type: eventOfStep(step),
        app: change.app,
        address: change.address,
        action: change.action,
        target: journalTarget(step),
        outcome: 'failure',
        ...(failure.attempts !== undefined ? { attempts: failure.attempts } : {}),
        ...(fields ? { fields } : {}),
        error: errorOf(failure),
      });
      const compensation = await compensate(change, done, context);
      return { kind: 'failed', change, failure, results, ...(compensation ? { compensation } : {}), ms: elapsed() };
    }
  }
  return { kind: 'done', change, results, ms: elapsed() };
}

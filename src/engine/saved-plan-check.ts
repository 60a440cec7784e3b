/**
 * A saved plan is an unauthenticated file: it says what was intended, never what may be sent.
 * Apply plans again from live state and the configuration loaded now, and holds every change of
 * the file to that fresh plan:
 *
 *   made        the fresh plan has the same change as data (its action, fields, `after`, steps,
 *               problems and documents; `before`, `precondition` and `reason` come from the live
 *               read and are taken from the fresh plan): the fresh change is what apply shows,
 *               sends and journals
 *   confirmed   the object already is as the change would make it (an earlier run applied it):
 *               it is read again right before its turn and nothing is ever sent for it
 *   stale       its object changed since the plan was made, or Roster would not make this change
 *               now (the directory changed, or the change came from elsewhere): never sent;
 *               refused as a whole unless `--allow-partial` leaves these out
 *   tampered    what no plan of Roster's holds, whatever the state: a change whose requests are
 *               not those its own differences imply, whose requests name another account than its
 *               address, or a second change for one address. The plan is refused whatever the flags.
 *
 * Safety violations are computed from the changes that will be made, against the configuration
 * loaded now; those the file records are never read. So a saved plan can only select and confirm
 * what Roster itself computes.
 */
import type { Change } from '../core/change.js';
import type { DesiredState } from '../core/desired.js';
import { canonicalJson } from '../core/digest.js';
import { estimate } from '../core/estimate.js';
import { summarize, violationsOf, type Plan } from '../core/plan.js';
import { appliedAsListed, judgeChange, type AccountRules } from './preconditions.js';
import type { ActualState } from './refresh.js';
import { objectInState, type StaleChange } from './stale-check.js';

export interface SavedPlanCheck {
  /**
   * The plan apply makes: for each change of the file, the fresh plan's equal change, or the
   * file's change when it is only confirmed or left out as stale. Summary, violations, manual
   * steps, diagnostics and estimate are computed, not read; `createdAt` and `digest` are the file's.
   */
  readonly plan: Plan;
  /** Changes never sent: their object changed since the plan, or Roster would not make them now. */
  readonly stale: readonly StaleChange[];
  /** Changes no plan of Roster's could hold: the plan is refused, `--allow-partial` or not. */
  readonly tampered: readonly StaleChange[];
  /** The file's changes found already applied: confirmed by a read before their turn, never sent. */
  readonly confirmOnly: ReadonlySet<Change>;
  /**
   * Addresses whose saved change is in place while Roster now plans another change there: the
   * directory or the systems moved on after the plan was made.
   */
  readonly changedSincePlan: ReadonlySet<string>;
  /** Changes of the fresh plan the file does not have (not made; the next plan shows them). */
  readonly notInPlan: readonly Change[];
}

export interface SavedPlanCheckInput {
  readonly saved: Plan;
  /** The plan Roster makes now, from `actual` and the configuration loaded now. */
  readonly fresh: Plan;
  readonly actual: ActualState;
  readonly desired: DesiredState;
  readonly rules: (app: string) => AccountRules | undefined;
  readonly idpSystem: string;
}

const key = (address: string) => address.toLowerCase();

/** What a change does, as data: the parts that come from the live read or are for display left out. */
function intentOf(change: Change): string {
  return canonicalJson({ ...change, before: undefined, precondition: undefined, reason: undefined });
}

const userOfAddress = (address: string): string | undefined => address.split('/user/')[1]?.toLowerCase();

/**
 * Why a change's requests do not belong to its address, if they do not: they go to another
 * application, create another user, name an account that is another user's in the live read,
 * or bind another group. Judged only when the change's object is as the plan saw it (or already
 * as the change makes it), so that a rename since the plan reads as stale, not as an edit.
 */
function identityEvidence(change: Change, actual: ActualState): string | undefined {
  const foreign = change.steps.find((s) => s.app !== change.app);
  if (foreign) return `its requests go to ${foreign.app}, not ${change.app}`;
  if (change.kind === 'group_binding') {
    const group = change.address.split('/binding/')[1];
    const other = change.steps.find((s) => (s.op === 'idp.binding.add' || s.op === 'idp.binding.remove') && s.group !== group);
    if (other && (other.op === 'idp.binding.add' || other.op === 'idp.binding.remove')) return `its request binds ${other.group}, not the group of its address`;
  }
  if (change.kind !== 'scim_user') return undefined;
  const addressed = userOfAddress(change.address);
  const create = change.steps.find((s) => s.op === 'scim.create');
  if (create?.op === 'scim.create') return create.userName.toLowerCase() === addressed ? undefined : `its request creates ${create.userName}, not the user of its address`;
  const observed = objectInState(change, actual);
  const account = observed.kind === 'account' ? observed.account : undefined;
  if (!account) return undefined;
  const rename = change.fields.find((f) => f.path === 'userName');
  const names = [addressed, typeof rename?.after === 'string' && String(rename.before).toLowerCase() === addressed ? rename.after.toLowerCase() : undefined];
  return names.includes(account.userName.toLowerCase()) ? undefined : `its requests are for account ${account.id}, which is ${account.userName}, not the user of its address`;
}

/** Why a change whose object is as the plan saw it, with Roster planning the same differences, is not Roster's. */
function stepsEvidence(change: Change, fresh: Change | undefined): string | undefined {
  if (!fresh || fresh.action !== change.action || canonicalJson(fresh.fields) !== canonicalJson(change.fields)) return undefined;
  if (canonicalJson(fresh.steps) !== canonicalJson(change.steps)) return 'its requests are not those its differences imply (the file’s steps differ from what Roster sends for these fields)';
  if (canonicalJson(fresh.after ?? null) !== canonicalJson(change.after ?? null)) return 'its resulting object is not what its differences imply';
  return undefined;
}

/** Whether the change's account, known from a list page only (the cache vouched for it), shows it as made where the list can. */
function listedAsApplied(change: Change, actual: ActualState, rules: AccountRules | undefined): boolean {
  const observed = objectInState(change, actual);
  return observed.kind === 'account' && appliedAsListed(change, observed.account, rules);
}

function notReproduced(change: Change, fresh: Change | undefined): string {
  if (!fresh) return 'Roster would not make this change now: it plans no change for this object from the configuration and the systems as they are (the directory changed since the plan was made, or the change is not from this plan)';
  const paths = fresh.fields.map((f) => f.path);
  const what = `${fresh.action}${paths.length > 0 ? ` of ${paths.join(', ')}` : ''}`;
  return `Roster would not make this change now: from the configuration and the systems as they are it plans ${what} instead (the directory changed since the plan was made, or the change was edited)`;
}

export function checkSavedPlan(input: SavedPlanCheckInput): SavedPlanCheck {
  const { saved, fresh, actual } = input;
  const freshByAddress = new Map(fresh.changes.map((c) => [key(c.address), c]));
  const seen = new Set<string>();
  const stale: StaleChange[] = [];
  const tampered: StaleChange[] = [];
  const confirmOnly = new Set<Change>();
  const changedSincePlan = new Set<string>();
  const made: Change[] = [];
  const changes: Change[] = [];

  for (const change of saved.changes) {
    const address = key(change.address);
    const candidate = freshByAddress.get(address);
    if (seen.has(address)) {
      tampered.push({ change, why: 'the plan has a second change for this address' });
      continue;
    }
    seen.add(address);
    const reproduced = candidate !== undefined && intentOf(candidate) === intentOf(change);
    if (change.action === 'skip' || change.steps.length === 0) {
      // Nothing is sent for it; it is shown as Roster plans it now, or held like any change.
      if (reproduced) changes.push(candidate);
      else {
        stale.push({ change, why: notReproduced(change, candidate) });
        changes.push(change);
      }
      continue;
    }
    const verdict = judgeChange(change, objectInState(change, actual), input.rules(change.app));
    if (verdict.kind === 'stale') {
      stale.push({ change, why: verdict.why });
      changes.push(change);
      continue;
    }
    const identity = identityEvidence(change, actual);
    if (identity) {
      tampered.push({ change, why: identity });
      continue;
    }
    if (verdict.kind === 'applied') {
      confirmOnly.add(change);
      if (candidate) changedSincePlan.add(change.address);
      changes.push(change);
      continue;
    }
    if (reproduced) {
      made.push(candidate);
      changes.push(candidate);
      continue;
    }
    if (!candidate && listedAsApplied(change, actual, input.rules(change.app))) {
      // Roster plans nothing for the account now and the list shows the change as made, but omits
      // some of its fields: the full read before its turn decides whether it is applied. Nothing is sent.
      confirmOnly.add(change);
      changes.push(change);
      continue;
    }
    const evidence = stepsEvidence(change, candidate);
    if (evidence) tampered.push({ change, why: evidence });
    else stale.push({ change, why: notReproduced(change, candidate) });
    changes.push(change);
  }

  const madeAddresses = new Set(made.map((c) => key(c.address)));
  const plan: Plan = {
    ...fresh,
    createdAt: saved.createdAt,
    digest: saved.digest,
    summary: summarize(changes),
    changes,
    manualSteps: fresh.manualSteps.filter((step) => madeAddresses.has(key(step.address))),
    violations: violationsOf(made, input.desired, fresh.applications),
    estimate: { ...fresh.estimate, apply: estimate(made, input.idpSystem, actual.targets, []).apply },
  };
  const notInPlan = fresh.changes.filter((c) => c.action !== 'skip' && !seen.has(key(c.address)));
  return { plan, stale, tampered, confirmOnly, changedSincePlan, notInPlan };
}

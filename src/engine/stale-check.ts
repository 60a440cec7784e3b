/**
 * A saved plan checked as a whole before anything is changed: every change's precondition is
 * judged against the state read just now (the same reads a plan makes), so that a stale plan is
 * refused before its first request rather than half applied. Each change is checked once more
 * right before it is made (execute.ts), which catches what changes during a long run.
 */
import type { Change } from '../core/change.js';
import { groupStepOf } from './group-preconditions.js';
import { accountIdentity, judgeChange, type AccountRules, type Observed } from './preconditions.js';
import type { ActualState } from './refresh.js';

export interface StaleChange {
  readonly change: Change;
  readonly why: string;
}

/** The object a change touches in a state read as a whole. */
export function objectInState(change: Change, actual: ActualState): Observed {
  if (change.kind === 'scim_group') {
    const step = groupStepOf(change);
    const groups = actual.targets[change.app]?.groups ?? [];
    if (!step) return { kind: 'group', group: undefined };
    if (step.op !== 'scim.group.create') return { kind: 'group', group: groups.find((g) => g.id === step.id) };
    const name = step.displayName.toLowerCase();
    return { kind: 'group', group: groups.find((g) => g.externalId === step.externalId) ?? groups.find((g) => g.displayName.toLowerCase() === name) };
  }
  if (change.kind !== 'scim_user') return { kind: 'application', application: actual.idpApplications.find((a) => a.app === change.app) };
  const identity = accountIdentity(change);
  const accounts = actual.targets[change.app]?.accounts ?? [];
  if (!identity) return { kind: 'account', account: undefined };
  if (identity.id !== undefined) return { kind: 'account', account: accounts.find((a) => a.id === identity.id) };
  const userName = identity.userName.toLowerCase();
  const account =
    accounts.find((a) => a.userName.toLowerCase() === userName) ??
    (identity.externalId !== undefined ? accounts.find((a) => a.externalId === identity.externalId) : undefined);
  return { kind: 'account', account };
}

/** Changes whose precondition no longer holds. Changes already applied are not stale. */
export function findStaleChanges(changes: readonly Change[], actual: ActualState, rules: (app: string) => AccountRules | undefined): StaleChange[] {
  const stale: StaleChange[] = [];
  for (const change of changes) {
    if (change.action === 'skip' || change.steps.length === 0) continue;
    const verdict = judgeChange(change, objectInState(change, actual), rules(change.app));
    if (verdict.kind === 'stale') stale.push({ change, why: verdict.why });
  }
  return stale;
}

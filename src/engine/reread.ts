/**
 * Reading the one object a change touches again, right before the change. A user change reads its
 * account by id; a create looks for any account with its userName or externalId, the lookup that
 * keeps a create from ever making a second account.
 */
import type { Change } from '../core/change.js';
import type { IdpProvider, TargetProvider } from '../core/ports.js';
import { failureReport, isNotFound } from './failure-report.js';
import { groupStepOf } from './group-preconditions.js';
import { accountIdentity, type Observed } from './preconditions.js';

export async function rereadAccount(change: Change, target: TargetProvider): Promise<Observed> {
  const identity = accountIdentity(change);
  if (!identity) return { kind: 'account', account: undefined };
  if (identity.id === undefined) return { kind: 'account', account: await target.findAccount(identity.userName, identity.externalId) };
  try {
    const [account] = await target.readAccountDetails([identity.id]);
    return { kind: 'account', account };
  } catch (error) {
    if (isNotFound(failureReport(error))) return { kind: 'account', account: undefined };
    throw error;
  }
}

/** A group change reads its group by id; a create looks the group up by externalId, then displayName. */
export async function rereadGroup(change: Change, target: TargetProvider): Promise<Observed> {
  const step = groupStepOf(change);
  if (!step || !target.readGroupDetails || !target.findGroup) throw new Error(`${change.app}: the target cannot read groups`);
  if (step.op === 'scim.group.create') return { kind: 'group', group: await target.findGroup(step.displayName, step.externalId) };
  try {
    const [group] = await target.readGroupDetails([step.id]);
    return { kind: 'group', group };
  } catch (error) {
    if (isNotFound(failureReport(error))) return { kind: 'group', group: undefined };
    throw error;
  }
}

export async function rereadApplication(change: Change, idp: IdpProvider, label: string): Promise<Observed> {
  // The IdP also returns the other applications Roster's record marks as its own.
  const application = (await idp.readApplications([{ app: change.app, label }])).find((a) => a.app === change.app);
  return { kind: 'application', application };
}

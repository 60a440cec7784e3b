/**
 * Whether a group change may still be made, judged from the group as just read (see
 * preconditions.ts for the verdicts). A group change holds while the group is as the plan read it
 * (its version, or the digest of its displayName, externalId and members); it is applied once the
 * group has the change's displayName and members; anything else is stale.
 */
import type { Change, GroupStep } from '../core/change.js';
import { groupDigest } from '../core/diff-groups.js';
import type { TargetGroup } from '../core/model.js';
import type { Verdict } from './preconditions.js';

const HOLDS: Verdict = { kind: 'holds' };
const APPLIED: Verdict = { kind: 'applied' };
const stale = (why: string): Verdict => ({ kind: 'stale', why });

export function groupStepOf(change: Change): GroupStep | undefined {
  return change.steps.find((s): s is GroupStep => s.op.startsWith('scim.group.'));
}

/**
 * Whether the group, its members read, has every member the step adds and none it removes. A
 * member known only by userName (created in this apply) cannot be told apart: not as made.
 */
function membersAsMade(step: GroupStep, group: TargetGroup): boolean {
  if (group.members === undefined) return false;
  const members = new Set(group.members);
  const added = step.op === 'scim.group.create' ? step.members : step.op === 'scim.group.update' ? step.add : [];
  const removed = step.op === 'scim.group.update' ? step.remove : [];
  return added.every((m) => m.id !== undefined && members.has(m.id)) && removed.every((m) => m.id !== undefined && !members.has(m.id));
}

export function judgeGroupChange(change: Change, group: TargetGroup | undefined): Verdict {
  const step = groupStepOf(change);
  if (!step) return HOLDS;
  if (step.op === 'scim.group.create') {
    if (!group) return HOLDS;
    if (group.externalId === step.externalId && group.displayName === step.displayName && membersAsMade(step, group)) return APPLIED;
    return stale(`a group named ${group.displayName} exists now`);
  }
  if (!group) return step.op === 'scim.group.delete' ? APPLIED : stale('the group no longer exists');
  const precondition = change.precondition ?? {};
  const versionHolds = precondition.version === undefined || group.version === undefined || precondition.version === group.version;
  const digestHolds = precondition.digest === undefined || precondition.digest === groupDigest(group, step.op !== 'scim.group.delete');
  if (versionHolds && digestHolds) return HOLDS;
  if (step.op === 'scim.group.update' && group.displayName === (step.rename ?? step.displayName) && (step.externalId === undefined || group.externalId === step.externalId) && membersAsMade(step, group)) {
    return APPLIED;
  }
  return stale('the group changed since the plan was made');
}

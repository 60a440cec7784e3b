/**
 * Group changes judged against the group as just read (engine/group-preconditions.ts): a change
 * counts as applied only when the group shows it — its members read, each added member there.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { groupDigest } from '../../src/core/diff-groups.js';
import type { TargetGroup } from '../../src/core/model.js';
import { judgeGroupChange } from '../../src/engine/group-preconditions.js';

const create = (members: Array<{ userName: string; id?: string }>): Change => ({
  address: 'wiki/group/Sales',
  app: 'wiki',
  kind: 'scim_group',
  action: 'create',
  fields: [{ path: 'displayName', after: 'Sales' }],
  reason: { code: 'config', message: 'IdP group Sales is provisioned to wiki' },
  precondition: { absent: true },
  steps: [{ op: 'scim.group.create', app: 'wiki', displayName: 'Sales', externalId: 'g-sales', members, batchSize: 100 }],
  problems: [],
});

const group = (members?: string[]): TargetGroup => ({ id: 'g1', displayName: 'Sales', externalId: 'g-sales', ...(members ? { members } : {}) });

describe('judgeGroupChange', () => {
  it('a create holds while no group exists, and is applied only when the group shows its members', () => {
    expect(judgeGroupChange(create([{ userName: 'a', id: 't1' }]), undefined).kind).toBe('holds');
    expect(judgeGroupChange(create([{ userName: 'a', id: 't1' }]), group(['t1'])).kind).toBe('applied');
    expect(judgeGroupChange(create([{ userName: 'a', id: 't1' }]), group([])).kind).toBe('stale');
  });

  it('a group found without its members, or a member known only by userName, is not taken as made', () => {
    expect(judgeGroupChange(create([{ userName: 'a', id: 't1' }]), group()).kind).toBe('stale');
    expect(judgeGroupChange(create([{ userName: 'new@x' }]), group(['t1'])).kind).toBe('stale');
  });

  it('an update holds while the group is as read, and is stale once it changed otherwise', () => {
    const read = group(['t1']);
    const update: Change = {
      ...create([]),
      action: 'update',
      fields: [],
      precondition: { digest: groupDigest(read) },
      steps: [{ op: 'scim.group.update', app: 'wiki', id: 'g1', displayName: 'Sales', add: [{ userName: 'b', id: 't2' }], remove: [], batchSize: 100 }],
    };
    expect(judgeGroupChange(update, read).kind).toBe('holds');
    expect(judgeGroupChange(update, group(['t1', 't2'])).kind).toBe('applied');
    expect(judgeGroupChange(update, group(['t3'])).kind).toBe('stale');
  });
});

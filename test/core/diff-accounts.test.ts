import { describe, expect, it } from 'vitest';
import { resolveAccess } from '../../src/core/access.js';
import type { Change } from '../../src/core/change.js';
import { identityNormalizer } from '../../src/core/compare.js';
import { planAccounts } from '../../src/core/diff-accounts.js';
import type { DesiredProvisioning } from '../../src/core/desired.js';
import type { DirectoryUser, TargetAccount, UserGroup } from '../../src/core/model.js';
import { accountFor, group, provisioning, user } from './fixtures.js';

const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';

interface Row {
  readonly rule: string;
  readonly users: DirectoryUser[];
  readonly groups: UserGroup[];
  readonly accounts: TargetAccount[];
  readonly provisioning?: Partial<DesiredProvisioning>;
  /** Expected changes as `action address`, plus field diffs where given. */
  readonly expected: Array<{ action: Change['action']; address: string; fields?: Change['fields']; steps?: Array<Change['steps'][number]['op']> }>;
}

const alice = user('alice');
const bob = user('bob', { department: 'Support' });

const rows: Row[] = [
  {
    rule: 'a member of a bound group without an account gets one',
    users: [alice],
    groups: [group('Sales', ['alice'])],
    accounts: [],
    expected: [{ action: 'create', address: 'ringcentral/user/alice@example.com', steps: ['scim.create'] }],
  },
  {
    rule: 'an account that matches the mapping is left alone',
    users: [alice],
    groups: [group('Sales', ['alice'])],
    accounts: [accountFor(alice)],
    expected: [],
  },
  {
    rule: 'a changed attribute is one update with the value before and after',
    users: [user('bob', { department: 'Support' })],
    groups: [group('Sales', ['bob'])],
    accounts: [accountFor(user('bob', { department: 'Sales' }))],
    expected: [
      {
        action: 'update',
        address: 'ringcentral/user/bob@example.com',
        fields: [{ path: DEPARTMENT, before: 'Sales', after: 'Support' }],
        steps: ['scim.update'],
      },
    ],
  },
  {
    rule: 'a user who leaves every bound group is deactivated',
    users: [alice, bob],
    groups: [group('Sales', ['alice'])],
    accounts: [accountFor(alice), accountFor(bob)],
    expected: [
      { action: 'deactivate', address: 'ringcentral/user/bob@example.com', fields: [{ path: 'active', before: true, after: false }], steps: ['scim.update'] },
    ],
  },
  {
    rule: 'a suspended user is deactivated, not deleted',
    users: [user('alice', { suspended: true, state: 'SUSPENDED' })],
    groups: [group('Sales', ['alice'])],
    accounts: [accountFor(alice)],
    expected: [{ action: 'deactivate', address: 'ringcentral/user/alice@example.com', steps: ['scim.update'] }],
  },
  {
    rule: 'a suspended user without an account gets none',
    users: [user('alice', { suspended: true, state: 'SUSPENDED' })],
    groups: [group('Sales', ['alice'])],
    accounts: [],
    expected: [],
  },
  {
    rule: 'a STAGED user is not provisioned',
    users: [user('alice', { state: 'STAGED' })],
    groups: [group('Sales', ['alice'])],
    accounts: [],
    expected: [],
  },
  {
    rule: 'an unowned account matching no user is never touched',
    users: [alice],
    groups: [group('Sales', ['alice'])],
    accounts: [accountFor(alice), { ...accountFor(user('admin')), externalId: undefined } as TargetAccount],
    expected: [],
  },
  {
    rule: 'with policy delete, a deactivated account is reactivated then deleted, as one change',
    users: [alice, bob],
    groups: [group('Sales', ['alice'])],
    accounts: [accountFor(alice), accountFor(bob, { state: 'inactive' }, { active: false })],
    provisioning: { deprovision: 'delete' },
    expected: [{ action: 'delete', address: 'ringcentral/user/bob@example.com', steps: ['scim.update', 'scim.delete'] }],
  },
];

describe('planAccounts', () => {
  it.each(rows)('$rule', (row) => {
    const access = resolveAccess({ users: row.users, groups: row.groups }, row.groups.map((g) => g.name));
    const plan = planAccounts({
      app: 'ringcentral',
      provisioning: provisioning(row.provisioning),
      access,
      accounts: row.accounts,
      knownUserIds: new Set(row.users.map((u) => u.id)),
      newlyBound: new Set(),
      normalizer: identityNormalizer,
      listOmits: [],
    });
    expect(plan.changes.map((c) => ({ action: c.action, address: c.address }))).toEqual(row.expected.map(({ action, address }) => ({ action, address })));
    row.expected.forEach((expected, i) => {
      const change = plan.changes[i]!;
      if (expected.fields) expect(change.fields).toEqual(expected.fields);
      if (expected.steps) expect(change.steps.map((s) => s.op)).toEqual(expected.steps);
    });
  });
});

/**
 * Explain's answer about target groups: which the user is in, joins or leaves, and through which
 * IdP group (nested through which groups), from the plan's group changes, the target's groups and
 * the directory; and the text that says it, escaped.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { explainUser, type ExplainInput } from '../../src/core/explain.js';
import type { Directory, TargetGroup } from '../../src/core/model.js';
import { EXPLAIN_FORMATS } from '../../src/render/explain.js';
import { printable } from '../../src/render/printable.js';
import { expectTerminalSafe, HOSTILE } from '../render/hostile.js';
import { buildPlan } from '../../src/core/plan.js';
import { accountFor, application, CAPABILITIES, group, planInput, provisioning, user } from './fixtures.js';

const alice = user('alice');
const bob = user('bob');
const directory: Directory = {
  users: [alice, bob],
  groups: [
    { id: 'g-Sales', name: 'Sales', members: [{ userId: 'alice', via: ['Support Leads'] }, { userId: 'bob', via: [] }] },
    { id: 'g-Support', name: 'Support', members: [{ userId: 'alice', via: ['Leads', 'Night Shift'] }] },
    group('Old', ['alice']),
    group('Finance', ['bob']),
  ],
};
const app = application(['Sales', 'Support'], { name: 'wiki' });

function groupChange(action: Change['action'], displayName: string, members?: Change['members'], extra: Partial<Change> = {}): Change {
  return {
    address: `wiki/group/${displayName}`,
    app: 'wiki',
    kind: 'scim_group',
    action,
    ...(action === 'create' ? { after: { displayName, externalId: `g-${displayName}` } } : { before: { displayName, externalId: `g-${displayName}` } }),
    fields: action === 'create' ? [{ path: 'displayName', after: displayName }] : [],
    ...(members ? { members } : {}),
    reason: { code: 'config', message: `IdP group ${displayName} is provisioned to wiki` },
    steps: [],
    problems: [],
    ...extra,
  };
}

function input(overrides: Partial<ExplainInput> = {}): ExplainInput {
  return { user: alice, applications: [app], directory, idpApplications: [], accounts: { wiki: [accountFor(alice), accountFor(bob)] }, changes: [], ...overrides };
}

const groupsOf = (overrides: Partial<ExplainInput> = {}) => explainUser(input(overrides)).applications[0]?.groups;
const text = (overrides: Partial<ExplainInput> = {}) => EXPLAIN_FORMATS.text({ explanation: explainUser(input(overrides)), requests: {} });

describe('explain: target groups', () => {
  it('says nothing of groups where the plan changes none and the target has none', () => {
    expect(groupsOf()).toBeUndefined();
    expect(text()).not.toContain('Groups in wiki');
  });

  it('a created group the user is added to: joins, through the nested IdP membership', () => {
    const changes = [groupChange('create', 'Sales', { added: ['alice@example.com', 'bob@example.com'], removed: [] })];
    expect(groupsOf({ changes })).toEqual([
      { displayName: 'Sales', status: 'joins', path: { group: 'Sales', via: ['Support Leads'] }, idpGroup: 'Sales', address: 'wiki/group/Sales' },
    ]);
    expect(text({ changes })).toContain('\n  Groups in wiki:\n    joins Sales (through Support Leads)\n');
  });

  it('groups the target has today: member of those holding the user’s account, and why; not the others', () => {
    const targetGroups: Record<string, TargetGroup[]> = {
      wiki: [
        { id: 'tg1', displayName: 'Sales', externalId: 'g-Sales', members: ['rc-alice', 'rc-bob'] },
        { id: 'tg2', displayName: 'Finance', externalId: 'g-Finance', members: ['rc-bob'] },
        { id: 'tg3', displayName: 'Wiki Admins', members: ['rc-alice'] },
      ],
    };
    expect(groupsOf({ targetGroups })?.map((g) => [g.displayName, g.status, g.idpGroup])).toEqual([
      ['Sales', 'member', 'Sales'],
      ['Wiki Admins', 'member', undefined],
    ]);
    const out = text({ targetGroups });
    expect(out).toContain('    member of Sales (through Support Leads)\n');
    expect(out).toContain('    member of Wiki Admins (a group Roster does not provision)\n');
    expect(out).not.toContain('Finance');
  });

  it('leaves: a removal (the user left the IdP group), and a deleted group the user is in', () => {
    const targetGroups: Record<string, TargetGroup[]> = {
      wiki: [
        { id: 'tg-fin', displayName: 'Finance', externalId: 'g-Finance', members: ['rc-alice', 'rc-bob'] },
        { id: 'tg-old', displayName: 'Old', externalId: 'g-Old', members: ['rc-alice'] },
      ],
    };
    const changes = [
      groupChange('update', 'Finance', { added: [], removed: ['alice@example.com'] }, { steps: [{ op: 'scim.group.update', app: 'wiki', id: 'tg-fin', displayName: 'Finance', add: [], remove: [{ userName: 'alice@example.com', id: 'rc-alice' }], batchSize: 100 }] }),
      groupChange('delete', 'Old', undefined, { reason: { code: 'access_revoked', message: 'IdP group Old is no longer provisioned to wiki' }, steps: [{ op: 'scim.group.delete', app: 'wiki', id: 'tg-old', displayName: 'Old' }] }),
    ];
    expect(groupsOf({ targetGroups, changes })?.map((g) => [g.displayName, g.status, g.cause])).toEqual([
      ['Finance', 'leaves', 'no longer a member of IdP group Finance'],
      ['Old', 'leaves', 'the group is deleted (IdP group Old is no longer provisioned to wiki)'],
    ]);
    const out = text({ targetGroups, changes });
    expect(out).toContain('    leaves Finance: no longer a member of IdP group Finance\n');
    expect(out).toContain('    leaves Old: the group is deleted (IdP group Old is no longer provisioned to wiki)\n');
  });

  it('without the target’s groups, a changed group that does not add the user holds them when the IdP group does', () => {
    const changes = [groupChange('update', 'Support', { added: ['bob@example.com'], removed: [] }), groupChange('update', 'Finance', { added: [], removed: ['bob@example.com'] })];
    expect(groupsOf({ changes })?.map((g) => [g.displayName, g.status])).toEqual([['Support', 'member']]);
    expect(text({ changes })).toContain('    member of Support (through Night Shift, in Leads)\n');
  });

  it('a rename names the new displayName and the old, and a configured displayName names its IdP group', () => {
    const named = application(['Sales'], { name: 'wiki', provisioning: provisioning({ groups: { mode: 'bound', names: [], displayNames: {}, displayNameTemplate: 'JC {group}', batchSize: 100 } }) });
    const targetGroups: Record<string, TargetGroup[]> = { wiki: [{ id: 'tg1', displayName: 'sales', members: ['rc-alice'] }] };
    const changes = [
      groupChange('adopt', 'JC Sales', { added: [], removed: [] }, {
        before: { displayName: 'sales' },
        after: { displayName: 'JC Sales' },
        fields: [{ path: 'displayName', before: 'sales', after: 'JC Sales' }],
        steps: [{ op: 'scim.group.update', app: 'wiki', id: 'tg1', displayName: 'sales', rename: 'JC Sales', add: [], remove: [], batchSize: 100 }],
      }),
    ];
    expect(groupsOf({ applications: [named], targetGroups, changes })).toEqual([
      { displayName: 'JC Sales', renamedFrom: 'sales', status: 'member', path: { group: 'Sales', via: ['Support Leads'] }, idpGroup: 'Sales', address: 'wiki/group/JC Sales' },
    ]);
    expect(text({ applications: [named], targetGroups, changes })).toContain('    member of JC Sales (IdP group Sales, through Support Leads, renamed from sales)\n');
  });

  it('a skipped change: the user would join, and the problem says why nothing is sent', () => {
    const changes = [
      groupChange('skip', 'Sales', { added: ['alice@example.com'], removed: [] }, {
        blockedAction: 'create',
        problems: [{ severity: 'error', code: 'target.group-name-taken', message: 'a group named Sales exists and is not Roster’s', hint: 'rename it' }],
      }),
    ];
    expect(groupsOf({ changes })?.[0]).toMatchObject({ status: 'joins', blocked: { problems: ['a group named Sales exists and is not Roster’s'] } });
    expect(text({ changes })).toContain('    would join Sales (through Support Leads), but the change is skipped: a group named Sales exists and is not Roster’s\n');
  });

  it('says so when the user is in none of the target’s groups', () => {
    const targetGroups = { wiki: [{ id: 'tg2', displayName: 'Finance', externalId: 'g-Finance', members: ['rc-bob'] }] };
    expect(groupsOf({ targetGroups })).toEqual([]);
    expect(text({ targetGroups })).toContain('\n  Groups in wiki: none\n');
  });

  it('JSON carries the memberships', () => {
    const changes = [groupChange('create', 'Sales', { added: ['alice@example.com'], removed: [] })];
    const json = JSON.parse(EXPLAIN_FORMATS.json({ explanation: explainUser(input({ changes })), requests: {} }));
    expect(json.applications[0].groups).toEqual([{ displayName: 'Sales', status: 'joins', path: { group: 'Sales', via: ['Support Leads'] }, idpGroup: 'Sales', address: 'wiki/group/Sales' }]);
  });
});

describe('explain: the account’s fate decides its groups', () => {
  const targetGroups = { wiki: [{ id: 'tg1', displayName: 'Sales', externalId: 'g-Sales', members: ['rc-alice'] }] };

  it('an account the plan deletes leaves its groups with it, though no removal is planned', () => {
    const deletion: Change = { address: 'wiki/user/alice@example.com', app: 'wiki', kind: 'scim_user', action: 'delete', before: { externalId: 'alice' }, fields: [], reason: { code: 'access_revoked', message: 'no longer in a bound group' }, steps: [], problems: [] };
    expect(groupsOf({ targetGroups, changes: [deletion] })).toMatchObject([{ displayName: 'Sales', status: 'leaves', cause: 'the account is deleted, and leaves its groups with it' }]);
  });

  it('a suspended user’s account is removed: only users with active access are members', () => {
    const suspended = user('alice', { suspended: true, state: 'SUSPENDED' });
    const changes = [groupChange('update', 'Sales', { added: [], removed: ['alice@example.com'] }, { steps: [{ op: 'scim.group.update', app: 'wiki', id: 'tg1', displayName: 'Sales', add: [], remove: [], batchSize: 100 }] })];
    const out = EXPLAIN_FORMATS.text({ explanation: explainUser(input({ user: suspended, directory: { ...directory, users: [suspended, bob] }, targetGroups, changes })), requests: {} });
    expect(out).toContain('    leaves Sales: the account is kept inactive: only users with active access are members\n');
  });
});

describe('explain agrees with the plan’s group changes', () => {
  const carol = user('carol');
  const users = [alice, bob, carol];
  const groups = [{ id: 'g-Sales', name: 'Sales', members: [{ userId: 'alice', via: ['Support Leads'] }, { userId: 'bob', via: [] }] }];
  const sales: TargetGroup = { id: 'tg-sales', displayName: 'Sales', externalId: 'g-Sales', members: ['rc-bob', 'rc-carol'] };
  const base = planInput({ users, groups, accounts: [accountFor(bob), accountFor(carol)], apps: [application(['Sales'], { name: 'wiki' })], capabilities: { ...CAPABILITIES, groups: true } });
  const planned = buildPlan({ ...base, targets: { wiki: { ...base.targets['wiki']!, groups: [sales] } } });
  const explain = (who: typeof alice) =>
    explainUser({ user: who, applications: base.desired.applications, directory: base.directory, idpApplications: [], accounts: { wiki: base.targets['wiki']!.accounts }, changes: planned.changes, targetGroups: { wiki: [sales] } }).applications[0]?.groups;

  it('the plan adds alice (created) and removes carol (no access)', () => {
    expect(planned.changes.find((c) => c.kind === 'scim_group')?.members).toEqual({ added: ['alice@example.com'], removed: ['carol@example.com'] });
  });

  it('alice joins, bob stays, carol leaves, each with the reason', () => {
    expect(explain(alice)?.map((g) => [g.status, g.displayName])).toEqual([['joins', 'Sales']]);
    expect(explain(bob)).toMatchObject([{ status: 'member', path: { group: 'Sales', via: [] } }]);
    expect(explain(carol)).toMatchObject([{ status: 'leaves', cause: 'no longer a member of IdP group Sales' }]);
  });
});

describe.each(HOSTILE)('explain shows a hostile group name (%s) as data', (_, value) => {
  it('text and JSON', () => {
    const hostileDirectory: Directory = { users: [alice], groups: [{ id: 'g-h', name: value, members: [{ userId: 'alice', via: [`Leads ${value}`] }] }] };
    const targetGroups = { wiki: [{ id: 'tg-h', displayName: `T ${value}`, externalId: 'g-h', members: ['rc-alice'] }] };
    const changes = [groupChange('update', `T ${value}`, { added: [], removed: ['alice@example.com'] }, { steps: [{ op: 'scim.group.update', app: 'wiki', id: 'tg-h', displayName: `T ${value}`, add: [], remove: [], batchSize: 100 }] })];
    const explanation = explainUser(input({ applications: [application([value], { name: 'wiki' })], directory: hostileDirectory, targetGroups, changes }));
    const out = EXPLAIN_FORMATS.text({ explanation, requests: {} });
    expectTerminalSafe(out, 'explain text');
    expect(out).toContain(`    leaves T ${printable(value)}: IdP group`);
    const json = EXPLAIN_FORMATS.json({ explanation, requests: {} });
    expectTerminalSafe(json, 'explain json');
    expect(JSON.parse(json).applications[0].groups[0].displayName).toBe(`T ${value}`);
  });
});

/**
 * Group planning (core/diff-groups.ts), pure: ownership by externalId, adoption by displayName,
 * membership deltas over Roster's accounts only, renames, deletes, and the safety rules on them.
 */
import { describe, expect, it } from 'vitest';
import type { MemberRef } from '../../src/core/change.js';
import { DEFAULT_GROUP_BATCH_SIZE, type DesiredApplication, type DesiredGroups } from '../../src/core/desired.js';
import { DEFAULT_GROUPS, planGroups, type GroupPlanInput } from '../../src/core/diff-groups.js';
import type { Directory, TargetAccount, TargetGroup } from '../../src/core/model.js';
import { checkSafety } from '../../src/core/safety.js';

const SALES = 'a00000000000000000000001';
const SUPPORT = 'a00000000000000000000002';
const LEADS = 'a00000000000000000000003';

const directory: Directory = {
  users: [],
  groups: [
    { id: SALES, name: 'Sales', members: [{ userId: 'u1', via: [] }, { userId: 'u2', via: [] }, { userId: 'u3', via: [] }] },
    { id: SUPPORT, name: 'Support', members: [{ userId: 'u4', via: [] }, { userId: 'u5', via: ['Support Leads'] }] },
    { id: LEADS, name: 'Support Leads', members: [{ userId: 'u5', via: [] }] },
  ],
};

const account = (id: string, userName: string, externalId?: string): TargetAccount => ({
  id,
  userName,
  ...(externalId ? { externalId } : {}),
  state: 'active',
  attributes: {},
  detail: 'full',
});

const accounts = [account('t1', 'one@x', 'u1'), account('t2', 'two@x', 'u2'), account('t9', 'nine@x', 'u9'), account('t7', 'stranger@x')];
/** u1 and u2 have accounts; u3's is created in this plan; u4 and u5 too. */
const members = new Map<string, MemberRef>([
  ['u1', { userName: 'one@x', id: 't1' }],
  ['u2', { userName: 'two@x', id: 't2' }],
  ['u3', { userName: 'three@x' }],
  ['u4', { userName: 'four@x' }],
  ['u5', { userName: 'five@x' }],
]);

function app(groups: Partial<DesiredGroups> = {}, bound: string[] = ['Sales', 'Support']): DesiredApplication {
  return {
    name: 'wiki',
    catalog: 'scim',
    groups: bound,
    provisioning: {
      enabled: true,
      mappings: [],
      deprovision: 'deactivate',
      safety: { protect: [] },
      rules: { userNameIsWorkEmail: false, addressRequiresCountry: false, pendingAfterCreate: false, reactivateBeforeDelete: false, valueTypes: {}, targetOwned: [], ignored: [], requiredAtCreate: [] },
      groups: { ...DEFAULT_GROUPS, ...groups },
    },
  };
}

function plan(groups: TargetGroup[], overrides: Partial<GroupPlanInput> = {}) {
  return planGroups({
    app: app(),
    directory,
    groups,
    accounts,
    members,
    managedIds: new Set(['t1', 't2', 't9']),
    deletedIds: new Set(),
    isIdpId: (id) => /^[0-9a-f]{24}$/.test(id),
    ...overrides,
  });
}

describe('planGroups', () => {
  it('creates each bound group with its members with access, those created in the same plan by userName', () => {
    const { changes } = plan([]);
    expect(changes.map((c) => [c.address, c.action])).toEqual([
      ['wiki/group/Sales', 'create'],
      ['wiki/group/Support', 'create'],
    ]);
    const sales = changes[0]!;
    expect(sales.members).toEqual({ added: ['one@x', 'three@x', 'two@x'], removed: [] });
    expect(sales.steps).toEqual([
      {
        op: 'scim.group.create',
        app: 'wiki',
        displayName: 'Sales',
        externalId: SALES,
        members: [{ userName: 'one@x', id: 't1' }, { userName: 'three@x' }, { userName: 'two@x', id: 't2' }],
        batchSize: DEFAULT_GROUP_BATCH_SIZE,
      },
    ]);
    // Nested members are flattened, as access is.
    expect(changes[1]!.members?.added).toEqual(['five@x', 'four@x']);
  });

  it('plans nothing for a group that already is as it should be', () => {
    const { changes } = plan([{ id: 'g1', displayName: 'Sales', externalId: SALES, members: ['t1', 't2'] }], { app: app({}, ['Sales']), members: new Map([...members].filter(([u]) => u !== 'u3')) });
    expect(changes).toEqual([]);
  });

  it('a group renamed in the IdP is an update of the same target group, never a second group', () => {
    const renamed: Directory = { ...directory, groups: directory.groups.map((g) => (g.id === SALES ? { ...g, name: 'Sales EMEA' } : g)) };
    const { changes } = plan([{ id: 'g1', displayName: 'Sales', externalId: SALES, members: ['t1', 't2'] }], { app: app({}, ['Sales EMEA']), directory: renamed });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ address: 'wiki/group/Sales EMEA', action: 'update', fields: [{ path: 'displayName', before: 'Sales', after: 'Sales EMEA' }] });
    expect(changes[0]!.steps[0]).toMatchObject({ op: 'scim.group.update', id: 'g1', displayName: 'Sales', rename: 'Sales EMEA', add: [{ userName: 'three@x' }], remove: [] });
  });

  it('removes only members that are Roster’s accounts, and none that the plan deletes', () => {
    const group: TargetGroup = { id: 'g1', displayName: 'Sales', externalId: SALES, members: ['t1', 't2', 't7', 't9'] };
    const kept = plan([group], { app: app({}, ['Sales']) }).changes[0]!;
    // t7 is not Roster's: left alone; t9 is Roster's and its user is not in Sales: removed.
    expect(kept.members).toEqual({ added: ['three@x'], removed: ['nine@x'] });
    const deleting = plan([group], { app: app({}, ['Sales']), deletedIds: new Set(['t9']) }).changes[0]!;
    expect(deleting.members).toEqual({ added: ['three@x'], removed: [] });
  });

  it('adopts an unowned group with the displayName, and refuses one that is someone else’s', () => {
    const adopted = plan([{ id: 'g5', displayName: 'sales', members: [] }], { app: app({}, ['Sales']) }).changes[0]!;
    expect(adopted).toMatchObject({ action: 'adopt', fields: [{ path: 'externalId', after: SALES }, { path: 'displayName', before: 'sales', after: 'Sales' }] });
    expect(adopted.steps[0]).toMatchObject({ op: 'scim.group.update', id: 'g5', externalId: SALES });
    const taken = plan([{ id: 'g6', displayName: 'Sales', externalId: 'okta-123', members: [] }], { app: app({}, ['Sales']) }).changes[0]!;
    expect(taken).toMatchObject({ action: 'skip', blockedAction: 'create', steps: [] });
    expect(taken.problems[0]?.code).toBe('groups.name-taken');
  });

  it('deletes a group Roster owns once its IdP group is no longer provisioned, and that needs --allow delete-group', () => {
    const { changes } = plan([{ id: 'g2', displayName: 'Support', externalId: SUPPORT, members: [] }, { id: 'g3', displayName: 'Other tool', externalId: 'not-an-idp-id' }], {
      app: app({ mode: 'none' }),
    });
    expect(changes.map((c) => [c.address, c.action])).toEqual([['wiki/group/Support', 'delete']]);
    const violations = checkSafety(changes, { app: 'wiki', safety: { protect: [] }, managedAccounts: 3 });
    expect(violations.map((v) => [v.kind, v.allow])).toEqual([['delete-group', '--allow delete-group:wiki']]);
  });

  it('member removals over maxDeprovision need --allow membership', () => {
    const group: TargetGroup = { id: 'g1', displayName: 'Sales', externalId: SALES, members: ['t1', 't2', 't9'] };
    const { changes } = plan([group], { app: app({}, ['Sales']), members: new Map() });
    expect(changes[0]!.members?.removed).toEqual(['nine@x', 'one@x', 'two@x']);
    expect(checkSafety(changes, { app: 'wiki', safety: { protect: [], maxDeprovision: { count: 2 } }, managedAccounts: 3 }).map((v) => [v.kind, v.count, v.limit])).toEqual([['membership', 3, 2]]);
    expect(checkSafety(changes, { app: 'wiki', safety: { protect: [], maxDeprovision: { count: 3 } }, managedAccounts: 3 })).toEqual([]);
  });

  it('provisions a listed group nested in a bound group, and refuses one outside the access tree', () => {
    const listed = plan([], { app: app({ mode: 'listed', names: ['Support Leads', 'Finance'], displayNames: { 'Support Leads': 'Leads' } }) });
    expect(listed.changes.map((c) => c.address)).toEqual(['wiki/group/Leads']);
    expect(listed.diagnostics.map((d) => [d.code, d.severity])).toEqual([['groups.not-in-access', 'error']]);
    expect(listed.diagnostics[0]!.message).toContain('"Finance"');
  });

  it('applies the displayName template, and refuses two groups with one displayName', () => {
    const templated = plan([], { app: app({ displayNameTemplate: 'wiki-{group}' }) });
    expect(templated.changes.map((c) => c.address)).toEqual(['wiki/group/wiki-Sales', 'wiki/group/wiki-Support']);
    const clash = plan([], { app: app({ displayNames: { Support: 'Sales' } }) });
    expect(clash.changes.map((c) => c.address)).toEqual(['wiki/group/Sales']);
    expect(clash.diagnostics.map((d) => d.code)).toEqual(['groups.same-display-name']);
  });
});

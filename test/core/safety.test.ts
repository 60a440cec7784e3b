/**
 * Safety rules as data (docs/apply.md "Safety"): each row is one rule, with the
 * numbers and the flag the violation carries.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import type { MaxDeprovision } from '../../src/core/desired.js';
import { checkSafety, deprovisionLimit, type ViolationKind } from '../../src/core/safety.js';

function account(name: string, action: Change['action'], extra: Partial<Change> = {}): Change {
  const deactivating = action === 'deactivate';
  return {
    address: `ringcentral/user/${name}@example.com`,
    app: 'ringcentral',
    kind: 'scim_user',
    action,
    before: { userName: `${name}@example.com`, 'emails[type eq "work"].value': `${name}@example.com`, active: true },
    fields: deactivating ? [{ path: 'active', before: true, after: false }] : [],
    reason: { code: 'access_revoked', message: 'no longer a member of any group bound to ringcentral' },
    steps: [],
    problems: [],
    ...extra,
  };
}

const sso = (action: Change['action']): Change => ({
  address: 'ringcentral/sso',
  app: 'ringcentral',
  kind: 'sso_app',
  action,
  fields: [],
  reason: { code: 'config', message: 'ssoUrl cannot change after creation' },
  steps: [],
  problems: [],
});

const renamed = (name: string) =>
  account(name, 'update', { fields: [{ path: 'userName', before: `${name}@example.com`, after: name }] });
const renames = (n: number) => Array.from({ length: n }, (_, i) => renamed(`user${i}`));

const many = (n: number, action: Change['action']) => Array.from({ length: n }, (_, i) => account(`user${i}`, action));

describe('deprovision limit', () => {
  const rows: Array<{ rule: string; max?: MaxDeprovision; managed: number; limit: number; basis: string }> = [
    { rule: 'the default is 10% of managed accounts', managed: 480, limit: 48, basis: '10% of 480 managed accounts' },
    { rule: 'the default never allows fewer than 5', managed: 48, limit: 5, basis: '10% of 48 managed accounts, raised to the minimum of 5' },
    { rule: 'a percentage is of managed accounts, rounded down', max: { percent: 25 }, managed: 30, limit: 7, basis: '25% of 30 managed accounts' },
    { rule: 'a count is exact, even below 5', max: { count: 2 }, managed: 1000, limit: 2, basis: 'maxDeprovision: 2' },
    { rule: 'a count of 0 makes every deprovision need an acknowledgement', max: { count: 0 }, managed: 10, limit: 0, basis: 'maxDeprovision: 0' },
  ];
  it.each(rows)('$rule', ({ max, managed, limit, basis }) => {
    expect(deprovisionLimit(max, managed)).toEqual({ limit, basis });
  });
});

interface Row {
  readonly rule: string;
  readonly changes: Change[];
  readonly max?: MaxDeprovision;
  readonly maxRename?: MaxDeprovision;
  readonly managed?: number;
  readonly protect?: string[];
  readonly expected: ReadonlyArray<{ kind: ViolationKind; allow: string; count?: number; limit?: number; message?: string; addresses?: number }>;
}

const rows: Row[] = [
  {
    rule: 'deprovisions within the limit need no acknowledgement',
    changes: many(5, 'deactivate'),
    managed: 48,
    expected: [],
  },
  {
    rule: 'deprovisions over the limit are a violation that says the numbers and the flag',
    changes: many(12, 'deactivate'),
    managed: 48,
    expected: [
      {
        kind: 'deprovision',
        allow: '--allow deprovision:ringcentral',
        count: 12,
        limit: 5,
        addresses: 12,
        message: 'ringcentral: 12 deprovisions are over the limit of 5 (10% of 48 managed accounts, raised to the minimum of 5): acknowledge with --allow deprovision:ringcentral',
      },
    ],
  },
  {
    rule: 'deactivations and deletes count together',
    changes: [...many(3, 'deactivate'), ...many(3, 'delete').map((c, i) => ({ ...c, address: `ringcentral/user/d${i}@example.com` }))],
    managed: 10,
    expected: [{ kind: 'deprovision', allow: '--allow deprovision:ringcentral', count: 6, limit: 5 }],
  },
  {
    rule: 'deletes of the application’s own delete policy count toward the limit and nothing more',
    changes: many(4, 'delete'),
    managed: 10,
    expected: [],
  },
  {
    rule: 'skipped changes are not applied and do not count',
    changes: many(8, 'skip'),
    managed: 10,
    expected: [],
  },
  {
    rule: 'adopting an account that is then deactivated counts as a deprovision',
    changes: [account('a', 'adopt', { fields: [{ path: 'active', before: true, after: false }] })],
    max: { count: 0 },
    expected: [{ kind: 'deprovision', allow: '--allow deprovision:ringcentral', count: 1, limit: 0 }],
  },
  {
    rule: 'deprovisioning a protected user (by userName) needs its own flag',
    changes: [account('admin', 'deactivate')],
    protect: ['admin@example.com'],
    expected: [{ kind: 'protected', allow: '--allow protected:ringcentral', addresses: 1 }],
  },
  {
    rule: 'protection matches the work email too, without case',
    changes: [account('boss', 'delete', { before: { userName: 'x123', 'emails[type eq "work"].value': 'Boss@Example.com' } })],
    protect: ['boss@example.com'],
    expected: [{ kind: 'protected', allow: '--allow protected:ringcentral' }],
  },
  {
    rule: 'an update to a protected user is no violation',
    changes: [account('admin', 'update')],
    protect: ['admin@example.com'],
    expected: [],
  },
  {
    rule: 'renames within the limit need no acknowledgement',
    changes: renames(5),
    managed: 48,
    expected: [],
  },
  {
    rule: 'a mapping edit that renames most accounts is a violation with its own flag',
    changes: renames(26),
    managed: 30,
    expected: [
      {
        kind: 'rename',
        allow: '--allow rename:ringcentral',
        count: 26,
        limit: 5,
        addresses: 26,
        message:
          'ringcentral: 26 accounts would get a new userName, over the limit of 5 (10% of 30 managed accounts, raised to the minimum of 5); check the userName mapping, or acknowledge with --allow rename:ringcentral',
      },
    ],
  },
  {
    rule: 'maxRename sets the rename limit apart from maxDeprovision',
    changes: renames(2),
    maxRename: { count: 1 },
    max: { count: 100 },
    expected: [{ kind: 'rename', allow: '--allow rename:ringcentral', count: 2, limit: 1 }],
  },
  {
    rule: 'a rename and a deprovision count under their own rules',
    changes: [...renames(1), ...many(1, 'deactivate')],
    max: { count: 0 },
    maxRename: { count: 0 },
    expected: [
      { kind: 'deprovision', allow: '--allow deprovision:ringcentral', count: 1 },
      { kind: 'rename', allow: '--allow rename:ringcentral', count: 1 },
    ],
  },
  {
    rule: 'a create names a new account and is no rename',
    changes: [account('new', 'create', { fields: [{ path: 'userName', after: 'new' }] })],
    maxRename: { count: 0 },
    expected: [],
  },
  {
    rule: 'replacing an SSO application always needs its flag',
    changes: [sso('replace')],
    expected: [{ kind: 'replace', allow: '--allow replace:ringcentral', addresses: 1 }],
  },
  {
    rule: 'deleting an SSO application always needs its flag',
    changes: [sso('delete')],
    expected: [{ kind: 'delete', allow: '--allow delete:ringcentral' }],
  },
  {
    rule: 'updating an SSO application needs none',
    changes: [sso('update')],
    expected: [],
  },
];

describe('safety violations', () => {
  it.each(rows)('$rule', (row) => {
    const violations = checkSafety(row.changes, {
      app: 'ringcentral',
      safety: { protect: row.protect ?? [], ...(row.max ? { maxDeprovision: row.max } : {}), ...(row.maxRename ? { maxRename: row.maxRename } : {}) },
      managedAccounts: row.managed ?? 0,
    });
    expect(violations.map((v) => v.kind)).toEqual(row.expected.map((e) => e.kind));
    row.expected.forEach((expected, i) => {
      const v = violations[i]!;
      expect(v.allow).toBe(expected.allow);
      expect(v.message).toContain(expected.allow);
      if (expected.count !== undefined) expect(v.count).toBe(expected.count);
      if (expected.limit !== undefined) expect(v.limit).toBe(expected.limit);
      if (expected.message) expect(v.message).toBe(expected.message);
      if (expected.addresses !== undefined) expect(v.addresses).toHaveLength(expected.addresses);
    });
  });
});

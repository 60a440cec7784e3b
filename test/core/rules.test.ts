/**
 * The rules of docs/plan-format.md "The rules a plan follows", one row each: access and activity,
 * ownership, the lifecycle rules a target may impose and the parts of the plan that decide
 * changes. Every row plans a small scenario with buildPlan and states exactly which account
 * changes it yields.
 */
import { describe, expect, it } from 'vitest';
import type { Action, ReasonCode, StepOp } from '../../src/core/change.js';
import type { TargetNormalizer } from '../../src/core/compare.js';
import { buildPlan } from '../../src/core/plan.js';
import {
  accountFor,
  application,
  CAPABILITIES,
  group,
  IDP_USER_ID_PATTERN,
  planInput,
  provisioning,
  unownedAccount,
  user,
  type Scenario,
} from './fixtures.js';

const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';
const ORPHAN_ID = '65e1a72438a31e660d00c8c4';

interface Expected {
  readonly action: Action;
  readonly address: string;
  readonly blocked?: Action;
  readonly steps?: readonly StepOp[];
  readonly fields?: ReadonlyArray<{ path: string; before?: unknown; after?: unknown }>;
  readonly reason?: ReasonCode;
  readonly groups?: readonly string[];
  readonly problems?: readonly string[];
}

interface Row {
  readonly rule: string;
  readonly scenario: Scenario;
  /** Every account change of the plan, in plan order. */
  readonly expected: readonly Expected[];
  /** Diagnostic codes the plan must carry. */
  readonly diagnostics?: readonly string[];
}

const alice = user('alice');
const bob = user('bob');
const address = (country?: string) => ({ type: 'work', streetAddress: '1 Main St', locality: 'Austin', ...(country ? { country } : {}) });
const sales = [group('Sales', ['alice'])];
const ALICE = 'ringcentral/user/alice@example.com';
const BOB = 'ringcentral/user/bob@example.com';
const withPolicy = (deprovision: 'deactivate' | 'delete', groups = ['Sales']) => [application(groups, { provisioning: provisioning({ deprovision }) })];

const access: Row[] = [
  {
    rule: 'a member of a bound group without an account gets one, because of that group',
    scenario: { users: [alice], groups: sales },
    expected: [{ action: 'create', address: ALICE, steps: ['scim.create'], reason: 'access_granted', groups: ['Sales'] }],
  },
  {
    rule: 'membership through a nested group counts',
    scenario: { users: [alice], groups: [{ id: 'g-Support', name: 'Support', members: [{ userId: 'alice', via: ['Support Leads'] }] }] },
    expected: [{ action: 'create', address: ALICE, reason: 'access_granted', groups: ['Support'] }],
  },
  {
    rule: 'a user in no bound group gets no account',
    scenario: { users: [alice, bob], groups: sales },
    expected: [{ action: 'create', address: ALICE }],
  },
  {
    rule: 'a STAGED member is not provisioned yet',
    scenario: { users: [user('alice', { state: 'STAGED' })], groups: sales },
    expected: [],
  },
  {
    rule: 'an account linked to a STAGED user is deprovisioned, saying why',
    scenario: { users: [user('alice', { state: 'STAGED' })], groups: sales, accounts: [accountFor(alice)] },
    expected: [{ action: 'deactivate', address: ALICE, reason: 'staged' }],
  },
];

const activity: Row[] = [
  {
    rule: 'a suspended user is deactivated, not deleted, even under policy delete',
    scenario: { users: [user('alice', { suspended: true, state: 'SUSPENDED' })], groups: sales, accounts: [accountFor(alice)], apps: withPolicy('delete') },
    expected: [{ action: 'deactivate', address: ALICE, fields: [{ path: 'active', before: true, after: false }], steps: ['scim.update'], reason: 'suspended' }],
  },
  {
    rule: 'a user whose password expired is deactivated',
    scenario: { users: [user('alice', { passwordExpired: true })], groups: sales, accounts: [accountFor(alice)] },
    expected: [{ action: 'deactivate', address: ALICE, reason: 'password_expired' }],
  },
  {
    rule: 'a user restored in the IdP is reactivated',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice, { state: 'inactive' }, { active: false })] },
    expected: [{ action: 'reactivate', address: ALICE, fields: [{ path: 'active', before: false, after: true }], reason: 'restored' }],
  },
  {
    rule: 'a suspended user without an account gets none',
    scenario: { users: [user('alice', { suspended: true, state: 'SUSPENDED' })], groups: sales },
    expected: [],
  },
  {
    rule: 'a suspended user whose account is already inactive is left alone',
    scenario: { users: [user('alice', { suspended: true, state: 'SUSPENDED' })], groups: sales, accounts: [accountFor(alice, { state: 'inactive' }, { active: false })] },
    expected: [],
  },
];

const ownership: Row[] = [
  {
    rule: 'an account whose externalId is the IdP user id is Roster’s, and unchanged when it matches',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice)] },
    expected: [],
  },
  {
    rule: 'an unowned account with the user’s userName is adopted: externalId is set',
    scenario: { users: [alice], groups: sales, accounts: [{ ...accountFor(alice), externalId: undefined }] },
    expected: [{ action: 'adopt', address: ALICE, fields: [{ path: 'externalId', after: 'alice' }], steps: ['scim.update'], reason: 'matched' }],
  },
  {
    rule: 'an unowned account matching only the user’s work email is adopted, and its userName corrected',
    scenario: {
      users: [alice],
      groups: sales,
      accounts: [{ ...accountFor(alice), userName: 'a.smith@example.com', externalId: undefined, attributes: { ...accountFor(alice).attributes, userName: 'a.smith@example.com' } }],
    },
    expected: [
      {
        action: 'adopt',
        address: 'ringcentral/user/a.smith@example.com',
        fields: [{ path: 'externalId', after: 'alice' }, { path: 'userName', before: 'a.smith@example.com', after: 'alice@example.com' }],
      },
    ],
  },
  {
    rule: 'an unowned account matching no user is never touched',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice), unownedAccount('admin@example.com')] },
    expected: [],
  },
  {
    rule: 'two unowned accounts that could be the user’s are a problem on that user, not a guess',
    scenario: {
      users: [alice],
      groups: sales,
      accounts: [unownedAccount('alice@example.com'), unownedAccount('alice.old@example.com', { attributes: { 'emails[type eq "work"].value': 'alice@example.com' } })],
    },
    expected: [{ action: 'skip', blocked: 'adopt', address: ALICE, steps: [], problems: ['ownership.disputed'] }],
  },
  {
    rule: 'an account whose externalId has the IdP’s id shape but names no user is deprovisioned: the user was deleted',
    scenario: {
      users: [alice],
      groups: sales,
      accounts: [accountFor(alice), accountFor(user('gone'), { externalId: ORPHAN_ID })],
      idpUserIdPattern: IDP_USER_ID_PATTERN,
    },
    expected: [{ action: 'deactivate', address: 'ringcentral/user/gone@example.com', reason: 'idp_user_deleted' }],
  },
  {
    rule: 'an orphaned account is deleted under policy delete',
    scenario: {
      users: [alice],
      groups: sales,
      accounts: [accountFor(user('gone'), { externalId: ORPHAN_ID })],
      idpUserIdPattern: IDP_USER_ID_PATTERN,
      apps: withPolicy('delete'),
    },
    expected: [
      { action: 'create', address: ALICE },
      { action: 'delete', address: 'ringcentral/user/gone@example.com', steps: ['scim.delete'], reason: 'idp_user_deleted' },
    ],
  },
  {
    rule: 'an orphaned account matching a user with access is adopted by that user: the person was created again in the IdP',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice, { externalId: ORPHAN_ID }, { externalId: ORPHAN_ID })], idpUserIdPattern: IDP_USER_ID_PATTERN },
    expected: [{ action: 'adopt', address: ALICE, fields: [{ path: 'externalId', before: ORPHAN_ID, after: 'alice' }], reason: 'matched' }],
  },
  {
    rule: 'an externalId of another shape was set by someone else: the account is unmanaged',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice), accountFor(user('other'), { externalId: 'okta-00u1abc' })], idpUserIdPattern: IDP_USER_ID_PATTERN },
    expected: [],
  },
  {
    rule: 'without an IdP id shape, an account naming no IdP user is left alone',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice), accountFor(user('gone'), { externalId: ORPHAN_ID })] },
    expected: [],
  },
  {
    rule: 'a second account linked to the same user is left alone, with a warning',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice), accountFor(alice, { id: 'rc-alice-2', userName: 'alice2@example.com' })] },
    expected: [],
    diagnostics: ['ownership.duplicate-link'],
  },
];

const deprovisioning: Row[] = [
  {
    rule: 'a user who leaves every bound group is deactivated',
    scenario: { users: [alice, bob], groups: sales, accounts: [accountFor(alice), accountFor(bob)] },
    expected: [{ action: 'deactivate', address: BOB, fields: [{ path: 'active', before: true, after: false }], steps: ['scim.update'], reason: 'access_revoked', groups: [] }],
  },
  {
    rule: 'unbinding a group deprovisions its members and names the group',
    scenario: {
      users: [alice, bob],
      groups: [group('Sales', ['alice']), group('Support', ['bob'])],
      accounts: [accountFor(alice), accountFor(bob)],
      apps: [application(['Sales'], { sso: { enabled: true, settings: { label: 'RingCentral' } } })],
      idpApplications: [{ id: 'app1', app: 'ringcentral', settings: { label: 'RingCentral', 'roster.app': 'ringcentral', 'roster.onRemove': 'keep' }, boundGroups: [{ id: 'g-Sales', name: 'Sales' }, { id: 'g-Support', name: 'Support' }] }],
    },
    expected: [{ action: 'deactivate', address: BOB, reason: 'access_revoked', groups: ['Support'] }],
  },
  {
    rule: 'under policy delete, a user without access is deleted',
    scenario: { users: [alice, bob], groups: sales, accounts: [accountFor(alice), accountFor(bob)], apps: withPolicy('delete') },
    expected: [{ action: 'delete', address: BOB, steps: ['scim.delete'], reason: 'access_revoked' }],
  },
  {
    rule: 'deleting an account deactivated through SCIM is one change with two steps: reactivate, delete',
    scenario: { users: [alice, bob], groups: sales, accounts: [accountFor(alice), accountFor(bob, { state: 'inactive' }, { active: false })], apps: withPolicy('delete') },
    expected: [{ action: 'delete', address: BOB, steps: ['scim.update', 'scim.delete'] }],
  },
  {
    rule: 'under policy deactivate, an inactive account of a user without access stays as it is',
    scenario: { users: [alice, bob], groups: sales, accounts: [accountFor(alice), accountFor(bob, { state: 'inactive' }, { active: false })] },
    expected: [],
  },
  {
    rule: 'deprovisioning a pending account under policy deactivate is a skip with the reason and the fix',
    scenario: { users: [alice, bob], groups: sales, accounts: [accountFor(alice), accountFor(bob, { state: 'pending' }, { active: false })] },
    expected: [{ action: 'skip', blocked: 'deactivate', address: BOB, steps: [], problems: ['target.pending-cannot-deactivate'] }],
  },
  {
    rule: 'deprovisioning a pending account under policy delete is a plain delete',
    scenario: { users: [alice, bob], groups: sales, accounts: [accountFor(alice), accountFor(bob, { state: 'pending' }, { active: false })], apps: withPolicy('delete') },
    expected: [{ action: 'delete', address: BOB, steps: ['scim.delete'] }],
  },
  {
    rule: 'a pending account of a suspended user is a skip under policy deactivate',
    scenario: { users: [user('alice', { suspended: true })], groups: sales, accounts: [accountFor(alice, { state: 'pending' }, { active: false })] },
    expected: [{ action: 'skip', blocked: 'deactivate', address: ALICE, problems: ['target.pending-cannot-deactivate'] }],
  },
  {
    rule: 'a pending account is never reactivated: pending is not drift',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice, { state: 'pending' }, { active: false })] },
    expected: [],
  },
  {
    rule: 'a pending account is never updated: its drift waits as a skip until the owner activates it',
    scenario: { users: [user('alice', { department: 'Support' })], groups: sales, accounts: [accountFor(alice, { state: 'pending' }, { active: false })] },
    expected: [{ action: 'skip', blocked: 'update', address: ALICE, problems: ['target.pending-cannot-update'] }],
  },
  {
    rule: 'a pending unowned account is adopted only once it is activated',
    scenario: { users: [alice], groups: sales, accounts: [{ ...accountFor(alice, { state: 'pending' }, { active: false }), externalId: undefined }] },
    expected: [{ action: 'skip', blocked: 'adopt', address: ALICE, problems: ['target.pending-cannot-update'] }],
  },
];

const fromUsername = [application(['Sales'], { provisioning: provisioning({ mappings: [...provisioning().mappings.filter((m) => m.target !== 'userName'), { target: 'userName', source: 'username' }] }) })];
const withDisplayName = [application(['Sales'], { provisioning: provisioning({ mappings: [...provisioning().mappings, { target: 'displayName', source: 'firstname' }] }) })];
/** Stores country codes as names, as RingCentral does. */
const countryNames: TargetNormalizer = (path, value) => (path.endsWith('.country') && value === 'United States' ? 'US' : value);

const targetRules: Row[] = [
  {
    rule: 'at creation userName must equal the work email: otherwise a problem on that user before any request',
    scenario: { users: [alice], groups: sales, apps: fromUsername },
    expected: [{ action: 'skip', blocked: 'create', address: 'ringcentral/user/alice', steps: [], problems: ['target.username-not-work-email'] }],
  },
  {
    rule: 'an address without a country blocks the create, with the fix',
    scenario: { users: [user('alice', { addresses: [address()] })], groups: sales },
    expected: [{ action: 'skip', blocked: 'create', address: ALICE, problems: ['target.address-without-country'] }],
  },
  {
    rule: 'an update that would send an address without a country is blocked',
    scenario: { users: [user('alice', { addresses: [address()] })], groups: sales, accounts: [accountFor(alice)] },
    expected: [{ action: 'skip', blocked: 'update', address: ALICE, problems: ['target.address-without-country'] }],
  },
  {
    rule: 'a required attribute the mapping does not yield blocks the create',
    scenario: { users: [user('alice', { lastname: undefined })], groups: sales },
    expected: [{ action: 'skip', blocked: 'create', address: ALICE, problems: ['target.required-attribute-missing'] }],
  },
  {
    rule: 'attributes the target ignores are not compared, and reported once for all users',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice, {}, { displayName: 'Someone else' })], apps: withDisplayName },
    expected: [],
    diagnostics: ['mapping.ignored-by-target'],
  },
  {
    rule: 'values the target normalises are compared normalised: a plan after an apply is empty',
    scenario: {
      users: [user('alice', { addresses: [address('US')] })],
      groups: sales,
      accounts: [accountFor(alice, {}, { 'addresses[type eq "work"].streetAddress': '1 Main St', 'addresses[type eq "work"].locality': 'Austin', 'addresses[type eq "work"].country': 'United States' })],
      normalizer: countryNames,
    },
    expected: [],
  },
  {
    rule: 'userName and emails compare without case',
    scenario: { users: [alice], groups: sales, accounts: [accountFor(alice, {}, { userName: 'Alice@Example.com' })] },
    expected: [],
  },
  {
    rule: 'values the target assigns (work and extension numbers) are never compared',
    scenario: { users: [user('alice', { phoneNumbers: [{ type: 'work', number: '+15125550100' }] })], groups: sales, accounts: [accountFor(alice, {}, { 'phoneNumbers[type eq "work"].value': '+15125559999' })] },
    expected: [],
    diagnostics: ['mapping.owned-by-target'],
  },
  {
    rule: 'attributes a list page omits are not compared for an account read only from the list',
    scenario: {
      users: [user('alice', { addresses: [address('US')] })],
      groups: sales,
      accounts: [accountFor(alice, { detail: 'list' })],
      capabilities: { ...CAPABILITIES, listOmits: ['addresses', 'phoneNumbers'] },
    },
    expected: [],
  },
];

const changes: Row[] = [
  {
    rule: 'a changed attribute is one update with the value before and after',
    scenario: { users: [user('alice', { department: 'Support' })], groups: sales, accounts: [accountFor(alice)] },
    expected: [{ action: 'update', address: ALICE, fields: [{ path: DEPARTMENT, before: 'Sales', after: 'Support' }], steps: ['scim.update'], reason: 'drift' }],
  },
  {
    rule: 'a problem on one user never blocks the others',
    scenario: { users: [user('alice', { addresses: [address()] }), bob], groups: [group('Sales', ['alice', 'bob'])] },
    expected: [
      { action: 'skip', blocked: 'create', address: ALICE },
      { action: 'create', address: BOB },
    ],
  },
  {
    rule: 'a bound group missing from the IdP is a plan error, and no account of the application is planned',
    scenario: { users: [alice, bob], groups: sales, accounts: [accountFor(alice), accountFor(bob)], apps: [application(['Sales', 'Sails'])] },
    expected: [],
    diagnostics: ['idp.group-not-found', 'plan.accounts-not-planned'],
  },
];

function check(row: Row): void {
  const plan = buildPlan(planInput(row.scenario));
  const accounts = plan.changes.filter((c) => c.kind === 'scim_user');
  expect(accounts.map((c) => `${c.action} ${c.address}`)).toEqual(row.expected.map((e) => `${e.action} ${e.address}`));
  row.expected.forEach((expected, i) => {
    const change = accounts[i]!;
    if (expected.blocked) expect(change.blockedAction).toBe(expected.blocked);
    if (expected.steps) expect(change.steps.map((s) => s.op)).toEqual(expected.steps);
    if (expected.fields) expect(change.fields).toEqual(expected.fields);
    if (expected.reason) expect(change.reason.code).toBe(expected.reason);
    if (expected.groups) expect(change.reason.groups).toEqual(expected.groups);
    if (expected.problems) expect(change.problems.map((p) => p.code)).toEqual(expected.problems);
    for (const problem of change.problems) expect(problem.hint, `${problem.code} says what to do`).toBeTruthy();
  });
  const codes = plan.diagnostics.map((d) => d.code);
  for (const code of row.diagnostics ?? []) expect(codes.filter((c) => c === code), `${code} reported once`).toHaveLength(1);
}

describe('from configuration to desired state: access', () => it.each(access)('$rule', check));
describe('from configuration to desired state: activity', () => it.each(activity)('$rule', check));
describe('from configuration to desired state: ownership', () => it.each(ownership)('$rule', check));
describe('deprovisioning and pending accounts', () => it.each(deprovisioning)('$rule', check));
describe('lifecycle rules a target may impose', () => it.each(targetRules)('$rule', check));
describe('changes and problems', () => it.each(changes)('$rule', check));

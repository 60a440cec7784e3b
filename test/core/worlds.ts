/**
 * Generated worlds for property tests: a directory with nested groups and every user state, and a
 * target with linked, adoptable, pending, drifting, unmanaged, foreign and orphaned accounts.
 */
import fc from 'fast-check';
import type { DeprovisionPolicy } from '../../src/core/desired.js';
import type { DirectoryUser, TargetAccount, UserGroup, UserState } from '../../src/core/model.js';
import type { PlanInput } from '../../src/core/plan.js';
import { accountFor, application, IDP_USER_ID_PATTERN, planInput, provisioning, unownedAccount, user } from './fixtures.js';
import { countryNormalizer } from './simulate.js';

const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';
const GROUPS = ['Sales', 'Support', 'Leads'] as const;

type AccountKind = 'none' | 'linked' | 'unowned-match';

const userArb = fc.record({
  state: fc.constantFrom<UserState>('ACTIVATED', 'ACTIVATED', 'ACTIVATED', 'SUSPENDED', 'STAGED'),
  passwordExpired: fc.boolean(),
  department: fc.constantFrom('Sales', 'Support'),
  country: fc.constantFrom<string | undefined>('US', 'GB', undefined),
  groups: fc.subarray([...GROUPS]),
  account: fc.constantFrom<AccountKind>('none', 'linked', 'linked', 'unowned-match'),
  accountState: fc.constantFrom<TargetAccount['state']>('active', 'active', 'inactive', 'pending'),
  drift: fc.boolean(),
});

export const worldArb = fc.record({
  users: fc.array(userArb, { minLength: 1, maxLength: 8 }),
  bound: fc.subarray(['Sales', 'Support'], { minLength: 1 }),
  boundBefore: fc.option(fc.subarray(['Sales', 'Support']), { nil: undefined }),
  policy: fc.constantFrom<DeprovisionPolicy>('deactivate', 'delete'),
  unmanaged: fc.nat({ max: 3 }),
  foreign: fc.nat({ max: 2 }),
  orphaned: fc.nat({ max: 2 }),
});

export type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

const SSO = { enabled: true, settings: { label: 'RingCentral', ssoUrl: 'https://sso.example.com/ringcentral' } };
/** Roster's record on the IdP application it created for the world's application. */
const RECORD = { 'roster.app': 'ringcentral', 'roster.onRemove': 'keep' };

export function toInput(world: World): { input: PlanInput; unmanagedIds: string[] } {
  const users: DirectoryUser[] = world.users.map((u, i) =>
    user(`u${i}`, {
      state: u.state,
      suspended: u.state === 'SUSPENDED',
      passwordExpired: u.passwordExpired,
      department: u.department,
      addresses: [{ type: 'work', streetAddress: `${i} Main St`, locality: 'Austin', ...(u.country ? { country: u.country } : {}) }],
    }),
  );
  // Leads is nested in Support.
  const groups: UserGroup[] = GROUPS.map((name) => ({
    id: `g-${name}`,
    name,
    members: world.users.flatMap((u, i) => {
      const direct = u.groups.includes(name) ? [{ userId: `u${i}`, via: [] as string[] }] : [];
      const nested = name === 'Support' && u.groups.includes('Leads') && !u.groups.includes('Support') ? [{ userId: `u${i}`, via: ['Leads'] }] : [];
      return [...direct, ...nested];
    }),
  }));
  const accounts: TargetAccount[] = [];
  world.users.forEach((u, i) => {
    const directoryUser = users[i]!;
    const address: Record<string, string> = u.country ? { 'addresses[type eq "work"].country': u.country === 'US' ? 'United States' : 'United Kingdom' } : {};
    const attributes: Record<string, string | boolean> = {
      ...address,
      'addresses[type eq "work"].streetAddress': `${i} Main St`,
      'addresses[type eq "work"].locality': 'Austin',
      active: u.accountState === 'active',
      ...(u.drift ? { [DEPARTMENT]: 'Elsewhere' } : {}),
    };
    const base = accountFor(directoryUser, { state: u.accountState }, attributes);
    if (u.account === 'linked') accounts.push(base);
    if (u.account === 'unowned-match') accounts.push({ ...base, externalId: undefined, attributes: { ...base.attributes, externalId: '' } });
  });
  const unmanaged = [
    ...Array.from({ length: world.unmanaged }, (_, i) => unownedAccount(`outsider${i}@other.example`)),
    ...Array.from({ length: world.foreign }, (_, i) => ({ ...unownedAccount(`foreign${i}@other.example`), externalId: `okta-${i}` })),
  ];
  // The second orphan has the first user’s email: that person was deleted and created again in the IdP.
  const orphaned = Array.from({ length: world.orphaned }, (_, i) => ({
    ...unownedAccount(i === 1 && world.users[0]!.account === 'none' ? 'u0@example.com' : `gone${i}@example.com`),
    externalId: `${'0'.repeat(23)}${i}`,
  }));
  const app = application(world.bound, { sso: SSO, provisioning: provisioning({ deprovision: world.policy }) });
  const input = planInput({
    users,
    groups,
    accounts: [...accounts, ...unmanaged, ...orphaned],
    apps: [app],
    normalizer: countryNormalizer,
    idpUserIdPattern: IDP_USER_ID_PATTERN,
    idpApplications: world.boundBefore
      ? [{ id: 'app-1', app: 'ringcentral', settings: { ...SSO.settings, ...RECORD }, boundGroups: world.boundBefore.map((name) => ({ id: `g-${name}`, name })) }]
      : [],
  });
  return { input, unmanagedIds: unmanaged.map((a) => a.id) };
}


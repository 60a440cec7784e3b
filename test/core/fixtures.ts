/** Small builders for core tests: a directory, an application, target accounts. */
import { identityNormalizer, type TargetNormalizer } from '../../src/core/compare.js';
import type { DesiredApplication, DesiredProvisioning, TargetRules } from '../../src/core/desired.js';
import type { DirectoryUser, IdpApplication, TargetAccount, UserGroup } from '../../src/core/model.js';
import type { PlanInput } from '../../src/core/plan.js';
import type { Capabilities } from '../../src/core/ports.js';

export const RULES: TargetRules = {
  userNameIsWorkEmail: true,
  addressRequiresCountry: true,
  pendingAfterCreate: true,
  reactivateBeforeDelete: true,
  valueTypes: { addresses: ['work'], emails: ['work'], phoneNumbers: ['mobile'] },
  targetOwned: ['phoneNumbers[type eq "work"]', 'phoneNumbers[type eq "other"]'],
  ignored: ['displayName'],
  requiredAtCreate: ['userName', 'name.givenName', 'name.familyName', 'emails[type eq "work"].value'],
};

export const CAPABILITIES: Capabilities = {
  patch: true,
  maxPageSize: 100,
  filterAttributes: ['userName', 'email'],
  groups: false,
  listOmits: [],
  rateLimits: { read: { name: 'light', requestsPerMinute: 50 }, write: { name: 'heavy', requestsPerMinute: 10 } },
};

export function user(id: string, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  const first = id.charAt(0).toUpperCase() + id.slice(1);
  return {
    id,
    username: id,
    email: `${id}@example.com`,
    firstname: first,
    lastname: 'Example',
    department: 'Sales',
    addresses: [],
    phoneNumbers: [],
    attributes: {},
    state: 'ACTIVATED',
    suspended: false,
    passwordExpired: false,
    ...overrides,
  };
}

export function group(name: string, userIds: string[], id = `g-${name}`): UserGroup {
  return { id, name, members: userIds.map((userId) => ({ userId, via: [] })) };
}

export function provisioning(overrides: Partial<DesiredProvisioning> = {}): DesiredProvisioning {
  return {
    enabled: true,
    mappings: [
      { target: 'userName', source: 'email' },
      { target: 'emails[type eq "work"].value', source: 'email' },
      { target: 'name.givenName', source: 'firstname' },
      { target: 'name.familyName', source: 'lastname' },
      { target: 'addresses[]', source: 'addresses[]' },
      { target: 'phoneNumbers[]', source: 'phoneNumbers[]' },
      { target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', source: 'department' },
    ],
    deprovision: 'deactivate',
    safety: { protect: [] },
    rules: RULES,
    ...overrides,
  };
}

export function application(groups: string[], overrides: Partial<DesiredApplication> = {}): DesiredApplication {
  return { name: 'ringcentral', catalog: 'ringcentral', groups, provisioning: provisioning(), ...overrides };
}

/** The account Roster would have created for `u`, as the target returns it. */
export function accountFor(u: DirectoryUser, overrides: Partial<TargetAccount> = {}, attributes: Record<string, string | boolean> = {}): TargetAccount {
  return {
    id: `rc-${u.id}`,
    userName: u.email,
    externalId: u.id,
    state: 'active',
    detail: 'full',
    attributes: {
      userName: u.email,
      externalId: u.id,
      active: true,
      'emails[type eq "work"].value': u.email,
      'name.givenName': u.firstname ?? '',
      'name.familyName': u.lastname ?? '',
      ...(u.department ? { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': u.department } : {}),
      ...attributes,
    },
    ...overrides,
  };
}

/** An account Roster does not own: no externalId. */
export function unownedAccount(userName: string, overrides: Partial<TargetAccount> = {}): TargetAccount {
  return {
    id: `rc-${userName}`,
    userName,
    state: 'active',
    detail: 'full',
    attributes: { userName, active: true, 'emails[type eq "work"].value': userName },
    ...overrides,
  };
}

/** A 24-hex id of the shape JumpCloud gives its users, for orphaned-account rows. */
export const IDP_USER_ID_PATTERN = '[0-9a-f]{24}';

export interface Scenario {
  readonly users: readonly DirectoryUser[];
  readonly groups: readonly UserGroup[];
  readonly accounts?: readonly TargetAccount[];
  readonly apps?: readonly DesiredApplication[];
  readonly idpApplications?: readonly IdpApplication[];
  readonly capabilities?: Capabilities;
  readonly normalizer?: TargetNormalizer;
  readonly idpUserIdPattern?: string;
}

/** A plan input with one provisioned application (`ringcentral`) bound to every group given. */
export function planInput(scenario: Scenario): PlanInput {
  const apps = scenario.apps ?? [application(scenario.groups.map((g) => g.name))];
  return {
    desired: { applications: apps },
    directory: { users: scenario.users, groups: scenario.groups },
    idpSystem: 'jumpcloud',
    ...(scenario.idpUserIdPattern ? { idpUserIdPattern: scenario.idpUserIdPattern } : {}),
    idpApplications: scenario.idpApplications ?? [],
    targets: Object.fromEntries(
      apps
        .filter((a) => a.provisioning?.enabled)
        .map((a) => [
          a.name,
          { system: 'ringcentral', accounts: scenario.accounts ?? [], capabilities: scenario.capabilities ?? CAPABILITIES, normalizer: scenario.normalizer ?? identityNormalizer },
        ]),
    ),
    configDigest: 'config-digest',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

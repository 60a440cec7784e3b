/** Small builders for core tests: a directory, an application, target accounts. */
import type { DesiredApplication, DesiredProvisioning, TargetRules } from '../../src/core/desired.js';
import type { DirectoryUser, TargetAccount, UserGroup } from '../../src/core/model.js';
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

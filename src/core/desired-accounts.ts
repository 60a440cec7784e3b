/**
 * The accounts an application should have: every user with access, mapped. What the mapping
 * leaves out (attributes the target ignores, owns or does not accept) is reported once per
 * application and path, with the number of users concerned — never dropped silently.
 */
import type { UserAccess } from './access.js';
import type { DesiredProvisioning } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import { mapUser, type Omission } from './mapping.js';
import type { FlatAttributes } from './model.js';

export interface DesiredAccount {
  readonly access: UserAccess;
  readonly userName: string;
  /** The mapped attributes alone (shared with mapUser's memory: never to be changed). */
  readonly mapped: FlatAttributes;
  /** The mapped attributes plus `externalId` (the IdP user id) and `active`; made when first asked for. */
  readonly attributes: FlatAttributes;
}

/**
 * Most accounts of a plan match what is desired and need no change, so the completed attributes
 * (a copy of every user's mapping) are only made for the changes that show or send them.
 */
function desiredAccount(access: UserAccess, userName: string, mapped: FlatAttributes): DesiredAccount {
  let attributes: FlatAttributes | undefined;
  return {
    access,
    userName,
    mapped,
    get attributes() {
      return (attributes ??= { ...mapped, externalId: access.user.id, active: access.active });
    },
  };
}

export interface DesiredAccounts {
  readonly accounts: readonly DesiredAccount[];
  readonly diagnostics: readonly Diagnostic[];
}

function omissionWarning(app: string, omission: Omission, users: number): Diagnostic {
  const who = `${users} user${users === 1 ? '' : 's'}`;
  switch (omission.reason) {
    case 'ignored-by-target':
      return { severity: 'warning', code: 'mapping.ignored-by-target', message: `${app}: the target ignores ${omission.path}; it is not sent or compared (${who})`, hint: 'remove this mapping' };
    case 'owned-by-target':
      return { severity: 'info', code: 'mapping.owned-by-target', message: `${app}: ${omission.path} is assigned by the target; Roster does not send or compare it (${who})` };
    case 'value-type-not-accepted':
      return { severity: 'info', code: 'mapping.value-type-not-accepted', message: `${app}: the target does not accept ${omission.path}; left out (${who})` };
  }
}

export function desiredAccounts(app: string, granted: readonly UserAccess[], provisioning: DesiredProvisioning): DesiredAccounts {
  const omissions = new Map<string, { omission: Omission; users: number }>();
  const accounts: DesiredAccount[] = [];
  for (const access of granted) {
    const mapped = mapUser(access.user, provisioning.mappings, provisioning.rules);
    for (const omission of mapped.omissions) {
      const key = `${omission.reason}:${omission.path}`;
      const entry = omissions.get(key) ?? { omission, users: 0 };
      entry.users += 1;
      omissions.set(key, entry);
    }
    const userName = mapped.attributes['userName'];
    accounts.push(desiredAccount(access, typeof userName === 'string' ? userName : access.user.username, mapped.attributes));
  }
  const diagnostics = [...omissions.values()]
    .sort((a, b) => (a.omission.path < b.omission.path ? -1 : a.omission.path > b.omission.path ? 1 : 0))
    .map(({ omission, users }) => omissionWarning(app, omission, users));
  return { accounts, diagnostics };
}

import type { Db } from '../store/database.js';
import type { SystemUser } from '../jumpcloud/user-model.js';
import { AccountStore, type StoredUser } from '../ringcentral/account-store.js';
import { ENTERPRISE_SCHEMA, readScimUser, USER_SCHEMA } from '../ringcentral/user-model.js';

/**
 * The request a provisioning client sends to create `user` in RingCentral: the published
 * JumpCloud → RingCentral mapping (docs/vendors/jumpcloud.md §7) with the
 * login name set to the work email, as RingCentral requires (docs/vendors/ringcentral.md §2: userName
 * "MUST be same as work type email address"), and the JumpCloud user id as `externalId`.
 */
function createRequest(user: SystemUser): Record<string, unknown> {
  const addresses = (user.addresses as Array<Record<string, unknown>> | undefined) ?? [];
  const phones = (user.phoneNumbers as Array<{ type: string; number: string }> | undefined) ?? [];
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    externalId: user._id,
    userName: user.email,
    name: { givenName: user.firstname, familyName: user.lastname },
    emails: [{ type: 'work', value: user.email }],
    addresses: addresses.map(({ type, streetAddress, locality, region, postalCode, country }) => ({ type, streetAddress, locality, region, postalCode, country })),
    phoneNumbers: phones.filter((p) => p.type === 'mobile').map((p) => ({ type: p.type, value: p.number })),
    ...(user.department ? { [ENTERPRISE_SCHEMA]: { department: user.department } } : {}),
  };
}

/**
 * Accounts that a provisioning client created for `users` and whose owners then used their
 * activation emails (docs/vendors/ringcentral.md §3: a created user is pending until activated): one
 * enabled extension per user, holding what RingCentral stores for the create request above —
 * read through the same normalisation as `POST /Users` (country names, `primary: false`, only
 * `mobile` phones kept, §2). Written straight to the store, so 100,000 load in seconds; `time` is
 * their creation and last modification. Sandbox-only: no vendor API creates accounts this way.
 */
export function provisionAccounts(db: Db, users: readonly SystemUser[], time: string): void {
  const accounts: Array<{ extensionNumber: string; user: StoredUser }> = users.map((user, i) => ({
    extensionNumber: String(101 + i),
    user: readScimUser(createRequest(user)).user,
  }));
  new AccountStore(db).insertUsers('Enabled', accounts, time);
}

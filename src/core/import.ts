/**
 * What `roster import` finds in a target that already has accounts: each account classified
 * against every IdP user, with the same ownership rules the plan uses (ownership.ts), so that
 * "adoptable" here means exactly what the first plan will adopt once the users have access.
 *
 * Unlike the plan, which matches accounts against users with access, import matches against
 * every IdP user: it runs before the bindings exist, to suggest them. Accounts disabled in the
 * target are left out before matching (they are not imported, and cannot make a match ambiguous).
 */
import { coverMatchedUsers, type GroupCover } from './group-cover.js';
import type { DesiredProvisioning } from './desired.js';
import { mapUser } from './mapping.js';
import type { AccountState, Directory, DirectoryUser, TargetAccount } from './model.js';
import { accountKeys, resolveOwnership, WORK_EMAIL_PATH, type MatchCandidate } from './ownership.js';
import { compareText } from './order.js';

export const IMPORT_CLASSES = ['linked', 'adoptable', 'disputed', 'orphaned', 'unmanaged'] as const;
/**
 *   linked     the account's externalId is the id of an IdP user
 *   adoptable  unowned, and its userName or work email matches exactly one IdP user, who has no other match
 *   disputed   unowned, and matches several IdP users, or its user matches several accounts
 *   orphaned   its externalId has the shape of an IdP user id but names no user (a deleted user):
 *              the plan deprovisions it
 *   unmanaged  matches nobody: Roster never changes it
 */
export type ImportClass = (typeof IMPORT_CLASSES)[number];

/** The IdP user an account belongs to, or may belong to. */
export interface ImportUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
}

export interface ImportedAccount {
  readonly id: string;
  readonly userName: string;
  readonly state: AccountState;
  readonly class: ImportClass;
  /** linked, adoptable: the IdP user; disputed: every candidate. */
  readonly users: readonly ImportUser[];
  /** adoptable: what matched (`userName`, `work email`). */
  readonly matchedOn?: readonly string[];
}

export interface ImportReport {
  readonly app: string;
  /** Every account read from the target but the disabled ones, by class then userName. */
  readonly accounts: readonly ImportedAccount[];
  readonly counts: Readonly<Record<ImportClass, number>>;
  /** Accounts disabled in the target: not imported. */
  readonly disabled: readonly string[];
  /** The user groups suggested for binding, from the users of linked and adoptable accounts. */
  readonly cover: GroupCover;
}

export interface ImportInput {
  readonly app: string;
  readonly provisioning: DesiredProvisioning;
  /** Every IdP user, and every user group with its (nested) members. */
  readonly directory: Directory;
  readonly accounts: readonly TargetAccount[];
  /** The shape of the IdP's user ids, a regular expression source (see ownership.ts, orphaned accounts). */
  readonly idpUserIdPattern?: string;
}

function importUser(user: DirectoryUser): ImportUser {
  return { id: user.id, username: user.username, email: user.email };
}

/** The keys the plan would match this user on: the mapped userName and work email. */
function matchCandidate(user: DirectoryUser, provisioning: DesiredProvisioning): MatchCandidate {
  const mapped = mapUser(user, provisioning.mappings, provisioning.rules).attributes;
  const userName = mapped['userName'];
  const email = mapped[WORK_EMAIL_PATH];
  return { userId: user.id, userName: typeof userName === 'string' ? userName : user.username, ...(typeof email === 'string' ? { workEmail: email } : {}) };
}

function matchedOn(candidate: MatchCandidate, account: TargetAccount): string[] {
  const keys = new Set(accountKeys(account));
  const userName = candidate.userName.trim().toLowerCase();
  const email = candidate.workEmail?.trim().toLowerCase();
  return [...(keys.has(userName) ? ['userName'] : []), ...(email !== undefined && email !== userName && keys.has(email) ? ['work email'] : [])];
}

export function buildImportReport(input: ImportInput): ImportReport {
  const usersById = new Map(input.directory.users.map((u) => [u.id, u]));
  const candidates = input.directory.users.map((u) => matchCandidate(u, input.provisioning));
  const candidatesById = new Map(candidates.map((c) => [c.userId, c]));
  const imported = input.accounts.filter((a) => a.state !== 'inactive');
  const ownership = resolveOwnership({
    accounts: imported,
    candidates,
    knownUserIds: new Set(usersById.keys()),
    ...(input.idpUserIdPattern !== undefined ? { isIdpUserId: (id: string) => new RegExp(`^(?:${input.idpUserIdPattern})$`).test(id) } : {}),
  });

  const byAccount = new Map<string, ImportedAccount>();
  const put = (account: TargetAccount, cls: ImportClass, users: readonly DirectoryUser[], extra: { matchedOn?: string[] } = {}) =>
    byAccount.set(account.id, { id: account.id, userName: account.userName, state: account.state, class: cls, users: users.map(importUser), ...extra });

  for (const [userId, account] of ownership.linked) put(account, 'linked', [usersById.get(userId)!]);
  for (const [userId, account] of ownership.adoptable) {
    put(account, 'adoptable', [usersById.get(userId)!], { matchedOn: matchedOn(candidatesById.get(userId)!, account) });
  }
  const disputedUsers = new Map<string, DirectoryUser[]>();
  for (const [userId, accounts] of ownership.disputed) {
    for (const account of accounts) disputedUsers.set(account.id, [...(disputedUsers.get(account.id) ?? []), usersById.get(userId)!]);
  }
  for (const account of imported) {
    const users = disputedUsers.get(account.id);
    if (users) put(account, 'disputed', [...users].sort((a, b) => compareText(a.email, b.email)));
  }
  for (const account of ownership.orphaned) put(account, 'orphaned', []);
  for (const account of ownership.unmanaged) put(account, 'unmanaged', []);

  const order = new Map(IMPORT_CLASSES.map((c, i) => [c, i]));
  const accounts = [...byAccount.values()].sort((a, b) => order.get(a.class)! - order.get(b.class)! || compareText(a.userName, b.userName));
  const counts = Object.fromEntries(IMPORT_CLASSES.map((c) => [c, accounts.filter((a) => a.class === c).length])) as Record<ImportClass, number>;
  const matched = new Set([...ownership.linked.keys(), ...ownership.adoptable.keys()]);
  return {
    app: input.app,
    accounts,
    counts,
    disabled: input.accounts
      .filter((a) => a.state === 'inactive')
      .map((a) => a.userName)
      .sort(compareText),
    cover: coverMatchedUsers(input.directory, matched),
  };
}

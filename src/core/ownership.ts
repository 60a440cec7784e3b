/**
 * Which target accounts belong to Roster. An account is Roster's when its `externalId` is the id
 * of an IdP user (linked). An unowned account whose userName or work email matches exactly one
 * user with access, and no other account matches that user, can be adopted. Anything else is
 * left alone: unmanaged accounts are counted, disputed matches become problems, never guesses.
 */
import type { TargetAccount } from './model.js';

export const WORK_EMAIL_PATH = 'emails[type eq "work"].value';

/** What the matcher needs to know about a user with access. */
export interface MatchCandidate {
  readonly userId: string;
  readonly userName: string;
  readonly workEmail?: string;
}

export interface Ownership {
  /** userId → the account linked to that IdP user by externalId. */
  readonly linked: ReadonlyMap<string, TargetAccount>;
  /** Linked accounts whose IdP user is among `knownUserIds` but has no access. */
  readonly linkedWithoutAccess: readonly TargetAccount[];
  /** userId → the one unowned account that matches the user and no one else. */
  readonly adoptable: ReadonlyMap<string, TargetAccount>;
  /** userId → the unowned accounts that match the user ambiguously. */
  readonly disputed: ReadonlyMap<string, readonly TargetAccount[]>;
  /** Accounts Roster does not own and will not touch. */
  readonly unmanaged: readonly TargetAccount[];
}

function key(value: string | undefined): string | undefined {
  return value?.trim().toLowerCase() || undefined;
}

function accountKeys(account: TargetAccount): string[] {
  const email = account.attributes[WORK_EMAIL_PATH];
  return [...new Set([key(account.userName), key(typeof email === 'string' ? email : undefined)])].filter(
    (k): k is string => k !== undefined,
  );
}

/**
 * @param candidates users with access to the application
 * @param knownUserIds every IdP user id: an externalId among them marks an account as Roster's
 */
export function resolveOwnership(
  accounts: readonly TargetAccount[],
  candidates: readonly MatchCandidate[],
  knownUserIds: ReadonlySet<string>,
): Ownership {
  const candidateIds = new Set(candidates.map((c) => c.userId));
  const linked = new Map<string, TargetAccount>();
  const linkedWithoutAccess: TargetAccount[] = [];
  const unowned: TargetAccount[] = [];
  for (const account of accounts) {
    const owner = account.externalId;
    if (owner !== undefined && knownUserIds.has(owner) && !linked.has(owner)) {
      if (candidateIds.has(owner)) linked.set(owner, account);
      else linkedWithoutAccess.push(account);
    } else {
      unowned.push(account);
    }
  }

  // Index candidates that have no linked account by their match keys.
  const usersByKey = new Map<string, Set<string>>();
  for (const candidate of candidates) {
    if (linked.has(candidate.userId)) continue;
    for (const k of [key(candidate.userName), key(candidate.workEmail)]) {
      if (!k) continue;
      const users = usersByKey.get(k) ?? new Set<string>();
      users.add(candidate.userId);
      usersByKey.set(k, users);
    }
  }

  const accountsByUser = new Map<string, TargetAccount[]>();
  const ambiguousAccounts = new Set<TargetAccount>();
  const unmanaged: TargetAccount[] = [];
  for (const account of unowned) {
    const users = new Set<string>();
    for (const k of accountKeys(account)) for (const user of usersByKey.get(k) ?? []) users.add(user);
    if (users.size === 0) {
      unmanaged.push(account);
      continue;
    }
    if (users.size > 1) ambiguousAccounts.add(account);
    for (const user of users) accountsByUser.set(user, [...(accountsByUser.get(user) ?? []), account]);
  }

  const adoptable = new Map<string, TargetAccount>();
  const disputed = new Map<string, TargetAccount[]>();
  for (const [user, matches] of accountsByUser) {
    const only = matches[0];
    if (matches.length === 1 && only && !ambiguousAccounts.has(only)) adoptable.set(user, only);
    else disputed.set(user, matches);
  }
  return { linked, linkedWithoutAccess, adoptable, disputed, unmanaged };
}

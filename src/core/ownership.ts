/**
 * Which target accounts belong to Roster. An account is Roster's when its `externalId` is the id
 * of an IdP user (linked). An unowned account whose userName or work email matches exactly one
 * user with access, and no other account matches that user, can be adopted. Anything else is
 * left alone: unmanaged accounts are counted, disputed matches become problems, never guesses.
 *
 * One more case is Roster's: an account whose externalId has the shape of an IdP user id but
 * names no IdP user (orphaned). Roster linked it to a user who has since been deleted from the
 * IdP, so it is deprovisioned like any account whose user lost access — leaving it active would
 * keep a leaver's account alive. When it matches a user with access exactly (the person was
 * deleted and created again in the IdP), it is adopted by that user instead. An externalId of any
 * other shape was set by someone else (another provisioning tool) and the account stays unmanaged.
 */
import type { TargetAccount } from './model.js';

export const WORK_EMAIL_PATH = 'emails[type eq "work"].value';

/** What the matcher needs to know about a user with access. */
export interface MatchCandidate {
  readonly userId: string;
  readonly userName: string;
  readonly workEmail?: string;
}

export interface OwnershipInput {
  readonly accounts: readonly TargetAccount[];
  /** Users with access to the application. */
  readonly candidates: readonly MatchCandidate[];
  /** Every IdP user id: an externalId among them marks an account as Roster's. */
  readonly knownUserIds: ReadonlySet<string>;
  /** Whether a string has the shape of an IdP user id; absent when the IdP declares none. */
  readonly isIdpUserId?: (id: string) => boolean;
}

export interface Ownership {
  /** userId → the account linked to that IdP user by externalId. */
  readonly linked: ReadonlyMap<string, TargetAccount>;
  /** Linked accounts whose IdP user exists but has no access. */
  readonly linkedWithoutAccess: readonly TargetAccount[];
  /** Accounts whose externalId has the IdP's id shape but names no IdP user, and match no user with access. */
  readonly orphaned: readonly TargetAccount[];
  /** userId → the one unowned account that matches the user and no one else. */
  readonly adoptable: ReadonlyMap<string, TargetAccount>;
  /** userId → the unowned accounts that match the user ambiguously. */
  readonly disputed: ReadonlyMap<string, readonly TargetAccount[]>;
  /** Accounts that link to an IdP user another account already links to: left alone. */
  readonly duplicateLinks: readonly TargetAccount[];
  /** Accounts Roster does not own and will not touch. */
  readonly unmanaged: readonly TargetAccount[];
}

function key(value: string | undefined): string | undefined {
  return value?.trim().toLowerCase() || undefined;
}

export function accountKeys(account: TargetAccount): string[] {
  const email = account.attributes[WORK_EMAIL_PATH];
  return [...new Set([key(account.userName), key(typeof email === 'string' ? email : undefined)])].filter(
    (k): k is string => k !== undefined,
  );
}

/** Accounts in a fixed order (by id), so that ownership never depends on the order they were read in. */
function byId(accounts: readonly TargetAccount[]): TargetAccount[] {
  return [...accounts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function resolveOwnership(input: OwnershipInput): Ownership {
  const { candidates, knownUserIds, isIdpUserId } = input;
  const candidateIds = new Set(candidates.map((c) => c.userId));
  const linked = new Map<string, TargetAccount>();
  const linkedWithoutAccess: TargetAccount[] = [];
  const orphans = new Set<TargetAccount>();
  const duplicateLinks: TargetAccount[] = [];
  const owners = new Set<string>();
  const unowned: TargetAccount[] = [];
  for (const account of byId(input.accounts)) {
    const owner = account.externalId;
    if (owner !== undefined && knownUserIds.has(owner)) {
      if (owners.has(owner)) duplicateLinks.push(account);
      else if (candidateIds.has(owner)) linked.set(owner, account);
      else linkedWithoutAccess.push(account);
      owners.add(owner);
    } else {
      if (owner !== undefined && isIdpUserId?.(owner)) orphans.add(account);
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
  const orphaned: TargetAccount[] = [];
  for (const account of unowned) {
    const users = new Set<string>();
    for (const k of accountKeys(account)) for (const user of usersByKey.get(k) ?? []) users.add(user);
    if (users.size === 0) {
      (orphans.has(account) ? orphaned : unmanaged).push(account);
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
  return { linked, linkedWithoutAccess, orphaned, adoptable, disputed, duplicateLinks, unmanaged: [...unmanaged, ...duplicateLinks] };
}

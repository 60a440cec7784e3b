/**
 * Which existing user groups to bind so that the users who already have an account get access:
 * a small set of groups covering those users, preferring groups made of exactly them.
 *
 * Binding a group also gives access to its other members, and the plan then creates an account
 * for each of them (a licence each). So every group has a price — one binding, plus each person it
 * would newly give an account to — and groups are chosen greedily by price per matched user covered
 * (the classic greedy weighted set cover). A group that would give accounts to more people than
 * it covers matched users is never suggested: it is listed as avoided, and the users only it would
 * cover stay uncovered, for the admin to decide.
 *
 * Members who would get no account are not counted as a price: STAGED users are not provisioned,
 * and suspended or password-expired users get no new account (no licence is spent on them).
 */
import { inactiveCause } from './access.js';
import type { Directory, DirectoryUser, UserGroup } from './model.js';
import { compareText } from './order.js';

export interface GroupChoice {
  readonly group: string;
  /** Matched users the group covers that no group chosen before it covers. */
  readonly covers: number;
  /** People without an account the group would newly give one to. */
  readonly adds: number;
}

export interface GroupCover {
  /** Users of linked and adoptable accounts. */
  readonly matchedUsers: number;
  /** The groups to bind, in the order chosen. */
  readonly suggested: readonly GroupChoice[];
  /** Matched users (not STAGED) that no suggested group covers, by email. */
  readonly uncovered: readonly string[];
  /** Groups that contain uncovered users but would give accounts to more people than they cover. */
  readonly avoided: readonly GroupChoice[];
  /** The suggested groups give access to exactly the matched users: nobody else, nobody left out. */
  readonly exact: boolean;
  /** Matched users suspended or password-expired in the IdP: bound, their accounts are deactivated. */
  readonly inactiveInIdp: readonly string[];
  /** Matched users STAGED in the IdP: no binding gives them access until they are activated there. */
  readonly staged: readonly string[];
}

/** Whether binding a group would create an account for this person (see the file comment). */
function wouldGetAccount(user: DirectoryUser | undefined): boolean {
  return user !== undefined && user.state !== 'STAGED' && inactiveCause(user) === undefined;
}

interface Candidate {
  readonly group: UserGroup;
  readonly members: ReadonlySet<string>;
}

function choiceFor(candidate: Candidate, remaining: ReadonlySet<string>, granted: ReadonlySet<string>, matched: ReadonlySet<string>, users: ReadonlyMap<string, DirectoryUser>): GroupChoice {
  let covers = 0;
  let adds = 0;
  for (const id of candidate.members) {
    if (remaining.has(id)) covers += 1;
    else if (!matched.has(id) && !granted.has(id) && wouldGetAccount(users.get(id))) adds += 1;
  }
  return { group: candidate.group.name, covers, adds };
}

/** Lower price per covered user first; then more covered, fewer added, and the name, so the result is stable. */
function better(a: GroupChoice, b: GroupChoice): boolean {
  const price = (1 + a.adds) * b.covers - (1 + b.adds) * a.covers;
  if (price !== 0) return price < 0;
  if (a.covers !== b.covers) return a.covers > b.covers;
  if (a.adds !== b.adds) return a.adds < b.adds;
  return compareText(a.group, b.group) < 0;
}

export function coverMatchedUsers(directory: Directory, matchedIds: ReadonlySet<string>): GroupCover {
  const users = new Map(directory.users.map((u) => [u.id, u]));
  const emailsOf = (ids: Iterable<string>) => [...ids].map((id) => users.get(id)?.email ?? id).sort(compareText);
  const staged = [...matchedIds].filter((id) => users.get(id)?.state === 'STAGED');
  const remaining = new Set([...matchedIds].filter((id) => users.get(id)?.state !== 'STAGED'));
  const inactiveInIdp = [...remaining].filter((id) => inactiveCause(users.get(id)!) !== undefined);
  const granted = new Set<string>();
  const candidates: Candidate[] = directory.groups.map((group) => ({ group, members: new Set(group.members.map((m) => m.userId)) }));
  const chosen = new Set<Candidate>();
  const suggested: GroupChoice[] = [];

  for (;;) {
    let best: { candidate: Candidate; choice: GroupChoice } | undefined;
    for (const candidate of candidates) {
      if (chosen.has(candidate)) continue;
      const choice = choiceFor(candidate, remaining, granted, matchedIds, users);
      if (choice.covers === 0 || choice.adds > choice.covers) continue;
      if (!best || better(choice, best.choice)) best = { candidate, choice };
    }
    if (!best) break;
    chosen.add(best.candidate);
    suggested.push(best.choice);
    for (const id of best.candidate.members) {
      if (remaining.delete(id)) continue;
      if (!matchedIds.has(id) && wouldGetAccount(users.get(id))) granted.add(id);
    }
  }

  const avoided = candidates
    .filter((c) => !chosen.has(c))
    .map((c) => choiceFor(c, remaining, granted, matchedIds, users))
    .filter((choice) => choice.covers > 0)
    .sort((a, b) => b.covers - a.covers || a.adds - b.adds || compareText(a.group, b.group));
  return {
    matchedUsers: matchedIds.size,
    suggested,
    uncovered: emailsOf(remaining),
    avoided,
    exact: remaining.size === 0 && granted.size === 0 && staged.length === 0,
    inactiveInIdp: emailsOf(inactiveInIdp),
    staged: emailsOf(staged),
  };
}

/**
 * Who has access to an application, and why. Users are denied by default; membership (direct
 * or nested) of a bound group grants access; the IdP's user state decides whether the account
 * should be active.
 */
import type { Directory, DirectoryUser, UserGroup } from './model.js';

/** How a user reaches an application: the bound group and, when nested, the groups in between. */
export interface AccessPath {
  readonly group: string;
  readonly via: readonly string[];
}

export type InactiveCause = 'suspended' | 'password_expired';

export interface UserAccess {
  readonly user: DirectoryUser;
  readonly paths: readonly AccessPath[];
  /** Desired account state: active unless suspended or password-expired in the IdP. */
  readonly active: boolean;
  readonly inactiveCause?: InactiveCause;
}

export interface AccessResult {
  /** Users with access, in directory order. */
  readonly granted: readonly UserAccess[];
  /** Members of bound groups who are STAGED in the IdP: not provisioned yet. */
  readonly staged: readonly DirectoryUser[];
  /** Bound group names that do not exist in the IdP. */
  readonly missingGroups: readonly string[];
  /**
   * Users without access who are members of a group whose binding the plan removes: userId →
   * those groups. It names the cause when such a user loses access.
   */
  readonly unboundBy: ReadonlyMap<string, readonly string[]>;
}

export function inactiveCause(user: DirectoryUser): InactiveCause | undefined {
  if (user.suspended || user.state === 'SUSPENDED') return 'suspended';
  if (user.passwordExpired) return 'password_expired';
  return undefined;
}

function membersByUser(groups: ReadonlyMap<string, UserGroup>, names: readonly string[]): Map<string, AccessPath[]> {
  const paths = new Map<string, AccessPath[]>();
  for (const name of names) {
    for (const member of groups.get(name)?.members ?? []) {
      const path = { group: name, via: member.via };
      const known = paths.get(member.userId);
      if (known) known.push(path);
      else paths.set(member.userId, [path]);
    }
  }
  return paths;
}

/**
 * @param boundGroups the groups the configuration binds to the application
 * @param unboundGroups groups bound in the IdP today that the configuration no longer binds
 */
export function resolveAccess(directory: Directory, boundGroups: readonly string[], unboundGroups: readonly string[] = []): AccessResult {
  const groupsByName = new Map<string, UserGroup>(directory.groups.map((g) => [g.name, g]));
  const missingGroups = boundGroups.filter((name) => !groupsByName.has(name));
  const pathsByUser = membersByUser(groupsByName, boundGroups);
  const granted: UserAccess[] = [];
  const staged: DirectoryUser[] = [];
  for (const user of directory.users) {
    const paths = pathsByUser.get(user.id);
    if (!paths) continue;
    if (user.state === 'STAGED') {
      staged.push(user);
      continue;
    }
    const cause = inactiveCause(user);
    granted.push(cause ? { user, paths, active: false, inactiveCause: cause } : { user, paths, active: true });
  }
  const unboundBy = new Map<string, string[]>();
  for (const [userId, paths] of membersByUser(groupsByName, unboundGroups)) {
    if (!pathsByUser.has(userId)) unboundBy.set(userId, [...new Set(paths.map((p) => p.group))]);
  }
  return { granted, staged, missingGroups, unboundBy };
}

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
}

export function inactiveCause(user: DirectoryUser): InactiveCause | undefined {
  if (user.suspended || user.state === 'SUSPENDED') return 'suspended';
  if (user.passwordExpired) return 'password_expired';
  return undefined;
}

export function resolveAccess(directory: Directory, boundGroups: readonly string[]): AccessResult {
  const groupsByName = new Map<string, UserGroup>(directory.groups.map((g) => [g.name, g]));
  const pathsByUser = new Map<string, AccessPath[]>();
  const missingGroups: string[] = [];
  for (const name of boundGroups) {
    const group = groupsByName.get(name);
    if (!group) {
      missingGroups.push(name);
      continue;
    }
    for (const member of group.members) {
      const paths = pathsByUser.get(member.userId) ?? [];
      paths.push({ group: name, via: member.via });
      pathsByUser.set(member.userId, paths);
    }
  }
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
    granted.push({ user, paths, active: cause === undefined, ...(cause ? { inactiveCause: cause } : {}) });
  }
  return { granted, staged, missingGroups };
}

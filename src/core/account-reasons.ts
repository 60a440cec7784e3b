/**
 * Why an account change is planned, in the words reviewers read: which group gives or takes
 * access, or which IdP state caused it. For display only: apply never branches on a reason.
 */
import type { AccessPath, UserAccess } from './access.js';
import type { Reason } from './change.js';
import type { TargetAccount } from './model.js';

function describePath(path: AccessPath, newlyBound: ReadonlySet<string>): string {
  const nesting = path.via.length > 0 ? ` (through ${path.via.join(' → ')})` : '';
  const bound = newlyBound.has(path.group) ? ', newly bound' : '';
  return `${path.group}${nesting}${bound}`;
}

/** Access through bound groups; `newlyBound` marks the groups this plan binds. */
export function grantedReason(access: UserAccess, newlyBound: ReadonlySet<string>): Reason {
  const groups = [...new Set(access.paths.map((p) => p.group))];
  return { code: 'access_granted', message: `member of ${access.paths.map((p) => describePath(p, newlyBound)).join(', ')}`, groups };
}

export function inactiveReason(access: UserAccess): Reason {
  return access.inactiveCause === 'password_expired'
    ? { code: 'password_expired', message: 'password expired in the IdP' }
    : { code: 'suspended', message: 'suspended in the IdP' };
}

export const RESTORED: Reason = { code: 'restored', message: 'active again in the IdP (suspension lifted or password renewed)' };

export const DRIFT: Reason = { code: 'drift', message: 'the account differs from what the mapping yields' };

/**
 * An account to adopt, and what it matched on: `userName`, `work email`, or both. `formerOwner` is
 * the externalId of an orphaned account: an IdP user id that no longer exists.
 */
export function matchedReason(matchedOn: readonly string[], formerOwner?: string): Reason {
  const keys = matchedOn.join(' and ');
  return formerOwner === undefined
    ? { code: 'matched', message: `unowned account with the same ${keys} as the IdP user` }
    : { code: 'matched', message: `account with the same ${keys} as the IdP user, linked to ${formerOwner}, an IdP user that no longer exists` };
}

/**
 * A user who no longer has access: the groups whose binding this plan removes, when the user
 * is a member of one; otherwise they are in no bound group any more.
 */
export function revokedReason(app: string, unboundBy: readonly string[] | undefined, staged: boolean): Reason {
  if (staged) return { code: 'staged', message: 'STAGED in the IdP: not provisioned until activated there' };
  if (unboundBy && unboundBy.length > 0) {
    const names = unboundBy.join(', ');
    return { code: 'access_revoked', message: `${names} ${unboundBy.length === 1 ? 'is' : 'are'} no longer bound to ${app}`, groups: unboundBy };
  }
  return { code: 'access_revoked', message: `no longer a member of any group bound to ${app}`, groups: [] };
}

export function orphanedReason(account: TargetAccount): Reason {
  return { code: 'idp_user_deleted', message: `externalId ${account.externalId ?? ''} names no IdP user: the user was deleted from the IdP` };
}

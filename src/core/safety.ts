/**
 * Safety rules as data: the destructive changes a plan contains that apply refuses without a
 * named acknowledgement (docs/apply.md "Safety"). The plan records each violation
 * with its numbers, the addresses concerned and the flag that allows it; apply enforces them.
 *
 *   deprovision  more deactivations and deletes of accounts than `maxDeprovision` allows
 *   rename       more existing accounts get a new userName than `maxRename` allows: a mapping
 *                edit that renames most accounts is refused until acknowledged
 *   protected    a protected user (`safety.protect`, by userName or email) would be deprovisioned
 *   replace      an SSO application is deleted and created again
 *   delete       an SSO application is deleted
 *   membership   more accounts are removed from target groups than `maxDeprovision` allows (each
 *                removal of an account from a group counts, like a deprovision)
 *   delete-group a target group Roster created is deleted
 *
 * Deletes that the application's own `deprovision: delete` policy asks for are routine: they
 * count toward `maxDeprovision` and nothing more.
 */
import type { Change } from './change.js';
import type { MaxDeprovision, Safety } from './desired.js';
import { WORK_EMAIL_PATH } from './ownership.js';

export const VIOLATION_KINDS = ['deprovision', 'rename', 'protected', 'replace', 'delete', 'membership', 'delete-group'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/** A safety rule the plan breaks, and the acknowledgement that would allow it. */
export interface Violation {
  readonly app: string;
  readonly kind: ViolationKind;
  readonly message: string;
  /** The flag that acknowledges it, e.g. `--allow deprovision:ringcentral`. */
  readonly allow: string;
  readonly addresses: readonly string[];
  /** For `deprovision` and `rename`: how many, and the limit they exceed. */
  readonly count?: number;
  readonly limit?: number;
}

/** The default when `maxDeprovision` is not set: 10% of managed accounts. */
export const DEFAULT_MAX_DEPROVISION: MaxDeprovision = { percent: 10 };
/** A percentage never allows fewer deprovisions than this, so small applications stay workable. */
export const MIN_DEPROVISION_LIMIT = 5;

export interface DeprovisionLimit {
  readonly limit: number;
  /** How the limit was reached, for messages: `10% of 48 managed accounts`, `maxDeprovision: 3`. */
  readonly basis: string;
}

export function deprovisionLimit(max: MaxDeprovision | undefined, managedAccounts: number, setting = 'maxDeprovision'): DeprovisionLimit {
  const rule = max ?? DEFAULT_MAX_DEPROVISION;
  if ('count' in rule) return { limit: rule.count, basis: `${setting}: ${rule.count}` };
  const share = Math.floor((rule.percent * managedAccounts) / 100);
  const basis = `${rule.percent}% of ${managedAccounts} managed account${managedAccounts === 1 ? '' : 's'}`;
  return share >= MIN_DEPROVISION_LIMIT
    ? { limit: share, basis }
    : { limit: MIN_DEPROVISION_LIMIT, basis: `${basis}, raised to the minimum of ${MIN_DEPROVISION_LIMIT}` };
}

/** A change that takes an account away from its user: a delete, or `active` turned off. */
export function isDeprovision(change: Change): boolean {
  if (change.kind !== 'scim_user' || change.action === 'skip') return false;
  return change.action === 'delete' || change.fields.some((f) => f.path === 'active' && f.before === true && f.after === false);
}

/**
 * A change that gives an existing account a new userName: the name its user signs in with, and
 * for RingCentral the email SSO matches on. Creates name a new account and are not renames.
 */
export function isRename(change: Change): boolean {
  if (change.kind !== 'scim_user' || change.action === 'skip' || change.action === 'create') return false;
  return change.fields.some((f) => f.path === 'userName' && typeof f.before === 'string' && typeof f.after === 'string' && f.before !== f.after);
}

/** Whether a change concerns a protected user, by the account's userName or work email. */
function isProtected(change: Change, protect: readonly string[]): boolean {
  if (protect.length === 0) return false;
  const names = new Set(protect.map((p) => p.trim().toLowerCase()));
  const values = [change.before?.['userName'], change.before?.[WORK_EMAIL_PATH], change.after?.['userName'], change.after?.[WORK_EMAIL_PATH]];
  const userName = change.address.split('/user/')[1];
  return [...values, userName].some((v) => typeof v === 'string' && names.has(v.trim().toLowerCase()));
}

export interface AppSafetyInput {
  readonly app: string;
  readonly safety: Safety;
  readonly managedAccounts: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Violations of one application's rules by the plan's changes for it. */
export function checkSafety(changes: readonly Change[], input: AppSafetyInput): Violation[] {
  const { app } = input;
  const own = changes.filter((c) => c.app === app);
  const violations: Violation[] = [];
  const deprovisions = own.filter(isDeprovision);
  const { limit, basis } = deprovisionLimit(input.safety.maxDeprovision, input.managedAccounts);
  if (deprovisions.length > limit) {
    const allow = `--allow deprovision:${app}`;
    violations.push({
      app,
      kind: 'deprovision',
      message: `${app}: ${plural(deprovisions.length, 'deprovision')} ${deprovisions.length === 1 ? 'is' : 'are'} over the limit of ${limit} (${basis}): acknowledge with ${allow}`,
      allow,
      addresses: deprovisions.map((c) => c.address),
      count: deprovisions.length,
      limit,
    });
  }
  const renames = own.filter(isRename);
  const renameLimit = deprovisionLimit(input.safety.maxRename, input.managedAccounts, 'maxRename');
  if (renames.length > renameLimit.limit) {
    const allow = `--allow rename:${app}`;
    violations.push({
      app,
      kind: 'rename',
      message: `${app}: ${plural(renames.length, 'account')} would get a new userName, over the limit of ${renameLimit.limit} (${renameLimit.basis}); check the userName mapping, or acknowledge with ${allow}`,
      allow,
      addresses: renames.map((c) => c.address),
      count: renames.length,
      limit: renameLimit.limit,
    });
  }
  const protectedOnes = deprovisions.filter((c) => isProtected(c, input.safety.protect));
  if (protectedOnes.length > 0) {
    const allow = `--allow protected:${app}`;
    violations.push({
      app,
      kind: 'protected',
      message: `${app}: ${plural(protectedOnes.length, 'protected user')} would be deprovisioned (${protectedOnes.map((c) => c.address).join(', ')}): acknowledge with ${allow}`,
      allow,
      addresses: protectedOnes.map((c) => c.address),
      count: protectedOnes.length,
    });
  }
  const removals = own.filter((c) => c.kind === 'scim_group' && c.action !== 'skip' && (c.members?.removed.length ?? 0) > 0);
  const removed = removals.reduce((sum, c) => sum + (c.members?.removed.length ?? 0), 0);
  if (removed > limit) {
    const allow = `--allow membership:${app}`;
    violations.push({
      app,
      kind: 'membership',
      message: `${app}: ${plural(removed, 'member')} would be removed from target groups, over the limit of ${limit} (${basis}): acknowledge with ${allow}`,
      allow,
      addresses: removals.map((c) => c.address),
      count: removed,
      limit,
    });
  }
  const groupDeletes = own.filter((c) => c.kind === 'scim_group' && c.action === 'delete');
  if (groupDeletes.length > 0) {
    const allow = `--allow delete-group:${app}`;
    violations.push({
      app,
      kind: 'delete-group',
      message: `${app}: ${plural(groupDeletes.length, 'target group')} would be deleted (${groupDeletes.map((c) => c.address).join(', ')}): acknowledge with ${allow}`,
      allow,
      addresses: groupDeletes.map((c) => c.address),
      count: groupDeletes.length,
    });
  }
  for (const change of own) {
    if (change.kind !== 'sso_app' || (change.action !== 'replace' && change.action !== 'delete')) continue;
    const kind = change.action;
    const allow = `--allow ${kind}:${app}`;
    const what =
      kind === 'replace'
        ? `${change.address} is replaced (${change.reason.message}): the new application has a new certificate, and nobody can sign in with SSO until the application’s admin portal has its metadata`
        : `${change.address} is deleted: nobody can sign in to ${app} with SSO any more`;
    violations.push({ app, kind, message: `${what}: acknowledge with ${allow}`, allow, addresses: [change.address] });
  }
  return violations;
}

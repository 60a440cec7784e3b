/**
 * What reviewers look for, read off a plan once for every output: per application, who gains and
 * who loses access and why, what is adopted, what is blocked, the target's groups, and the IdP side.
 */
import type { Change } from '../core/change.js';
import { parseAddress } from '../core/address.js';
import type { ApplicationSummary, Plan } from '../core/plan.js';
import { isDeprovision, isRename } from '../core/safety.js';

export interface AccessLine {
  readonly address: string;
  /** The account's userName (the address's last part). */
  readonly user: string;
  readonly action: Change['action'];
  /** The group or IdP state behind it. */
  readonly cause: string;
}

export interface AppView {
  readonly app: string;
  readonly summary?: ApplicationSummary;
  /** SSO application, group bindings and the provisioning record. */
  readonly idp: readonly Change[];
  /** Account changes (`scim_user`). */
  readonly accounts: readonly Change[];
  /** Target group changes (`scim_group`): displayName, adoption and members. */
  readonly groups: readonly Change[];
  readonly gained: readonly AccessLine[];
  readonly lost: readonly AccessLine[];
  readonly adopted: readonly AccessLine[];
  /** Existing accounts that get a new userName; `cause` reads `old → new`. */
  readonly renamed: readonly AccessLine[];
  readonly skipped: readonly Change[];
  /** Account changes with attribute-level differences (updates, adoptions, creates). */
  readonly detailed: readonly Change[];
}

function accessLine(change: Change): AccessLine {
  return { address: change.address, user: parseAddress(change.address)?.name ?? change.address, action: change.action, cause: change.reason.message };
}

function renameLine(change: Change): AccessLine {
  const field = change.fields.find((f) => f.path === 'userName');
  return { ...accessLine(change), cause: `${String(field?.before)} → ${String(field?.after)}` };
}

function gainsAccess(change: Change): boolean {
  return change.kind === 'scim_user' && (change.action === 'create' || change.action === 'reactivate');
}

export function appViews(plan: Plan): AppView[] {
  const names = [...new Set([...plan.changes.map((c) => c.app), ...plan.applications.map((a) => a.app)])];
  return names.map((app) => {
    const changes = plan.changes.filter((c) => c.app === app);
    const accounts = changes.filter((c) => c.kind === 'scim_user');
    const summary = plan.applications.find((a) => a.app === app);
    return {
      app,
      ...(summary ? { summary } : {}),
      idp: changes.filter((c) => c.kind === 'sso_app' || c.kind === 'group_binding' || c.kind === 'provisioning'),
      accounts,
      groups: changes.filter((c) => c.kind === 'scim_group'),
      gained: accounts.filter(gainsAccess).map(accessLine),
      lost: accounts.filter(isDeprovision).map(accessLine),
      adopted: accounts.filter((c) => c.action === 'adopt').map(accessLine),
      renamed: accounts.filter(isRename).map(renameLine),
      skipped: changes.filter((c) => c.action === 'skip'),
      detailed: accounts.filter((c) => c.action !== 'skip' && c.fields.some((f) => f.path !== 'active')),
    };
  });
}

/** Member userNames listed per side of a group change; the rest are counted (the JSON plan keeps them all). */
export const MEMBERS_SHOWN = 10;

export interface FoldedNames {
  readonly shown: readonly string[];
  /** How many names are not shown. */
  readonly more: number;
}

export function foldNames(names: readonly string[], shown = MEMBERS_SHOWN): FoldedNames {
  return { shown: names.slice(0, shown), more: Math.max(0, names.length - shown) };
}

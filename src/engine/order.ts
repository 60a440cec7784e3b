/**
 * The order apply makes a plan's changes in, and which changes depend on which.
 *
 * - IdP first: SSO applications, then their group bindings, one at a time in plan order. Account
 *   changes come after, so that nobody is provisioned into an application whose IdP side is about
 *   to change under them.
 * - Accounts per target, each target with its own workers. Within a target: deletes first (on
 *   RingCentral a delete frees a licence that a create later in the run can use), then the other
 *   deprovisions, then updates, adoptions and reactivations, then creates. Removing access before
 *   granting it also keeps the blast radius of a stopped run small.
 * - A binding added to an application that the same apply creates (or replaces) depends on that
 *   change: when it fails, the binding has nothing to bind to; so does a provisioning record
 *   written on it. Nothing else depends on anything: one user's failure never holds back another's.
 * - Groups per target, once every account change of that target has ended: a group's new
 *   members are accounts created in the same apply, so a group change depends on those creates
 *   (when one fails, the group change is not made; the next plan adds the others). Accounts a
 *   plan deletes leave their groups with them, so no group change waits for a deprovision.
 * - A change's steps run in order and form one unit (reactivate-then-delete): see execute.ts.
 */
import { ssoAddress, userAddress } from '../core/address.js';
import type { Action, Change } from '../core/change.js';
import { compareText } from '../core/order.js';

export interface ApplyOrder {
  /** Changes the plan marks as skips, or with nothing to send: reported, never executed. */
  readonly planned: readonly Change[];
  /** IdP changes, in the order they run. */
  readonly idp: readonly Change[];
  /** Account changes per application, in the order each target's workers take them. */
  readonly accounts: ReadonlyMap<string, readonly Change[]>;
  /** Group changes per application, made once that application's account changes have ended. */
  readonly groups: ReadonlyMap<string, readonly Change[]>;
  /** For a change's address: the addresses of the changes it needs to have succeeded. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
}

const ACCOUNT_PRIORITY: Readonly<Record<Action, number>> = {
  delete: 0,
  deactivate: 1,
  update: 2,
  replace: 2,
  adopt: 2,
  reactivate: 2,
  create: 3,
  skip: 4,
};

const IDP_KIND_PRIORITY: Readonly<Record<Change['kind'], number>> = { sso_app: 0, group_binding: 1, provisioning: 2, scim_group: 3, scim_user: 4 };

function isIdpChange(change: Change): boolean {
  return change.kind === 'sso_app' || change.kind === 'group_binding' || change.kind === 'provisioning';
}

/** A binding or provisioning record whose application is created in this apply: its step carries no application id yet. */
function needsNewApplication(change: Change): boolean {
  return change.steps.some((s) => (s.op === 'idp.binding.add' || s.op === 'idp.provisioning.record') && s.appId === undefined);
}

export function orderChanges(changes: readonly Change[]): ApplyOrder {
  const planned = changes.filter((c) => c.action === 'skip' || c.steps.length === 0);
  const executable = changes.filter((c) => !planned.includes(c));

  const idp = executable
    .filter(isIdpChange)
    .map((change, index) => ({ change, index }))
    .sort((a, b) => IDP_KIND_PRIORITY[a.change.kind] - IDP_KIND_PRIORITY[b.change.kind] || a.index - b.index)
    .map(({ change }) => change);

  const accounts = new Map<string, Change[]>();
  const groups = new Map<string, Change[]>();
  for (const change of executable.filter((c) => !isIdpChange(c))) {
    const phase = change.kind === 'scim_group' ? groups : accounts;
    const list = phase.get(change.app) ?? [];
    list.push(change);
    phase.set(change.app, list);
  }
  for (const list of accounts.values()) {
    list.sort((a, b) => ACCOUNT_PRIORITY[a.action] - ACCOUNT_PRIORITY[b.action] || compareText(a.address, b.address));
  }

  const addresses = new Set(executable.map((c) => c.address));
  const dependencies = new Map<string, string[]>();
  for (const change of idp) {
    const app = ssoAddress(change.app);
    if ((change.kind === 'group_binding' || change.kind === 'provisioning') && needsNewApplication(change) && addresses.has(app)) dependencies.set(change.address, [app]);
  }
  for (const list of groups.values()) {
    for (const change of list) {
      const creates = change.steps
        .flatMap((s) => (s.op === 'scim.group.create' ? s.members : s.op === 'scim.group.update' ? s.add : []))
        .filter((m) => m.id === undefined)
        .map((m) => userAddress(change.app, m.userName))
        .filter((address) => addresses.has(address));
      if (creates.length > 0) dependencies.set(change.address, [...new Set(creates)]);
    }
  }
  return { planned, idp, accounts, groups, dependencies };
}

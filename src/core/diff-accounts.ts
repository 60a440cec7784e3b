/**
 * Account changes for one application: desired accounts (users with access, mapped) against the
 * target's accounts, through ownership and the target's lifecycle rules.
 */
import type { AccessPath, AccessResult, UserAccess } from './access.js';
import { userAddress } from './address.js';
import type { Action, Change, FieldDiff, Reason, Step } from './change.js';
import { diffAttributes, type TargetNormalizer } from './compare.js';
import type { DesiredProvisioning } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import { digestOf } from './digest.js';
import { addressProblems, creationProblems, lifecycleWithAccess, lifecycleWithoutAccess, type LifecycleOutcome } from './lifecycle.js';
import { isManagedPath, mapUser, type Omission } from './mapping.js';
import type { AttributeValue, FlatAttributes, TargetAccount } from './model.js';
import { resolveOwnership, WORK_EMAIL_PATH, type MatchCandidate } from './ownership.js';
import { parseScimPath, valuePath } from './scim-path.js';

export interface AccountPlanInput {
  readonly app: string;
  readonly provisioning: DesiredProvisioning;
  readonly access: AccessResult;
  readonly accounts: readonly TargetAccount[];
  /** Every IdP user id: an account whose externalId is one of them is Roster's. */
  readonly knownUserIds: ReadonlySet<string>;
  readonly normalizer: TargetNormalizer;
  /**
   * Top-level attributes the target's list pages omit. For accounts read only from a list, they
   * are not compared: the caller either read the account in full or knows from its cache that
   * those attributes are unchanged since Roster wrote them.
   */
  readonly listOmits: readonly string[];
}

export interface AccountPlan {
  readonly changes: Change[];
  /** Application-level findings, each reported once (e.g. attributes the target ignores). */
  readonly diagnostics: Diagnostic[];
  readonly unmanaged: TargetAccount[];
  /** Accounts Roster owns today: the base of `maxDeprovision` percentages. */
  readonly managedCount: number;
}

interface DesiredAccount {
  readonly access: UserAccess;
  readonly userName: string;
  readonly attributes: FlatAttributes;
}

function describePath(path: AccessPath): string {
  return path.via.length > 0 ? `${path.group} (through ${path.via.join(' → ')})` : path.group;
}

function grantedReason(access: UserAccess): Reason {
  const groups = access.paths.map((p) => p.group);
  return { code: 'access_granted', message: `member of ${access.paths.map(describePath).join(', ')}`, groups };
}

function inactiveReason(access: UserAccess): Reason {
  return access.inactiveCause === 'password_expired'
    ? { code: 'password_expired', message: 'password expired in the IdP' }
    : { code: 'suspended', message: 'suspended in the IdP' };
}

/** The attributes of an account Roster compares: managed paths only, plus its state. */
function managedSnapshot(account: TargetAccount, isManaged: (path: string) => boolean): FlatAttributes {
  const snapshot: Record<string, AttributeValue> = {};
  for (const [path, value] of Object.entries(account.attributes)) if (isManaged(path)) snapshot[path] = value;
  return snapshot;
}

/** The digest a saved plan records for an account, and apply re-computes before changing it. */
export function accountDigest(account: TargetAccount, isManaged: (path: string) => boolean): string {
  return digestOf({ state: account.state, externalId: account.externalId ?? null, attributes: managedSnapshot(account, isManaged) });
}

function omissionWarnings(app: string, omissions: Map<string, { omission: Omission; users: number }>): Diagnostic[] {
  return [...omissions.values()]
    .sort((a, b) => a.omission.path.localeCompare(b.omission.path))
    .map(({ omission, users }) => {
      const who = `${users} user${users === 1 ? '' : 's'}`;
      switch (omission.reason) {
        case 'ignored-by-target':
          return { severity: 'warning', code: 'mapping.ignored-by-target', message: `${app}: the target ignores ${omission.path}; it is not sent or compared (${who})`, hint: 'remove this mapping' };
        case 'owned-by-target':
          return { severity: 'info', code: 'mapping.owned-by-target', message: `${app}: ${omission.path} is assigned by the target; Roster does not send or compare it (${who})` };
        case 'value-type-not-accepted':
          return { severity: 'info', code: 'mapping.value-type-not-accepted', message: `${app}: the target does not accept ${omission.path}; left out (${who})` };
      }
    });
}

export function planAccounts(input: AccountPlanInput): AccountPlan {
  const { app, provisioning, access, accounts, knownUserIds, normalizer } = input;
  const { mappings, rules, deprovision } = provisioning;
  const managedCache = new Map<string, boolean>();
  const isManaged = (path: string): boolean => {
    let managed = managedCache.get(path);
    if (managed === undefined) {
      managed = isManagedPath(path, mappings, rules);
      managedCache.set(path, managed);
    }
    return managed;
  };
  const omittedFromLists = new Set(input.listOmits);
  const comparable = (account: TargetAccount) => (path: string) =>
    isManaged(path) && (account.detail === 'full' || !omittedFromLists.has(parseScimPath(path)?.attribute ?? path));

  const changes: Change[] = [];
  const omissionCounts = new Map<string, { omission: Omission; users: number }>();
  const desired: DesiredAccount[] = [];
  for (const userAccess of access.granted) {
    const mapped = mapUser(userAccess.user, mappings, rules);
    for (const omission of mapped.omissions) {
      const key = `${omission.reason}:${omission.path}`;
      const entry = omissionCounts.get(key) ?? { omission, users: 0 };
      entry.users += 1;
      omissionCounts.set(key, entry);
    }
    const userName = mapped.attributes['userName'];
    desired.push({
      access: userAccess,
      userName: typeof userName === 'string' ? userName : userAccess.user.username,
      attributes: { ...mapped.attributes, externalId: userAccess.user.id, active: userAccess.active },
    });
  }

  const candidates: MatchCandidate[] = desired.map((d) => {
    const email = d.attributes[WORK_EMAIL_PATH];
    return { userId: d.access.user.id, userName: d.userName, ...(typeof email === 'string' ? { workEmail: email } : {}) };
  });
  const ownership = resolveOwnership(accounts, candidates, knownUserIds);

  const change = (base: {
    address: string;
    action: Action;
    account?: TargetAccount;
    after?: FlatAttributes;
    fields: FieldDiff[];
    reason: Reason;
    steps: Step[];
    problems?: Diagnostic[];
  }): Change => {
    const { account } = base;
    // Any problem on a change blocks it: the change is shown as a skip with the problem and no steps.
    const blocked = (base.problems ?? []).length > 0;
    return {
      address: base.address,
      app,
      kind: 'scim_user',
      action: blocked ? 'skip' : base.action,
      ...(blocked && base.action !== 'skip' ? { blockedAction: base.action } : {}),
      ...(account ? { before: { ...managedSnapshot(account, isManaged), active: account.state === 'active' } } : {}),
      ...(base.after ? { after: base.after } : {}),
      fields: base.fields,
      reason: base.reason,
      precondition: account ? { ...(account.version ? { version: account.version } : {}), digest: accountDigest(account, isManaged) } : { absent: true },
      steps: blocked ? [] : base.steps,
      problems: base.problems ?? [],
    };
  };
  const withAddress = (address: string, problems: Omit<Diagnostic, 'address'>[]): Diagnostic[] =>
    problems.map((p) => ({ ...p, address }));

  for (const d of desired) {
    const userId = d.access.user.id;
    const linkedAccount = ownership.linked.get(userId);
    const adoptAccount = ownership.adoptable.get(userId);
    const account = linkedAccount ?? adoptAccount;
    const address = userAddress(app, account?.userName ?? d.userName);

    const disputed = ownership.disputed.get(userId);
    if (disputed) {
      changes.push(
        change({
          address,
          action: 'adopt',
          after: d.attributes,
          fields: [],
          reason: { code: 'matched', message: `${disputed.length} unowned accounts match this user` },
          steps: [],
          problems: withAddress(address, [
            {
              severity: 'error',
              code: 'ownership.disputed',
              message: `several accounts could belong to this user: ${disputed.map((a) => a.userName).join(', ')}`,
              hint: 'remove or rename the duplicate accounts in the application, or set the right one’s externalId to the IdP user id',
            },
          ]),
        }),
      );
      continue;
    }

    if (!account) {
      if (!d.access.active) continue; // no licence is spent on a user who would be inactive
      const problems = withAddress(address, creationProblems(d.attributes, rules));
      changes.push(
        change({
          address,
          action: 'create',
          after: d.attributes,
          fields: Object.entries(d.attributes)
            .filter(([path]) => path !== 'externalId' && path !== 'active')
            .map(([path, after]) => ({ path, after }))
            .sort((a, b) => a.path.localeCompare(b.path)),
          reason: grantedReason(d.access),
          steps: [{ op: 'scim.create', app, userName: d.userName, attributes: d.attributes }],
          problems,
        }),
      );
      continue;
    }

    const fields = diffAttributes(d.attributes, account.attributes, comparable(account), normalizer);
    const outcome = lifecycleWithAccess(account.state, d.access.active, deprovision);
    const adopting = account === adoptAccount;
    changes.push(...accountChanges({ d, account, fields, outcome, adopting, address }));
  }

  function accountChanges(args: {
    d: DesiredAccount;
    account: TargetAccount;
    fields: FieldDiff[];
    outcome: LifecycleOutcome;
    adopting: boolean;
    address: string;
  }): Change[] {
    const { d, account, fields, outcome, adopting, address } = args;
    const set: Record<string, AttributeValue> = {};
    const unset: string[] = [];
    for (const field of fields) {
      if (field.after !== undefined) set[field.path] = field.after;
      else unset.push(field.path);
    }
    if (adopting) set['externalId'] = d.access.user.id;
    let action: Action = adopting ? 'adopt' : 'update';
    let reason: Reason = adopting
      ? { code: 'matched', message: `unowned account matches ${d.userName} exactly` }
      : { code: 'drift', message: 'the account differs from what the mapping yields' };
    const problems: Diagnostic[] = [];
    switch (outcome.kind) {
      case 'keep':
        break;
      case 'deactivate':
        set['active'] = false;
        if (!adopting) {
          action = 'deactivate';
          reason = inactiveReason(d.access);
        }
        break;
      case 'reactivate':
        set['active'] = true;
        if (!adopting) {
          action = 'reactivate';
          reason = { code: 'restored', message: 'active again in the IdP' };
        }
        break;
      case 'delete':
        return [
          change({
            address,
            action: 'delete',
            account,
            fields: [],
            reason: inactiveReason(d.access),
            steps: deleteSteps(account, outcome.reactivateFirst),
          }),
        ];
      case 'blocked':
        problems.push({ ...outcome.problem, address });
        action = 'deactivate';
        reason = inactiveReason(d.access);
        break;
    }
    const stateFields: FieldDiff[] = 'active' in set ? [{ path: 'active', before: account.state === 'active', after: set['active']! }] : [];
    const externalIdFields: FieldDiff[] = adopting ? [{ path: 'externalId', ...(account.externalId ? { before: account.externalId } : {}), after: d.access.user.id }] : [];
    const allFields = [...externalIdFields, ...stateFields, ...fields];
    if (allFields.length === 0 && problems.length === 0) return [];
    if (account.state === 'pending' && fields.length > 0 && problems.length === 0) {
      problems.push({
        severity: 'warning',
        code: 'target.pending-cannot-update',
        message: 'the account is pending activation and the target does not accept updates to pending accounts',
        hint: 'the update is planned again once the owner has activated the account',
        address,
      });
    }
    problems.push(...withAddress(address, Object.keys(set).length > 0 ? addressProblems({ ...account.attributes, ...set }, provisioning.rules) : []));
    return [
      change({
        address,
        action,
        account,
        after: d.attributes,
        fields: allFields,
        reason,
        steps: [{ op: 'scim.update', app, id: account.id, userName: account.userName, set, unset, ...newValues(account, set) }],
        problems,
      }),
    ];
  }

  /** Typed multi-valued values that the update introduces (the account has none of that type). */
  function newValues(account: TargetAccount, set: FlatAttributes): { addValues?: string[] } {
    const added = new Set<string>();
    for (const path of Object.keys(set)) {
      const parsed = parseScimPath(path);
      if (parsed?.valueType === undefined) continue;
      const prefix = valuePath(parsed.attribute, parsed.valueType);
      if (!Object.keys(account.attributes).some((p) => p.startsWith(`${prefix}.`))) added.add(prefix);
    }
    return added.size > 0 ? { addValues: [...added].sort() } : {};
  }

  function deleteSteps(account: TargetAccount, reactivateFirst: boolean): Step[] {
    const remove: Step = { op: 'scim.delete', app, id: account.id, userName: account.userName };
    return reactivateFirst
      ? [{ op: 'scim.update', app, id: account.id, userName: account.userName, set: { active: true }, unset: [] }, remove]
      : [remove];
  }

  const revoked: Reason = { code: 'access_revoked', message: `no longer in a group bound to ${app}` };
  for (const account of ownership.linkedWithoutAccess) {
    const address = userAddress(app, account.userName);
    const outcome = lifecycleWithoutAccess(account.state, deprovision, rules);
    switch (outcome.kind) {
      case 'keep':
      case 'reactivate':
        break;
      case 'deactivate':
        changes.push(
          change({
            address,
            action: 'deactivate',
            account,
            fields: [{ path: 'active', before: true, after: false }],
            reason: revoked,
            steps: [{ op: 'scim.update', app, id: account.id, userName: account.userName, set: { active: false }, unset: [] }],
          }),
        );
        break;
      case 'delete':
        changes.push(change({ address, action: 'delete', account, fields: [], reason: revoked, steps: deleteSteps(account, outcome.reactivateFirst) }));
        break;
      case 'blocked':
        changes.push(
          change({ address, action: 'deactivate', account, fields: [], reason: revoked, steps: [], problems: [{ ...outcome.problem, address }] }),
        );
        break;
    }
  }

  const managedCount = ownership.linked.size + ownership.linkedWithoutAccess.length;
  return { changes, diagnostics: omissionWarnings(app, omissionCounts), unmanaged: [...ownership.unmanaged], managedCount };
}

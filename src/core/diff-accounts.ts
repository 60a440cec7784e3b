/**
 * Account changes for one application: desired accounts (users with access, mapped) against the
 * target's accounts, through ownership and the target's lifecycle rules.
 */
import type { AccessResult } from './access.js';
import { accountChange, addedValues, deleteSteps, type AccountChangeDraft } from './account-change.js';
import { DRIFT, grantedReason, inactiveReason, matchedReason, orphanedReason, RESTORED, revokedReason } from './account-reasons.js';
import { userAddress } from './address.js';
import type { Action, Change, FieldDiff, MemberRef, Reason } from './change.js';
import { accountComparer } from './account-comparison.js';
import type { TargetNormalizer } from './compare.js';
import { desiredAccounts, type DesiredAccount } from './desired-accounts.js';
import type { DesiredProvisioning } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import { addressProblems, creationProblems, userNameProblems, lifecycleWithAccess, lifecycleWithoutAccess, PENDING_CANNOT_UPDATE } from './lifecycle.js';
import type { AttributeValue, TargetAccount } from './model.js';
import { accountKeys, resolveOwnership, WORK_EMAIL_PATH, type MatchCandidate } from './ownership.js';

export interface AccountPlanInput {
  readonly app: string;
  readonly provisioning: DesiredProvisioning;
  readonly access: AccessResult;
  readonly accounts: readonly TargetAccount[];
  /** Every IdP user id: an account whose externalId is one of them is Roster's. */
  readonly knownUserIds: ReadonlySet<string>;
  /** Whether an externalId has the IdP's user id shape (see ownership.ts, orphaned accounts). */
  readonly isIdpUserId?: (id: string) => boolean;
  /** Groups this plan binds to the application (named in reasons as "newly bound"). */
  readonly newlyBound: ReadonlySet<string>;
  readonly normalizer: TargetNormalizer;
  /**
   * Top-level attributes the target's list pages omit. For accounts read only from a list, they
   * are not compared: the caller either read the account in full or knows from its cache that
   * those attributes are unchanged since Roster wrote them.
   */
  readonly listOmits: readonly string[];
  /** Accounts whose omitted attributes the target showed beside its list: no detail read next time either. */
  readonly comparedFromLists?: ReadonlySet<string>;
}

export interface AccountPlan {
  readonly changes: Change[];
  /** Application-level findings, each reported once (e.g. attributes the target ignores). */
  readonly diagnostics: Diagnostic[];
  readonly unmanaged: TargetAccount[];
  /** Accounts Roster owns today (linked or orphaned): the base of `maxDeprovision` percentages. */
  readonly managedCount: number;
  /** Accounts of users with access that are compared in full (not pending): the next plan's detail reads. */
  readonly comparedInFull: number;
  /**
   * userId → the account each user with active access has, or gets in this plan (a create without
   * problems: no id yet): what group membership refers to.
   */
  readonly members: ReadonlyMap<string, MemberRef>;
  /** Ids of the accounts Roster owns (linked, adoptable or orphaned): the only members group changes remove. */
  readonly managedIds: ReadonlySet<string>;
  /** Ids of accounts this plan deletes: they leave their groups with them, no removal is planned. */
  readonly deletedIds: ReadonlySet<string>;
}

export function planAccounts(input: AccountPlanInput): AccountPlan {
  const { app, provisioning, access } = input;
  const { rules, deprovision } = provisioning;
  // Shared with whoever compared these accounts before the plan (engine/compare-ahead.ts).
  const compare = accountComparer(provisioning, input.listOmits, input.normalizer);
  const isManaged = compare.isManaged;
  const build = (draft: AccountChangeDraft): Change => accountChange(app, draft, isManaged);

  const desired = desiredAccounts(app, access.granted, provisioning);
  const candidates: MatchCandidate[] = desired.accounts.map((d) => {
    const email = d.mapped[WORK_EMAIL_PATH];
    return { userId: d.access.user.id, userName: d.userName, ...(typeof email === 'string' ? { workEmail: email } : {}) };
  });
  const ownership = resolveOwnership({
    accounts: input.accounts,
    candidates,
    knownUserIds: input.knownUserIds,
    ...(input.isIdpUserId ? { isIdpUserId: input.isIdpUserId } : {}),
  });

  const changes: Change[] = [];
  const members = new Map<string, MemberRef>();
  for (const d of desired.accounts) {
    const userId = d.access.user.id;
    const disputed = ownership.disputed.get(userId);
    if (disputed) {
      changes.push(disputedChange(d, disputed));
      continue;
    }
    const linked = ownership.linked.get(userId);
    const adoptable = ownership.adoptable.get(userId);
    const account = linked ?? adoptable;
    if (!account) {
      // No licence is spent on a user who would be inactive.
      if (d.access.active) {
        const create = createChange(d);
        changes.push(create);
        if (create.action === 'create') members.set(userId, { userName: d.userName });
      }
      continue;
    }
    const change = accountChangeFor(d, account, account === adoptable);
    if (change) changes.push(change);
    if (d.access.active && change?.action !== 'delete') members.set(userId, { userName: account.userName, id: account.id });
  }

  const staged = new Set(access.staged.map((u) => u.id));
  for (const account of ownership.linkedWithoutAccess) {
    const owner = account.externalId ?? '';
    const change = deprovisionChange(account, revokedReason(app, access.unboundBy.get(owner), staged.has(owner)));
    if (change) changes.push(change);
  }
  for (const account of ownership.orphaned) {
    const change = deprovisionChange(account, orphanedReason(account));
    if (change) changes.push(change);
  }

  const diagnostics = [...desired.diagnostics];
  for (const account of ownership.duplicateLinks) {
    diagnostics.push({
      severity: 'warning',
      code: 'ownership.duplicate-link',
      message: `${app}: account ${account.userName} has the externalId of an IdP user another account already links to; Roster leaves it alone`,
      hint: 'delete the duplicate account in the application, or clear its externalId',
      address: userAddress(app, account.userName),
    });
  }
  const managedCount = ownership.linked.size + ownership.linkedWithoutAccess.length + ownership.orphaned.length;
  const comparedInFull = [...ownership.linked.values(), ...ownership.adoptable.values()].filter((a) => a.state !== 'pending' && !input.comparedFromLists?.has(a.id)).length;
  const managedIds = new Set([...ownership.linked.values(), ...ownership.adoptable.values(), ...ownership.linkedWithoutAccess, ...ownership.orphaned].map((a) => a.id));
  const deletedIds = new Set(changes.flatMap((c) => (c.action === 'delete' ? c.steps.flatMap((s) => (s.op === 'scim.delete' ? [s.id] : [])) : [])));
  return { changes, diagnostics, unmanaged: [...ownership.unmanaged], managedCount, comparedInFull, members, managedIds, deletedIds };

  function disputedChange(d: DesiredAccount, accounts: readonly TargetAccount[]): Change {
    return build({
      address: userAddress(app, d.userName),
      action: 'adopt',
      after: d.attributes,
      fields: [],
      reason: { code: 'matched', message: `${accounts.length} unowned accounts match ${d.userName}` },
      steps: [],
      problems: [
        {
          severity: 'error',
          code: 'ownership.disputed',
          message: `several unowned accounts could belong to this user: ${accounts.map((a) => a.userName).join(', ')}`,
          hint: 'remove or rename the duplicate accounts in the application, or set the right one’s externalId to the IdP user id',
        },
      ],
    });
  }

  function createChange(d: DesiredAccount): Change {
    return build({
      address: userAddress(app, d.userName),
      action: 'create',
      after: d.attributes,
      fields: Object.entries(d.attributes)
        .filter(([path]) => path !== 'externalId' && path !== 'active')
        .map(([path, after]) => ({ path, after }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      reason: grantedReason(d.access, input.newlyBound),
      steps: [{ op: 'scim.create', app, userName: d.userName, attributes: d.attributes }],
      problems: creationProblems(d.attributes, rules),
    });
  }

  /** A linked or adoptable account of a user with access: attributes, state, ownership. */
  function accountChangeFor(d: DesiredAccount, account: TargetAccount, adopting: boolean): Change | undefined {
    const address = userAddress(app, account.userName);
    // The mapped attributes suffice: `externalId` and `active` are never compared here.
    const fields = compare(d.mapped, account);
    const outcome = lifecycleWithAccess(account.state, d.access.active, deprovision);
    if (outcome.kind === 'delete') {
      return build({ address, action: 'delete', account, fields: [], reason: inactiveReason(d.access), steps: deleteSteps(app, account, outcome.reactivateFirst) });
    }
    const set: Record<string, AttributeValue> = {};
    const unset: string[] = [];
    for (const field of fields) {
      if (field.after !== undefined) set[field.path] = field.after;
      else unset.push(field.path);
    }
    let action: Exclude<Action, 'skip'> = adopting ? 'adopt' : 'update';
    let reason: Reason = adopting ? matchedReason(matchedOn(d, account), account.externalId) : DRIFT;
    const problems: Omit<Diagnostic, 'address'>[] = [];
    const stateChange = (active: boolean, lifecycleAction: Action & ('deactivate' | 'reactivate'), lifecycleReason: Reason) => {
      set['active'] = active;
      if (!adopting) {
        action = lifecycleAction;
        reason = lifecycleReason;
      }
    };
    switch (outcome.kind) {
      case 'keep':
        break;
      case 'deactivate':
        stateChange(false, 'deactivate', inactiveReason(d.access));
        break;
      case 'reactivate':
        stateChange(true, 'reactivate', RESTORED);
        break;
      case 'blocked':
        problems.push(outcome.problem);
        action = 'deactivate';
        reason = inactiveReason(d.access);
        break;
    }
    if (adopting) set['externalId'] = d.access.user.id;
    const stateFields: FieldDiff[] = 'active' in set ? [{ path: 'active', before: account.state === 'active', after: set['active']! }] : [];
    const ownerFields: FieldDiff[] = adopting ? [{ path: 'externalId', ...(account.externalId ? { before: account.externalId } : {}), after: d.access.user.id }] : [];
    const allFields = [...ownerFields, ...stateFields, ...fields];
    if (allFields.length === 0 && problems.length === 0) return undefined;
    // A pending account takes no change but deletion; the change waits for its owner to activate it.
    if (account.state === 'pending' && problems.length === 0) problems.push(PENDING_CANNOT_UPDATE);
    if (problems.length === 0 && Object.keys(set).length > 0) problems.push(...addressProblems({ ...account.attributes, ...set }, rules));
    // An update that renames the account or changes its work email must keep the two equal.
    if (problems.length === 0 && ('userName' in set || WORK_EMAIL_PATH in set)) {
      problems.push(...userNameProblems({ userName: account.userName, ...account.attributes, ...set }, rules, 'after the update'));
    }
    return build({
      address,
      action,
      account,
      after: d.attributes,
      fields: allFields,
      reason,
      steps: [{ op: 'scim.update', app, id: account.id, userName: account.userName, set, unset, ...addedValues(account, set) }],
      problems,
    });
  }

  /** The keys an adoptable account shares with the user (ownership.ts matches on both). */
  function matchedOn(d: DesiredAccount, account: TargetAccount): string[] {
    const keys = new Set(accountKeys(account));
    const email = d.mapped[WORK_EMAIL_PATH];
    return [
      ...(keys.has(d.userName.trim().toLowerCase()) ? ['userName'] : []),
      ...(typeof email === 'string' && keys.has(email.trim().toLowerCase()) && email.trim().toLowerCase() !== d.userName.trim().toLowerCase() ? ['work email'] : []),
    ];
  }

  /** An account Roster owns whose user has no access any more, or no longer exists. */
  function deprovisionChange(account: TargetAccount, reason: Reason): Change | undefined {
    const address = userAddress(app, account.userName);
    const outcome = lifecycleWithoutAccess(account.state, deprovision, rules);
    switch (outcome.kind) {
      case 'keep':
      case 'reactivate':
        return undefined;
      case 'deactivate':
        return build({
          address,
          action: 'deactivate',
          account,
          fields: [{ path: 'active', before: true, after: false }],
          reason,
          steps: [{ op: 'scim.update', app, id: account.id, userName: account.userName, set: { active: false }, unset: [] }],
        });
      case 'delete':
        return build({ address, action: 'delete', account, fields: [], reason, steps: deleteSteps(app, account, outcome.reactivateFirst) });
      case 'blocked':
        return build({ address, action: 'deactivate', account, fields: [], reason, steps: [], problems: [outcome.problem] });
    }
  }
}

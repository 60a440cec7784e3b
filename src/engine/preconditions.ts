/**
 * Whether a change may still be made, judged from the object it touches as just read:
 *
 *   holds    the object is as the plan saw it (its version and content digest match; for a
 *            create, no account with the userName or externalId exists yet)
 *   applied  the object already is as the change would make it: an earlier, interrupted run or
 *            another process made the change. Nothing is sent; it counts as done.
 *   stale    anything else: the change was computed from a state that no longer exists, and
 *            making it could undo someone else's work. It is not made.
 *
 * Pure: the reads happen in reread.ts (one object, right before the change) or come from a
 * refresh (a saved plan checked as a whole before anything is changed).
 */
import { accountDigest } from '../core/account-change.js';
import { isAccountStep, type Change, type FieldDiff } from '../core/change.js';
import { identityNormalizer, sameValue, type TargetNormalizer } from '../core/compare.js';
import type { DesiredState } from '../core/desired.js';
import { digestOf } from '../core/digest.js';
import { RECORD_PROVISIONING } from '../core/idp-record.js';
import { isManagedPath } from '../core/mapping.js';
import type { AttributeValue, IdpApplication, TargetAccount, TargetGroup } from '../core/model.js';
import { judgeGroupChange } from './group-preconditions.js';
import type { TargetProvider } from '../core/ports.js';
import { parseScimPath } from '../core/scim-path.js';

export type Verdict = { readonly kind: 'holds' } | { readonly kind: 'applied' } | { readonly kind: 'stale'; readonly why: string };

const HOLDS: Verdict = { kind: 'holds' };
const APPLIED: Verdict = { kind: 'applied' };
const stale = (why: string): Verdict => ({ kind: 'stale', why });

/** How an application's accounts are compared: what Roster manages, what lists omit, the target's normalisation. */
export interface AccountRules {
  readonly isManaged: (path: string) => boolean;
  readonly listOmits: readonly string[];
  readonly normalizer: TargetNormalizer;
}

/** The comparison rules of every provisioned application, from the configuration and its target. */
export function accountRulesOf(desired: DesiredState, targets: ReadonlyMap<string, TargetProvider>): (app: string) => AccountRules | undefined {
  const rules = new Map<string, AccountRules>();
  for (const app of desired.applications) {
    const target = targets.get(app.name);
    const provisioning = app.provisioning;
    if (!target || !provisioning) continue;
    const managed = new Map<string, boolean>();
    const isManaged = (path: string): boolean => {
      let result = managed.get(path);
      if (result === undefined) managed.set(path, (result = isManagedPath(path, provisioning.mappings, provisioning.rules)));
      return result;
    };
    rules.set(app.name, { isManaged, listOmits: target.capabilities.listOmits, normalizer: target.normalizer });
  }
  return (app) => rules.get(app);
}

/** The account a user change is about: by id for an existing account, by identity for a create. */
export interface AccountIdentity {
  readonly id?: string;
  readonly userName: string;
  readonly externalId?: string;
}

export function accountIdentity(change: Change): AccountIdentity | undefined {
  const step = change.steps.find(isAccountStep);
  if (!step) return undefined;
  if (step.op === 'scim.create') {
    const externalId = step.attributes['externalId'];
    return { userName: step.userName, ...(externalId !== undefined ? { externalId: String(externalId) } : {}) };
  }
  return { id: step.id, userName: step.userName };
}

/**
 * The digest of an account as a list page shows it. The plan recorded the digest of the account
 * as it read it, from a list page or in full; a full read now matches one of the two views.
 */
function listViewDigest(account: TargetAccount, rules: AccountRules): string {
  const attributes: Record<string, AttributeValue> = {};
  for (const [path, value] of Object.entries(account.attributes)) {
    if (!omittedByLists(path, rules)) attributes[path] = value;
  }
  return accountDigest({ ...account, attributes, detail: 'list' }, rules.isManaged);
}

function omittedByLists(path: string, rules: AccountRules): boolean {
  return rules.listOmits.includes(parseScimPath(path)?.attribute ?? path);
}

function accountValue(account: TargetAccount, path: string): AttributeValue | undefined {
  if (path === 'active') return account.state === 'active';
  if (path === 'externalId') return account.externalId;
  return account.attributes[path];
}

function fieldsHold(fields: readonly FieldDiff[], read: (path: string) => AttributeValue | undefined, normalizer: TargetNormalizer): boolean {
  return fields.length > 0 && fields.every((f) => sameValue(f.path, f.after, read(f.path), normalizer));
}

/** Judges a user change against the account found for it (undefined: no such account). */
export function judgeAccountChange(change: Change, account: TargetAccount | undefined, rules: AccountRules): Verdict {
  const identity = accountIdentity(change);
  if (change.action === 'create') {
    if (!account) return HOLDS;
    if (identity?.externalId !== undefined && account.externalId === identity.externalId) return APPLIED;
    return stale(`an account with userName ${account.userName} exists now (not created by Roster for this user)`);
  }
  if (!account) return change.action === 'delete' ? APPLIED : stale('the account no longer exists');
  const precondition = change.precondition ?? {};
  const versionHolds = precondition.version === undefined || account.version === undefined || precondition.version === account.version;
  // An account known only from a list page (the refresh cache vouched for it) cannot be digested
  // as the plan's full read was; the version the plan saw vouches for it instead. A change is
  // judged once more right before it is made, from a full read (reread.ts).
  const versionVouches = account.detail === 'list' && precondition.version !== undefined && precondition.version === account.version;
  const digestHolds =
    precondition.digest === undefined ||
    precondition.digest === accountDigest(account, rules.isManaged) ||
    precondition.digest === listViewDigest(account, rules) ||
    versionVouches;
  if (versionHolds && digestHolds) return HOLDS;
  if (change.action === 'delete') return stale('the account changed since the plan was made');
  const read = (path: string) => accountValue(account, path);
  if (fieldsHold(change.fields, read, rules.normalizer)) return APPLIED;
  // A list page does not show every field: when those it shows are made, whether the others are
  // is decided by the full read right before the change, which finds it applied or stale.
  if (account.detail === 'list') {
    const shown = change.fields.filter((f) => !omittedByLists(f.path, rules));
    if (shown.length < change.fields.length && shown.every((f) => sameValue(f.path, f.after, read(f.path), rules.normalizer))) return HOLDS;
  }
  return stale('the account changed since the plan was made');
}

/**
 * Whether an account known from a list page only shows the change as made in every field the
 * list shows, while the list omits some of the fields the change sets: only a full read can
 * tell whether it is applied.
 */
export function appliedAsListed(change: Change, account: TargetAccount | undefined, rules: AccountRules | undefined): boolean {
  if (!account || !rules || account.detail !== 'list') return false;
  const shown = change.fields.filter((f) => !omittedByLists(f.path, rules));
  const read = (path: string) => accountValue(account, path);
  return shown.length < change.fields.length && shown.every((f) => sameValue(f.path, f.after, read(f.path), rules.normalizer));
}

/** Judges an SSO application or binding change against the application found for it. */
export function judgeIdpChange(change: Change, application: IdpApplication | undefined): Verdict {
  if (change.kind === 'group_binding') return judgeBinding(change, application);
  if (change.kind === 'provisioning') return judgeProvisioningRecord(change, application);
  const settingsHold = (app: IdpApplication) =>
    Object.entries(change.after ?? {}).every(([path, value]) => sameValue(path, value, app.settings[path], identityNormalizer));
  if (change.action === 'create') {
    if (!application) return HOLDS;
    return settingsHold(application) ? APPLIED : stale(`an application labelled ${String(application.settings['label'] ?? application.id)} exists now`);
  }
  if (!application) return change.action === 'delete' ? APPLIED : stale('the application no longer exists');
  const precondition = change.precondition ?? {};
  const sameApplication = precondition.version === undefined || precondition.version === application.id;
  const sameSettings = precondition.digest === undefined || precondition.digest === digestOf(application.settings);
  if (sameApplication && sameSettings) return HOLDS;
  if (change.action !== 'delete' && settingsHold(application)) return APPLIED;
  return stale(sameApplication ? 'the application’s settings changed since the plan was made' : 'the application was replaced since the plan was made');
}

/** A provisioning record holds while it is as the plan read it (`previous`), and is applied once it is as the change writes it. */
function judgeProvisioningRecord(change: Change, application: IdpApplication | undefined): Verdict {
  const step = change.steps[0];
  if (step?.op !== 'idp.provisioning.record') return HOLDS;
  const planned = step.appId;
  // Without an id, the application is created earlier in this apply.
  if (!application || (planned !== undefined && application.id !== planned)) return planned === undefined ? HOLDS : stale('the application no longer exists');
  const recorded = application.settings[RECORD_PROVISIONING];
  if (recorded === step.provisioning) return APPLIED;
  return recorded === step.previous ? HOLDS : stale('the provisioning record changed since the plan was made');
}

function judgeBinding(change: Change, application: IdpApplication | undefined): Verdict {
  const step = change.steps[0];
  if (step?.op !== 'idp.binding.add' && step?.op !== 'idp.binding.remove') return HOLDS;
  const planned = step.appId;
  const present = application !== undefined && (planned === undefined || application.id === planned);
  const bound = present && application.boundGroups.some((g) => g.id === step.groupId);
  if (step.op === 'idp.binding.remove') return bound ? HOLDS : APPLIED;
  if (bound) return APPLIED;
  if (planned !== undefined && !present) return stale('the application no longer exists');
  return HOLDS;
}

/** The object a change touches, as read from the system (undefined: not found). */
export type Observed =
  | { readonly kind: 'account'; readonly account: TargetAccount | undefined }
  | { readonly kind: 'group'; readonly group: TargetGroup | undefined }
  | { readonly kind: 'application'; readonly application: IdpApplication | undefined };

export function judgeChange(change: Change, observed: Observed, rules: AccountRules | undefined): Verdict {
  if (observed.kind === 'application') return judgeIdpChange(change, observed.application);
  if (observed.kind === 'group') return judgeGroupChange(change, observed.group);
  if (!rules) return stale(`${change.app} is not provisioned in the configuration`);
  return judgeAccountChange(change, observed.account, rules);
}

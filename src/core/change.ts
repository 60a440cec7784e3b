/**
 * A change is one object Roster will create, modify or remove, with the requests (steps) that
 * do it. Changes are plain data: a saved plan is applied later by another process.
 *
 * Action meanings (before = the object now, after = the object once applied):
 *   create      before absent, after present
 *   update      both present; `fields` lists what differs
 *   replace     an immutable field differs: the object is deleted and created again
 *   adopt       an existing unowned account becomes Roster's (externalId set), plus any updates
 *   deactivate  the account stays but is disabled (`active: false`)
 *   reactivate  a disabled account is enabled again
 *   delete      before present, after absent
 *   skip        a change was needed but a problem blocks it; `problems` says why and what to do
 */
import type { Diagnostic } from './diagnostics.js';
import type { AttributeValue, FlatAttributes } from './model.js';

export const ACTIONS = ['create', 'update', 'replace', 'adopt', 'deactivate', 'reactivate', 'delete', 'skip'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * `provisioning` is Roster's provisioning of an application's accounts, recorded on its IdP
 * application: `create` when it is switched on, `update` when its target changes, `delete` when it
 * is switched off (accounts are then left as they are). The journal names them
 * `idm_integration_activate`, `idm_integration_update` and `idm_integration_delete`.
 */
export const CHANGE_KINDS = ['sso_app', 'group_binding', 'provisioning', 'scim_user', 'scim_group'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One attribute that differs. An absent `before` means added; an absent `after` means removed. */
export interface FieldDiff {
  readonly path: string;
  readonly before?: AttributeValue;
  readonly after?: AttributeValue;
}

export const REASON_CODES = [
  'access_granted', // member of a bound group
  'access_revoked', // no longer in any bound group, or the group is no longer bound
  'staged', // STAGED in the IdP: not provisioned yet
  'idp_user_deleted', // the externalId names an IdP user who no longer exists
  'suspended', // suspended in the IdP
  'password_expired', // password expired in the IdP
  'restored', // suspension lifted or password renewed
  'drift', // the target differs from what the mapping yields
  'matched', // an unowned account matches the user exactly
  'config', // the configuration asks for it
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Why a change is planned. For display only: apply never branches on it. */
export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
  /**
   * The groups behind an access change: for access granted, the bound groups the user is a member
   * of; for access revoked, the groups whose binding is removed (empty when the user left them).
   */
  readonly groups?: readonly string[];
}

/**
 * The requests apply will make, in order. Steps name the object by the id the target gave it and
 * carry the attributes to send; providers turn them into vendor requests.
 */
export type Step =
  | { readonly op: 'idp.app.create'; readonly app: string; readonly settings: FlatAttributes }
  | {
      readonly op: 'idp.app.update';
      readonly app: string;
      readonly appId: string;
      readonly set: FlatAttributes;
      readonly unset: readonly string[];
    }
  | { readonly op: 'idp.app.delete'; readonly app: string; readonly appId: string }
  /**
   * Records on the IdP application whether, and where, Roster provisions its accounts
   * (`roster.provisioning`, see idp-record.ts), and nothing else: `provisioning` is the new record,
   * absent when provisioning is switched off; `previous` the record it replaces, absent when there
   * was none. `appId` is absent when the application is created earlier in the same apply.
   */
  | { readonly op: 'idp.provisioning.record'; readonly app: string; readonly appId?: string; readonly provisioning?: string; readonly previous?: string }
  /** `appId` is absent when the application is created earlier in the same apply. */
  | { readonly op: 'idp.binding.add'; readonly app: string; readonly appId?: string; readonly group: string; readonly groupId: string }
  | { readonly op: 'idp.binding.remove'; readonly app: string; readonly appId: string; readonly group: string; readonly groupId: string }
  | { readonly op: 'scim.create'; readonly app: string; readonly userName: string; readonly attributes: FlatAttributes }
  | {
      readonly op: 'scim.update';
      readonly app: string;
      readonly id: string;
      readonly userName: string;
      readonly set: FlatAttributes;
      readonly unset: readonly string[];
      /** Typed values the account does not have yet (`addresses[type eq "work"]`): added, not replaced. */
      readonly addValues?: readonly string[];
    }
  | { readonly op: 'scim.delete'; readonly app: string; readonly id: string; readonly userName: string }
  /**
   * A target group (RFC 7643 §4.2) with its first members; members beyond `batchSize` are added by
   * further PATCH requests of at most `batchSize` members each.
   */
  | {
      readonly op: 'scim.group.create';
      readonly app: string;
      readonly displayName: string;
      /** The IdP group's id: what makes the group Roster's. */
      readonly externalId: string;
      readonly members: readonly MemberRef[];
      readonly batchSize: number;
    }
  /**
   * Changes one group: its displayName (`rename`), Roster's externalId (`externalId`, when an unowned
   * group is adopted), members to add and member ids to remove, in requests of at most `batchSize`
   * operations each (PATCH, RFC 7644 §3.5.2; GET-merge-PUT where the target has no PATCH).
   */
  | {
      readonly op: 'scim.group.update';
      readonly app: string;
      readonly id: string;
      /** The group's displayName before this step, for the journal. */
      readonly displayName: string;
      readonly rename?: string;
      readonly externalId?: string;
      readonly add: readonly MemberRef[];
      readonly remove: readonly MemberRef[];
      readonly batchSize: number;
    }
  | { readonly op: 'scim.group.delete'; readonly app: string; readonly id: string; readonly displayName: string };

/**
 * A group member: an account by its id, or — for an account created earlier in the same apply —
 * by its userName alone, resolved to the id its create returned (StepContext.createdAccounts).
 */
export interface MemberRef {
  readonly userName: string;
  readonly id?: string;
}

export type StepOp = Step['op'];

/** The steps that write an account, and those that write a group. */
export type AccountStep = Extract<Step, { op: 'scim.create' | 'scim.update' | 'scim.delete' }>;
export type GroupStep = Extract<Step, { op: `scim.group.${string}` }>;

export const isAccountStep = (step: Step): step is AccountStep => step.op === 'scim.create' || step.op === 'scim.update' || step.op === 'scim.delete';
export const isGroupStep = (step: Step): step is GroupStep => step.op.startsWith('scim.group.');

/**
 * What must still hold when apply reaches a change computed from a saved plan:
 * `absent` — no object with this identity exists yet (creates);
 * `version` / `digest` — the object is as it was read when the plan was made.
 */
export interface Precondition {
  readonly absent?: true;
  readonly version?: string;
  readonly digest?: string;
}

/**
 * A document that changes with the change, as a unified diff (the `diff` package): the IdP signing
 * certificate, the IdP metadata the application's admin imported. For reviewers; apply never reads it.
 */
export interface DocumentDiff {
  /** What the document is, e.g. `IdP certificate`. */
  readonly name: string;
  readonly diff: string;
}

export interface Change {
  readonly address: string;
  readonly app: string;
  readonly kind: ChangeKind;
  readonly action: Action;
  /** For a skip: the action that was blocked. */
  readonly blockedAction?: Exclude<Action, 'skip'>;
  readonly before?: FlatAttributes;
  readonly after?: FlatAttributes;
  readonly fields: readonly FieldDiff[];
  readonly reason: Reason;
  readonly precondition?: Precondition;
  readonly steps: readonly Step[];
  readonly problems: readonly Diagnostic[];
  /** SSO changes: certificate and metadata differences (see DocumentDiff). */
  readonly documents?: readonly DocumentDiff[];
  /** Group changes: the members added and removed, by userName, sorted (for reviewers; the steps carry the ids). */
  readonly members?: { readonly added: readonly string[]; readonly removed: readonly string[] };
}

/**
 * `roster explain USER`: for one IdP user and each application, why they have access or not,
 * what Roster would send (the SCIM resource, the SAML assertion's attributes), the account they
 * have in the target, the target groups they are in, join or leave, and what the plan does.
 *
 * Every answer comes from the functions the plan itself uses — access.ts for access, mapping.ts
 * for the resource, and the plan's own changes for the difference with the account and for the
 * members its group changes add and remove — so that explain can never disagree with plan.
 */
import { resolveAccess, type AccessPath, type InactiveCause } from './access.js';
import { managedSnapshot } from './account-change.js';
import type { Change } from './change.js';
import type { DesiredApplication, DesiredProvisioning } from './desired.js';
import { DEFAULT_GROUPS, targetDisplayName } from './diff-groups.js';
import { isManagedPath, mapUser, scalarSource, type Omission } from './mapping.js';
import type { AttributeValue, Directory, DirectoryUser, IdpApplication, TargetAccount, TargetGroup, UserGroup, UserState } from './model.js';
import { accountKeys, WORK_EMAIL_PATH } from './ownership.js';
import { compareText } from './order.js';
import { schemasFor, unflattenAttributes } from './scim-path.js';

/** The user a query names: an IdP user id, an email or a username (case-insensitive). */
export function findUser(users: readonly DirectoryUser[], query: string): DirectoryUser | undefined {
  const wanted = query.trim().toLowerCase();
  return (
    users.find((u) => u.id === query.trim()) ??
    users.find((u) => u.email.toLowerCase() === wanted) ??
    users.find((u) => u.username.toLowerCase() === wanted)
  );
}

/**
 *   granted     member of a bound group, account desired active
 *   inactive    member of a bound group, but suspended or password expired: account desired inactive
 *   staged      member of a bound group, but STAGED in the IdP: not provisioned until activated
 *   not-member  in no bound group; `unbound` names groups bound in the IdP today that the
 *               configuration removes (the user loses access through them)
 *   unknown     a bound group does not exist in the IdP: who has access cannot be known
 */
export type AccessVerdict =
  | { readonly kind: 'granted'; readonly paths: readonly AccessPath[] }
  | { readonly kind: 'inactive'; readonly paths: readonly AccessPath[]; readonly cause: InactiveCause }
  | { readonly kind: 'staged'; readonly paths: readonly AccessPath[] }
  | { readonly kind: 'not-member'; readonly boundGroups: readonly string[]; readonly unbound: readonly string[] }
  | { readonly kind: 'unknown'; readonly missingGroups: readonly string[] };

export interface SamlAttribute {
  readonly name: string;
  /** The directory property it comes from; absent for a constant. */
  readonly source?: string;
  /** Absent when the user has no value: the attribute is left out of the assertion. */
  readonly value?: string;
}

export interface SamlAssertion {
  readonly nameId: SamlAttribute;
  readonly attributes: readonly SamlAttribute[];
}

export interface AccountView {
  readonly id: string;
  readonly userName: string;
  readonly state: TargetAccount['state'];
  readonly externalId?: string;
  /** `linked`: its externalId is this user's id; `matches`: unowned, with this user's userName or work email. */
  readonly relation: 'linked' | 'matches';
  /** The attributes Roster compares, as the target holds them. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/**
 * A target group the user is in, joins or leaves:
 *   member  a member now, and the plan leaves it so
 *   joins   the plan adds the user (a created group, or an update's added members)
 *   leaves  the plan removes the user, or deletes a group the user is in
 */
export interface GroupMembership {
  /** The group's displayName once the plan is applied (the one it has today when it is deleted). */
  readonly displayName: string;
  /** Its displayName today, when the plan renames it. */
  readonly renamedFrom?: string;
  readonly status: 'member' | 'joins' | 'leaves';
  /**
   * The IdP group it is provisioned from and the user's membership of it (nested through `via`,
   * outermost first); absent when the user is not in that IdP group, or the group is not one
   * Roster provisions from an IdP group.
   */
  readonly path?: AccessPath;
  /** The IdP group it is provisioned from, when known, whether or not the user is in it. */
  readonly idpGroup?: string;
  /** The plan's change to the group, when the plan changes it. */
  readonly address?: string;
  /** The change is a skip: nothing is sent, the membership stays as it is; `problems` says why. */
  readonly blocked?: { readonly problems: readonly string[] };
  /** For `leaves`: why. */
  readonly cause?: string;
}

export interface AppExplanation {
  readonly app: string;
  readonly access: AccessVerdict;
  /** The SCIM resource Roster sends for this user (as a create sends it), when the application is provisioned. */
  readonly scim?: { readonly resource: Readonly<Record<string, unknown>>; readonly omissions: readonly Omission[] };
  /** The assertion's subject and attributes, when the application has SSO and the user may sign in. */
  readonly saml?: SamlAssertion;
  /** The user's accounts in the target: linked, or unowned and matching. */
  readonly accounts: readonly AccountView[];
  /** What the plan does about this user in this application; empty when nothing differs. */
  readonly changes: readonly Change[];
  /** Whether the application is provisioned (else there are no accounts to speak of). */
  readonly provisioned: boolean;
  /**
   * The target groups the user is in, joins or leaves, by displayName; present when the plan
   * changes groups of the application or its target has groups (empty: the user is in none).
   */
  readonly groups?: readonly GroupMembership[];
}

export interface Explanation {
  readonly user: { readonly id: string; readonly username: string; readonly email: string; readonly state: UserState; readonly suspended: boolean; readonly passwordExpired: boolean };
  readonly applications: readonly AppExplanation[];
}

export interface ExplainInput {
  readonly user: DirectoryUser;
  readonly applications: readonly DesiredApplication[];
  readonly directory: Directory;
  readonly idpApplications: readonly IdpApplication[];
  /** Accounts per provisioned application (the user's own read in full). */
  readonly accounts: Readonly<Record<string, readonly TargetAccount[]>>;
  /** The plan's changes for these applications. */
  readonly changes: readonly Change[];
  /**
   * The target's groups per provisioned application, as the plan read them (TargetInput.groups),
   * with their members (account ids); a group whose members were not read holds nobody here.
   * Without them, only the plan's group changes say which groups the user joins and leaves, and a
   * group the plan does not change is known only through the IdP group it is provisioned from.
   */
  readonly targetGroups?: Readonly<Record<string, readonly TargetGroup[]>>;
}

function verdict(app: DesiredApplication, input: ExplainInput): AccessVerdict {
  const bound = input.idpApplications.find((a) => a.app === app.name)?.boundGroups.map((g) => g.name) ?? [];
  const unbound = bound.filter((g) => !app.groups.includes(g));
  const access = resolveAccess(input.directory, app.groups, unbound);
  if (access.missingGroups.length > 0) return { kind: 'unknown', missingGroups: access.missingGroups };
  const granted = access.granted.find((g) => g.user.id === input.user.id);
  if (granted) return granted.inactiveCause ? { kind: 'inactive', paths: granted.paths, cause: granted.inactiveCause } : { kind: 'granted', paths: granted.paths };
  if (access.staged.some((u) => u.id === input.user.id)) {
    const paths = input.directory.groups.flatMap((g) =>
      app.groups.includes(g.name) ? g.members.filter((m) => m.userId === input.user.id).map((m) => ({ group: g.name, via: m.via })) : [],
    );
    return { kind: 'staged', paths };
  }
  return { kind: 'not-member', boundGroups: app.groups, unbound: access.unboundBy.get(input.user.id) ?? [] };
}

/** The assertion JumpCloud issues for the user: NameID from `config.subjectField` (email by default), then each statement. */
function assertionFor(user: DirectoryUser, settings: Readonly<Record<string, AttributeValue>>): SamlAssertion {
  const subject = String(settings['config.subjectField'] ?? 'email');
  const value = (source: string) => scalarSource(user, source);
  const withValue = (name: string, source: string | undefined, found: string | undefined): SamlAttribute => ({
    name,
    ...(source !== undefined ? { source } : {}),
    ...(found !== undefined ? { value: found } : {}),
  });
  const attributes: SamlAttribute[] = [];
  for (const [key, setting] of Object.entries(settings)) {
    if (key.startsWith('attributes.')) attributes.push(withValue(key.slice('attributes.'.length), String(setting), value(String(setting))));
    else if (key.startsWith('constantAttributes.')) attributes.push(withValue(key.slice('constantAttributes.'.length), undefined, String(setting)));
  }
  attributes.sort((a, b) => compareText(a.name, b.name));
  return { nameId: withValue('NameID', subject, value(subject)), attributes };
}

/**
 * How an account relates to the user: `linked` by its externalId, `matches` when it carries the
 * user's mapped userName, work email or IdP email (the keys ownership.ts matches on), else none.
 */
export function accountRelation(user: DirectoryUser, provisioning: DesiredProvisioning): (account: TargetAccount) => AccountView['relation'] | undefined {
  const mapped = mapUser(user, provisioning.mappings, provisioning.rules).attributes;
  const keys = new Set([mapped['userName'], mapped[WORK_EMAIL_PATH], user.email].filter((k): k is string => typeof k === 'string').map((k) => k.toLowerCase()));
  return (account) => (account.externalId === user.id ? 'linked' : accountKeys(account).some((k) => keys.has(k)) ? 'matches' : undefined);
}

function accountsOf(user: DirectoryUser, provisioning: DesiredProvisioning, accounts: readonly TargetAccount[]): AccountView[] {
  const relationOf = accountRelation(user, provisioning);
  const isManaged = (path: string) => isManagedPath(path, provisioning.mappings, provisioning.rules);
  return accounts.flatMap((account): AccountView[] => {
    const relation = relationOf(account);
    if (!relation) return [];
    return [
      {
        id: account.id,
        userName: account.userName,
        state: account.state,
        ...(account.externalId !== undefined ? { externalId: account.externalId } : {}),
        relation,
        attributes: managedSnapshot(account, isManaged),
      },
    ];
  });
}

/** The plan's account changes about this user: by the IdP id they carry, or the account they touch. */
function changesFor(user: DirectoryUser, app: string, accounts: readonly AccountView[], changes: readonly Change[]): Change[] {
  const ids = new Set(accounts.map((a) => a.id));
  return changes.filter(
    (c) =>
      c.app === app &&
      c.kind === 'scim_user' &&
      (c.after?.['externalId'] === user.id || c.before?.['externalId'] === user.id || c.steps.some((s) => 'id' in s && ids.has(s.id))),
  );
}

/** The IdP group a target group is provisioned from: by the externalId Roster gives it, else by the displayName the configuration gives it. */
function idpGroupOf(app: DesiredApplication, directory: Directory, displayName: string, externalId: string | undefined): UserGroup | undefined {
  if (externalId !== undefined) {
    const byId = directory.groups.find((g) => g.id === externalId);
    if (byId) return byId;
  }
  const settings = app.provisioning?.groups ?? DEFAULT_GROUPS;
  return directory.groups.find((g) => targetDisplayName(settings, g.name) === displayName);
}

const stringValue = (value: AttributeValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** The group a change is about, today: its step's id, else its displayName before the change. */
function changeTarget(change: Change, groups: readonly TargetGroup[]): TargetGroup | undefined {
  const ids = new Set(change.steps.flatMap((s) => ('id' in s ? [s.id] : [])));
  const before = stringValue(change.fields.find((f) => f.path === 'displayName')?.before) ?? stringValue(change.before?.['displayName']);
  const externalId = stringValue(change.before?.['externalId']) ?? stringValue(change.after?.['externalId']);
  return (
    groups.find((g) => ids.has(g.id)) ??
    (before !== undefined ? groups.find((g) => g.displayName === before) : undefined) ??
    (externalId !== undefined ? groups.find((g) => g.externalId === externalId) : undefined)
  );
}

function membershipsFor(
  user: DirectoryUser,
  app: DesiredApplication,
  input: ExplainInput,
  who: {
    readonly access: AccessVerdict;
    readonly userNames: ReadonlySet<string>;
    readonly accountIds: ReadonlySet<string>;
    /** The user has an account Roster manages once the plan is applied (linked, adopted or created). */
    readonly willHaveAccount: boolean;
    /** The plan deletes the user's account: it leaves its groups with it (no removal is planned). */
    readonly accountDeleted: boolean;
  },
): GroupMembership[] | undefined {
  const changes = input.changes.filter((c) => c.app === app.name && c.kind === 'scim_group');
  const groups = input.targetGroups?.[app.name] ?? [];
  if (changes.length === 0 && groups.length === 0) return undefined;
  const named = (names: readonly string[] | undefined) => (names ?? []).some((n) => who.userNames.has(n.toLowerCase()));
  const pairs: Array<{ readonly group?: TargetGroup; readonly change?: Change }> = [];
  const changed = new Set<TargetGroup>();
  for (const change of changes) {
    const group = changeTarget(change, groups);
    if (group) changed.add(group);
    pairs.push({ ...(group ? { group } : {}), change });
  }
  for (const group of groups) if (!changed.has(group)) pairs.push({ group });

  const memberships = pairs.flatMap(({ group, change }): GroupMembership[] => {
    const field = change?.fields.find((f) => f.path === 'displayName');
    const before = group?.displayName ?? stringValue(field?.before) ?? stringValue(change?.before?.['displayName']);
    const deleted = change !== undefined && (change.action === 'delete' || change.blockedAction === 'delete');
    const after = deleted ? before : (stringValue(field?.after) ?? stringValue(change?.after?.['displayName']) ?? before);
    const displayName = after ?? change?.address.slice(`${app.name}/group/`.length) ?? '';
    const externalId = stringValue(change?.after?.['externalId']) ?? stringValue(change?.before?.['externalId']) ?? group?.externalId;
    const idp = idpGroupOf(app, input.directory, displayName, externalId);
    const member = idp?.members.find((m) => m.userId === user.id);
    const path = idp && member ? { group: idp.name, via: member.via } : undefined;
    // Without the target's groups, a group the plan neither adds the user to nor removes them from
    // holds them when they should be in it (the plan would add them otherwise): when they are in
    // its IdP group, with active access (the only members diff-groups.ts gives a group), and an account.
    const now = group ? (group.members ?? []).some((id) => who.accountIds.has(id)) : change?.action !== 'create' && path !== undefined && who.access.kind === 'granted' && who.willHaveAccount;
    const removed = named(change?.members?.removed) || (now && (deleted || who.accountDeleted));
    const added = !removed && named(change?.members?.added);
    const status = removed ? 'leaves' : added ? 'joins' : now ? 'member' : undefined;
    if (!status) return [];
    const cause =
      status !== 'leaves'
        ? undefined
        : deleted
          ? `the group is deleted (${change!.reason.message})`
          : who.accountDeleted
            ? `the account is deleted, and leaves its groups with it`
            : idp && !member
              ? `no longer a member of IdP group ${idp.name}`
              : who.access.kind === 'inactive'
                ? `the account is kept inactive: only users with active access are members`
                : who.access.kind !== 'granted'
                  ? `no access to ${app.name}`
                  : change!.reason.message;
    return [
      {
        displayName,
        ...(before !== undefined && before !== displayName ? { renamedFrom: before } : {}),
        status,
        ...(path ? { path } : {}),
        ...(idp ? { idpGroup: idp.name } : {}),
        ...(change ? { address: change.address } : {}),
        ...(change?.action === 'skip' ? { blocked: { problems: change.problems.map((p) => p.message) } } : {}),
        ...(cause !== undefined ? { cause } : {}),
      },
    ];
  });
  return memberships.sort((a, b) => compareText(a.displayName, b.displayName));
}

export function explainUser(input: ExplainInput): Explanation {
  const { user } = input;
  const applications = input.applications.map((app): AppExplanation => {
    const access = verdict(app, input);
    const hasAccess = access.kind === 'granted' || access.kind === 'inactive';
    const provisioning = app.provisioning?.enabled ? app.provisioning : undefined;
    let scim: AppExplanation['scim'];
    if (provisioning && hasAccess) {
      const mapped = mapUser(user, provisioning.mappings, provisioning.rules);
      const attributes = { ...mapped.attributes, externalId: user.id, active: access.kind === 'granted' };
      scim = { resource: { schemas: schemasFor(attributes), ...unflattenAttributes(attributes) }, omissions: mapped.omissions };
    }
    const accounts = provisioning ? accountsOf(user, provisioning, input.accounts[app.name] ?? []) : [];
    const changes = changesFor(user, app.name, accounts, input.changes);
    const groups = provisioning
      ? membershipsFor(user, app, input, {
          userNames: new Set(
            [...accounts.map((a) => a.userName), mapUser(user, provisioning.mappings, provisioning.rules).attributes['userName'], ...changes.map((c) => c.after?.['userName'])]
              .filter((n): n is string => typeof n === 'string')
              .map((n) => n.toLowerCase()),
          ),
          accountIds: new Set(accounts.map((a) => a.id)),
          willHaveAccount: accounts.some((a) => a.relation === 'linked') || changes.some((c) => c.action !== 'skip' && c.after !== undefined),
          accountDeleted: changes.some((c) => c.action === 'delete'),
          access,
        })
      : undefined;
    return {
      app: app.name,
      access,
      ...(scim ? { scim } : {}),
      ...(app.sso?.enabled && access.kind === 'granted' ? { saml: assertionFor(user, app.sso.settings) } : {}),
      accounts,
      changes,
      provisioned: provisioning !== undefined,
      ...(groups ? { groups } : {}),
    };
  });
  return {
    user: { id: user.id, username: user.username, email: user.email, state: user.state, suspended: user.suspended, passwordExpired: user.passwordExpired },
    applications,
  };
}

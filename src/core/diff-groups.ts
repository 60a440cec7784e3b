/**
 * Group changes for one application: the IdP groups the configuration provisions (`provisioning.
 * groups`) against the target's groups (RFC 7643 §4.2).
 *
 * Ownership mirrors accounts (ownership.ts): a target group is Roster's when its externalId is the
 * id of an IdP group. So a group renamed in the IdP keeps its target group (an `update` of its
 * displayName, never a second group). A group without externalId whose displayName is the one
 * Roster would give is adopted; a group of that name owned by someone else blocks the create.
 * A group Roster owns whose IdP group is no longer provisioned is deleted (`--allow
 * delete-group:<app>`). Groups have no `active` attribute (RFC 7643 §4.2), so the deprovision
 * policy does not apply to them.
 *
 * Membership is planned as deltas, and only over accounts Roster manages: members the target
 * group holds that are not Roster's accounts are never removed. A member is a user with active
 * access who is in the IdP group, directly or nested; one whose account this plan creates is
 * referred to by userName and added after its create. Accounts this plan deletes leave their
 * groups with them: no removal is planned for them.
 */
import { groupAddress } from './address.js';
import type { Change, FieldDiff, MemberRef, Step } from './change.js';
import { DEFAULT_GROUP_BATCH_SIZE, type DesiredApplication, type DesiredGroups } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import { digestOf } from './digest.js';
import type { Directory, TargetAccount, TargetGroup, UserGroup } from './model.js';
import { compareText } from './order.js';

export const DEFAULT_GROUPS: DesiredGroups = { mode: 'bound', names: [], displayNames: {}, displayNameTemplate: '{group}', batchSize: DEFAULT_GROUP_BATCH_SIZE };

export interface GroupPlanInput {
  readonly app: DesiredApplication;
  readonly directory: Directory;
  readonly groups: readonly TargetGroup[];
  readonly accounts: readonly TargetAccount[];
  /** userId → the account of each user with active access (planAccounts' `members`). */
  readonly members: ReadonlyMap<string, MemberRef>;
  /** Accounts Roster owns: the only members a group change removes. */
  readonly managedIds: ReadonlySet<string>;
  /** Accounts this plan deletes. */
  readonly deletedIds: ReadonlySet<string>;
  /** Whether an externalId has the shape of an IdP object id: a group carrying one that names no provisioned group was Roster's. */
  readonly isIdpId?: (id: string) => boolean;
}

export interface GroupPlan {
  readonly changes: Change[];
  readonly diagnostics: Diagnostic[];
  /** The IdP groups the configuration provisions that exist in the directory, by target displayName. */
  readonly provisioned: ReadonlyMap<string, UserGroup>;
}

/** The displayName a provisioned IdP group gets in the target. */
export function targetDisplayName(groups: DesiredGroups, name: string): string {
  return groups.displayNames[name] ?? groups.displayNameTemplate.split('{group}').join(name);
}

/**
 * The digest of a group as read: what a change's precondition holds it to. A delete is held to the
 * group's name and owner only (`withMembers: false`): its members are not read for the plan.
 */
export function groupDigest(group: TargetGroup, withMembers = true): string {
  const identity = { displayName: group.displayName, externalId: group.externalId ?? null };
  return digestOf(withMembers ? { ...identity, members: [...(group.members ?? [])].sort() } : identity);
}

/** Groups nested in the application's bound groups, by name: those a listed group may be besides the bound ones. */
function nestedGroupNames(directory: Directory, bound: readonly string[]): Set<string> {
  const names = new Set<string>();
  const bySelf = new Set(bound);
  for (const group of directory.groups) {
    if (!bySelf.has(group.name)) continue;
    for (const member of group.members) for (const via of member.via) names.add(via);
  }
  return names;
}

/** The IdP group names the configuration provisions, and the problems of those it cannot. */
function selectedGroups(app: DesiredApplication, groups: DesiredGroups, directory: Directory): { names: string[]; diagnostics: Diagnostic[] } {
  if (groups.mode === 'none') return { names: [], diagnostics: [] };
  if (groups.mode === 'bound') return { names: [...app.groups], diagnostics: [] };
  const nested = nestedGroupNames(directory, app.groups);
  const diagnostics: Diagnostic[] = [];
  const names: string[] = [];
  for (const name of groups.names) {
    if (app.groups.includes(name) || nested.has(name)) {
      names.push(name);
      continue;
    }
    const origin = groups.origins?.[name];
    diagnostics.push({
      severity: 'error',
      code: 'groups.not-in-access',
      message: `${app.name}: provisioning.groups lists "${name}", which is neither bound to the application nor nested in a bound group: its members have no access`,
      hint: `bind "${name}" in applications.${app.name}.groups, or remove it from provisioning.groups`,
      ...(origin ? { origin } : {}),
      path: `applications.${app.name}.provisioning.groups`,
    });
  }
  return { names, diagnostics };
}

const byUserName = (a: MemberRef, b: MemberRef) => compareText(a.userName, b.userName);

export function planGroups(input: GroupPlanInput): GroupPlan {
  const { app, directory } = input;
  const name = app.name;
  const groups = app.provisioning?.groups ?? DEFAULT_GROUPS;
  const { names, diagnostics } = selectedGroups(app, groups, directory);
  const idpGroups = new Map(directory.groups.map((g) => [g.name, g]));
  const accountNames = new Map(input.accounts.map((a) => [a.id, a.userName]));
  const byExternalId = new Map<string, TargetGroup>();
  for (const group of input.groups) if (group.externalId !== undefined && !byExternalId.has(group.externalId)) byExternalId.set(group.externalId, group);
  const byDisplayName = new Map<string, TargetGroup[]>();
  for (const group of input.groups) {
    const key = group.displayName.toLowerCase();
    byDisplayName.set(key, [...(byDisplayName.get(key) ?? []), group]);
  }

  const changes: Change[] = [];
  const provisioned = new Map<string, UserGroup>();
  const provisionedIds = new Set<string>();
  const displayNamesTaken = new Map<string, string>();
  for (const groupName of names) {
    const idpGroup = idpGroups.get(groupName);
    // A bound group the IdP lacks is reported with the bindings (plan.ts): accounts are not planned either.
    if (!idpGroup) continue;
    const displayName = targetDisplayName(groups, groupName);
    const other = displayNamesTaken.get(displayName.toLowerCase());
    if (other !== undefined) {
      diagnostics.push({
        severity: 'error',
        code: 'groups.same-display-name',
        message: `${name}: IdP groups "${other}" and "${groupName}" would both be the target group "${displayName}"`,
        hint: 'give one of them another displayName under provisioning.groups',
        path: `applications.${name}.provisioning.groups`,
      });
      continue;
    }
    displayNamesTaken.set(displayName.toLowerCase(), groupName);
    provisioned.set(displayName, idpGroup);
    provisionedIds.add(idpGroup.id);
    const desired = desiredMembers(idpGroup, input.members);
    const owned = byExternalId.get(idpGroup.id);
    const sameName = (byDisplayName.get(displayName.toLowerCase()) ?? []).filter((g) => g !== owned);
    const change = owned
      ? existingGroupChange(owned, false)
      : sameName.length === 1 && sameName[0]!.externalId === undefined
        ? existingGroupChange(sameName[0]!, true)
        : sameName.length > 0
          ? blockedCreate(sameName)
          : createChange();
    if (change) changes.push(change);

    function createChange(): Change {
      const members = [...desired.values()].sort(byUserName);
      const step: Step = { op: 'scim.group.create', app: name, displayName, externalId: idpGroup!.id, members, batchSize: groups.batchSize };
      return {
        address: groupAddress(name, displayName),
        app: name,
        kind: 'scim_group',
        action: 'create',
        after: { displayName, externalId: idpGroup!.id },
        fields: [{ path: 'displayName', after: displayName }],
        members: { added: members.map((m) => m.userName), removed: [] },
        reason: { code: 'config', message: `IdP group ${groupName} is provisioned to ${name}` },
        precondition: { absent: true },
        steps: [step],
        problems: [],
      };
    }

    function blockedCreate(taken: readonly TargetGroup[]): Change {
      const address = groupAddress(name, displayName);
      return {
        address,
        app: name,
        kind: 'scim_group',
        action: 'skip',
        blockedAction: 'create',
        after: { displayName, externalId: idpGroup!.id },
        fields: [{ path: 'displayName', after: displayName }],
        reason: { code: 'config', message: `IdP group ${groupName} is provisioned to ${name}` },
        steps: [],
        problems: [
          {
            severity: 'error',
            code: 'groups.name-taken',
            message:
              taken.length === 1
                ? `the target already has a group "${taken[0]!.displayName}" that is not Roster's (externalId ${JSON.stringify(taken[0]!.externalId)})`
                : `the target has ${taken.length} groups named "${displayName}": Roster cannot tell which to adopt`,
            hint: 'give the group another displayName under provisioning.groups, or clear the existing group’s externalId so that Roster adopts it',
            address,
          },
        ],
      };
    }

    function existingGroupChange(group: TargetGroup, adopting: boolean): Change | undefined {
      const current = new Set(group.members ?? []);
      const add = [...desired.values()].filter((m) => m.id === undefined || !current.has(m.id)).sort(byUserName);
      const wanted = new Set([...desired.values()].flatMap((m) => (m.id ? [m.id] : [])));
      const remove = [...current]
        .filter((id) => input.managedIds.has(id) && !wanted.has(id) && !input.deletedIds.has(id))
        .map((id) => ({ id, userName: accountNames.get(id) ?? id }))
        .sort(byUserName);
      const fields: FieldDiff[] = [];
      if (adopting) fields.push({ path: 'externalId', after: idpGroup!.id });
      if (group.displayName !== displayName) fields.push({ path: 'displayName', before: group.displayName, after: displayName });
      if (fields.length === 0 && add.length === 0 && remove.length === 0) return undefined;
      const step: Step = {
        op: 'scim.group.update',
        app: name,
        id: group.id,
        displayName: group.displayName,
        ...(group.displayName !== displayName ? { rename: displayName } : {}),
        ...(adopting ? { externalId: idpGroup!.id } : {}),
        add,
        remove,
        batchSize: groups.batchSize,
      };
      const renamed = group.displayName !== displayName ? ` (renamed from ${group.displayName})` : '';
      return {
        address: groupAddress(name, displayName),
        app: name,
        kind: 'scim_group',
        action: adopting ? 'adopt' : 'update',
        before: { displayName: group.displayName, ...(group.externalId !== undefined ? { externalId: group.externalId } : {}) },
        after: { displayName, externalId: idpGroup!.id },
        fields,
        members: { added: add.map((m) => m.userName), removed: remove.map((m) => m.userName) },
        reason: adopting
          ? { code: 'matched', message: `an unowned group has the displayName of IdP group ${groupName}` }
          : { code: 'drift', message: `IdP group ${groupName}${renamed}: the target group differs from its members with access` },
        precondition: { ...(group.version ? { version: group.version } : {}), digest: groupDigest(group) },
        steps: [step],
        problems: [],
      };
    }
  }

  // Groups Roster owns whose IdP group is no longer provisioned (unlisted, unbound or deleted from the IdP).
  for (const group of input.groups) {
    const externalId = group.externalId;
    if (externalId === undefined || provisionedIds.has(externalId) || !input.isIdpId?.(externalId)) continue;
    if (byExternalId.get(externalId) !== group) continue;
    changes.push({
      address: groupAddress(name, group.displayName),
      app: name,
      kind: 'scim_group',
      action: 'delete',
      before: { displayName: group.displayName, externalId },
      fields: [{ path: 'displayName', before: group.displayName }],
      reason: { code: 'config', message: `the IdP group behind it is no longer provisioned to ${name}` },
      precondition: { ...(group.version ? { version: group.version } : {}), digest: groupDigest(group, false) },
      steps: [{ op: 'scim.group.delete', app: name, id: group.id, displayName: group.displayName }],
      problems: [],
    });
  }
  changes.sort((a, b) => compareText(a.address, b.address));
  return { changes, diagnostics, provisioned };
}

/** The members a provisioned group should have: its (flattened) members with active access, by userId. */
function desiredMembers(group: UserGroup, members: ReadonlyMap<string, MemberRef>): Map<string, MemberRef> {
  const desired = new Map<string, MemberRef>();
  for (const member of group.members) {
    const ref = members.get(member.userId);
    if (ref) desired.set(member.userId, ref);
  }
  return desired;
}

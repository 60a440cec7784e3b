/**
 * Reading JumpCloud's directory: users (v1 /systemusers), user groups (v2 /usergroups) and the
 * nested membership of the groups a plan needs (v2 /usergroups/{id}/membership, direct and
 * indirect members with their paths), docs/vendors/jumpcloud.md §4–5.
 */
import type { DirectoryUser, GroupMember } from '../../core/model.js';
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient } from '../http/client.js';
import { forEachV1Page, forEachV2Page, readV2List } from './paging.js';
import { graphObjectWithPathsSchema, systemUserSchema, userGroupSchema, type SystemUser } from './wire.js';

/** The user fields Roster reads (v1 `fields` is space-separated), so that pages stay small. */
const USER_FIELDS = '_id username email firstname lastname department addresses phoneNumbers attributes state suspended password_expired';
const MEMBERSHIP_CONCURRENCY = 4;

function toDirectoryUser(user: SystemUser): DirectoryUser {
  const attributes: Record<string, string> = {};
  for (const attribute of user.attributes ?? []) {
    if (attribute.value !== undefined && attribute.value !== null) attributes[attribute.name] = String(attribute.value);
  }
  const state = user.state ?? 'ACTIVATED';
  return {
    id: user._id,
    username: user.username,
    email: user.email,
    ...(user.firstname ? { firstname: user.firstname } : {}),
    ...(user.lastname ? { lastname: user.lastname } : {}),
    ...(user.department ? { department: user.department } : {}),
    addresses: (user.addresses ?? []).map((a) => ({
      type: a.type ?? 'work',
      ...(a.streetAddress ? { streetAddress: a.streetAddress } : {}),
      ...(a.locality ? { locality: a.locality } : {}),
      ...(a.region ? { region: a.region } : {}),
      ...(a.postalCode ? { postalCode: a.postalCode } : {}),
      ...(a.country ? { country: a.country } : {}),
    })),
    // Phone numbers carry `number`, not `value` (§5).
    phoneNumbers: (user.phoneNumbers ?? []).filter((p) => p.number).map((p) => ({ type: p.type ?? 'work', number: p.number! })),
    attributes,
    state,
    suspended: user.suspended ?? state === 'SUSPENDED',
    passwordExpired: user.password_expired ?? false,
  };
}

/** Every user; `onPage` is handed each page converted, while later pages are still arriving. */
export async function readUsers(http: HttpClient, onPage?: (users: readonly DirectoryUser[]) => void): Promise<DirectoryUser[]> {
  const users: DirectoryUser[] = [];
  await forEachV1Page(http, '/api/systemusers', systemUserSchema, { fields: USER_FIELDS }, (page) => {
    const converted = page.map(toDirectoryUser);
    for (const user of converted) users.push(user);
    onPage?.(converted);
  });
  return users;
}

export interface GroupRef {
  readonly id: string;
  readonly name: string;
}

export async function readGroups(http: HttpClient): Promise<GroupRef[]> {
  const groups = await readV2List(http, '/api/v2/usergroups', userGroupSchema, (g) => g.id, { sort: 'name' });
  return groups.map((g) => ({ id: g.id, name: g.name }));
}

/**
 * Members of a group, direct or nested. A path's connections lead from the group to the user;
 * the groups in between are the nesting (`via`).
 */
async function readMembership(http: HttpClient, groupId: string, groupNames: ReadonlyMap<string, string>, onPage?: (members: readonly GroupMember[]) => void): Promise<GroupMember[]> {
  // Converted page by page: the graph objects and their paths are not kept.
  const members: GroupMember[] = [];
  await forEachV2Page(http, `/api/v2/usergroups/${encodeURIComponent(groupId)}/membership`, graphObjectWithPathsSchema, (m) => `${m.type}:${m.id}`, {}, (page) => {
    const converted: GroupMember[] = [];
    for (const m of page) {
      if (m.type !== 'user') continue;
      const via: string[] = [];
      for (const { to } of (m.paths ?? [])[0] ?? []) if (to.type === 'user_group' && to.id !== groupId) via.push(groupNames.get(to.id) ?? to.id);
      converted.push({ userId: m.id, via });
    }
    for (const member of converted) members.push(member);
    onPage?.(converted);
  });
  return members;
}

/** Members of each group, read concurrently; `onPage` is handed each page converted, with its group. */
export async function readMemberships(
  http: HttpClient,
  groups: readonly GroupRef[],
  groupNames: ReadonlyMap<string, string>,
  onPage?: (group: GroupRef, members: readonly GroupMember[]) => void,
): Promise<GroupMember[][]> {
  return mapConcurrent(groups, MEMBERSHIP_CONCURRENCY, (group) => readMembership(http, group.id, groupNames, onPage && ((members) => onPage(group, members))));
}

/**
 * Reading JumpCloud's directory: users (v1, paged by 100 sorted by _id, jumpcloud-api.md §1),
 * user groups (v2) and the nested membership of the groups a plan needs (v2 /membership).
 */
import type { Directory, DirectoryUser, GroupMember, UserGroup } from '../../core/model.js';
import type { HttpClient } from '../http/client.js';
import { z } from 'zod';
import { graphObjectWithPathsSchema, systemUserSchema, userGroupSchema, v1List, type SystemUser } from './wire.js';

/** Documented maximum page size of v1 and v2 lists (jumpcloud-api.md §1). */
export const PAGE_SIZE = 100;

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
    phoneNumbers: (user.phoneNumbers ?? []).filter((p) => p.number).map((p) => ({ type: p.type ?? 'work', number: p.number! })),
    attributes,
    state,
    suspended: user.suspended ?? state === 'SUSPENDED',
    passwordExpired: user.password_expired ?? false,
  };
}

export async function readUsers(http: HttpClient): Promise<DirectoryUser[]> {
  const users: DirectoryUser[] = [];
  const schema = v1List(systemUserSchema);
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await http.json({ method: 'GET', path: '/api/systemusers', query: { limit: PAGE_SIZE, skip, sort: '_id' } }, schema);
    users.push(...page.results.map(toDirectoryUser));
    if (page.results.length < PAGE_SIZE || skip + PAGE_SIZE >= page.totalCount) break;
  }
  return users;
}

/** Pages a v2 list (bare arrays): stop at the first page shorter than the limit. */
export async function readV2List<T>(http: HttpClient, path: string, item: z.ZodType<T>, query: Record<string, string> = {}): Promise<T[]> {
  const all: T[] = [];
  const schema = z.array(item);
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await http.json({ method: 'GET', path, query: { ...query, limit: PAGE_SIZE, skip } }, schema);
    all.push(...page);
    if (page.length < PAGE_SIZE) break;
  }
  return all;
}

export async function readGroups(http: HttpClient): Promise<Array<{ id: string; name: string }>> {
  const groups = await readV2List(http, '/api/v2/usergroups', userGroupSchema, { sort: 'name' });
  return groups.map((g) => ({ id: g.id, name: g.name }));
}

/**
 * Members of a group, direct or nested. A path's connections lead from the group to the user;
 * the groups in between are the nesting (`via`).
 */
export async function readMembership(http: HttpClient, groupId: string, groupNames: ReadonlyMap<string, string>): Promise<GroupMember[]> {
  const members = await readV2List(http, `/api/v2/usergroups/${encodeURIComponent(groupId)}/membership`, graphObjectWithPathsSchema);
  return members
    .filter((m) => m.type === 'user')
    .map((m) => {
      const path = (m.paths ?? [])[0] ?? [];
      const via = path
        .map((connection) => connection.to)
        .filter((to) => to.type === 'user_group' && to.id !== groupId)
        .map((to) => groupNames.get(to.id) ?? to.id);
      return { userId: m.id, via };
    });
}

export async function readDirectory(http: HttpClient, groupNamesNeeded: readonly string[]): Promise<Directory> {
  const [users, allGroups] = await Promise.all([readUsers(http), readGroups(http)]);
  const names = new Map(allGroups.map((g) => [g.id, g.name]));
  const needed = new Set(groupNamesNeeded);
  const groups: UserGroup[] = [];
  for (const group of allGroups) {
    if (!needed.has(group.name)) continue;
    groups.push({ id: group.id, name: group.name, members: await readMembership(http, group.id, names) });
  }
  return { users, groups };
}

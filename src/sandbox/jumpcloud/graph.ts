import type { DirectoryStore } from './directory-store.js';
import type { Page } from './query.js';

/** docs/vendors/jumpcloud.md §3 "JumpCloud Graph" shapes (spec `GraphObject`, `GraphConnection`, `GraphObjectWithPaths`). */
export interface GraphObject {
  id: string;
  type: string;
}
export interface GraphConnection {
  from?: GraphObject;
  to: GraphObject;
}
export interface GraphObjectWithPaths {
  id: string;
  type: string;
  paths: GraphConnection[][];
}

const group = (id: string): GraphObject => ({ id, type: 'user_group' });

/**
 * Every group reachable from `starts` through group-in-group edges, with each path that leads to
 * it. A start carries the edges before it (e.g. application → group). A path never visits a group
 * twice, so a nesting cycle ends instead of looping.
 */
export function reachableGroups(directory: DirectoryStore, starts: { groupId: string; prefix: GraphConnection[] }[]): Map<string, GraphConnection[][]> {
  const children = new Map<string, string[]>();
  for (const { parent, child } of directory.subgroupEdges()) children.set(parent, [...(children.get(parent) ?? []), child]);
  const reach = new Map<string, GraphConnection[][]>();
  const visit = (groupId: string, path: GraphConnection[], seen: Set<string>): void => {
    reach.set(groupId, [...(reach.get(groupId) ?? []), path]);
    for (const child of children.get(groupId) ?? []) {
      if (seen.has(child)) continue;
      visit(child, [...path, { from: group(groupId), to: group(child) }], new Set([...seen, child]));
    }
  };
  for (const start of starts) visit(start.groupId, start.prefix, new Set([start.groupId]));
  return reach;
}

/**
 * One page of the users in any reachable group (direct or nested), each with every path to it:
 * the group path followed by the group → user edge (spec `graph_userGroupMembership`: "all users,
 * including nested").
 */
export function usersWithPaths(directory: DirectoryStore, reach: Map<string, GraphConnection[][]>, page: Page): GraphObjectWithPaths[] {
  const groupIds = [...reach.keys()];
  const userIds = directory.usersInGroups(groupIds, page);
  const byUser = new Map<string, GraphConnection[][]>(userIds.map((id) => [id, []]));
  for (const { userId, groupId } of directory.directGroupsOf(userIds, groupIds)) {
    const edge: GraphConnection = { from: group(groupId), to: { id: userId, type: 'user' } };
    for (const path of reach.get(groupId) ?? []) byUser.get(userId)?.push([...path, edge]);
  }
  return userIds.map((id) => ({ id, type: 'user', paths: byUser.get(id) ?? [] }));
}

import { isRecord, json, noContent, parseJsonBody, type SandboxRequest } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import { GROUP_COLUMNS, type DirectoryStore, type UserGroup } from './directory-store.js';
import { badRequest, conflict, notFound } from './errors.js';
import { reachableGroups, usersWithPaths } from './graph.js';
import { orderBy, pickFields, readPage, v2Filter } from './query.js';

const METHODS = ['NOTSET', 'STATIC', 'DYNAMIC_REVIEW_REQUIRED', 'DYNAMIC_AUTOMATED'];

/**
 * A user group from a `UserGroupPost`/`UserGroupPut` body. PUT is a "full update"
 * (docs/vendors/jumpcloud.md §4), so every field not sent returns to its default.
 */
export function buildUserGroup(id: string, body: unknown): UserGroup {
  if (!isRecord(body)) throw badRequest('The request body must be a JSON object.');
  if (typeof body.name !== 'string' || body.name.trim() === '') throw badRequest('name is required');
  const text = (key: string): string => {
    const value = body[key] ?? '';
    if (typeof value !== 'string') throw badRequest(`${key} must be a string`);
    return value;
  };
  const flag = (key: string): boolean => {
    const value = body[key] ?? false;
    if (typeof value !== 'boolean') throw badRequest(`${key} must be a boolean`);
    return value;
  };
  // Dynamic membership would need the member query evaluated; the sandbox keeps static groups only.
  if (body.memberQuery !== undefined) throw badRequest('memberQuery (dynamic membership) is not supported by the sandbox');
  const method = body.membershipMethod ?? 'STATIC';
  if (typeof method !== 'string' || !METHODS.includes(method)) throw badRequest(`membershipMethod must be one of ${METHODS.join(', ')}`);
  const attributes = body.attributes ?? {};
  if (!isRecord(attributes)) throw badRequest('attributes must be an object');
  const exemptions = body.memberQueryExemptions ?? [];
  if (!Array.isArray(exemptions)) throw badRequest('memberQueryExemptions must be an array');
  return {
    id,
    name: body.name,
    type: 'user_group',
    description: text('description'),
    email: text('email'),
    attributes,
    membershipMethod: method,
    membershipAutomated: flag('membershipAutomated'),
    memberQueryExemptions: exemptions,
    memberSuggestionsNotify: flag('memberSuggestionsNotify'),
    suggestionCounts: { add: 0, remove: 0, total: 0 },
  };
}

/** v2 `/api/v2/usergroups`, `/members` and `/membership` (docs/vendors/jumpcloud.md §4). Lists are bare arrays. */
export function registerUserGroups(router: Router, ctx: SandboxContext, directory: DirectoryStore): void {
  const load = (req: SandboxRequest): UserGroup => {
    const found = directory.getGroup(req.params.id ?? '');
    if (!found) throw notFound('User group');
    return found;
  };
  /** Not documented: duplicate group names. The sandbox refuses them with 409, as names identify groups. */
  const checkName = (candidate: UserGroup): void => {
    if (directory.groupNameTaken(candidate.name, candidate.id)) throw conflict(`A user group named "${candidate.name}" already exists`);
  };

  router.add('GET', '/api/v2/usergroups', (req) => {
    const { groups } = directory.listGroups(v2Filter(req.query, GROUP_COLUMNS), orderBy(req.query, ',', GROUP_COLUMNS, 'id'), readPage(req.query));
    return json(200, groups.map((g) => pickFields(g, req.query, ',', 'id')));
  });

  router.add('POST', '/api/v2/usergroups', (req) => {
    const created = buildUserGroup(ctx.ids.next(ctx.now() / 1000), parseJsonBody(req));
    checkName(created);
    directory.saveGroup(created);
    return json(201, created);
  });

  router.add('GET', '/api/v2/usergroups/:id', (req) => json(200, load(req)));

  router.add('PUT', '/api/v2/usergroups/:id', (req) => {
    const updated = buildUserGroup(load(req).id, parseJsonBody(req));
    checkName(updated);
    directory.saveGroup(updated);
    return json(200, updated);
  });

  /** The spec allows 200 with the group or 204; the sandbox returns the deleted group. */
  router.add('DELETE', '/api/v2/usergroups/:id', (req) => {
    const deleted = load(req);
    directory.deleteGroup(deleted.id);
    return json(200, deleted);
  });

  /** Direct user members as `GraphConnection` (`from` omitted: "clear from context", spec). */
  router.add('GET', '/api/v2/usergroups/:id/members', (req) => {
    const found = load(req);
    const ids = directory.listMembers(found.id, 'user', readPage(req.query));
    return json(200, ids.map((id) => ({ to: { id, type: 'user' } })));
  });

  /**
   * `GraphOperation-UserGroup-Member` `{op, type: "user", id}` → 204. Not documented what adding an
   * existing member or removing a missing one returns (docs/vendors/jumpcloud.md §3 infers 409/404); the
   * sandbox answers exactly that: 409 and 404. `update` only checks that the edge exists.
   */
  router.add('POST', '/api/v2/usergroups/:id/members', (req) => {
    const found = load(req);
    const op = readGraphOperation(parseJsonBody(req), ['user']);
    if (!directory.getUser(op.id)) throw notFound('User');
    const present = directory.hasMember(found.id, 'user', op.id);
    if (op.op === 'add') {
      if (present) throw conflict('User is already a member of this group');
      directory.addMember(found.id, 'user', op.id);
    } else {
      if (!present) throw notFound('Membership');
      if (op.op === 'remove') directory.removeMember(found.id, 'user', op.id);
    }
    return noContent();
  });

  /** All users, direct and through nested groups, each with its `paths` (`GraphObjectWithPaths[]`). */
  router.add('GET', '/api/v2/usergroups/:id/membership', (req) => {
    const found = load(req);
    if (req.query.getAll('filter').some((f) => f !== '' && f !== '[]')) throw badRequest('filter is not supported by the sandbox on this route');
    return json(200, usersWithPaths(directory, reachableGroups(directory, [{ groupId: found.id, prefix: [] }]), readPage(req.query)));
  });
}

/** docs/vendors/jumpcloud.md §3 `GraphOperation`: `id` and `op` (add|remove|update) required, `type` from an enum. */
export function readGraphOperation(body: unknown, types: string[]): { op: 'add' | 'remove' | 'update'; type: string; id: string } {
  if (!isRecord(body)) throw badRequest('The request body must be a JSON object.');
  const { op, type, id } = body;
  if (op !== 'add' && op !== 'remove' && op !== 'update') throw badRequest('op must be one of add, remove, update');
  if (typeof type !== 'string' || !types.includes(type)) throw badRequest(`type must be one of ${types.join(', ')}`);
  if (typeof id !== 'string' || id === '') throw badRequest('id is required');
  return { op, type, id };
}

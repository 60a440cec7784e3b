import { randomUUID } from 'node:crypto';
import { json, noContent, parseJsonBody, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import { BASE_PATH, GROUP_SCHEMA } from './constants.js';
import { invalidValue, notFound, uniqueness } from './errors.js';
import { compileFilter } from './filter.js';
import { readGroup, toGroupResource } from './group-model.js';
import { planGroupPatch } from './group-patch.js';
import { GROUP_FILTER_ATTRIBUTES, GroupStore, type MembershipChange, type StoredGroup } from './group-store.js';
import { listResponse, pageFromQuery } from './paging.js';
import { readPatchRequest } from './patch-request.js';
import { project, readProjection, returns, type Projection } from './projection.js';
import { searchRequestQuery } from './search-request.js';
import { refusePatchIfOff, type GenericScimSwitches } from './switches.js';
import { UserStore } from './user-store.js';

/** At most this many unknown member ids are named in a 400's detail. */
const NAMED_MISSING = 5;

/** `/Groups` (RFC 7643 §4.2 resource; RFC 7644 §3.3 create, §3.4 query, §3.5 replace and modify, §3.6 delete). */
export function registerGroups(router: Router, ctx: SandboxContext, switches: GenericScimSwitches): void {
  const groups = new GroupStore(ctx.db);
  const users = new UserStore(ctx.db);
  const nowIso = (): string => new Date(ctx.now()).toISOString();
  const projection = (req: SandboxRequest, query = req.query): Projection => readProjection({ ...req, query }, GROUP_SCHEMA, [], switches.get().ignoreExcludedAttributes);

  /** The group as `shape` asks: members are read from the store only when they are returned. */
  const resource = (group: StoredGroup, shape: Projection): Record<string, unknown> =>
    project(toGroupResource(group, returns(shape, 'members') ? groups.members(group.id) : undefined, ctx.baseUrl()), shape);

  const load = (req: SandboxRequest): StoredGroup => {
    const group = groups.get(req.params.id ?? '');
    if (!group) throw notFound('Group', req.params.id ?? '');
    return group;
  };

  /** RFC 7644 §3.3: a displayName already held by another group (case-insensitive) is a 409 `uniqueness`. */
  const refuseDuplicate = (displayName: string, exceptId = ''): void => {
    if (groups.isTaken(displayName, exceptId)) throw uniqueness(`A group with displayName ${displayName} already exists.`);
  };

  /**
   * Every member added must name a user: otherwise 400 `invalidValue` (RFC 7644 §3.12: "A
   * required value was missing, or the value specified was not compatible with the operation")
   * and nothing is written.
   */
  const refuseUnknownMembers = (ids: readonly string[]): void => {
    const known = users.existing(ids);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      const named = missing.slice(0, NAMED_MISSING).join(', ');
      throw invalidValue(`No user has the id given as member value: ${named}${missing.length > NAMED_MISSING ? ` and ${missing.length - NAMED_MISSING} more` : ''}.`);
    }
  };

  const write = (group: StoredGroup, change: MembershipChange, req: SandboxRequest, status: number): SandboxResponse => {
    groups.save(group, change);
    const body = resource(group, projection(req));
    return json(status, body, status === 201 ? { Location: `${ctx.baseUrl()}${BASE_PATH}/Groups/${group.id}` } : undefined);
  };

  const search = (req: SandboxRequest, query: URLSearchParams): SandboxResponse => {
    const page = pageFromQuery(query);
    const where = compileFilter(query.get('filter'), GROUP_FILTER_ATTRIBUTES, GROUP_SCHEMA);
    const shape = projection(req, query);
    const { total, groups: found } = groups.list(where, page.start - 1, page.count);
    return json(200, listResponse(total, page, found.map((g) => resource(g, shape))));
  };

  router.add('GET', `${BASE_PATH}/Groups`, (req) => search(req, req.query));
  router.add('POST', `${BASE_PATH}/Groups/.search`, (req) => search(req, searchRequestQuery(req)));

  /** RFC 7644 §3.3: 201 with the group (members included) and `Location`. */
  router.add('POST', `${BASE_PATH}/Groups`, (req) => {
    const input = readGroup(parseJsonBody(req));
    refuseDuplicate(input.displayName);
    refuseUnknownMembers(input.memberIds);
    const now = nowIso();
    const { memberIds, ...attributes } = input;
    return write({ ...attributes, id: randomUUID(), created: now, lastModified: now }, { add: memberIds, remove: [] }, req, 201);
  });

  /** RFC 7644 §3.4.1: one response holds every member, however many. */
  router.add('GET', `${BASE_PATH}/Groups/:id`, (req) => json(200, resource(load(req), projection(req))));

  /** RFC 7644 §3.5.1: displayName, externalId and members are replaced by what the request holds. */
  router.add('PUT', `${BASE_PATH}/Groups/:id`, (req) => {
    const existing = load(req);
    const input = readGroup(parseJsonBody(req));
    refuseDuplicate(input.displayName, existing.id);
    refuseUnknownMembers(input.memberIds);
    const { memberIds, ...attributes } = input;
    return write({ ...attributes, id: existing.id, created: existing.created, lastModified: nowIso() }, { add: memberIds, remove: 'all' }, req, 200);
  });

  /**
   * RFC 7644 §3.5.2: the operations are applied together (group-patch.ts) and written in one
   * transaction, or not at all. 200 with the group, shaped by `attributes`/`excludedAttributes`
   * (§3.5.2: "subject to the 'attributes' query parameter", §3.9).
   */
  router.add('PATCH', `${BASE_PATH}/Groups/:id`, (req) => {
    refusePatchIfOff(switches);
    const existing = load(req);
    const operations = readPatchRequest(parseJsonBody(req));
    const { attributes, change } = planGroupPatch(existing, groups.memberIds(existing.id), operations);
    if (attributes.displayName !== existing.displayName) refuseDuplicate(attributes.displayName, existing.id);
    refuseUnknownMembers(change.add);
    return write({ ...attributes, id: existing.id, created: existing.created, lastModified: nowIso() }, change, req, 200);
  });

  /** RFC 7644 §3.6: 204. */
  router.add('DELETE', `${BASE_PATH}/Groups/:id`, (req) => {
    const id = req.params.id ?? '';
    if (!groups.delete(id)) throw notFound('Group', id);
    return noContent();
  });
}

import { randomUUID } from 'node:crypto';
import { json, noContent, parseJsonBody, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import { BASE_PATH, ENTERPRISE_SCHEMA, USER_SCHEMA } from './constants.js';
import { notFound, uniqueness } from './errors.js';
import { compileFilter } from './filter.js';
import { listResponse, pageFromQuery } from './paging.js';
import { applyScimPatch, readPatchRequest } from './patch-request.js';
import { project, readProjection, type Projection } from './projection.js';
import { searchRequestQuery } from './search-request.js';
import { refusePatchIfOff, type GenericScimSwitches } from './switches.js';
import { readUser, toUserResource, type UserInput } from './user-model.js';
import { USER_FILTER_ATTRIBUTES, UserStore, type StoredUser } from './user-store.js';

/** `/Users` (RFC 7644 §3.3 create, §3.4 query, §3.5 replace and modify, §3.6 delete). */
export function registerUsers(router: Router, ctx: SandboxContext, switches: GenericScimSwitches): void {
  const users = new UserStore(ctx.db);
  const nowIso = (): string => new Date(ctx.now()).toISOString();
  const resource = (user: StoredUser): Record<string, unknown> => toUserResource(user, ctx.baseUrl());
  const projection = (req: SandboxRequest, query = req.query): Projection =>
    readProjection({ ...req, query }, USER_SCHEMA, [ENTERPRISE_SCHEMA], switches.get().ignoreExcludedAttributes);

  const load = (req: SandboxRequest): StoredUser => {
    const user = users.get(req.params.id ?? '');
    if (!user) throw notFound('User', req.params.id ?? '');
    return user;
  };

  /** RFC 7644 §3.3: a userName already held (compared case-insensitively, RFC 7643 §4.1.1) is a 409 `uniqueness`. */
  const refuseDuplicate = (input: UserInput, exceptId = ''): void => {
    if (users.isTaken(input.userName, exceptId)) throw uniqueness(`A user with userName ${input.userName} already exists.`);
  };

  /**
   * Writes `input` as the whole of `existing` (RFC 7644 §3.5.1: attributes not sent are cleared);
   * `id` and `created` stay. The answer is shaped by `attributes`/`excludedAttributes` (§3.9).
   */
  const replace = (req: SandboxRequest, existing: StoredUser, input: UserInput): SandboxResponse => {
    refuseDuplicate(input, existing.id);
    const user: StoredUser = { ...input, id: existing.id, created: existing.created, lastModified: nowIso() };
    users.save(user);
    return json(200, project(resource(user), projection(req)));
  };

  const search = (req: SandboxRequest, query: URLSearchParams): SandboxResponse => {
    const page = pageFromQuery(query);
    const where = compileFilter(query.get('filter'), USER_FILTER_ATTRIBUTES, USER_SCHEMA);
    const shape = projection(req, query);
    const { total, users: found } = users.list(where, page.start - 1, page.count);
    return json(200, listResponse(total, page, found.map((u) => project(resource(u), shape))));
  };

  router.add('GET', `${BASE_PATH}/Users`, (req) => search(req, req.query));
  router.add('POST', `${BASE_PATH}/Users/.search`, (req) => search(req, searchRequestQuery(req)));

  /** RFC 7644 §3.3: 201 with the created resource and its URI in `Location`. */
  router.add('POST', `${BASE_PATH}/Users`, (req) => {
    const input = readUser(parseJsonBody(req));
    refuseDuplicate(input);
    const now = nowIso();
    const user: StoredUser = { ...input, id: randomUUID(), created: now, lastModified: now };
    users.save(user);
    const body = resource(user);
    return json(201, project(body, projection(req)), { Location: (body.meta as { location: string }).location });
  });

  router.add('GET', `${BASE_PATH}/Users/:id`, (req) => json(200, project(resource(load(req)), projection(req))));

  router.add('PUT', `${BASE_PATH}/Users/:id`, (req) => replace(req, load(req), readUser(parseJsonBody(req))));

  /**
   * RFC 7644 §3.5.2: the operations are applied with scim-patch to the whole resource, and the
   * result must still be a valid User (the rules of a PUT). `id` and `meta` stay the server's.
   * 200 with the resource (§3.5.2: "the server either MUST return a 200 OK … with the resource").
   */
  router.add('PATCH', `${BASE_PATH}/Users/:id`, (req) => {
    refusePatchIfOff(switches);
    const existing = load(req);
    const operations = readPatchRequest(parseJsonBody(req));
    const patched = applyScimPatch(resource(existing), operations);
    return replace(req, existing, readUser({ ...patched, schemas: [USER_SCHEMA] }));
  });

  /** RFC 7644 §3.6: 204; the user is also removed from every group it was a member of. */
  router.add('DELETE', `${BASE_PATH}/Users/:id`, (req) => {
    const id = req.params.id ?? '';
    if (!users.delete(id, nowIso())) throw notFound('User', id);
    return noContent();
  });
}

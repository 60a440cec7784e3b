/**
 * Reading a SCIM target's users (RFC 7644 §3.4.2): the first page tells the total and the page
 * size the server really serves (it may cap `count`, §3.4.2.4); the remaining pages are then
 * fetched concurrently, each once. Detail reads and lookups are single GETs.
 */
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient } from '../http/client.js';
import { equalsFilter } from './filter.js';
import { scimUserSchema, userListSchema, type ScimUserResource } from './wire.js';

/** Pages or detail reads in flight at once (the transport's connections bound it as well). */
export const READ_CONCURRENCY = 4;

export interface ReadOptions {
  readonly pageSize: number;
  readonly rateGroup: string;
}

async function readPage(http: HttpClient, startIndex: number, count: number, rateGroup: string) {
  return http.json({ method: 'GET', path: '/Users', query: { startIndex, count }, rateGroup }, userListSchema);
}

/**
 * Every user. Offset paging over a collection that changes while it is read can skip or repeat
 * users: repeats are dropped by id, and a short read continues page by page until the total.
 */
export async function readAllUsers(http: HttpClient, options: ReadOptions): Promise<ScimUserResource[]> {
  const first = await readPage(http, 1, options.pageSize, options.rateGroup);
  const served = first.Resources?.length ?? 0;
  const byId = new Map((first.Resources ?? []).map((user) => [user.id, user]));
  if (served === 0 || served >= first.totalResults) return [...byId.values()];

  const starts: number[] = [];
  for (let start = 1 + served; start <= first.totalResults; start += served) starts.push(start);
  const pages = await mapConcurrent(starts, READ_CONCURRENCY, (start) => readPage(http, start, served, options.rateGroup));
  let total = first.totalResults;
  for (const page of pages) {
    total = page.totalResults;
    for (const user of page.Resources ?? []) byId.set(user.id, user);
  }
  for (let start = 1 + starts.length * served + served; byId.size < total; start += served) {
    const page = await readPage(http, start, served, options.rateGroup);
    if ((page.Resources ?? []).length === 0) break;
    for (const user of page.Resources ?? []) byId.set(user.id, user);
    total = page.totalResults;
  }
  return [...byId.values()];
}

/** Users by id; an id that no longer exists is left out. */
export async function readUsers(http: HttpClient, ids: readonly string[], rateGroup: string): Promise<ScimUserResource[]> {
  const unique = [...new Set(ids)];
  const users = await mapConcurrent(unique, READ_CONCURRENCY, async (id) => {
    const request = { method: 'GET', path: `/Users/${encodeURIComponent(id)}`, rateGroup } as const;
    const answer = await http.expect(request, [200, 404]);
    return answer.status === 404 ? undefined : http.validate(request, answer, scimUserSchema);
  });
  return users.filter((user): user is ScimUserResource => user !== undefined);
}

/** The users whose `attribute` equals `value` (at most two are asked for: one is expected). */
export async function findUsers(http: HttpClient, attribute: string, value: string, rateGroup: string): Promise<ScimUserResource[]> {
  const page = await http.json({ method: 'GET', path: '/Users', query: { filter: equalsFilter(attribute, value), startIndex: 1, count: 2 }, rateGroup }, userListSchema);
  return page.Resources ?? [];
}

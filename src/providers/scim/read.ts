/**
 * Reading a SCIM target's users, and the paging group reads share (RFC 7644 §3.4.2): the first
 * page tells the total and the page size the server really serves (it may cap `count`,
 * §3.4.2.4); the remaining pages are then fetched concurrently, each once. Detail reads and
 * lookups are single GETs.
 *
 * A list read is bounded (ListGuard): a total over the limit fails at the first page; the pages
 * may number at most what that total implies plus a little slack; a page must answer the
 * `startIndex` it was asked for, must bring resources when the total says more remain, and must
 * not repeat a resource already read.
 */
import type * as z from 'zod';
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient } from '../http/client.js';
import { ListGuard } from '../http/list-guard.js';
import { equalsFilter } from './filter.js';
import { scimUserSchema, userListSchema, type ScimUserResource } from './wire.js';

/** Pages or detail reads in flight at once (the transport's connections bound it as well). */
export const READ_CONCURRENCY = 4;

export interface ReadOptions {
  readonly pageSize: number;
  readonly rateGroup: string;
}

export interface PageOptions<T> extends ReadOptions {
  /** Handed each page's resources as they arrive, in the order of the list returned. */
  readonly onPage: (resources: readonly T[]) => void;
}

/** One SCIM collection to page through (RFC 7644 §3.4.2): where, what it holds, how its pages look. */
export interface PagedCollection<T extends { readonly id: string }> {
  /** `/Users`, `/Groups`. */
  readonly path: string;
  /** What the collection holds, plural, for messages: `users`, `groups`. */
  readonly noun: string;
  readonly schema: z.ZodType<ListPage<T>>;
  /** Further query parameters every page carries (`excludedAttributes`, RFC 7644 §3.4.2.5). */
  readonly query?: Readonly<Record<string, string>>;
}

/** The fields of an RFC 7644 §3.4.2 ListResponse that paging relies on. */
export interface ListPage<T> {
  readonly totalResults: number;
  readonly startIndex?: number | null | undefined;
  readonly Resources?: readonly T[] | null | undefined;
}

const USERS: PagedCollection<ScimUserResource> = { path: '/Users', noun: 'users', schema: userListSchema };

/**
 * Every user. Offset paging over a collection that changes while it is read can skip users: a
 * short read continues page by page until the total. A user read twice fails the read (ListGuard).
 */
export async function readAllUsers(http: HttpClient, options: ReadOptions): Promise<ScimUserResource[]> {
  return readAllResources(http, USERS, options);
}

/** Every user, page by page, none kept (see forEachResourcePage). */
export async function forEachUserPage(http: HttpClient, options: PageOptions<ScimUserResource>): Promise<void> {
  return forEachResourcePage(http, USERS, options);
}

/**
 * Every resource of a collection, paged as the module comment says: the first page sets the
 * total and the page size served, the rest are read READ_CONCURRENCY at a time, and the list's
 * bounds (ListGuard) hold throughout.
 */
export async function readAllResources<T extends { readonly id: string }>(http: HttpClient, collection: PagedCollection<T>, options: ReadOptions): Promise<T[]> {
  const resources: T[] = [];
  await forEachResourcePage(http, collection, {
    ...options,
    onPage: (page) => {
      for (const item of page) resources.push(item);
    },
  });
  return resources;
}

/**
 * A collection page by page, paged and bounded as readAllResources says, each page handed to
 * `onPage` and nothing kept: a caller converting the resources holds one copy of them only.
 */
export async function forEachResourcePage<T extends { readonly id: string }>(http: HttpClient, collection: PagedCollection<T>, options: PageOptions<T>): Promise<void> {
  const LIST = { method: 'GET', path: collection.path } as const;
  const noun = collection.noun;
  const readPage = (startIndex: number, count: number) =>
    http.json({ ...LIST, query: { ...collection.query, startIndex, count }, rateGroup: options.rateGroup }, collection.schema);
  const guard = new ListGuard(http, LIST, noun);
  /** Checks one page and hands it on; returns how many resources it brought. */
  const take = (page: ListPage<T>, start: number): number => {
    guard.total(page.totalResults, 'totalResults');
    if (typeof page.startIndex === 'number' && page.startIndex !== start) {
      throw http.limitError(LIST, `the page asked for at startIndex ${start} answered startIndex ${page.startIndex}: the server does not page as asked (RFC 7644 §3.4.2.4)`, { status: 200 });
    }
    const items = page.Resources ?? [];
    if (items.length === 0 && start <= page.totalResults) {
      throw http.limitError(LIST, `the page at startIndex ${start} holds no ${noun}, though its totalResults is ${page.totalResults} and ${guard.size} were read: the list does not advance`, { status: 200 });
    }
    guard.add(items.map((item) => item.id), `startIndex ${start}`);
    options.onPage(items);
    return items.length;
  };

  guard.nextPage();
  const first = await readPage(1, options.pageSize);
  guard.total(first.totalResults, 'totalResults');
  const served = first.totalResults === 0 && (first.Resources ?? []).length === 0 ? 0 : take(first, 1);
  if (served >= first.totalResults) return;
  guard.total(first.totalResults, 'totalResults', served);

  // The pages the first one implies, READ_CONCURRENCY at a time, handed out one by one so that
  // none is listed in advance: a total of a million costs a counter, not an array.
  // The total the page furthest into the list declared: pages answer in any order, and the last
  // to arrive may be an earlier one, with an older total.
  let total = first.totalResults;
  let totalAt = 1;
  const latest = (page: ListPage<T>, start: number): void => {
    if (start < totalAt) return;
    total = page.totalResults;
    totalAt = start;
  };
  let next = 1 + served;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next <= first.totalResults) {
      const start = next;
      next += served;
      try {
        guard.nextPage();
        const page = await readPage(start, served);
        take(page, start);
        latest(page, start);
      } catch (error) {
        // The first failure ends the read; pages already asked for finish, no new one is asked for.
        stopped = true;
        throw error;
      }
    }
  };
  const workers = await Promise.allSettled(Array.from({ length: READ_CONCURRENCY }, worker));
  const failed = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
  if (failed) throw failed.reason;
  for (let start = next; guard.size < total; start += served) {
    guard.nextPage();
    const page = await readPage(start, served);
    // The list shrank while it was read: nothing is left past its new end.
    if ((page.Resources ?? []).length === 0 && start > page.totalResults) break;
    take(page, start);
    latest(page, start);
  }
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

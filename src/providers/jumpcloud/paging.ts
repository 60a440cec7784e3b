/**
 * JumpCloud list paging (docs/vendors/jumpcloud.md §1): `limit` at most 100 and `skip`. v1 lists carry
 * `totalCount`, so after the first page the others are fetched concurrently; v2 lists are bare
 * arrays without a total, read a few pages ahead until a page comes back short; `idOf` names each
 * object, so that one read twice is noticed. Every request
 * sends a unique sort (`_id`) where the route takes one, so that pages neither overlap nor leave
 * gaps.
 *
 * Both are bounded (ListGuard): a v1 `totalCount` over the limit fails at the first page and the
 * pages number at most what it implies plus slack; a v2 list may hold at most the limit of
 * resources. An object read twice (a server that ignores `skip`, or pages that overlap) fails the
 * read, as does a v1 page that brings nothing while the total says more remain.
 */
import * as z from 'zod';
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient } from '../http/client.js';
import { checkedInPlace } from '../http/compiled-schemas.js';
import { ListGuard } from '../http/list-guard.js';
import { v1List } from './wire.js';

/** Documented maximum page size of v1 and v2 lists. */
export const PAGE_SIZE = 100;
const PAGE_CONCURRENCY = 4;

type Query = Readonly<Record<string, string>>;

/** What a list holds, for messages: the last segment of its path that is not an id (`systemusers`, `membership`). */
function nounOf(path: string): string {
  return path.split('/').filter((segment) => segment !== '' && !/^[0-9a-f]{24}$/.test(segment)).pop() ?? 'objects';
}

/**
 * The page schema of each item schema, made once: answers are validated with a schema compiled on
 * its first use (http/compiled-schemas.ts), which a schema made per read would undo. Pages are
 * checked in place: used as they came, without a copy.
 */
const v1Pages = new WeakMap<z.ZodType, z.ZodType>();
const v2Pages = new WeakMap<z.ZodType, z.ZodType>();

function pageSchema<S extends z.ZodType>(pages: WeakMap<z.ZodType, z.ZodType>, item: z.ZodType, make: () => S): S {
  let schema = pages.get(item) as S | undefined;
  if (schema === undefined) pages.set(item, (schema = make()));
  return schema;
}

/** The schema of a v1 page of `item`s (`{totalCount, results}`), checked in place. */
export function v1PageSchema<T>(item: z.ZodType<T>) {
  return pageSchema(v1Pages, item, () => checkedInPlace(v1List(item)));
}

/** The schema of a v2 page of `item`s (a bare array), checked in place. */
export function v2PageSchema<T>(item: z.ZodType<T>) {
  return pageSchema(v2Pages, item, () => checkedInPlace(z.array(item)));
}

/** Every object of a v1 list. */
export async function readV1List<T extends { _id: string }>(http: HttpClient, path: string, item: z.ZodType<T>, query: Query = {}): Promise<T[]> {
  const all: T[] = [];
  await forEachV1Page(http, path, item, query, (objects) => {
    for (const object of objects) all.push(object);
  });
  return all;
}

/**
 * A v1 list page by page: `onPage` is handed each page's objects as they arrive, in the order of
 * the list returned, and nothing is kept, so that a caller converting them holds one copy only.
 */
export async function forEachV1Page<T extends { _id: string }>(http: HttpClient, path: string, item: z.ZodType<T>, query: Query, onPage: (objects: readonly T[]) => void): Promise<void> {
  const schema = v1PageSchema(item);
  const guard = new ListGuard(http, { method: 'GET', path }, nounOf(path));
  let firstPage = 0;
  const page = async (skip: number): Promise<number> => {
    guard.nextPage();
    const answer = await http.json({ method: 'GET', path, query: { ...query, limit: PAGE_SIZE, skip, sort: '_id' } }, schema);
    guard.total(answer.totalCount, 'totalCount');
    if (answer.results.length === 0 && skip < answer.totalCount) {
      throw http.limitError({ method: 'GET', path }, `the page at skip ${skip} holds nothing, though its totalCount is ${answer.totalCount}: the list does not advance`, { status: 200 });
    }
    guard.add(answer.results.map((result) => result._id), `skip ${skip}`);
    if (skip === 0) firstPage = answer.results.length;
    onPage(answer.results);
    return answer.totalCount;
  };
  const totalCount = await page(0);
  guard.total(totalCount, 'totalCount', PAGE_SIZE);
  const skips: number[] = [];
  if (firstPage === PAGE_SIZE) for (let skip = PAGE_SIZE; skip < totalCount; skip += PAGE_SIZE) skips.push(skip);
  await mapConcurrent(skips, PAGE_CONCURRENCY, page);
}

/**
 * v2 lists carry no total. After a full first page the next ones are asked for a few at a time
 * (2, then PAGE_CONCURRENCY), and reading stops at the first short page: a long list takes a
 * quarter of the round trips for at most PAGE_CONCURRENCY - 1 requests more than page by page,
 * and a list of one page still costs one request.
 */
export async function readV2List<T>(http: HttpClient, path: string, item: z.ZodType<T>, idOf: (item: T) => string, query: Query = {}): Promise<T[]> {
  const all: T[] = [];
  await forEachV2Page(http, path, item, idOf, query, (objects) => {
    for (const object of objects) all.push(object);
  });
  return all;
}

/** A v2 list page by page, as readV2List reads it: `onPage` is handed each page in order, nothing is kept. */
export async function forEachV2Page<T>(http: HttpClient, path: string, item: z.ZodType<T>, idOf: (item: T) => string, query: Query, onPage: (objects: readonly T[]) => void): Promise<void> {
  const schema = v2PageSchema(item);
  const guard = new ListGuard(http, { method: 'GET', path }, nounOf(path), PAGE_SIZE);
  const page = async (index: number) => {
    guard.nextPage();
    return http.json({ method: 'GET', path, query: { ...query, limit: PAGE_SIZE, skip: index * PAGE_SIZE } }, schema);
  };
  for (let next = 0, window = 1; ; next += window, window = Math.min(window * 2, PAGE_CONCURRENCY)) {
    const pages = await Promise.all(Array.from({ length: window }, (_, i) => page(next + i)));
    for (const [i, items] of pages.entries()) {
      guard.add(items.map(idOf), `skip ${(next + i) * PAGE_SIZE}`);
      onPage(items);
      if (items.length < PAGE_SIZE) return;
    }
  }
}

/**
 * JumpCloud list paging (docs/vendors/jumpcloud.md §1): `limit` at most 100 and `skip`. v1 lists carry
 * `totalCount`, so after the first page the others are fetched concurrently; v2 lists are bare
 * arrays without a total, read a few pages ahead until a page comes back short. Every request
 * sends a unique sort (`_id`) where the route takes one, so that pages neither overlap nor leave
 * gaps.
 */
import { z } from 'zod';
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient } from '../http/client.js';
import { v1List } from './wire.js';

/** Documented maximum page size of v1 and v2 lists. */
export const PAGE_SIZE = 100;
const PAGE_CONCURRENCY = 4;

type Query = Readonly<Record<string, string>>;

export async function readV1List<T extends { _id: string }>(http: HttpClient, path: string, item: z.ZodType<T>, query: Query = {}): Promise<T[]> {
  const schema = v1List(item);
  const page = (skip: number) => http.json({ method: 'GET', path, query: { ...query, limit: PAGE_SIZE, skip, sort: '_id' } }, schema);
  const first = await page(0);
  const skips: number[] = [];
  if (first.results.length === PAGE_SIZE) for (let skip = PAGE_SIZE; skip < first.totalCount; skip += PAGE_SIZE) skips.push(skip);
  const rest = await mapConcurrent(skips, PAGE_CONCURRENCY, page);
  const byId = new Map<string, T>();
  for (const result of [first, ...rest].flatMap((p) => p.results)) byId.set(result._id, result);
  return [...byId.values()];
}

/**
 * v2 lists carry no total. After a full first page the next ones are asked for a few at a time
 * (2, then PAGE_CONCURRENCY), and reading stops at the first short page: a long list takes a
 * quarter of the round trips for at most PAGE_CONCURRENCY - 1 requests more than page by page,
 * and a list of one page still costs one request.
 */
export async function readV2List<T>(http: HttpClient, path: string, item: z.ZodType<T>, query: Query = {}): Promise<T[]> {
  const schema = z.array(item);
  const page = (index: number) => http.json({ method: 'GET', path, query: { ...query, limit: PAGE_SIZE, skip: index * PAGE_SIZE } }, schema);
  const all: T[] = [];
  for (let next = 0, window = 1; ; next += window, window = Math.min(window * 2, PAGE_CONCURRENCY)) {
    const pages = await Promise.all(Array.from({ length: window }, (_, i) => page(next + i)));
    for (const items of pages) {
      all.push(...items);
      if (items.length < PAGE_SIZE) return all;
    }
  }
}

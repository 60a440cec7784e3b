/**
 * JumpCloud list paging (jumpcloud-api.md §1): `limit` at most 100 and `skip`. v1 lists carry
 * `totalCount`, so after the first page the others are fetched concurrently; v2 lists are bare
 * arrays without a total, read until a page comes back short. Every request sends a unique sort
 * (`_id`) where the route takes one, so that pages neither overlap nor leave gaps.
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

export async function readV2List<T>(http: HttpClient, path: string, item: z.ZodType<T>, query: Query = {}): Promise<T[]> {
  const all: T[] = [];
  const schema = z.array(item);
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await http.json({ method: 'GET', path, query: { ...query, limit: PAGE_SIZE, skip } }, schema);
    all.push(...page);
    if (page.length < PAGE_SIZE) return all;
  }
}

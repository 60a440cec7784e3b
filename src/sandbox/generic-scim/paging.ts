import { intParam } from '../http.js';
import { DEFAULT_COUNT, LIST_RESPONSE, MAX_COUNT } from './constants.js';

export interface Page {
  /** 1-based. */
  start: number;
  count: number;
}

/**
 * `startIndex` and `count` (RFC 7644 §3.4.2.4): startIndex is 1-based and a value below 1 is read
 * as 1; a negative count is read as 0 (only `totalResults` is answered); no count means
 * DEFAULT_COUNT and a count above MAX_COUNT is cut to it. A value that is not an integer is a
 * 400 `invalidValue`.
 */
export function readPage(startIndex: number, count: number): Page {
  return { start: Math.max(1, startIndex), count: Math.min(MAX_COUNT, Math.max(0, count)) };
}

export function pageFromQuery(query: URLSearchParams): Page {
  return readPage(intParam(query, 'startIndex', 1), intParam(query, 'count', DEFAULT_COUNT));
}

/** A ListResponse (RFC 7644 §3.4.2): `itemsPerPage` is the number of resources in this page. */
export function listResponse(total: number, page: Page, resources: unknown[]): Record<string, unknown> {
  return { schemas: [LIST_RESPONSE], totalResults: total, startIndex: page.start, itemsPerPage: resources.length, Resources: resources };
}

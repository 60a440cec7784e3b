import { intParam } from '../http.js';
import { badRequest } from './errors.js';

/**
 * JumpCloud list parameters turned into SQL over a table whose record JSON lives in `data`.
 * `columns` maps API field names to real (indexed) columns; any other field is read from the JSON.
 */
export type Columns = Readonly<Record<string, string>>;

export interface Condition {
  sql: string;
  params: unknown[];
}

export interface Page {
  limit: number;
  skip: number;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * docs/vendors/jumpcloud.md §1 "Pagination": `limit` default 10, "Limited to 100"; `skip` default 0, min 0.
 * Not documented: what a larger limit does. The sandbox answers 400 rather than silently
 * returning fewer rows, so that a client relying on a bigger page fails loudly.
 */
export function readPage(query: URLSearchParams): Page {
  const limit = intParam(query, 'limit', 10);
  const skip = intParam(query, 'skip', 0);
  if (limit < 0 || limit > 100) throw badRequest('limit must be between 0 and 100');
  if (skip < 0) throw badRequest('skip must be 0 or greater');
  return { limit, skip };
}

function expression(field: string, columns: Columns): string {
  const column = columns[field];
  if (column) return column;
  if (!FIELD.test(field)) throw badRequest(`invalid field name: ${field}`);
  return `json_extract(data, '$.${field}')`;
}

/** JSON booleans come back from json_extract as 1/0. */
function sqlValue(value: string): unknown {
  if (value === 'true') return 1;
  if (value === 'false') return 0;
  return value;
}

/** Splits on `|` not preceded by a backslash (docs/vendors/jumpcloud.md §1: `$in` terms split by `|`, escape `\|`). */
function splitTerms(value: string): string[] {
  return value.split(/(?<!\\)\|/).map((term) => term.replace(/\\\|/g, '|'));
}

function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One v1 filter `<field>:<operator>:<value>` (docs/vendors/jumpcloud.md §1 "v1 filter"): `$eq $ne $gt $gte
 * $lt $lte`, plus `$in`/`$nin` (terms split by `|`) and single-term `$sw` from the current public
 * spec. The value is case-sensitive. Operators without `$` are "undefined behavior" upstream;
 * the sandbox answers 400.
 */
function v1Condition(expr: string, columns: Columns): Condition {
  const first = expr.indexOf(':');
  const second = first < 0 ? -1 : expr.indexOf(':', first + 1);
  if (first < 0 || second < 0) throw badRequest(`invalid filter: ${expr} (expected <field>:<operator>:<value>)`);
  const field = expr.slice(0, first);
  const op = expr.slice(first + 1, second);
  const value = expr.slice(second + 1);
  const lhs = expression(field, columns);
  switch (op) {
    case '$eq': return { sql: `${lhs} = ?`, params: [sqlValue(value)] };
    case '$ne': return { sql: `${lhs} IS NOT ?`, params: [sqlValue(value)] };
    case '$gt': return { sql: `${lhs} > ?`, params: [sqlValue(value)] };
    case '$gte': return { sql: `${lhs} >= ?`, params: [sqlValue(value)] };
    case '$lt': return { sql: `${lhs} < ?`, params: [sqlValue(value)] };
    case '$lte': return { sql: `${lhs} <= ?`, params: [sqlValue(value)] };
    case '$sw': return { sql: `${lhs} LIKE ? ESCAPE '\\'`, params: [likePrefix(value)] };
    case '$in':
    case '$nin': {
      const terms = splitTerms(value);
      const list = terms.map(() => '?').join(', ');
      return { sql: `${lhs} ${op === '$in' ? 'IN' : 'NOT IN'} (${list})`, params: terms.map(sqlValue) };
    }
    default:
      throw badRequest(`unsupported filter operator ${op} in ${expr}`);
  }
}

function combine(conditions: Condition[], joiner: 'AND' | 'OR'): Condition | undefined {
  if (conditions.length === 0) return undefined;
  return { sql: `(${conditions.map((c) => c.sql).join(` ${joiner} `)})`, params: conditions.flatMap((c) => c.params) };
}

/**
 * All v1 filters of a request: `filter` (repeatable) and `filter[N]` are ANDed, `filter[or][N]` are
 * ORed (docs/vendors/jumpcloud.md §1 "Combining filters"). The result is always a usable SQL condition.
 */
export function v1Filter(query: URLSearchParams, columns: Columns): Condition {
  const and: Condition[] = [];
  const or: Condition[] = [];
  for (const [name, value] of query) {
    if (name === 'filter' || /^filter\[\d+\]$/.test(name)) and.push(v1Condition(value, columns));
    else if (/^filter\[or\]\[\d+\]$/.test(name)) or.push(v1Condition(value, columns));
  }
  const parts = [combine(and, 'AND'), combine(or, 'OR')].filter((c): c is Condition => c !== undefined);
  return combine(parts, 'AND') ?? { sql: '1', params: [] };
}

/**
 * v2 filters (docs/vendors/jumpcloud.md §1 "v2 filter"): `<field>:<operator>:<value>` with `eq ne gt ge lt
 * le in search`. The spec declares the parameter as a comma-joined array; group names may hold
 * commas, so the sandbox reads one expression per repeated `filter` parameter instead.
 * `search` matches a substring, case-insensitively; `in` takes `|`-separated terms.
 */
export function v2Filter(query: URLSearchParams, columns: Columns): Condition {
  const conditions = query.getAll('filter').filter((f) => f !== '').map((expr) => {
    const [field, op, ...rest] = expr.split(':');
    const value = rest.join(':');
    if (!field || !op || rest.length === 0) throw badRequest(`invalid filter: ${expr} (expected <field>:<operator>:<value>)`);
    const lhs = expression(field, columns);
    const ops: Record<string, string> = { eq: '=', ne: 'IS NOT', gt: '>', ge: '>=', lt: '<', le: '<=' };
    const sqlOp = ops[op];
    if (sqlOp) return { sql: `${lhs} ${sqlOp} ?`, params: [sqlValue(value)] };
    if (op === 'search') return { sql: `${lhs} LIKE ? ESCAPE '\\'`, params: [`%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] };
    if (op === 'in') {
      const terms = splitTerms(value);
      return { sql: `${lhs} IN (${terms.map(() => '?').join(', ')})`, params: terms.map(sqlValue) };
    }
    throw badRequest(`unsupported filter operator ${op} in ${expr}`);
  });
  return combine(conditions, 'AND') ?? { sql: '1', params: [] };
}

/**
 * `sort`: v1 space-separated, v2 comma-separated; a `-` prefix sorts descending
 * (docs/vendors/jumpcloud.md §1 "Field selection and sort"). The id column always ends the order so that
 * pages never overlap (the reference's `sort=_id` advice).
 */
export function orderBy(query: URLSearchParams, separator: ' ' | ',', columns: Columns, idColumn: string, fallback: string[] = []): string {
  const raw = query.get('sort');
  const keys = raw && raw.trim() !== '' ? raw.split(separator).map((k) => k.trim()).filter((k) => k !== '') : fallback;
  const terms = keys.map((key) => {
    const desc = key.startsWith('-');
    return `${expression(desc ? key.slice(1) : key, columns)} ${desc ? 'DESC' : 'ASC'}`;
  });
  if (!terms.some((t) => t.startsWith(`${idColumn} `))) terms.push(`${idColumn} ASC`);
  return terms.join(', ');
}

/**
 * `fields` (v1 space-separated): the keys to return. Not documented whether `_id`/`id` is always
 * included; the sandbox always includes it, as MongoDB projections do.
 */
export function pickFields<T extends Record<string, unknown>>(record: T, query: URLSearchParams, separator: ' ' | ',', idKey: string): Partial<T> {
  const raw = query.get('fields');
  if (!raw || raw.trim() === '' || raw === '[]') return record;
  const keep = new Set([idKey, ...raw.split(separator).map((f) => f.trim())]);
  return Object.fromEntries(Object.entries(record).filter(([k]) => keep.has(k))) as Partial<T>;
}

import { parse, type Filter } from 'scim2-parse-filter';
import { invalidFilter } from './errors.js';

/** A SQL condition and its bound parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** A single-valued attribute: a SQL expression, compared case-insensitively unless `caseExact` (RFC 7643 §2.2). */
export interface ScalarAttribute {
  kind: 'scalar';
  sql: string;
  caseExact: boolean;
  type?: 'string' | 'boolean';
}

/**
 * A multi-valued attribute: `rows(condition)` wraps a condition on one value's sub-attributes
 * (`sub`) in an EXISTS over the values, so `emails.value eq "x"` and `emails[value eq "x"]` both
 * match a resource with any email equal to x (RFC 7644 §3.4.2.2).
 */
export interface MultiAttribute {
  kind: 'multi';
  sub: Record<string, ScalarAttribute>;
  rows(condition: string): string;
}

export type FilterAttribute = ScalarAttribute | MultiAttribute;

/** Filterable attributes by lower-cased name (attribute names are case-insensitive, RFC 7643 §2.1). */
export type FilterAttributes = Record<string, FilterAttribute>;

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One comparison (RFC 7644 §3.4.2.2 Table 3) on a scalar expression. */
function compare(attr: ScalarAttribute, op: string, value: unknown, text: string): SqlCondition {
  if (op === 'pr') return { sql: `(${attr.sql} IS NOT NULL AND ${attr.sql} <> '')`, params: [] };
  if (attr.type === 'boolean') {
    if (typeof value !== 'boolean' || (op !== 'eq' && op !== 'ne')) throw invalidFilter(`A boolean attribute supports eq, ne and pr with true or false: ${text}`);
    const bit = value ? 1 : 0;
    return op === 'eq' ? { sql: `${attr.sql} = ?`, params: [bit] } : { sql: `(${attr.sql} IS NULL OR ${attr.sql} <> ?)`, params: [bit] };
  }
  if (typeof value !== 'string') throw invalidFilter(`A string attribute compares with a string: ${text}`);
  const collate = attr.caseExact ? '' : ' COLLATE NOCASE';
  switch (op) {
    case 'eq':
      return { sql: `${attr.sql} = ?${collate}`, params: [value] };
    case 'ne':
      return { sql: `(${attr.sql} IS NULL OR ${attr.sql} <> ?${collate})`, params: [value] };
    case 'co':
    case 'sw':
    case 'ew': {
      const pattern = `${op === 'sw' ? '' : '%'}${escapeLike(value)}${op === 'ew' ? '' : '%'}`;
      // LIKE is case-insensitive for ASCII; GLOB-free case-exact matching uses instr/substr instead.
      if (!attr.caseExact) return { sql: `${attr.sql} LIKE ? ESCAPE '\\'`, params: [pattern] };
      if (op === 'co') return { sql: `instr(${attr.sql}, ?) > 0`, params: [value] };
      if (op === 'sw') return { sql: `substr(${attr.sql}, 1, ?) = ?`, params: [value.length, value] };
      return { sql: `(length(${attr.sql}) >= ? AND substr(${attr.sql}, -?) = ?)`, params: [value.length, value.length, value] };
    }
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      const sign = { gt: '>', ge: '>=', lt: '<', le: '<=' }[op];
      return { sql: `${attr.sql} ${sign} ?${collate}`, params: [value] };
    }
    default:
      throw invalidFilter(`Unsupported operator ${op}: ${text}`);
  }
}

function compile(node: Filter, attributes: FilterAttributes, text: string): SqlCondition {
  switch (node.op) {
    case 'and':
    case 'or': {
      const parts = node.filters.map((f) => compile(f, attributes, text));
      return { sql: `(${parts.map((p) => p.sql).join(node.op === 'and' ? ' AND ' : ' OR ')})`, params: parts.flatMap((p) => p.params) };
    }
    case 'not': {
      const inner = compile(node.filter, attributes, text);
      return { sql: `NOT (${inner.sql})`, params: inner.params };
    }
    case '[]': {
      const attr = attributes[node.attrPath.toLowerCase()];
      if (attr?.kind !== 'multi') throw invalidFilter(`${node.attrPath} is not a filterable multi-valued attribute: ${text}`);
      const inner = compile(node.valFilter, attr.sub, text);
      return { sql: attr.rows(inner.sql), params: inner.params };
    }
    default: {
      const path = node.attrPath.toLowerCase();
      const value = 'compValue' in node ? node.compValue : undefined;
      const direct = attributes[path];
      if (direct?.kind === 'scalar') return compare(direct, node.op, value, text);
      // `emails.value` / `emails` (the `value` sub-attribute): any value matching.
      const [head = '', sub = 'value'] = direct?.kind === 'multi' ? [path, 'value'] : splitOnce(path);
      const multi = attributes[head];
      const subAttr = multi?.kind === 'multi' ? multi.sub[sub] : undefined;
      if (!multi || multi.kind !== 'multi' || !subAttr) throw invalidFilter(`Filtering on ${node.attrPath} is not supported: ${text}`);
      const inner = compare(subAttr, node.op, value, text);
      return { sql: multi.rows(inner.sql), params: inner.params };
    }
  }
}

function splitOnce(path: string): [string, string] {
  const dot = path.indexOf('.');
  return dot < 0 ? [path, ''] : [path.slice(0, dot), path.slice(dot + 1)];
}

/**
 * Parses a `filter` parameter (RFC 7644 §3.4.2.2) with scim2-parse-filter and compiles it into a
 * SQL condition over `attributes`; an empty filter is `undefined`. An unparsable filter, an
 * unknown attribute or an unsupported comparison is a 400 `invalidFilter` (RFC 7644 §3.4.2.2,
 * §3.12). Attribute names may carry the resource's core schema URN (RFC 7644 §3.10).
 */
export function compileFilter(expression: string | null | undefined, attributes: FilterAttributes, coreSchema: string): SqlCondition | undefined {
  if (expression === undefined || expression === null || expression.trim() === '') return undefined;
  let ast: Filter;
  try {
    ast = parse(expression);
  } catch {
    throw invalidFilter(`The filter is not a valid SCIM filter: ${expression}`);
  }
  return compile(stripSchema(ast, coreSchema), attributes, expression);
}

function stripSchema(node: Filter, coreSchema: string): Filter {
  const prefix = `${coreSchema.toLowerCase()}:`;
  const strip = (path: string): string => (path.toLowerCase().startsWith(prefix) ? path.slice(prefix.length) : path);
  switch (node.op) {
    case 'and':
    case 'or':
      return { ...node, filters: node.filters.map((f) => stripSchema(f, coreSchema)) };
    case 'not':
      return { ...node, filter: stripSchema(node.filter, coreSchema) };
    default:
      return { ...node, attrPath: strip(node.attrPath) } as Filter;
  }
}

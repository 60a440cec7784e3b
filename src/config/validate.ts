/**
 * Schema validation worded for people: each zod issue becomes a problem that says what is wrong
 * with which key, what was expected, and the nearest valid name for a typo. Secret values are
 * never repeated.
 */
import type * as z from 'zod';
import { isRecord } from './merge.js';
import { formatPath, type ConfigPath, type ConfigProblem } from './problem.js';
import { applicationSchema, APPLICATION_NAME, configSchema, type ApplicationConfig, type RosterConfig } from './schema.js';
import { isSecretPath, keysAt, placesOfKey } from './schema-walk.js';
import { nearest, suggestion } from './suggest.js';

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: ConfigPath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** How a message names the value at a path: its key, or `groups[0]` for a list item. */
function nameOf(path: ConfigPath): string {
  const last = path[path.length - 1];
  if (typeof last === 'number') return formatPath(path.slice(-2));
  return String(last ?? 'configuration');
}

/** How a value reads in a message: its kind, and the value itself unless it is secret. */
function describeValue(value: unknown, secret: boolean): string {
  if (value === null) return 'nothing';
  if (value instanceof Date) return 'a date';
  if (ArrayBuffer.isView(value)) return 'binary data';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return secret ? `a ${typeof value}` : `${typeof value} ${JSON.stringify(value)}`;
}

const EXPECTED: Record<string, string> = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  string: 'text',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
};

function typeHint(expected: string, actual: unknown, key: string): string | undefined {
  if ((expected === 'object' || expected === 'record') && actual === null) return `write \`${key}: {}\` for an empty mapping, or remove the key`;
  if (expected === 'array' && actual !== null && typeof actual !== 'object') return `write a list: \`${key}: [${String(actual)}]\``;
  if (expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean')) return `put the value in quotes: \`${key}: "${String(actual)}"\``;
  if (expected === 'string' && actual instanceof Date) return 'put the value in quotes';
  if (expected === 'boolean' && typeof actual === 'string') return 'write true or false without quotes';
  return undefined;
}

const MERGE_KEY_HINT = 'YAML merge keys (<<) are not supported; repeat the keys, or reuse a whole value with an alias (*name)';

/** Where a key written in the wrong place belongs, within its application (or the top level). */
function placeHint(key: string, path: ConfigPath): string | undefined {
  const base = path[0] === 'applications' && path.length >= 2 ? path.slice(0, 2) : [];
  const places = placesOfKey(key, base).map((place) => formatPath([...base, ...(place ? place.split('.') : [])]));
  return places.length > 0 ? `\`${key}\` belongs under \`${places.join('` or `')}\`` : undefined;
}

function unknownKeyProblems(issue: Extract<Issue, { code: 'unrecognized_keys' }>): ConfigProblem[] {
  const allowed = keysAt(issue.path);
  return issue.keys.map((key): ConfigProblem => {
    const near = nearest(key, allowed);
    const hint = key === '<<' ? MERGE_KEY_HINT : (placeHint(key, issue.path) ?? (near ? `did you mean \`${near}\`?` : suggestion(key, allowed)));
    return { severity: 'error', code: 'config.unknown-key', message: `unknown key "${key}"`, ...(hint ? { hint } : {}), path: [...issue.path, key], target: 'key' };
  });
}

/** Whether a missing key is explained by a misspelt sibling, which is reported as unknown. */
function misspeltSibling(data: unknown, path: ConfigPath): boolean {
  const parent = valueAt(data, path.slice(0, -1));
  const key = String(path[path.length - 1]);
  const allowed = keysAt(path.slice(0, -1));
  return isRecord(parent) && Object.keys(parent).some((sibling) => !allowed.includes(sibling) && nearest(sibling, allowed) === key);
}

function applicationNameHint(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `use lower-case letters, digits and dashes, starting with a letter${APPLICATION_NAME.test(slug) ? `, e.g. \`${slug}\`` : ''}`;
}

function problemOf(issue: Issue, data: unknown): ConfigProblem[] {
  const path = issue.path;
  const key = nameOf(path);
  const actual = valueAt(data, path);
  const secret = isSecretPath(path);
  const error = (message: string, hint?: string, target?: 'key'): ConfigProblem[] => [
    { severity: 'error', code: `config.${issue.code.replace(/_/g, '-')}`, message, ...(hint ? { hint } : {}), path, ...(target ? { target } : {}) },
  ];
  if (actual === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_key') {
    if (misspeltSibling(data, path)) return [];
    const allowed = issue.code === 'invalid_value' ? `allowed: ${issue.values.map(String).join(', ')}` : undefined;
    return error(`missing required key "${key}"`, allowed, 'key');
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKeyProblems(issue);
    case 'invalid_key':
      if (key === '') return error(`a name in ${nameOf(path.slice(0, -1))} is empty`, undefined, 'key');
      if (path.length === 2 && path[0] === 'applications') return error(`"${key}" is not a valid application name`, applicationNameHint(key), 'key');
      return error(`"${key}" is not a valid name in ${nameOf(path.slice(0, -1))}`, undefined, 'key');
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const near = typeof actual === 'string' ? nearest(actual, allowed) : undefined;
      return error(`${JSON.stringify(actual)} is not a valid ${key}`, `${near ? `did you mean \`${near}\`? ` : ''}allowed: ${allowed.join(', ')}`);
    }
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return error(`${key} must be ${expected}, not ${describeValue(actual, secret)}`, secret ? undefined : typeHint(issue.expected, actual, key));
    }
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return error(`${key} must not be empty`);
      return error(`${key} must be at least ${String(issue.minimum)}, not ${describeValue(actual, secret)}`);
    case 'too_big':
      if (issue.origin === 'string' && typeof actual === 'string') {
        return error(`${key} is ${actual.length} characters long; at most ${String(issue.maximum)} are allowed`);
      }
      return error(`${key} must be at most ${String(issue.maximum)}`);
    case 'invalid_union': {
      // The option the value is written in (its issues are all inside the value) says what is wrong.
      const written = issue.errors.filter((issues) => issues.length > 0 && issues.every((inner) => inner.path.length > 0));
      if (written.length === 1) return written[0]!.flatMap((inner) => problemOf({ ...inner, path: [...path, ...inner.path] } as Issue, data));
      const values = issue.errors.flat().flatMap((inner) => (inner.code === 'invalid_value' && inner.path.length === 0 ? inner.values.map(String) : []));
      const near = typeof actual === 'string' ? nearest(actual, values) : undefined;
      return error(`${issue.message}, not ${describeValue(actual, secret)}`, near ? `did you mean \`${near}\`?` : undefined);
    }
    case 'custom':
      return error(issue.message, (issue.params as { hint?: string } | undefined)?.hint);
    default:
      return error(`${key}: ${issue.message}`);
  }
}

export function schemaProblems(data: Record<string, unknown>): { config?: RosterConfig; problems: ConfigProblem[] } {
  const result = configSchema.safeParse(data);
  if (result.success) return { config: result.data, problems: [] };
  return { problems: result.error.issues.flatMap((issue) => problemOf(issue, data)) };
}

export interface CheckableApplication {
  readonly app: ApplicationConfig;
  /** Paths (relative to the application) left out because they are invalid. */
  readonly pruned: readonly ConfigPath[];
}

/** Rounds of pruning before an application is given up: each round removes what failed. */
const MAX_PRUNING_ROUNDS = 8;

function prune(value: Record<string, unknown>, path: ConfigPath): void {
  let parent: unknown = value;
  for (const segment of path.slice(0, -1)) parent = isRecord(parent) ? parent[String(segment)] : undefined;
  if (isRecord(parent)) delete parent[String(path[path.length - 1])];
}

/**
 * What to leave out for an issue: the invalid value, or the object missing a key; never part of
 * a list. A misspelt key also stands for the key it was meant to be, whose default is then no
 * more than a guess.
 */
function prunePaths(issue: Issue, entry: unknown, at: ConfigPath): ConfigPath[] {
  const paths =
    issue.code === 'unrecognized_keys'
      ? issue.keys.flatMap((key) => {
          const meant = nearest(key, keysAt([...at, ...issue.path]));
          return [[...issue.path, key], ...(meant ? [[...issue.path, meant]] : [])];
        })
      : [issue.path];
  return paths.map((full) => {
    const inList = full.findIndex((segment) => typeof segment === 'number');
    const path = inList >= 0 ? full.slice(0, inList) : full;
    return valueAt(entry, path) === undefined ? path.slice(0, -1) : path;
  });
}

/**
 * Each application as far as it is valid, so that rules which need a whole application
 * (mappings, credentials, catalogs) still run when part of it is broken: invalid values are
 * left out (and remembered) until the rest parses. An application missing something it cannot do
 * without is left out.
 */
export function checkableApplications(data: Record<string, unknown>): Map<string, CheckableApplication> {
  const applications = new Map<string, CheckableApplication>();
  const declared = data['applications'];
  if (!isRecord(declared)) return applications;
  for (const [name, entry] of Object.entries(declared)) {
    if (!APPLICATION_NAME.test(name) || !isRecord(entry)) continue;
    const value = structuredClone(entry);
    const pruned: ConfigPath[] = [];
    for (let round = 0; round < MAX_PRUNING_ROUNDS; round++) {
      const parsed = applicationSchema.safeParse(value);
      if (parsed.success) {
        applications.set(name, { app: parsed.data, pruned });
        break;
      }
      const paths = parsed.error.issues.flatMap((issue) => prunePaths(issue, value, ['applications', name]));
      if (paths.some((path) => path.length === 0)) break;
      for (const path of paths) {
        prune(value, path);
        pruned.push(path);
      }
    }
  }
  return applications;
}

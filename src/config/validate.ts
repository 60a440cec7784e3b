/**
 * Schema validation with diagnostics a person can act on: file, line and column, the
 * configuration path, what was expected, and the nearest valid name for a typo.
 */
import { z } from 'zod';
import type { Diagnostic } from '../core/diagnostics.js';
import type { MergedConfig } from './merge.js';
import { configSchema, type RosterConfig } from './schema.js';
import { positionOf } from './yaml-source.js';

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** The schema that validates the value at `path`, unwrapping optional/default wrappers. */
function schemaAt(path: readonly PropertyKey[]): z.ZodType | undefined {
  let schema: z.ZodType | undefined = configSchema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let current = s;
    while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    return current;
  };
  for (const segment of path) {
    if (!schema) return undefined;
    const current = unwrap(schema);
    if (current instanceof z.ZodObject) schema = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodRecord) schema = current.valueType as z.ZodType;
    else if (current instanceof z.ZodArray) schema = current.element as z.ZodType;
    else return undefined;
  }
  return schema ? unwrap(schema) : undefined;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): { message: string; hint?: string; key?: string } {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const parent = schemaAt(issue.path);
      const allowed = parent instanceof z.ZodObject ? Object.keys(parent.shape) : [];
      const suggestion = nearest(key, allowed);
      return {
        key,
        message: `unknown key "${key}"`,
        hint: suggestion ? `did you mean \`${suggestion}\`?` : allowed.length ? `allowed: ${allowed.join(', ')}` : undefined,
      } as { message: string; hint?: string; key?: string };
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const actual = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], data);
      const suggestion = typeof actual === 'string' ? nearest(actual, allowed) : undefined;
      return {
        message: `${JSON.stringify(actual)} is not allowed here`,
        hint: suggestion ? `did you mean \`${suggestion}\`? allowed: ${allowed.join(', ')}` : `allowed: ${allowed.join(', ')}`,
      };
    }
    case 'invalid_type': {
      const actual = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], data);
      if (actual === undefined) return { message: `missing required key "${String(issue.path[issue.path.length - 1])}"` };
      const got = actual === null ? 'nothing' : Array.isArray(actual) ? 'a list' : typeof actual === 'object' ? 'a mapping' : `${typeof actual} ${JSON.stringify(actual)}`;
      return { message: `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, got ${got}` };
    }
    default:
      return { message: issue.message };
  }
}

export function validateConfig(
  data: Record<string, unknown>,
  merged: MergedConfig,
): { config?: RosterConfig; diagnostics: Diagnostic[] } {
  const result = configSchema.safeParse(data);
  if (result.success) return { config: result.data, diagnostics: [] };
  const diagnostics = result.error.issues.map((issue): Diagnostic => {
    const { message, hint, key } = describeIssue(issue, data);
    const source = merged.sourceOf(issue.path);
    const dotted = [...issue.path, ...(key ? [key] : [])].map(String).join('.');
    return {
      severity: 'error',
      code: `config.${issue.code.replace(/_/g, '-')}`,
      message,
      ...(hint ? { hint } : {}),
      ...(source ? { origin: positionOf(source, issue.path, key) } : {}),
      ...(dotted ? { path: dotted } : {}),
    };
  });
  return { diagnostics };
}

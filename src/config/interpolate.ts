/**
 * Environment references in configuration values: `${NAME}` and `${NAME:-default}`.
 * Secrets must be references; their values are resolved only when a command needs them, and are
 * never echoed in a diagnostic.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { MergedConfig } from './merge.js';
import { SECRET_REFERENCE } from './schema.js';
import { positionOf } from './yaml-source.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Keys whose values are secrets wherever they appear. */
export const SECRET_KEYS = new Set(['apiKey', 'token', 'clientSecret', 'jwt']);

export interface InterpolateOptions {
  /** Environment to resolve from; undefined checks references without resolving them (validate). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function locate(merged: MergedConfig, path: readonly PropertyKey[]) {
  const source = merged.sourceOf(path);
  return source ? positionOf(source, path) : undefined;
}

/** Returns a copy of `data` with references resolved (or kept, without `env`). */
export function interpolate(
  merged: MergedConfig,
  options: InterpolateOptions,
): { data: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const visit = (value: unknown, path: PropertyKey[]): unknown => {
    if (Array.isArray(value)) return value.map((item, i) => visit(item, [...path, i]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, [...path, k])]));
    }
    if (typeof value !== 'string') return value;
    const key = String(path[path.length - 1]);
    const dotted = path.join('.');
    if (SECRET_KEYS.has(key) && !SECRET_REFERENCE.test(value)) {
      const origin = locate(merged, path);
      diagnostics.push({
        severity: 'error',
        code: 'config.literal-secret',
        message: `${key} holds a literal value; secrets must come from the environment`,
        hint: `move the value to an environment variable and write \`${key}: \${MY_VARIABLE}\``,
        ...(origin ? { origin } : {}),
        path: dotted,
      });
      return value;
    }
    if (!options.env) return value;
    const env = options.env;
    return value.replace(REFERENCE, (whole, name: string, fallback: string | undefined) => {
      const resolved = env[name];
      if (resolved !== undefined && resolved !== '') return resolved;
      if (fallback !== undefined) return fallback;
      const origin = locate(merged, path);
      diagnostics.push({
        severity: 'error',
        code: 'config.missing-variable',
        message: `environment variable ${name} is not set (used by ${dotted})`,
        hint: `export ${name}=… before running Roster, or give a default: \${${name}:-value}`,
        ...(origin ? { origin } : {}),
        path: dotted,
      });
      return whole;
    });
  };
  return { data: visit(merged.data, []) as Record<string, unknown>, diagnostics };
}

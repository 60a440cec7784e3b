/**
 * Merges the configuration files into one document. A top-level key may be split across files
 * (e.g. one file per application); the same application or a second `idp` is an error naming
 * both places.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import { positionOf, type YamlSource } from './yaml-source.js';

export interface MergedConfig {
  readonly data: Record<string, unknown>;
  /** The file a configuration path comes from, for positions in later diagnostics. */
  sourceOf(path: readonly PropertyKey[]): YamlSource | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Top-level keys whose entries (not the key itself) may come from different files. */
const SPLITTABLE = new Set(['applications']);

export function mergeSources(sources: readonly YamlSource[]): { merged: MergedConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const data: Record<string, unknown> = {};
  const owners = new Map<string, YamlSource>();
  for (const source of sources) {
    if (source.data === null || source.data === undefined) continue;
    if (!isRecord(source.data)) {
      diagnostics.push({
        severity: 'error',
        code: 'config.not-a-mapping',
        message: 'a configuration file must be a mapping of keys (idp, applications)',
        origin: positionOf(source, []),
      });
      continue;
    }
    for (const [key, value] of Object.entries(source.data)) {
      if (SPLITTABLE.has(key) && isRecord(value)) {
        const target = (isRecord(data[key]) ? data[key] : (data[key] = {})) as Record<string, unknown>;
        for (const [name, entry] of Object.entries(value)) {
          const ownerKey = `${key}.${name}`;
          const previous = owners.get(ownerKey);
          if (previous) {
            const first = positionOf(previous, [key, name]);
            diagnostics.push({
              severity: 'error',
              code: 'config.duplicate-application',
              message: `${key.slice(0, -1)} "${name}" is declared twice: here and at ${first.file}:${first.line}:${first.column}`,
              hint: 'keep one declaration; split applications across files, not one application',
              origin: positionOf(source, [key, name]),
              path: ownerKey,
            });
            continue;
          }
          owners.set(ownerKey, source);
          target[name] = entry;
        }
        if (!owners.has(key)) owners.set(key, source);
        continue;
      }
      const previous = owners.get(key);
      if (previous) {
        const first = positionOf(previous, [key]);
        diagnostics.push({
          severity: 'error',
          code: 'config.duplicate-key',
          message: `"${key}" is declared twice: here and at ${first.file}:${first.line}:${first.column}`,
          hint: 'declare it in one file only',
          origin: positionOf(source, [key]),
          path: key,
        });
        continue;
      }
      owners.set(key, source);
      data[key] = value;
    }
  }
  const sourceOf = (path: readonly PropertyKey[]): YamlSource | undefined => {
    const [head, second] = path;
    if (head === undefined) return sources[0];
    return (second !== undefined && owners.get(`${String(head)}.${String(second)}`)) || owners.get(String(head)) || sources[0];
  };
  return { merged: { data, sourceOf }, diagnostics };
}

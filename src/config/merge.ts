/**
 * Merges the configuration files into one document. `applications` may be split across files
 * (e.g. one file per application); an application declared twice, or any other top-level key
 * declared twice, is an error naming both places. The merged document remembers which file each
 * part came from, so later diagnostics can point into the right file.
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostics.js';
import { positionOf, type PositionTarget } from './yaml-position.js';
import type { YamlSource } from './yaml-source.js';

export interface MergedConfig {
  readonly data: Record<string, unknown>;
  /** A file was left out (it was not a mapping): keys missing from the rest may be in it. */
  readonly incomplete: boolean;
  /** The file a configuration path comes from. */
  sourceOf(path: readonly PropertyKey[]): YamlSource | undefined;
  /** Where a configuration path is written (see yaml-position.ts). */
  locate(path: readonly PropertyKey[], target?: PositionTarget): SourcePosition | undefined;
}

/** A YAML mapping: a plain object (not a list, nor a date or binary value that YAML tags make). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Top-level keys whose entries, not the key itself, may come from different files. */
const SPLITTABLE = new Set(['applications']);

/** Sets a property even when its name is `__proto__`: configuration keys are data. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function describe(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}

export function mergeSources(sources: readonly YamlSource[]): { merged: MergedConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const data: Record<string, unknown> = {};
  /** Owner of each top-level key, and of each entry of a splittable key (`applications\0name`). */
  const owners = new Map<string, YamlSource>();
  let incomplete = false;
  const claim = (ownerKey: string, source: YamlSource, path: readonly string[], what: string): boolean => {
    const previous = owners.get(ownerKey);
    if (!previous) {
      owners.set(ownerKey, source);
      return true;
    }
    diagnostics.push({
      severity: 'error',
      code: 'config.declared-twice',
      message: `${what} is declared twice: here and at ${describe(positionOf(previous, path, 'key'))}`,
      hint: path.length > 1 ? 'keep one declaration: applications may be spread over files, one application may not' : 'declare it in one file only',
      origin: positionOf(source, path, 'key'),
      path: path.join('.'),
    });
    return false;
  };

  for (const source of sources) {
    if (source.data === null || source.data === undefined) continue;
    if (!isRecord(source.data)) {
      diagnostics.push({
        severity: 'error',
        code: 'config.not-a-mapping',
        message: 'a configuration file must be a mapping of keys (idp, applications)',
        origin: positionOf(source, []),
      });
      incomplete = true;
      continue;
    }
    for (const [key, value] of Object.entries(source.data)) {
      if (SPLITTABLE.has(key) && isRecord(value) && (data[key] === undefined || isRecord(data[key]))) {
        if (!owners.has(key)) owners.set(key, source);
        const entries = (data[key] ??= {}) as Record<string, unknown>;
        for (const [name, entry] of Object.entries(value)) {
          if (claim(`${key}\0${name}`, source, [key, name], `application "${name}"`)) define(entries, name, entry);
        }
      } else if (claim(key, source, [key], `"${key}"`)) {
        define(data, key, value);
      }
    }
  }

  const sourceOf = (path: readonly PropertyKey[]): YamlSource | undefined => {
    const [head, second] = path.map(String);
    if (head === undefined) return sources[0];
    return (second !== undefined ? owners.get(`${head}\0${second}`) : undefined) ?? owners.get(head) ?? sources[0];
  };
  const locate = (path: readonly PropertyKey[], target?: PositionTarget): SourcePosition | undefined => {
    const source = sourceOf(path);
    return source ? positionOf(source, path, target) : undefined;
  };
  return { merged: { data, incomplete, sourceOf, locate }, diagnostics };
}

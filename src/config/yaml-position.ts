/**
 * Where a configuration path is written in its YAML file. A diagnostic about a key points at the
 * key; one about a value points at the value; one about something missing points at the closest
 * key that exists (e.g. `auth:` when `auth.jwt` is missing).
 */
import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourcePosition } from '../core/diagnostics.js';
import type { YamlSource } from './yaml-source.js';

export type PositionTarget = 'key' | 'value';

interface Found {
  /** The deepest key (or list item) found along the path. */
  readonly key?: Node;
  /** Its value when the whole path was found. */
  readonly value?: Node | null;
  readonly complete: boolean;
}

function resolve(source: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.document) : node;
}

function find(source: YamlSource, path: readonly PropertyKey[]): Found {
  let node = resolve(source, source.document.contents);
  let key: Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return { ...(key ? { key } : {}), complete: false };
      key = pair.key as Node;
      node = resolve(source, pair.value);
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = resolve(source, node.items[segment]);
      key = node as Node;
    } else {
      return { ...(key ? { key } : {}), complete: false };
    }
  }
  return { ...(key ? { key } : {}), value: (node as Node | null) ?? null, complete: true };
}

export function positionOf(source: YamlSource, path: readonly PropertyKey[], target: PositionTarget = 'value'): SourcePosition {
  const found = find(source, path);
  const valueOffset = found.complete && target === 'value' ? found.value?.range?.[0] : undefined;
  const rootOffset = (source.document.contents as Node | null)?.range?.[0] ?? 0;
  const offset = valueOffset ?? found.key?.range?.[0] ?? rootOffset;
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file.display, line, column: col };
}

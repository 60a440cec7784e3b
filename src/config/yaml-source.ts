/**
 * YAML parsing that keeps positions, so every later diagnostic can name file, line and column.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, SourcePosition } from '../core/diagnostics.js';
import type { ConfigFile } from './files.js';

/** Aliases expanded beyond this count are refused (protection against "billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

export interface YamlSource {
  readonly file: ConfigFile;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly data: unknown;
}

export function parseYamlSource(file: ConfigFile): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(file.text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const diagnostics: Diagnostic[] = [];
  for (const error of [...document.errors, ...document.warnings]) {
    const pos = lineCounter.linePos(error.pos[0]);
    diagnostics.push({
      severity: document.errors.includes(error as never) ? 'error' : 'warning',
      code: error.code === 'DUPLICATE_KEY' ? 'config.duplicate-key' : 'config.yaml-syntax',
      message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      origin: { file: file.display, line: pos.line, column: pos.col },
    });
  }
  if (document.errors.length > 0) return { diagnostics };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    diagnostics.push({
      severity: 'error',
      code: 'config.alias-limit',
      message: `${(error as Error).message} (aliases are limited to ${MAX_ALIAS_COUNT} expansions)`,
      origin: { file: file.display, line: 1, column: 1 },
    });
    return { diagnostics };
  }
  return { source: { file, document, lineCounter, data }, diagnostics };
}

/**
 * The position of the node at `path`, or of the closest ancestor that exists. With `key: true`
 * the position of the key itself (for "unknown key" diagnostics).
 */
export function positionOf(source: YamlSource, path: readonly PropertyKey[], key?: string): SourcePosition {
  let node: Node | null | undefined = source.document.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (let depth = 1; depth <= path.length; depth++) {
    const next = source.document.getIn(path.slice(0, depth), true) as Node | undefined;
    if (!next || !next.range) break;
    node = next;
    offset = next.range[0];
  }
  if (key !== undefined && node && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    const keyNode = pair?.key as Node | undefined;
    if (keyNode?.range) offset = keyNode.range[0];
  }
  const pos = source.lineCounter.linePos(offset);
  return { file: source.file.display, line: pos.line, column: pos.col };
}

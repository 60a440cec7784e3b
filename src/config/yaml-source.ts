/**
 * YAML parsing that keeps positions, so that every later diagnostic can name file, line and
 * column, and that refuses what could exhaust the process: deep nesting, alias bombs, floods of
 * errors (worded in yaml-syntax.ts). One document per file; duplicate keys are errors that name
 * the first occurrence.
 */
import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, type CST, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../core/diagnostics.js';
import type { ConfigFile } from './files.js';
import { formatPath } from './problem.js';
import { syntaxDiagnostics } from './yaml-syntax.js';

/** Aliases expanded beyond this count are refused (protection against "billion laughs"). */
export const MAX_ALIAS_COUNT = 100;
/** Deeper nesting is refused before composing: configuration needs fewer than ten levels. */
export const MAX_NESTING = 32;

export interface YamlSource {
  readonly file: ConfigFile;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly data: unknown;
}

type CollectionToken = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

function isCollectionToken(token: CST.Token | undefined): token is CollectionToken {
  return token !== undefined && (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection');
}

/**
 * The offset of a collection nested deeper than MAX_NESTING, found on the concrete syntax
 * tree without recursion (composing such a tree would overflow the stack).
 */
function tooDeepOffset(tokens: readonly CST.Token[]): number | undefined {
  const pending: Array<[CST.Token, number]> = tokens.map((token) => [token, 0]);
  while (pending.length > 0) {
    const [token, depth] = pending.pop()!;
    if (token.type === 'document' && token.value) pending.push([token.value, depth]);
    if (!isCollectionToken(token)) continue;
    if (depth >= MAX_NESTING) return token.offset;
    for (const item of token.items) {
      for (const part of [item.key, item.value]) if (part) pending.push([part, depth + 1]);
    }
  }
  return undefined;
}

function at(file: ConfigFile, lineCounter: LineCounter, offset: number) {
  const { line, col } = lineCounter.linePos(offset);
  return { file: file.display, line, column: col };
}

/**
 * Keys that cannot be kept: duplicates within one mapping (reported where they repeat, naming
 * the first), and `__proto__`, which JavaScript objects cannot hold as a plain key.
 */
function keyProblems(file: ConfigFile, lineCounter: LineCounter, document: Document.Parsed): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const visit = (node: unknown, path: readonly string[]): void => {
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const offset = (pair.key as Node | null)?.range?.[0];
        if (key === '__proto__' && offset !== undefined) {
          diagnostics.push({ severity: 'error', code: 'config.reserved-key', message: '"__proto__" cannot be used as a key', origin: at(file, lineCounter, offset), ...(path.length > 0 ? { path: formatPath(path) } : {}) });
        } else if (key !== undefined && offset !== undefined) {
          const first = seen.get(key);
          if (first === undefined) seen.set(key, offset);
          else {
            diagnostics.push({
              severity: 'error',
              code: 'config.duplicate-key',
              message: `duplicate key "${key}": it is already set at line ${lineCounter.linePos(first).line}`,
              hint: 'keep one of them',
              origin: at(file, lineCounter, offset),
              ...(path.length > 0 ? { path: formatPath(path) } : {}),
            });
          }
        }
        visit(pair.value, key === undefined ? path : [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, String(index)]));
    }
  };
  visit(document.contents, []);
  return diagnostics;
}

function firstAliasOffset(node: unknown): number | undefined {
  if (isAlias(node)) return node.range?.[0];
  const children = isMap(node) ? node.items.flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
  for (const child of children) {
    const offset = firstAliasOffset(child);
    if (offset !== undefined) return offset;
  }
  return undefined;
}

export function parseYamlSource(file: ConfigFile): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(file.text)];
  const deep = tooDeepOffset(tokens);
  if (deep !== undefined) {
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'config.too-deep',
          message: `nested more than ${MAX_NESTING} levels deep`,
          hint: 'configuration needs only a few levels; check the indentation and the brackets',
          origin: at(file, lineCounter, deep),
        },
      ],
    };
  }
  const documents = [...new Composer({ strict: true, uniqueKeys: false, prettyErrors: false }).compose(tokens, true, file.text.length)];
  const document = documents[0]!;
  const diagnostics: Diagnostic[] = [];
  const second = documents[1];
  if (second) {
    diagnostics.push({
      severity: 'error',
      code: 'config.multiple-documents',
      message: 'a configuration file holds one YAML document; this one has more (separated by ---)',
      hint: 'move each document to a file of its own',
      origin: at(file, lineCounter, second.range[0]),
    });
  }
  const errors = documents.flatMap((d) => d.errors);
  diagnostics.push(...syntaxDiagnostics(file, lineCounter, errors));
  for (const warning of document.warnings) {
    diagnostics.push({ severity: 'warning', code: 'config.yaml', message: warning.message.split('\n')[0]!, origin: at(file, lineCounter, warning.pos[0]) });
  }
  if (errors.length > 0 || second) return { diagnostics };
  diagnostics.push(...keyProblems(file, lineCounter, document));
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // toJS throws for aliases only: too many expansions, or an alias before its anchor.
    const message = (error as Error).message;
    const bomb = /excessive alias count/i.test(message);
    diagnostics.push({
      severity: 'error',
      code: bomb ? 'config.alias-limit' : 'config.yaml-syntax',
      message: bomb ? 'aliases expand to too many values' : message.split('\n')[0]!,
      hint: bomb ? `aliases may expand to at most ${MAX_ALIAS_COUNT} values; write the values out instead` : 'define an anchor (&name) before its aliases (*name)',
      origin: at(file, lineCounter, firstAliasOffset(document.contents) ?? 0),
    });
    return { diagnostics };
  }
  return { source: { file, document, lineCounter, data }, diagnostics };
}

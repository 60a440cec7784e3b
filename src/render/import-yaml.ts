/**
 * The YAML snippet `roster import` prints: the application as the configuration declares it, with
 * `groups` set to the suggested bindings. It is built with the yaml library from the declaring
 * file's own node — comments, environment references and key order kept, so the snippet can
 * replace the declaration as it is — and never by pasting text together, so it is always valid
 * YAML. Environment references stay references: no secret can appear in it.
 *
 * A value holding a control character (a group name from the IdP, say) is written double-quoted,
 * where YAML escapes it (`\e`, `\n`, `\x7f`, `\u202e`): the snippet reads back as the same value,
 * and printed to a terminal it cannot drive it or forge a line (printable.ts).
 */
import { Document, isMap, isScalar, parseDocument, visit, type Node } from 'yaml';
import { printable, UNPRINTABLE } from './printable.js';

export interface SnippetInput {
  /** Text of the configuration file that declares the application. */
  readonly sourceText: string;
  readonly app: string;
  readonly groups: readonly string[];
  /** Shown after `groups`. */
  readonly comment: string;
}

function containsAlias(node: Node): boolean {
  let found = false;
  visit(node, {
    Alias: () => {
      found = true;
      return visit.BREAK;
    },
  });
  return found;
}

const hasUnprintable = (value: string) => new RegExp(UNPRINTABLE.source).test(value);

/** Quotes every value that holds a control character, and shows them escaped in comments. */
function quoteUnprintable(document: Document): void {
  const shown = (comment: string) => comment.split('\n').map(printable).join('\n');
  const comments = (node: { comment?: string | null; commentBefore?: string | null }) => {
    if (node.comment) node.comment = shown(node.comment);
    if (node.commentBefore) node.commentBefore = shown(node.commentBefore);
  };
  comments(document);
  visit(document, {
    Node: (_, node) => {
      comments(node);
      if (isScalar(node) && typeof node.value === 'string' && hasUnprintable(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
}

/** The application's entry, or undefined when the file does not declare it. */
export function renderApplicationSnippet(input: SnippetInput): string | undefined {
  const source = parseDocument(input.sourceText);
  const path = ['applications', input.app];
  const node = source.getIn(path, true) as Node | undefined;
  if (!node || !isMap(node)) return undefined;
  const snippet = new Document({ applications: {} });
  // An alias may point to an anchor outside the application: resolve it to plain values then.
  const copy = containsAlias(node) ? snippet.createNode(node.toJS(source)) : node.clone();
  snippet.setIn(path, copy);
  const groups = snippet.createNode([...input.groups], { flow: true });
  groups.comment = ` ${input.comment}`;
  snippet.setIn([...path, 'groups'], groups);
  quoteUnprintable(snippet);
  // A double-quoted value is kept on one line; what the library leaves raw in it (DEL, C1, bidi
  // controls, tabs) can only be inside double quotes now, where `\x7f`, `\u202e` or `\t` is the same character.
  return snippet
    .toString({ lineWidth: 0, flowCollectionPadding: false, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER })
    .split('\n')
    .map(printable)
    .join('\n');
}

/**
 * The YAML snippet `roster import` prints: the application as the configuration declares it, with
 * `groups` set to the suggested bindings. It is built with the yaml library from the declaring
 * file's own node — comments, environment references and key order kept, so the snippet can
 * replace the declaration as it is — and never by pasting text together, so it is always valid
 * YAML. Environment references stay references: no secret can appear in it.
 */
import { Document, isMap, parseDocument, visit, type Node } from 'yaml';

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
  return snippet.toString({ lineWidth: 0, flowCollectionPadding: false });
}

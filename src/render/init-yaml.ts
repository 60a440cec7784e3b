/**
 * The `configs/roster.yaml` that `roster init` writes. Without an IdP to read it is the example
 * configuration as shipped; from the IdP it is the example's `idp` block with the applications
 * found, each built with the yaml library (never by pasting text, so the file is always valid
 * YAML). An application of a catalog the example declares starts from the example's declaration
 * — its provisioning, mappings and safety, with every secret an environment reference — and takes
 * the IdP's label, description, IdP URL and bound groups. No secret value can appear in the file:
 * only the example's references and the IdP's non-secret settings go into it.
 */
import { Document, isMap, isScalar, parseDocument, type Node, type Pair } from 'yaml';
import type { FoundDeclaration } from '../core/init.js';

/** The line that points the YAML language server at the schema written beside `configs/`. */
export const SCHEMA_MODELINE = '# yaml-language-server: $schema=../schema.json';

export interface InitConfigInput {
  /** Text of the example configuration. */
  readonly templateText: string;
  /** Read from the IdP; absent when no IdP was read. */
  readonly found?: {
    readonly applications: readonly FoundDeclaration[];
    /** Every user group in the IdP, by name. */
    readonly groups: readonly string[];
  };
}

/** The text with the modeline as its first line, whatever the text had there. */
function withModeline(text: string): string {
  return text.startsWith(`${SCHEMA_MODELINE}\n`) ? text : `${SCHEMA_MODELINE}\n${text}`;
}

function keyPair(doc: Document, key: string): Pair | undefined {
  const contents = doc.contents;
  if (!isMap(contents)) return undefined;
  return contents.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
}

/** The example's first declaration of each catalog, as a template for applications of that catalog. */
function templatesByCatalog(template: Document): Map<string, Node> {
  const templates = new Map<string, Node>();
  const applications = template.get('applications', true);
  if (!isMap(applications)) return templates;
  for (const pair of applications.items) {
    const node = pair.value as Node | null;
    if (!isMap(node)) continue;
    const catalog = node.get('catalog');
    if (typeof catalog === 'string' && !templates.has(catalog)) templates.set(catalog, node);
  }
  return templates;
}

function declarationNode(doc: Document, found: FoundDeclaration, templates: ReadonlyMap<string, Node>): Node {
  const template = templates.get(found.catalog);
  const node = (template ? template.clone() : doc.createNode({ catalog: found.catalog })) as Node;
  if (!isMap(node)) throw new Error('a declaration is a map');
  node.set('label', found.label);
  if (found.description !== undefined) node.set('description', found.description);
  else node.delete('description');
  node.set('portal', found.portal);
  const groups = doc.createNode([...found.groups], { flow: true });
  groups.comment = found.groups.length === 0 ? ' no group is bound in the IdP: nobody has access' : ' bound in the IdP';
  node.set('groups', groups);
  const sso = node.get('sso', true);
  if (isMap(sso)) {
    for (const key of ['enabled', 'ssoUrl', 'acsUrl', 'spEntityId'] as const) sso.delete(key);
    for (const [key, value] of Object.entries(found.sso)) sso.set(key, value);
  } else if (Object.keys(found.sso).length > 0) {
    node.set('sso', doc.createNode({ ...found.sso }));
  }
  return node;
}

export function renderInitConfig(input: InitConfigInput): string {
  if (!input.found) return withModeline(input.templateText);
  const doc = parseDocument(input.templateText);
  const templates = templatesByCatalog(doc);
  const first = isMap(doc.contents) ? doc.contents.items[0] : undefined;
  if (first && isScalar(first.key)) first.key.commentBefore = null;
  doc.commentBefore = [
    ` ${SCHEMA_MODELINE.slice(2)}`,
    '',
    ' Written by `roster init` from the SSO applications and user groups in the IdP. Check it with',
    ' `roster validate`, then see what Roster would change with `roster plan`: applications are',
    ' found by their label and adopted as they are.',
  ].join('\n');
  const applications = keyPair(doc, 'applications');
  if (input.found.applications.length > 0) {
    const map = doc.createNode({}) as Node;
    if (!isMap(map)) throw new Error('applications is a map');
    for (const found of input.found.applications) map.set(found.name, declarationNode(doc, found, templates));
    if (applications) applications.value = map;
    else doc.set('applications', map);
  }
  const groups = input.found.groups.length > 0 ? input.found.groups.join(', ') : 'none';
  const note = [
    ` User groups in the IdP: ${groups}.`,
    ...(input.found.applications.length === 0 ? [' The IdP has no SSO application yet: the example application below is a start.'] : []),
  ].join('\n');
  const key = keyPair(doc, 'applications')?.key;
  if (isScalar(key)) {
    key.commentBefore = note;
    key.spaceBefore = true;
  }
  return withModeline(doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
}

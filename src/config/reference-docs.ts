/**
 * The generated parts of docs/configuration.md: the reference of every key (from the zod schema:
 * type, default, description, example) and the catalogs' defaults (from the catalog files). They
 * sit between marker comments in the hand-written document; `npm run schema` rewrites them and
 * `npm run schema:check` fails when they differ, so the documentation cannot drift.
 */
import { stringify } from 'yaml';
import * as z from 'zod';
import { CATALOG_NAMES, loadCatalog, type Catalog } from './catalog.js';
import { configSchema } from './schema.js';

interface KeyDoc {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue?: unknown;
  readonly description?: string;
  readonly example?: unknown;
}

interface Meta {
  readonly description?: string;
  readonly examples?: readonly unknown[];
  /** The default of an optional key whose default is applied after validation. */
  readonly default?: unknown;
}

/** Metadata of a schema and of the wrappers around it; the outermost wins. */
function collect(schema: z.ZodType): { inner: z.ZodType; meta: Meta; required: boolean; defaultValue?: unknown } {
  let current = schema;
  let meta: Meta = {};
  let required = true;
  let defaultValue: unknown;
  for (;;) {
    meta = { ...(z.globalRegistry.get(current) as Meta | undefined), ...meta };
    if (current instanceof z.ZodOptional) required = false;
    else if (current instanceof z.ZodDefault) {
      required = false;
      defaultValue = current.def.defaultValue;
    } else if (!(current instanceof z.ZodNullable)) break;
    current = current.unwrap() as z.ZodType;
  }
  defaultValue ??= meta.default;
  return { inner: current, meta, required, ...(defaultValue !== undefined ? { defaultValue } : {}) };
}

function typeOf(schema: z.ZodType): string {
  if (schema instanceof z.ZodString) return 'text';
  if (schema instanceof z.ZodBoolean) return '`true` or `false`';
  if (schema instanceof z.ZodNumber) return 'whole number';
  if (schema instanceof z.ZodEnum) return schema.options.map((option) => `\`${String(option)}\``).join(' \\| ');
  if (schema instanceof z.ZodLiteral) return [...schema.values].map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema instanceof z.ZodArray) return `list of ${typeOf(collect(schema.element as z.ZodType).inner)}`;
  if (schema instanceof z.ZodRecord) {
    const value = schema.valueType as z.ZodType;
    return `mapping: name → ${typeOf(collect(value).inner)}${value instanceof z.ZodNullable ? ' or `~`' : ''}`;
  }
  if (schema instanceof z.ZodObject) return 'mapping';
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).map((option) => typeOf(option)).join(' or ');
  return 'value';
}

/** Every key of the configuration, depth first, with `<name>` standing for record keys. */
export function describeKeys(): KeyDoc[] {
  const keys: KeyDoc[] = [];
  const visit = (schema: z.ZodType, path: string): void => {
    const { inner, meta, required, defaultValue } = collect(schema);
    if (path) {
      keys.push({
        path,
        type: typeOf(inner),
        required,
        ...(defaultValue !== undefined ? { defaultValue } : {}),
        ...(meta.description ? { description: meta.description } : {}),
        ...(meta.examples?.[0] !== undefined ? { example: meta.examples[0] } : {}),
      });
    }
    if (inner instanceof z.ZodObject) {
      for (const [key, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) visit(child, path ? `${path}.${key}` : key);
    } else if (inner instanceof z.ZodRecord && collect(inner.valueType as z.ZodType).inner instanceof z.ZodObject) {
      visit(inner.valueType as z.ZodType, `${path}.<name>`);
    }
  };
  visit(configSchema, '');
  return keys;
}

function yamlOf(key: string, value: unknown): string {
  return stringify({ [key]: value }, { lineWidth: 0, nullStr: '~' }).trimEnd();
}

function renderKey(doc: KeyDoc): string {
  const name = doc.path.split('.').pop()!;
  const facts = [doc.type, doc.required ? 'required' : doc.defaultValue !== undefined ? `default \`${JSON.stringify(doc.defaultValue)}\`` : 'optional'];
  const lines = [`### \`${doc.path}\``, '', facts.join(' — '), ''];
  if (doc.description) lines.push(doc.description, '');
  if (doc.example !== undefined) lines.push('```yaml', yamlOf(name, doc.example), '```', '');
  return lines.join('\n');
}

export function renderKeyReference(): string {
  return describeKeys().map(renderKey).join('\n').trimEnd();
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const code = (text: string) => `\`${text}\``;
const list = (items: readonly string[]) => (items.length ? items.map(code).join(', ') : '—');

function renderCatalog(catalog: Catalog): string {
  const { provisioning, sso } = catalog;
  const { rules } = provisioning;
  const lines = [
    `### \`${catalog.name}\`: ${catalog.title}`,
    '',
    catalog.description,
    '',
    `- SCIM URL: ${provisioning.url ? code(provisioning.url) : 'none: `provisioning.url` is required'}`,
    `- Credentials: ${list(provisioning.credentials.accepted)}; recommended ${code(provisioning.credentials.recommended)}${provisioning.credentials.why ? ` (${provisioning.credentials.why})` : ''}`,
    `- ACS URL: ${sso.acsUrl ? code(sso.acsUrl) : 'none'}; SP entity ID: ${sso.spEntityId ? code(sso.spEntityId) : 'none'}`,
    `- SCIM groups (/Groups): ${provisioning.groups ? 'yes: `provisioning.groups` applies' : 'none: `provisioning.groups` is ignored'}`,
    '',
    'Default mappings:',
    '',
    table(['SCIM path', 'directory property'], Object.entries(provisioning.mappings).map(([target, source]) => [code(target), code(source)])),
    '',
    'Default attribute statements:',
    '',
    table(
      ['attribute', 'directory property', 'if removed'],
      Object.entries(sso.attributes).map(([name, source]) => {
        const requirement = sso.requirements.attributes.find((r) => r.name === name);
        return [code(name), code(source), requirement ? `${requirement.severity}: ${requirement.reason}` : '—'];
      }),
    ),
    '',
    'Target rules:',
    '',
    `- userName must equal the work email: ${rules.userNameIsWorkEmail ? 'yes' : 'no'}`,
    `- an address needs a country: ${rules.addressRequiresCountry ? 'yes' : 'no'}`,
    `- new accounts are pending until activated: ${rules.pendingAfterCreate ? 'yes' : 'no'}`,
    `- a deactivated account is reactivated before it is deleted: ${rules.reactivateBeforeDelete ? 'yes' : 'no'}`,
    `- needed to create an account: ${list(rules.requiredAtCreate)}`,
    `- accepted value types: ${Object.entries(rules.valueTypes).map(([attribute, types]) => `${code(attribute)} ${types.join(', ')}`).join('; ') || 'any'}`,
    `- set by the target (never sent): ${list(rules.targetOwned)}`,
    `- ignored by the target (never sent, a mapping is a warning): ${list(rules.ignored)}`,
  ];
  return lines.join('\n');
}

export function renderCatalogReference(): string {
  return CATALOG_NAMES.map((name) => renderCatalog(loadCatalog(name))).join('\n\n');
}

/** The generated blocks, by the name their markers carry. */
export function generatedBlocks(): Record<string, string> {
  return { keys: renderKeyReference(), catalogs: renderCatalogReference() };
}

/**
 * Replaces the content between `<!-- generated:NAME -->` and `<!-- end:NAME -->` with each
 * block. A document missing a marker pair is returned with that block appended, so that the
 * check fails rather than passing silently.
 */
export function withGeneratedBlocks(document: string, blocks: Readonly<Record<string, string>>): string {
  let result = document;
  for (const [name, content] of Object.entries(blocks)) {
    const begin = `<!-- generated:${name} (npm run schema) -->`;
    const end = `<!-- end:${name} -->`;
    const from = result.indexOf(begin);
    const to = result.indexOf(end);
    const section = `${begin}\n\n${content}\n\n${end}`;
    result = from >= 0 && to > from ? `${result.slice(0, from)}${section}${result.slice(to + end.length)}` : `${result}\n${section}\n`;
  }
  return result;
}

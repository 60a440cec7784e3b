/**
 * Mapping targets: SCIM 2.0 User attribute paths in the forms Roster's mapping understands
 * (see core/scim-path.ts), checked against the User schema with a precise reason and the
 * nearest valid path when one is wrong.
 *
 *   userName, name.givenName                      core attributes, written without the URN
 *   emails[type eq "work"].value                  one value of a multi-valued attribute
 *   addresses[], phoneNumbers[]                   whole multi-valued attributes, by value type
 *   urn:…:enterprise:2.0:User:department          enterprise extension
 *   urn:example:schemas:2.0:Badge:number          other extensions: accepted, not checked
 */
import { MULTI_VALUED_SOURCES } from '../core/mapping.js';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, parseScimPath } from '../core/scim-path.js';
import { CORE_USER_ATTRIBUTES, ENTERPRISE_USER_ATTRIBUTES, type ScimAttribute, type Writer } from './scim-user-schema.js';
import { nearest } from './suggest.js';

export interface TargetProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
}

export type TargetShape = 'scalar' | 'multi-valued';

export type TargetCheck = { readonly shape: TargetShape; readonly problem?: TargetProblem } | { readonly shape?: undefined; readonly problem: TargetProblem };

const IDENTIFIER = /^[A-Za-z][\w$-]*$/;
const FILTERED = /^([^[\].]+)\[([^\]]*)\](?:\.(.*))?$/;
const TYPE_FILTER = /^type eq "([^"]+)"$/;
/** Multi-valued attributes a `name[]` mapping may take whole: those with a multi-valued source. */
const WHOLE_ATTRIBUTES = MULTI_VALUED_SOURCES.map((source) => source.slice(0, -2));

/** The sub-attributes a mapping may fill, the most common first. */
const COMMON_SUBS = ['value', 'givenName', 'familyName', 'country'];

function mappable(subs: Readonly<Record<string, Writer>>): string[] {
  const rank = (sub: string) => (COMMON_SUBS.includes(sub) ? COMMON_SUBS.indexOf(sub) : COMMON_SUBS.length);
  return Object.keys(subs)
    .filter((sub) => subs[sub] === 'mapping')
    .sort((a, b) => rank(a) - rank(b));
}

/** A table entry by a name the user wrote: never an inherited property such as `constructor`. */
function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

const error = (message: string, hint?: string): TargetCheck => ({ problem: { severity: 'error', message, ...(hint ? { hint } : {}) } });
const didYouMean = (candidate: string | undefined) => (candidate ? `did you mean \`${candidate}\`?` : undefined);

function writerProblem(path: string, writer: Writer | undefined, why?: string): TargetCheck | undefined {
  switch (writer) {
    case 'readOnly':
      return error(`${path} is read-only: the application sets it`, 'remove this mapping');
    case 'writeOnly':
      return error(`${path} cannot be mapped: Roster never sends passwords`, 'remove this mapping; users sign in through single sign-on');
    case 'roster':
      return error(`${path} is set by Roster itself: ${why ?? ''}`.trim(), 'remove this mapping');
    default:
      return undefined;
  }
}

/** `attr` or `attr.sub` within a table of attributes (core, or the enterprise extension). */
function checkPlain(path: string, rest: string, table: Readonly<Record<string, ScimAttribute>>, prefix: string): TargetCheck {
  const [name = '', sub, ...more] = rest.split('.');
  const attribute = own(table, name);
  if (!attribute || !IDENTIFIER.test(name)) {
    const near = nearest(name, Object.keys(table));
    return error(`unknown SCIM attribute "${path}"`, didYouMean(near && `${prefix}${near}${sub ? `.${sub}` : ''}`));
  }
  const writer = writerProblem(path, attribute.writer, attribute.why);
  if (writer) return writer;
  if (attribute.multiValued) {
    const example = `${prefix}${name}[type eq "work"].${name === 'addresses' ? 'country' : 'value'}`;
    return error(`${path} is multi-valued: map one value by its type`, `e.g. \`${example}\`${WHOLE_ATTRIBUTES.includes(name) ? `, or the whole attribute: \`${name}[]\`` : ''}`);
  }
  const subs = attribute.subAttributes;
  if (sub === undefined) {
    if (!subs) return { shape: 'scalar' };
    return error(`${path} is complex: map its sub-attributes`, `e.g. \`${prefix}${name}.${mappable(subs)[0]}\` (${mappable(subs).join(', ')})`);
  }
  if (!subs) return error(`${prefix}${name} has no sub-attributes`, `map \`${prefix}${name}\` itself`);
  if (more.length > 0 || !Object.hasOwn(subs, sub)) {
    const near = nearest(sub, mappable(subs));
    return error(`unknown sub-attribute "${sub}" of ${prefix}${name}`, didYouMean(near && `${prefix}${name}.${near}`) ?? `sub-attributes: ${mappable(subs).join(', ')}`);
  }
  return writerProblem(path, subs[sub]) ?? { shape: 'scalar' };
}

/** `attr[type eq "work"].sub`. */
function checkFiltered(path: string, match: RegExpExecArray): TargetCheck {
  const [, name = '', filter = '', sub] = match;
  const attribute = own(CORE_USER_ATTRIBUTES, name);
  if (!attribute) return error(`unknown SCIM attribute "${path}"`, didYouMean(nearest(name, Object.keys(CORE_USER_ATTRIBUTES))));
  if (!attribute.multiValued) return error(`${name} is not multi-valued: it takes no [filter]`, `map \`${name}\` itself`);
  const writer = writerProblem(path, attribute.writer, attribute.why);
  if (writer) return writer;
  const type = TYPE_FILTER.exec(filter.trim());
  if (!type || filter !== filter.trim()) {
    return error(`unsupported filter [${filter}] in ${path}`, `Roster selects values by type only: \`${name}[type eq "work"]\``);
  }
  const subs = attribute.subAttributes ?? {};
  if (sub === undefined || sub === '') {
    return error(`${path} names a whole value: map one of its sub-attributes`, `e.g. \`${name}[type eq "${type[1]}"].${mappable(subs)[0]}\``);
  }
  if (!Object.hasOwn(subs, sub)) {
    const near = nearest(sub, mappable(subs));
    return error(`unknown sub-attribute "${sub}" of ${name}`, didYouMean(near && `${name}[type eq "${type[1]}"].${near}`) ?? `sub-attributes: ${mappable(subs).join(', ')}`);
  }
  if (sub === 'type') return error(`${path} maps the type, which the filter already gives`, 'remove this mapping');
  return writerProblem(path, subs[sub]) ?? { shape: 'scalar' };
}

function checkExtension(path: string): TargetCheck {
  const cut = path.lastIndexOf(':');
  const schema = path.slice(0, cut);
  const rest = path.slice(cut + 1);
  if (schema.toLowerCase() === CORE_USER_SCHEMA.toLowerCase()) {
    return error(`core attributes are written without the schema URN`, `write \`${rest}\``);
  }
  if (schema === ENTERPRISE_USER_SCHEMA) return checkPlain(path, rest, ENTERPRISE_USER_ATTRIBUTES, `${ENTERPRISE_USER_SCHEMA}:`);
  // Long URNs differ by few characters when misspelt; a distant one is another extension.
  if (nearest(schema, [ENTERPRISE_USER_SCHEMA], 4) || /enterprise/i.test(schema)) {
    return error(`unknown schema URN "${schema}"`, `the enterprise extension is \`${ENTERPRISE_USER_SCHEMA}\` (RFC 7643 §4.3)`);
  }
  if (!parseScimPath(path) || rest === '') return error(`"${path}" is not a SCIM attribute path`, 'write urn:<schema>:<attribute>');
  return {
    shape: 'scalar',
    problem: { severity: 'warning', message: `Roster cannot check attributes of the extension schema ${schema}`, hint: 'make sure the application declares this schema (GET /Schemas)' },
  };
}

export function checkTargetPath(path: string): TargetCheck {
  if (path.startsWith('urn:')) return checkExtension(path);
  if (path.endsWith('[]')) {
    const name = path.slice(0, -2);
    if (WHOLE_ATTRIBUTES.includes(name)) return { shape: 'multi-valued' };
    if (own(CORE_USER_ATTRIBUTES, name)?.multiValued) {
      return error(`${name} cannot be mapped whole`, `only ${WHOLE_ATTRIBUTES.map((a) => `${a}[]`).join(' and ')} map whole attributes; map one value: \`${name}[type eq "work"].value\``);
    }
    return error(`"${path}" is not a multi-valued attribute`, didYouMean(nearest(name, WHOLE_ATTRIBUTES) && `${nearest(name, WHOLE_ATTRIBUTES)}[]`));
  }
  const filtered = FILTERED.exec(path);
  if (filtered) return checkFiltered(path, filtered);
  if (path.includes('[') || path.includes(']')) return error(`"${path}" is not a SCIM attribute path`, 'a filter looks like `emails[type eq "work"].value`');
  return checkPlain(path, path, CORE_USER_ATTRIBUTES, '');
}

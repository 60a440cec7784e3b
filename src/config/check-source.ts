/**
 * Mapping and attribute sources: the directory properties docs/configuration.md "Mappings" lists, read by
 * core/mapping.ts. A source is scalar (one text value) or multi-valued (`addresses[]`,
 * `phoneNumbers[]`, mapped whole onto the SCIM attribute of the same name).
 */
import { CUSTOM_ATTRIBUTE_PREFIX, MULTI_VALUED_SOURCES, SCALAR_SOURCES, TYPED_SOURCE_FIELDS } from '../core/mapping.js';
import { nearest } from './suggest.js';
import type { TargetProblem, TargetShape } from './check-target-path.js';

export type SourceCheck = { readonly shape: TargetShape; readonly problem?: undefined } | { readonly shape?: undefined; readonly problem: TargetProblem };

const TYPED = /^(\w+)\[(.*)\](?:\.(.*))?$/;
const TYPE_FILTER = /^type eq "([^"]+)"$/;
/** JumpCloud custom attribute names: letters and digits (plus `_` and `-`, which some tenants use). */
const CUSTOM_NAME = /^[A-Za-z0-9_-]+$/;

/** Names people reach for, and the directory property they mean. */
const ALIASES: Readonly<Record<string, string>> = {
  surname: 'lastname',
  familyname: 'lastname',
  last_name: 'lastname',
  givenname: 'firstname',
  first_name: 'firstname',
  mail: 'email',
  login: 'username',
  dept: 'department',
  phone: 'phoneNumbers[]',
  phonenumbers: 'phoneNumbers[]',
  address: 'addresses[]',
  addresses: 'addresses[]',
};

const KNOWN = [...SCALAR_SOURCES, ...MULTI_VALUED_SOURCES, `${CUSTOM_ATTRIBUTE_PREFIX}<name>`];
const fail = (message: string, hint?: string): SourceCheck => ({ problem: { severity: 'error', message, ...(hint ? { hint } : {}) } });

function checkTyped(source: string, match: RegExpExecArray): SourceCheck {
  const [, collection = '', filter = '', field] = match;
  if (!Object.hasOwn(TYPED_SOURCE_FIELDS, collection)) {
    const near = nearest(collection, Object.keys(TYPED_SOURCE_FIELDS));
    return fail(`unknown directory property "${source}"`, near ? `did you mean \`${near}[${filter}]${field ? `.${field}` : ''}\`?` : `typed values exist for ${Object.keys(TYPED_SOURCE_FIELDS).join(' and ')}`);
  }
  const fields: readonly string[] = TYPED_SOURCE_FIELDS[collection as keyof typeof TYPED_SOURCE_FIELDS];
  const type = TYPE_FILTER.exec(filter);
  if (!type) return fail(`unsupported filter [${filter}] in ${source}`, `select a value by its type: \`${collection}[type eq "work"].${fields[0]}\``);
  if (field === undefined) {
    return fail(`${source} is a whole value: name one of its fields`, `e.g. \`${collection}[type eq "${type[1]}"].${fields[0]}\` (fields: ${fields.join(', ')})`);
  }
  if (!fields.includes(field)) {
    const near = nearest(field, fields) ?? (collection === 'phoneNumbers' ? 'number' : undefined);
    return fail(`${collection} have no field "${field}"`, near ? `did you mean \`${collection}[type eq "${type[1]}"].${near}\`?` : `fields: ${fields.join(', ')}`);
  }
  return { shape: 'scalar' };
}

export function checkSource(source: string): SourceCheck {
  if ((SCALAR_SOURCES as readonly string[]).includes(source)) return { shape: 'scalar' };
  if ((MULTI_VALUED_SOURCES as readonly string[]).includes(source)) return { shape: 'multi-valued' };
  if (source.startsWith(CUSTOM_ATTRIBUTE_PREFIX)) {
    const name = source.slice(CUSTOM_ATTRIBUTE_PREFIX.length);
    return CUSTOM_NAME.test(name)
      ? { shape: 'scalar' }
      : fail(`"${name}" is not a custom attribute name`, 'custom attribute names are letters, digits, `_` and `-`');
  }
  const typed = TYPED.exec(source);
  if (typed) return checkTyped(source, typed);
  const dot = source.indexOf('.');
  if (dot > 0 && nearest(source.slice(0, dot + 1), [CUSTOM_ATTRIBUTE_PREFIX])) {
    return fail(`unknown directory property "${source}"`, `custom attributes are written \`${CUSTOM_ATTRIBUTE_PREFIX}${source.slice(dot + 1)}\``);
  }
  const alias = Object.hasOwn(ALIASES, source.toLowerCase()) ? ALIASES[source.toLowerCase()] : undefined;
  const near = alias ?? nearest(source, [...SCALAR_SOURCES, ...MULTI_VALUED_SOURCES]);
  return fail(`unknown directory property "${source}"`, near ? `did you mean \`${near}\`?` : `directory properties: ${KNOWN.join(', ')}`);
}

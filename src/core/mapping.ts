/**
 * The mapping turns a directory user into the flat attributes of the target account. It is a pure
 * function of the user, the application's mappings and the target's rules; anything it leaves out
 * is reported (as an omission), never dropped silently.
 */
import type { Mapping, TargetRules } from './desired.js';
import type { AttributeValue, DirectoryUser } from './model.js';
import { parseScimPath, valuePath } from './scim-path.js';

/** Directory properties usable as mapping sources (PRODUCT.md "Configuration"). */
export const SCALAR_SOURCES = ['email', 'username', 'firstname', 'lastname', 'department'] as const;
export const MULTI_VALUED_SOURCES = ['addresses[]', 'phoneNumbers[]'] as const;
export const CUSTOM_ATTRIBUTE_PREFIX = 'attributes.';

const ADDRESS_FIELDS = ['streetAddress', 'locality', 'region', 'postalCode', 'country'] as const;

/**
 * Fields of one typed value usable as a scalar source, e.g. `addresses[type eq "work"].country`,
 * `phoneNumbers[type eq "mobile"].number` (see scalarSource).
 */
export const TYPED_SOURCE_FIELDS = { addresses: ADDRESS_FIELDS, phoneNumbers: ['number'] } as const;

export type OmissionReason = 'ignored-by-target' | 'value-type-not-accepted' | 'owned-by-target';

/** A value the mapping produced but did not keep, and why. */
export interface Omission {
  readonly path: string;
  readonly reason: OmissionReason;
}

export interface MappedUser {
  readonly attributes: Record<string, AttributeValue>;
  readonly omissions: readonly Omission[];
}

export function isMultiValuedTarget(target: string): boolean {
  return target.endsWith('[]');
}

/** `addresses[type eq "work"].country`, `phoneNumbers[type eq "mobile"].number`: one typed value's field. */
const TYPED_SOURCE = /^(addresses|phoneNumbers)\[type eq "([^"]*)"\]\.(\w+)$/;

/** Reads a scalar directory property; undefined when the user has no value. */
export function scalarSource(user: DirectoryUser, source: string): string | undefined {
  if (source.startsWith(CUSTOM_ATTRIBUTE_PREFIX)) return user.attributes[source.slice(CUSTOM_ATTRIBUTE_PREFIX.length)];
  const typed = TYPED_SOURCE.exec(source);
  if (typed) {
    const [, collection, type, field] = typed;
    const values: ReadonlyArray<object> = collection === 'addresses' ? user.addresses : user.phoneNumbers;
    const match = values.find((v) => (v as { type: string }).type.toLowerCase() === type!.toLowerCase()) as Record<string, unknown> | undefined;
    const value = match?.[field!];
    return typeof value === 'string' ? value : undefined;
  }
  switch (source) {
    case 'email':
      return user.email;
    case 'username':
      return user.username;
    case 'firstname':
      return user.firstname;
    case 'lastname':
      return user.lastname;
    case 'department':
      return user.department;
    default:
      return undefined;
  }
}

function startsWithPrefix(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
}

/** Whether Roster may send and compare this value type of a multi-valued attribute. */
function acceptsValueType(rules: TargetRules, attribute: string, valueType: string): boolean {
  const accepted = rules.valueTypes[attribute];
  return accepted === undefined || accepted.includes(valueType);
}

/** Multi-valued values a directory user has for a `…[]` mapping, as typed flat entries. */
function multiValuedEntries(user: DirectoryUser, source: string, attribute: string): Array<[string, string, string]> {
  const entries: Array<[string, string, string]> = [];
  const seen = new Set<string>();
  if (source === 'addresses[]') {
    for (const address of user.addresses) {
      const type = address.type.toLowerCase();
      if (seen.has(type)) continue;
      seen.add(type);
      for (const field of ADDRESS_FIELDS) {
        const value = address[field]?.trim();
        if (value) entries.push([type, `${valuePath(attribute, type)}.${field}`, value]);
      }
    }
  } else if (source === 'phoneNumbers[]') {
    for (const phone of user.phoneNumbers) {
      const type = phone.type.toLowerCase();
      const value = phone.number.trim();
      if (seen.has(type) || !value) continue;
      seen.add(type);
      entries.push([type, `${valuePath(attribute, type)}.value`, value]);
    }
  }
  return entries;
}

export function mapUser(user: DirectoryUser, mappings: readonly Mapping[], rules: TargetRules): MappedUser {
  const attributes: Record<string, AttributeValue> = {};
  const omissions: Omission[] = [];
  const keep = (path: string, value: AttributeValue, valueType?: { attribute: string; type: string }) => {
    if (startsWithPrefix(path, rules.ignored)) omissions.push({ path, reason: 'ignored-by-target' });
    else if (startsWithPrefix(path, rules.targetOwned)) omissions.push({ path, reason: 'owned-by-target' });
    else if (valueType && !acceptsValueType(rules, valueType.attribute, valueType.type))
      omissions.push({ path, reason: 'value-type-not-accepted' });
    else attributes[path] = value;
  };
  for (const { target, source } of mappings) {
    if (isMultiValuedTarget(target)) {
      const attribute = target.slice(0, -2);
      for (const [type, path, value] of multiValuedEntries(user, source, attribute)) keep(path, value, { attribute, type });
      continue;
    }
    const value = scalarSource(user, source)?.trim();
    if (!value) continue;
    const parsed = parseScimPath(target);
    keep(target, value, parsed?.valueType !== undefined ? { attribute: parsed.attribute, type: parsed.valueType } : undefined);
  }
  return { attributes, omissions };
}

/**
 * Whether a target path is Roster's to compare and change for this application: produced by a
 * mapping, accepted by the target, and not owned or ignored by it. Everything else in an account
 * is left alone.
 */
export function isManagedPath(path: string, mappings: readonly Mapping[], rules: TargetRules): boolean {
  if (path === 'active' || path === 'externalId') return true;
  if (startsWithPrefix(path, rules.ignored) || startsWithPrefix(path, rules.targetOwned)) return false;
  const parsed = parseScimPath(path);
  if (!parsed) return false;
  for (const { target } of mappings) {
    if (target === path) return true;
    if (isMultiValuedTarget(target) && parsed.valueType !== undefined && target.slice(0, -2) === parsed.attribute) {
      return acceptsValueType(rules, parsed.attribute, parsed.valueType);
    }
  }
  return false;
}

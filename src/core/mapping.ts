/**
 * The mapping turns a directory user into the flat attributes of the target account. It is a pure
 * function of the user, the application's mappings and the target's rules; anything it leaves out
 * is reported (as an omission), never dropped silently.
 */
import type { Mapping, TargetRules } from './desired.js';
import type { AttributeValue, DirectoryUser, FlatAttributes } from './model.js';
import { parseScimPath, valuePath } from './scim-path.js';

/** Directory properties usable as mapping sources (docs/configuration.md "Mappings"). */
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
  /** Shared by every caller mapping the same user under the same mappings: copied to be changed. */
  readonly attributes: FlatAttributes;
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

/**
 * `attribute[type eq "type"].field`, the same string each time it is asked for: every user yields
 * the same few paths, and a string already seen is cheaper to look up and to use as a key.
 */
const typedPaths = new Map<string, Map<string, Map<string, string>>>();

function typedPath(attribute: string, type: string, field: string): string {
  let byType = typedPaths.get(attribute);
  if (!byType) typedPaths.set(attribute, (byType = new Map()));
  let byField = byType.get(type);
  if (!byField) {
    // A bound on what a directory of unusual value types can make it hold.
    if (byType.size >= 1_000) byType.clear();
    byType.set(type, (byField = new Map()));
  }
  let path = byField.get(field);
  if (path === undefined) byField.set(field, (path = `${valuePath(attribute, type)}.${field}`));
  return path;
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
        if (value) entries.push([type, typedPath(attribute, type, field), value]);
      }
    }
  } else if (source === 'phoneNumbers[]') {
    for (const phone of user.phoneNumbers) {
      const type = phone.type.toLowerCase();
      const value = phone.number.trim();
      if (seen.has(type) || !value) continue;
      seen.add(type);
      entries.push([type, typedPath(attribute, type, 'value'), value]);
    }
  }
  return entries;
}

/**
 * Why the target does not take a value at this path, or undefined when it does. A value of a
 * multi-valued attribute comes with its attribute and type; a scalar target's own path may
 * address a typed value too (`emails[type eq "work"].value`).
 */
function omissionReason(path: string, rules: TargetRules, attribute: string | undefined, type: string | undefined): OmissionReason | undefined {
  if (startsWithPrefix(path, rules.ignored)) return 'ignored-by-target';
  if (startsWithPrefix(path, rules.targetOwned)) return 'owned-by-target';
  if (attribute === undefined) {
    const parsed = parseScimPath(path);
    if (parsed?.valueType !== undefined && !acceptsValueType(rules, parsed.attribute, parsed.valueType)) return 'value-type-not-accepted';
  } else if (type !== undefined && !acceptsValueType(rules, attribute, type)) {
    return 'value-type-not-accepted';
  }
  return undefined;
}

/**
 * omissionReason remembered per rules and path (a path determines its value type): mapping
 * 100,000 users asks about the same few paths, and the prefix checks would otherwise dominate a
 * plan's time. A cache of a pure function: it changes no result.
 */
const omissionReasons = new WeakMap<TargetRules, Map<string, OmissionReason | null>>();

function reasonsFor(rules: TargetRules): Map<string, OmissionReason | null> {
  let reasons = omissionReasons.get(rules);
  if (!reasons) omissionReasons.set(rules, (reasons = new Map()));
  return reasons;
}

/**
 * Each user's mapping, per mappings and rules (one application's): users are mapped while the
 * directory is read, refresh maps every user with access to compare the refresh cache, and the
 * plan maps the same users again. A cache of a pure function of immutable inputs: it changes no
 * result, and holds nothing its keys do not.
 */
const mappedUsers = new WeakMap<readonly Mapping[], WeakMap<TargetRules, WeakMap<DirectoryUser, MappedUser>>>();

export function mapUser(user: DirectoryUser, mappings: readonly Mapping[], rules: TargetRules): MappedUser {
  let byRules = mappedUsers.get(mappings);
  if (!byRules) mappedUsers.set(mappings, (byRules = new WeakMap()));
  let byUser = byRules.get(rules);
  if (!byUser) byRules.set(rules, (byUser = new WeakMap()));
  let mapped = byUser.get(user);
  if (!mapped) byUser.set(user, (mapped = mapUserOnce(user, mappings, rules)));
  return mapped;
}

function mapUserOnce(user: DirectoryUser, mappings: readonly Mapping[], rules: TargetRules): MappedUser {
  const attributes: Record<string, AttributeValue> = {};
  const omissions: Omission[] = [];
  const reasons = reasonsFor(rules);
  const keep = (path: string, value: AttributeValue, attribute?: string, type?: string) => {
    let reason = reasons.get(path);
    if (reason === undefined) reasons.set(path, (reason = omissionReason(path, rules, attribute, type) ?? null));
    if (reason) omissions.push({ path, reason });
    else attributes[path] = value;
  };
  for (const { target, source } of mappings) {
    if (isMultiValuedTarget(target)) {
      const attribute = target.slice(0, -2);
      for (const [type, path, value] of multiValuedEntries(user, source, attribute)) keep(path, value, attribute, type);
      continue;
    }
    const value = scalarSource(user, source)?.trim();
    if (value) keep(target, value);
  }
  return { attributes, omissions };
}

const managedPaths = new WeakMap<readonly Mapping[], WeakMap<TargetRules, Map<string, boolean>>>();

/**
 * Whether a target path is Roster's to compare and change for this application: produced by a
 * mapping, accepted by the target, and not owned or ignored by it. Everything else in an account
 * is left alone.
 */
export function isManagedPath(path: string, mappings: readonly Mapping[], rules: TargetRules): boolean {
  if (path === 'active' || path === 'externalId') return true;
  // Remembered like omissionReason: a plan asks about the same few paths of every account.
  let byRules = managedPaths.get(mappings);
  if (!byRules) managedPaths.set(mappings, (byRules = new WeakMap()));
  let managed = byRules.get(rules);
  if (!managed) byRules.set(rules, (managed = new Map()));
  let answer = managed.get(path);
  if (answer === undefined) managed.set(path, (answer = managedPath(path, mappings, rules)));
  return answer;
}

function managedPath(path: string, mappings: readonly Mapping[], rules: TargetRules): boolean {
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

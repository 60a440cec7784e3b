/**
 * SCIM attribute paths (RFC 7644 §3.10) in the subset Roster uses, and the conversion between a
 * SCIM resource and its flat form (see FlatAttributes in model.ts).
 *
 *   userName                                   simple attribute
 *   name.givenName                             sub-attribute of a complex attribute
 *   emails[type eq "work"].value               sub-attribute of the value of a given type
 *   urn:…:enterprise:2.0:User:department       extension attribute
 */
import type { AttributeValue, FlatAttributes } from './model.js';

export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface ScimPath {
  /** Top-level attribute name, or an extension schema URN. */
  readonly attribute: string;
  /** For a multi-valued attribute, the `type` of the value addressed. */
  readonly valueType?: string;
  /** The sub-attribute (or, for an extension, the attribute within it). */
  readonly sub?: string;
}

const filteredPath = /^([A-Za-z][\w$-]*)\[type eq "([^"]*)"\](?:\.([A-Za-z][\w$-]*))?$/;
const plainPath = /^([A-Za-z][\w$-]*)(?:\.([A-Za-z][\w$-]*))?$/;

/** Parses a path; returns undefined for anything outside the supported subset. */
export function parseScimPath(path: string): ScimPath | undefined {
  if (path.startsWith('urn:')) {
    const cut = path.lastIndexOf(':');
    const schema = path.slice(0, cut);
    const rest = path.slice(cut + 1);
    if (schema === CORE_USER_SCHEMA) return parseScimPath(rest);
    const inner = plainPath.exec(rest);
    if (!inner || !schema.includes(':')) return undefined;
    return { attribute: schema, sub: inner[2] ? `${inner[1]}.${inner[2]}` : inner[1]! };
  }
  const filtered = filteredPath.exec(path);
  if (filtered) {
    return { attribute: filtered[1]!, valueType: filtered[2]!, ...(filtered[3] ? { sub: filtered[3] } : {}) };
  }
  const plain = plainPath.exec(path);
  if (!plain) return undefined;
  return { attribute: plain[1]!, ...(plain[2] ? { sub: plain[2] } : {}) };
}

export function formatScimPath(path: ScimPath): string {
  if (path.attribute.startsWith('urn:')) return `${path.attribute}:${path.sub ?? ''}`;
  const head = path.valueType !== undefined ? `${path.attribute}[type eq "${path.valueType}"]` : path.attribute;
  return path.sub ? `${head}.${path.sub}` : head;
}

/** The path of a whole multi-valued value, e.g. `addresses[type eq "work"]`. */
export function valuePath(attribute: string, valueType: string): string {
  return `${attribute}[type eq "${valueType}"]`;
}

/** Sub-attributes of multi-valued values that describe the value rather than carry data. */
const VALUE_METADATA = new Set(['type', 'primary', 'display', '$ref']);
/** Top-level attributes that are not user data. */
const RESOURCE_METADATA = new Set(['schemas', 'meta', 'id']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isScalar(value: unknown): value is AttributeValue {
  return typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `head` + `separator` + `sub` (with `type`: the value path of that type), the same string each
 * time: every resource of a list yields the same few paths, and a string already seen is cheaper
 * to look up and to use as a key.
 */
const joinedPaths = { type: new Map<string, Map<string, string>>(), '.': new Map<string, Map<string, string>>(), ':': new Map<string, Map<string, string>>() };

function joinedPath(head: string, separator: 'type' | '.' | ':', sub: string): string {
  const byHead = joinedPaths[separator];
  let bySub = byHead.get(head);
  if (!bySub) {
    // A bound on what resources of unusual attributes can make it hold.
    if (byHead.size >= 200) byHead.clear();
    byHead.set(head, (bySub = new Map()));
  }
  let path = bySub.get(sub);
  if (path === undefined) {
    if (bySub.size >= 200) bySub.clear();
    bySub.set(sub, (path = separator === 'type' ? valuePath(head, sub) : `${head}${separator}${sub}`));
  }
  return path;
}

/**
 * Flattens a SCIM resource. Multi-valued values are keyed by their `type` (the first value of a
 * type wins); values without a type and nested arrays are not representable and are left out.
 * `replaced` holds top-level attributes that take the place of the resource's own (values shown
 * beside a list), as if flattening `{ ...resource, ...replaced }` without making that copy.
 *
 * A plan flattens every account it lists: keys are walked with for…in, which makes no array of
 * entries per object (resources are plain objects, as JSON.parse and zod make them).
 */
export function flattenResource(resource: Readonly<Record<string, unknown>>, replaced?: Readonly<Record<string, unknown>>): Record<string, AttributeValue> {
  const flat: Record<string, AttributeValue> = {};
  for (const key in resource) flattenAttribute(flat, key, replaced !== undefined && Object.hasOwn(replaced, key) ? replaced[key] : resource[key]);
  if (replaced !== undefined) for (const key in replaced) if (!Object.hasOwn(resource, key)) flattenAttribute(flat, key, replaced[key]);
  return flat;
}

function flattenAttribute(flat: Record<string, AttributeValue>, key: string, value: unknown): void {
  if (RESOURCE_METADATA.has(key) || value === null || value === undefined) return;
  if (key.startsWith('urn:')) {
    if (!isObject(value)) return;
    for (const sub in value) {
      const inner = value[sub];
      if (isScalar(inner)) flat[joinedPath(key, ':', sub)] = inner;
      else if (isObject(inner)) {
        for (const leaf in inner) {
          const leafValue = inner[leaf];
          if (isScalar(leafValue)) flat[joinedPath(joinedPath(key, ':', sub), '.', leaf)] = leafValue;
        }
      }
    }
  } else if (Array.isArray(value)) {
    // Types already taken: a value has few (work, home, mobile), so an array beats a Set.
    const seen: string[] = [];
    for (const item of value) {
      if (!isObject(item) || typeof item['type'] !== 'string' || seen.includes(item['type'])) continue;
      seen.push(item['type']);
      const head = joinedPath(key, 'type', item['type']);
      for (const sub in item) {
        const inner = item[sub];
        if (!VALUE_METADATA.has(sub) && isScalar(inner)) flat[joinedPath(head, '.', sub)] = inner;
      }
    }
  } else if (isObject(value)) {
    for (const sub in value) {
      const inner = value[sub];
      if (isScalar(inner)) flat[joinedPath(key, '.', sub)] = inner;
    }
  } else if (isScalar(value)) {
    flat[key] = value;
  }
}

/**
 * Builds a SCIM resource from flat attributes: the inverse of flattenResource for every path
 * parseScimPath accepts. Unparseable paths are ignored (validation rejects them earlier).
 */
export function unflattenAttributes(flat: FlatAttributes): Record<string, Json> {
  const resource: Record<string, Json> = {};
  const multiValued = new Map<string, Map<string, Record<string, Json>>>();
  for (const [path, value] of Object.entries(flat)) {
    const parsed = parseScimPath(path);
    if (!parsed) continue;
    if (parsed.attribute.startsWith('urn:')) {
      const extension = (resource[parsed.attribute] ??= {}) as Record<string, Json>;
      const [head, leaf] = (parsed.sub ?? '').split('.') as [string, string | undefined];
      if (leaf) ((extension[head] ??= {}) as Record<string, Json>)[leaf] = value;
      else extension[head] = value;
    } else if (parsed.valueType !== undefined) {
      const byType = multiValued.get(parsed.attribute) ?? new Map<string, Record<string, Json>>();
      multiValued.set(parsed.attribute, byType);
      const item = byType.get(parsed.valueType) ?? { type: parsed.valueType };
      byType.set(parsed.valueType, item);
      if (parsed.sub) item[parsed.sub] = value;
    } else if (parsed.sub) {
      ((resource[parsed.attribute] ??= {}) as Record<string, Json>)[parsed.sub] = value;
    } else {
      resource[parsed.attribute] = value;
    }
  }
  for (const [attribute, byType] of multiValued) resource[attribute] = [...byType.values()];
  return resource;
}

/** The schemas a resource built from these attributes declares. */
export function schemasFor(flat: FlatAttributes): string[] {
  const extensions = new Set<string>();
  for (const path of Object.keys(flat)) {
    const parsed = parseScimPath(path);
    if (parsed?.attribute.startsWith('urn:')) extensions.add(parsed.attribute);
  }
  return [CORE_USER_SCHEMA, ...[...extensions].sort()];
}

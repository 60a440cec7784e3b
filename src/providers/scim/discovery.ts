/**
 * What a SCIM service provider declares about itself (RFC 7643 §5–7, RFC 7644 §4): PATCH, bulk,
 * ETags and the largest filtered result from /ServiceProviderConfig; a Group resource from
 * /ResourceTypes; the User attributes from /Schemas. Three reads, once per provider.
 *
 * /ServiceProviderConfig is required by RFC 7644 §4. /ResourceTypes and /Schemas are often
 * missing or refused (RingCentral answers 403 to a filter on them): without them Roster assumes
 * no groups and says nothing about attributes, as "anything undeclared means cannot".
 *
 * Discovery answers are walked without recursion and within fixed bounds before they are used:
 * a server declaring more schemas, resource types or attributes than any real one does, or
 * nesting sub-attributes deeper than RFC 7643 §2.3.8 allows (with room to spare), fails the read.
 */
import type { Capabilities } from '../../core/ports.js';
import { CORE_USER_SCHEMA } from '../../core/scim-path.js';
import { ProviderError } from '../http/errors.js';
import type { HttpAnswer, HttpClient, HttpRequest } from '../http/client.js';
import type * as z from 'zod';
import { discoveryList, resourceTypeSchema, schemaSchema, serviceProviderConfigSchema } from './wire.js';

/** Above this, a page is not worth asking for even if the server allows it. */
const LARGEST_PAGE = 1000;

/**
 * Bounds of discovery answers. Real servers declare a handful of schemas and resource types and
 * a few hundred attributes; sub-attributes have no sub-attributes of their own (RFC 7643 §2.3.8).
 */
export const DISCOVERY_LIMITS = {
  /** Entries of /Schemas or /ResourceTypes, and schema extensions of one resource type. */
  entries: 1000,
  /** Attributes and sub-attributes of all schemas together. */
  attributes: 10_000,
  /** Levels of attributes: an attribute, its sub-attributes, and two more levels to spare. */
  depth: 4,
} as const;

type Bound = (body: unknown, fail: (explanation: string) => never) => void;

const entriesOf = (body: unknown): unknown[] => {
  if (Array.isArray(body)) return body;
  const resources = (body as { Resources?: unknown } | null)?.Resources;
  return Array.isArray(resources) ? resources : [];
};

const arrayAt = (value: unknown, key: string): unknown[] | undefined => {
  const found = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(found) ? found : undefined;
};

const boundEntries = (path: string): Bound => (body, fail) => {
  const count = entriesOf(body).length;
  if (count > DISCOVERY_LIMITS.entries) fail(`${path} lists ${count} entries, over the limit of ${DISCOVERY_LIMITS.entries}`);
};

const boundResourceTypes: Bound = (body, fail) => {
  boundEntries('/ResourceTypes')(body, fail);
  for (const type of entriesOf(body)) {
    const count = arrayAt(type, 'schemaExtensions')?.length ?? 0;
    if (count > DISCOVERY_LIMITS.entries) fail(`a resource type declares ${count} schema extensions, over the limit of ${DISCOVERY_LIMITS.entries}`);
  }
};

/** Counts every attribute and sub-attribute with an explicit stack: no depth can overflow it. */
const boundSchemas: Bound = (body, fail) => {
  boundEntries('/Schemas')(body, fail);
  const pending: Array<{ attributes: unknown[]; depth: number }> = [];
  for (const schema of entriesOf(body)) {
    const attributes = arrayAt(schema, 'attributes');
    if (attributes) pending.push({ attributes, depth: 1 });
  }
  let count = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.depth > DISCOVERY_LIMITS.depth) fail(`/Schemas nests sub-attributes more than ${DISCOVERY_LIMITS.depth} levels deep, the limit (RFC 7643 §2.3.8 allows 2)`);
    count += next.attributes.length;
    if (count > DISCOVERY_LIMITS.attributes) fail(`/Schemas declares more than ${DISCOVERY_LIMITS.attributes} attributes and sub-attributes, the limit`);
    for (const attribute of next.attributes) {
      const sub = arrayAt(attribute, 'subAttributes');
      if (sub) pending.push({ attributes: sub, depth: next.depth + 1 });
    }
  }
};

async function readOptional<T>(http: HttpClient, path: string, schema: z.ZodType<T>, rateGroup: string, bound: Bound): Promise<T | undefined> {
  const request: HttpRequest = { method: 'GET', path, rateGroup };
  let answer: HttpAnswer;
  try {
    answer = await http.expect(request, [200]);
  } catch (error) {
    if (error instanceof ProviderError && ['not-found', 'forbidden', 'rejected'].includes(error.failureClass)) return undefined;
    throw error;
  }
  bound(answer.body, (explanation) => {
    throw http.limitError(request, explanation, { status: answer.status });
  });
  return http.validate(request, answer, schema);
}

export async function discoverCapabilities(http: HttpClient, declared: Capabilities): Promise<Capabilities> {
  const group = declared.rateLimits.read.name;
  const config = await http.json({ method: 'GET', path: '/ServiceProviderConfig', rateGroup: group }, serviceProviderConfigSchema);
  const types = (await readOptional(http, '/ResourceTypes', discoveryList(resourceTypeSchema), group, boundResourceTypes)) ?? [];
  const schemas = (await readOptional(http, '/Schemas', discoveryList(schemaSchema), group, boundSchemas)) ?? [];

  const userType = types.find((t) => t.schema === CORE_USER_SCHEMA);
  const extensions = new Set((userType?.schemaExtensions ?? []).map((e) => e.schema));
  const attributes: string[] = [];
  for (const schema of schemas) {
    for (const { name } of schema.attributes ?? []) {
      if (schema.id === CORE_USER_SCHEMA) attributes.push(name);
      else if (extensions.has(schema.id)) attributes.push(`${schema.id}:${name}`);
    }
  }
  const maxResults = config.filter?.maxResults ?? undefined;
  return {
    ...declared,
    patch: config.patch?.supported ?? false,
    bulk: config.bulk?.supported ?? false,
    etag: config.etag?.supported ?? false,
    maxPageSize: maxResults !== undefined && maxResults > 0 ? Math.min(maxResults, LARGEST_PAGE) : declared.maxPageSize,
    filterAttributes: config.filter?.supported === false ? [] : declared.filterAttributes,
    groups: types.some((t) => t.endpoint.replace(/\/$/, '') === '/Groups'),
    ...(attributes.length > 0 ? { attributes: attributes.sort() } : {}),
  };
}

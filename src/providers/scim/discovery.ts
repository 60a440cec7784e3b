/**
 * What a SCIM service provider declares about itself (RFC 7643 §5–7, RFC 7644 §4): PATCH, bulk,
 * ETags and the largest filtered result from /ServiceProviderConfig; a Group resource from
 * /ResourceTypes; the User attributes from /Schemas. Three reads, once per provider.
 *
 * /ServiceProviderConfig is required by RFC 7644 §4. /ResourceTypes and /Schemas are often
 * missing or refused (RingCentral answers 403 to a filter on them): without them Roster assumes
 * no groups and says nothing about attributes, as "anything undeclared means cannot".
 */
import type { Capabilities } from '../../core/ports.js';
import { CORE_USER_SCHEMA } from '../../core/scim-path.js';
import { ProviderError } from '../http/errors.js';
import type { HttpClient } from '../http/client.js';
import type { z } from 'zod';
import { discoveryList, resourceTypeSchema, schemaSchema, serviceProviderConfigSchema } from './wire.js';

/** Above this, a page is not worth asking for even if the server allows it. */
const LARGEST_PAGE = 1000;

async function readOptional<T>(http: HttpClient, path: string, schema: z.ZodType<T>, rateGroup: string): Promise<T | undefined> {
  try {
    return await http.json({ method: 'GET', path, rateGroup }, schema);
  } catch (error) {
    if (error instanceof ProviderError && ['not-found', 'forbidden', 'rejected'].includes(error.failureClass)) return undefined;
    throw error;
  }
}

export async function discoverCapabilities(http: HttpClient, declared: Capabilities): Promise<Capabilities> {
  const group = declared.rateLimits.read.name;
  const config = await http.json({ method: 'GET', path: '/ServiceProviderConfig', rateGroup: group }, serviceProviderConfigSchema);
  const types = (await readOptional(http, '/ResourceTypes', discoveryList(resourceTypeSchema), group)) ?? [];
  const schemas = (await readOptional(http, '/Schemas', discoveryList(schemaSchema), group)) ?? [];

  const userType = types.find((t) => t.schema === CORE_USER_SCHEMA);
  const extensions = new Set((userType?.schemaExtensions ?? []).map((e) => e.schema));
  const attributes: string[] = [];
  for (const schema of schemas) {
    const names = (schema.attributes ?? []).map((a) => a.name);
    if (schema.id === CORE_USER_SCHEMA) attributes.push(...names);
    else if (extensions.has(schema.id)) attributes.push(...names.map((name) => `${schema.id}:${name}`));
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

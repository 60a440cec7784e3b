/**
 * SCIM 2.0 wire shapes (RFC 7643/7644; RingCentral's in specs/ringcentral-scim.subset.yaml),
 * validated before use. Resources pass through loosely: attributes Roster does not know are kept.
 */
import { z } from 'zod';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

export const scimUserSchema = z.looseObject({
  id: z.string().min(1),
  userName: z.string(),
  externalId: z.string().nullish(),
  active: z.boolean().nullish(),
  meta: z.looseObject({ lastModified: z.string().nullish(), version: z.string().nullish() }).nullish(),
});
export type ScimUserResource = z.infer<typeof scimUserSchema>;

export const listResponseSchema = z.looseObject({
  totalResults: z.number().int().nonnegative(),
  startIndex: z.number().int().nullish(),
  itemsPerPage: z.number().int().nullish(),
  Resources: z.array(scimUserSchema).nullish(),
});

export const serviceProviderConfigSchema = z.looseObject({
  patch: z.looseObject({ supported: z.boolean() }).nullish(),
  filter: z.looseObject({ supported: z.boolean(), maxResults: z.number().int().nullish() }).nullish(),
  bulk: z.looseObject({ supported: z.boolean() }).nullish(),
  etag: z.looseObject({ supported: z.boolean() }).nullish(),
});

export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path?: string;
  readonly value?: unknown;
}

/**
 * SCIM 2.0 wire shapes (RFC 7643/7644; RingCentral's in specs/ringcentral-scim.subset.yaml),
 * validated before use. Resources pass through loosely: attributes Roster does not know are kept.
 */
import * as z from 'zod';
import { checkedInPlace } from '../http/compiled-schemas.js';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export const scimUserSchema = z.looseObject({
  id: z.string().min(1),
  userName: z.string().min(1),
  externalId: z.string().nullish(),
  active: z.boolean().nullish(),
  meta: z.looseObject({ lastModified: z.string().nullish(), version: z.string().nullish() }).nullish(),
});
export type ScimUserResource = z.infer<typeof scimUserSchema>;

/** RFC 7644 §3.4.2 ListResponse. */
export const listResponseSchema = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    totalResults: z.number().int().nonnegative(),
    startIndex: z.number().int().nullish(),
    itemsPerPage: z.number().int().nullish(),
    Resources: z.array(item).nullish(),
  });

/** Checked in place (http/compiled-schemas.ts): a page of users is used as it came. */
export const userListSchema = checkedInPlace(listResponseSchema(scimUserSchema));

export const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** RFC 7643 §4.2 `members`: `value` is the member's id; `type` is `User` or `Group`. */
export const groupMemberSchema = z.looseObject({
  value: z.string().min(1),
  type: z.string().nullish(),
});
export type ScimGroupMember = z.infer<typeof groupMemberSchema>;

const groupMembers = z.array(groupMemberSchema).nullish();

/** RFC 7643 §4.2 Group. `members` is absent when the server was asked to leave it out. */
export const scimGroupSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string(),
  externalId: z.string().nullish(),
  members: groupMembers,
  meta: z.looseObject({ lastModified: z.string().nullish(), version: z.string().nullish() }).nullish(),
});
export type ScimGroupResource = z.infer<typeof scimGroupSchema>;

export const groupListSchema = listResponseSchema(scimGroupSchema);

/** A group read with `attributes=members` (RFC 7644 §3.4.2.5): members and what is always returned. */
export const groupMembersSchema = z.looseObject({ id: z.string().nullish(), members: groupMembers });

/** What a create answers: the id is all Roster needs from it. */
export const createdSchema = z.looseObject({ id: z.string().min(1) });

const supported = z.looseObject({ supported: z.boolean() }).nullish();

/** RFC 7643 §5 ServiceProviderConfig. */
export const serviceProviderConfigSchema = z.looseObject({
  patch: supported,
  bulk: supported,
  etag: supported,
  filter: z.looseObject({ supported: z.boolean(), maxResults: z.number().int().nullish() }).nullish(),
});

/** RFC 7643 §6 ResourceType. */
export const resourceTypeSchema = z.looseObject({
  name: z.string(),
  endpoint: z.string(),
  schema: z.string(),
  schemaExtensions: z.array(z.looseObject({ schema: z.string() })).nullish(),
});

/** RFC 7643 §7 Schema: the attribute names are all Roster needs. */
export const schemaSchema = z.looseObject({
  id: z.string(),
  attributes: z.array(z.looseObject({ name: z.string() })).nullish(),
});

/** Discovery lists: a ListResponse, or a bare array as some servers send. */
export const discoveryList = <T extends z.ZodType>(item: T) =>
  z.union([listResponseSchema(item).transform((list) => list.Resources ?? []), z.array(item)]);

export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path?: string;
  readonly value?: unknown;
}

export interface PatchRequest {
  readonly schemas: readonly string[];
  readonly Operations: readonly PatchOperation[];
}

import { isRecord } from '../http.js';
import { BASE_PATH, ENTERPRISE_SCHEMA, USER_SCHEMA } from './constants.js';
import { invalidSyntax, invalidValue } from './errors.js';

/** Attributes the server owns (RFC 7643 §3.1 `id`, `meta`; §3 `schemas` is recomputed) or never returns (§4.1.1 `password`). */
const NOT_STORED = new Set(['id', 'meta', 'schemas', 'password', 'groups']);
/** Multi-valued complex attributes of RFC 7643 §4.1.2 whose items must be objects. */
const MULTI_VALUED = ['emails', 'phoneNumbers', 'ims', 'photos', 'addresses', 'entitlements', 'roles', 'x509Certificates'];
const STRINGS = ['externalId', 'displayName', 'nickName', 'profileUrl', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone'];

/** A user request body read: its attributes as the store keeps them. */
export interface UserInput {
  userName: string;
  externalId?: string;
  display: string;
  data: Record<string, unknown>;
}

/**
 * Reads a User for POST (RFC 7644 §3.3) or PUT (§3.5.1): `schemas` must name the core User
 * schema; `userName` is required (RFC 7643 §4.1.1); known attributes must have their RFC 7643
 * §4.1 types (else 400 `invalidValue`). Every other attribute the client sent is kept as sent,
 * extension attributes included. Attribute names are matched case-insensitively and stored under
 * their schema spelling (RFC 7643 §2.1).
 */
export function readUser(body: unknown): UserInput {
  if (!isRecord(body)) throw invalidSyntax('The request body must be a JSON object.');
  if (!Array.isArray(body.schemas) || !body.schemas.includes(USER_SCHEMA)) throw invalidSyntax(`schemas must include ${USER_SCHEMA}.`);
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (NOT_STORED.has(key.toLowerCase()) || value === null || value === undefined) continue;
    const known = [...MULTI_VALUED, ...STRINGS, 'userName', 'name', 'active', ENTERPRISE_SCHEMA].find((name) => name.toLowerCase() === key.toLowerCase());
    data[known ?? key] = value;
  }
  const userName = data.userName;
  if (typeof userName !== 'string' || userName.trim() === '') throw invalidValue('userName is required and must be a non-empty string.');
  for (const name of STRINGS) if (data[name] !== undefined && typeof data[name] !== 'string') throw invalidValue(`${name} must be a string.`);
  if (data.active !== undefined && typeof data.active !== 'boolean') throw invalidValue('active must be true or false.');
  if (data.name !== undefined && !isRecord(data.name)) throw invalidValue('name must be an object.');
  for (const name of MULTI_VALUED) {
    const value = data[name];
    if (value !== undefined && (!Array.isArray(value) || !value.every(isRecord))) throw invalidValue(`${name} must be an array of objects.`);
  }
  for (const [key, value] of Object.entries(data)) {
    if (key.toLowerCase().startsWith('urn:') && !isRecord(value)) throw invalidValue(`${key} must be an object.`);
  }
  const emails = (data.emails as Record<string, unknown>[] | undefined) ?? [];
  emails.forEach((email, i) => {
    if (typeof email.value !== 'string') throw invalidValue(`emails[${i}].value must be a string.`);
  });
  const externalId = data.externalId as string | undefined;
  const displayName = data.displayName as string | undefined;
  return { userName, ...(externalId !== undefined ? { externalId } : {}), display: displayName ?? userName, data };
}

/**
 * A user resource (RFC 7643 §4.1): `schemas` names the core schema and each extension the user
 * has attributes of (RFC 7643 §3); `meta` carries resourceType, created, lastModified and
 * location (§3.1).
 */
export function toUserResource(
  user: { id: string; created: string; lastModified: string; data: Record<string, unknown> },
  baseUrl: string,
): Record<string, unknown> {
  const extensions = Object.keys(user.data).filter((key) => key.toLowerCase().startsWith('urn:'));
  return {
    schemas: [USER_SCHEMA, ...extensions],
    id: user.id,
    ...user.data,
    meta: { resourceType: 'User', created: user.created, lastModified: user.lastModified, location: `${baseUrl}${BASE_PATH}/Users/${user.id}` },
  };
}

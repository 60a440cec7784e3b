import { isRecord } from '../http.js';
import { BASE_PATH, GROUP_SCHEMA } from './constants.js';
import { invalidSyntax, invalidValue } from './errors.js';
import type { StoredGroup, StoredMember } from './group-store.js';

/** A Group request body read (RFC 7643 §4.2). */
export interface GroupInput {
  displayName: string;
  externalId?: string;
  /** Member user ids, without repeats, in the order sent. */
  memberIds: string[];
}

/**
 * Reads the `value` of each member (RFC 7643 §4.2 `members.value`: the member's `id`). Only users
 * are members here: a `type` other than "User" is a 400 `invalidValue`. `display` and `$ref` are
 * read-only and ignored. Repeats collapse to one member.
 */
export function readMemberValues(value: unknown): string[] {
  const items = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const ids = new Set<string>();
  items.forEach((item, i) => {
    if (!isRecord(item) || typeof item.value !== 'string' || item.value === '') throw invalidValue(`members[${i}].value must be a user id.`);
    if (item.type !== undefined && item.type !== 'User') throw invalidValue(`members[${i}].type must be "User": only users can be members.`);
    ids.add(item.value);
  });
  return [...ids];
}

/** Reads a Group for POST (RFC 7644 §3.3) or PUT (§3.5.1): `displayName` is required (RFC 7643 §4.2). */
export function readGroup(body: unknown): GroupInput {
  if (!isRecord(body)) throw invalidSyntax('The request body must be a JSON object.');
  if (!Array.isArray(body.schemas) || !body.schemas.includes(GROUP_SCHEMA)) throw invalidSyntax(`schemas must include ${GROUP_SCHEMA}.`);
  const get = (name: string): unknown => Object.entries(body).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return readGroupAttributes(get('displayName'), get('externalId'), readMemberValues(get('members')));
}

export function readGroupAttributes(displayName: unknown, externalId: unknown, memberIds: string[]): GroupInput {
  if (typeof displayName !== 'string' || displayName.trim() === '') throw invalidValue('displayName is required and must be a non-empty string.');
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') throw invalidValue('externalId must be a string.');
  return { displayName, ...(typeof externalId === 'string' ? { externalId } : {}), memberIds };
}

/** A member as returned (RFC 7643 §4.2): `value`, `$ref` (the user's URI), `display`, `type`. */
export function toMember(member: StoredMember, baseUrl: string): Record<string, unknown> {
  return { value: member.value, $ref: `${baseUrl}${BASE_PATH}/Users/${member.value}`, display: member.display, type: 'User' };
}

/**
 * A group resource (RFC 7643 §4.2) with `meta` (§3.1). `members` is left out when not loaded
 * (excluded by the request, RFC 7644 §3.4.2.5) and is `[]` for a group without members.
 */
export function toGroupResource(group: StoredGroup, members: StoredMember[] | undefined, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(members ? { members: members.map((m) => toMember(m, baseUrl)) } : {}),
    meta: { resourceType: 'Group', created: group.created, lastModified: group.lastModified, location: `${baseUrl}${BASE_PATH}/Groups/${group.id}` },
  };
}

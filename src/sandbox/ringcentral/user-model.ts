import { HttpError, isRecord } from '../http.js';
import type { Extension, StoredUser } from './account-store.js';
import { countryName } from './countries.js';
import { invalidValue } from './errors.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * RingCentral's answer to an address without a usable country. The reference documents this form
 * for `businessAddress.state` (docs/vendors/ringcentral.md §3, RC-COMM) and only infers it for a missing
 * country; the sandbox applies that inference.
 */
export const COUNTRY_INVALID = 'Parameter [extension.contact.businessAddress.country] value is invalid.';

const ADDRESS_PARTS = ['streetAddress', 'locality', 'region', 'postalCode'] as const;

function text(value: unknown, path: string, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw invalidValue(`Parameter [${path}] is required.`);
    return undefined;
  }
  if (typeof value !== 'string' || (required && value.trim() === '')) throw invalidValue(`Parameter [${path}] value is invalid.`);
  return value;
}

function list(value: unknown, path: string): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) throw invalidValue(`Parameter [${path}] value is invalid.`);
  return value;
}

export interface ScimUserInput {
  user: StoredUser;
  /** `active` when the client sent it. */
  active?: boolean;
}

/**
 * Reads a `ScimUser` request body (POST or PUT), keeping only what RingCentral stores and
 * normalising it as RingCentral does (docs/vendors/ringcentral.md §2):
 * - attributes it does not know are ignored (docs/vendors/ringcentral.md §3 "Lifecycle rules");
 * - `emails[]`: type `work` only (the spec enum), one email per user; `primary: false` added;
 * - `phoneNumbers[]`: type work|mobile|other; `work` (the DID) and `other` (the extension number)
 *   are server-managed, so only `mobile` is kept; `primary: false` added;
 * - `addresses[]`: type `work` only; `country` required and turned into the English name
 *   ("US" → "United States"); `primary: false` added.
 */
export function readScimUser(body: unknown): ScimUserInput {
  if (!isRecord(body)) throw new HttpError(400, 'The request body must be a JSON object.', { scimType: 'invalidSyntax' });
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(USER_SCHEMA)) {
    throw new HttpError(400, `Parameter [schemas] must include ${USER_SCHEMA}.`, { scimType: 'invalidSyntax' });
  }
  const userName = text(body.userName, 'userName', true) as string;
  if (!isRecord(body.name)) throw invalidValue('Parameter [name] is required.');
  const name = {
    givenName: text(body.name.givenName, 'name.givenName', true) as string,
    familyName: text(body.name.familyName, 'name.familyName', true) as string,
  };

  const emails = list(body.emails, 'emails').map((email, i) => {
    if (email.type !== 'work') throw invalidValue(`Parameter [emails[${i}].type] value is invalid.`);
    return { type: 'work' as const, value: text(email.value, `emails[${i}].value`, true) as string, primary: false };
  });
  if (emails.length === 0) throw invalidValue('Parameter [emails] is required: a work email.');
  if (emails.length > 1) throw invalidValue('Parameter [emails] value is invalid: a user has one email.');

  const phoneNumbers: StoredUser['phoneNumbers'] = [];
  list(body.phoneNumbers, 'phoneNumbers').forEach((phone, i) => {
    if (phone.type !== 'work' && phone.type !== 'mobile' && phone.type !== 'other') throw invalidValue(`Parameter [phoneNumbers[${i}].type] value is invalid.`);
    const value = text(phone.value, `phoneNumbers[${i}].value`, true) as string;
    if (phone.type === 'mobile') phoneNumbers.push({ type: 'mobile', value, primary: false });
  });

  const addresses = list(body.addresses, 'addresses').map((address, i) => {
    if (address.type !== 'work') throw invalidValue(`Parameter [addresses[${i}].type] value is invalid.`);
    const out: Record<string, string | boolean> = { type: 'work' };
    for (const part of ADDRESS_PARTS) {
      const value = text(address[part], `addresses[${i}].${part}`, false);
      if (value !== undefined) out[part] = value;
    }
    const country = typeof address.country === 'string' ? countryName(address.country) : undefined;
    if (!country) throw invalidValue(COUNTRY_INVALID);
    out.country = country;
    out.primary = false;
    return out;
  });

  const user: StoredUser = { userName, name, emails, phoneNumbers, addresses };
  const externalId = text(body.externalId, 'externalId', false);
  if (externalId !== undefined) user.externalId = externalId;
  const title = text(body.title, 'title', false);
  if (title !== undefined) user.title = title;
  const photos = list(body.photos, 'photos').map((photo, i) => {
    if (photo.type !== 'photo') throw invalidValue(`Parameter [photos[${i}].type] value is invalid.`);
    return { type: 'photo' as const, value: text(photo.value, `photos[${i}].value`, true) as string };
  });
  if (photos.length > 0) user.photos = photos;
  const enterprise = body[ENTERPRISE_SCHEMA];
  if (enterprise !== undefined && enterprise !== null) {
    if (!isRecord(enterprise)) throw invalidValue(`Parameter [${ENTERPRISE_SCHEMA}] value is invalid.`);
    const department = text(enterprise.department, `${ENTERPRISE_SCHEMA}:department`, false);
    if (department !== undefined) user.department = department;
  }
  if (body.active !== undefined && typeof body.active !== 'boolean') throw invalidValue('Parameter [active] value is invalid.');
  return body.active === undefined ? { user } : { user, active: body.active };
}

/**
 * Server-owned phone numbers (docs/vendors/ringcentral.md §2: in responses `work` holds the DID and `other`
 * the extension number). An account gets them when it is activated: a pending account has none,
 * as in the create example's `"phoneNumbers": []`.
 */
function serverPhones(ext: Extension): { type: string; value: string; primary: boolean }[] {
  if (ext.status !== 'Enabled' && ext.status !== 'Disabled') return [];
  return [
    { type: 'work', value: ext.did, primary: false },
    { type: 'other', value: ext.extensionNumber ?? '', primary: false },
  ];
}

/**
 * A user as `ScimUserResponse`, or as `ScimUserShortInfo` (no `phoneNumbers`, no `addresses`) for
 * list items (docs/vendors/ringcentral.md §1.2). `active` is true only for an enabled extension. The
 * `schemas` array holds the core URN only: the spec's enum allows nothing else.
 */
export function toScimUser(ext: Extension, baseUrl: string, shape: 'full' | 'short'): Record<string, unknown> {
  const user = ext.user;
  if (!user) throw new Error(`extension ${ext.id} has no user`);
  const out: Record<string, unknown> = { schemas: [USER_SCHEMA], id: String(ext.id) };
  if (user.externalId !== undefined) out.externalId = user.externalId;
  out.userName = user.userName;
  out.name = user.name;
  out.emails = user.emails;
  if (shape === 'full') {
    out.phoneNumbers = [...serverPhones(ext), ...user.phoneNumbers];
    out.addresses = user.addresses;
  }
  out.active = ext.status === 'Enabled';
  if (user.title !== undefined) out.title = user.title;
  if (user.photos) out.photos = user.photos;
  if (user.department !== undefined) out[ENTERPRISE_SCHEMA] = { department: user.department };
  out.meta = {
    resourceType: 'User',
    created: ext.created,
    lastModified: ext.lastModified,
    location: `${baseUrl}/scim/v2/Users/${ext.id}`,
  };
  return out;
}

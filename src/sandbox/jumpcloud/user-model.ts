import { isRecord } from '../http.js';
import { badRequest } from './errors.js';

/** docs/vendors/jumpcloud.md §5: `state` enum STAGED|ACTIVATED|SUSPENDED. */
export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';

/** A stored system user: exactly the `systemuserreturn` object the API returns. */
export type SystemUser = Record<string, unknown> & {
  _id: string;
  username: string;
  email: string;
  state: UserState;
};

type FieldKind = 'string' | 'boolean' | 'integer' | 'addresses' | 'phoneNumbers' | 'nameValues' | 'strings' | 'object';

/**
 * Writable fields and their types, from the spec's `systemuserputpost` (POST) and `systemuserput`
 * (PUT) schemas. String limits: 1024, `employeeIdentifier` 256 (docs/vendors/jumpcloud.md §5).
 * Fields outside this table (server-set ones such as `_id`, `created`, `password_expired`) are ignored.
 */
const WRITABLE: Record<string, FieldKind> = {
  username: 'string', email: 'string', firstname: 'string', middlename: 'string', lastname: 'string',
  displayname: 'string', alternateEmail: 'string', company: 'string', costCenter: 'string',
  department: 'string', description: 'string', employeeIdentifier: 'string', employeeType: 'string',
  jobTitle: 'string', location: 'string', manager: 'string', managedAppleId: 'string',
  external_dn: 'string', external_source_type: 'string', external_password_expiration_date: 'string',
  public_key: 'string', password: 'string', state: 'string',
  account_locked: 'boolean', allow_public_key: 'boolean', disableDeviceMaxLoginAttempts: 'boolean',
  enable_managed_uid: 'boolean', enable_user_portal_multifactor: 'boolean', externally_managed: 'boolean',
  ldap_binding_user: 'boolean', password_never_expires: 'boolean', passwordless_sudo: 'boolean',
  samba_service_user: 'boolean', sudo: 'boolean', suspended: 'boolean',
  unix_uid: 'integer', unix_guid: 'integer',
  addresses: 'addresses', phoneNumbers: 'phoneNumbers', attributes: 'nameValues', relationships: 'nameValues',
  tags: 'strings', mfa: 'object',
};

const ADDRESS_FIELDS = ['type', 'poBox', 'extendedAddress', 'streetAddress', 'locality', 'region', 'postalCode', 'country'];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface UserWriteContext {
  /** ISO time of the write. */
  now: string;
  /** A fresh 24-hex id for address and phone entries. */
  newId: () => string;
}

/** A brand-new user's server-set fields, as `systemuserreturn` lists them. */
export function newSystemUser(id: string, organization: string, created: string, unixId: number): SystemUser {
  return {
    _id: id,
    username: '',
    email: '',
    firstname: '',
    middlename: '',
    lastname: '',
    displayname: '',
    company: '',
    costCenter: '',
    department: '',
    description: '',
    employeeType: '',
    jobTitle: '',
    location: '',
    addresses: [],
    phoneNumbers: [],
    attributes: [],
    relationships: [],
    state: 'ACTIVATED',
    activated: true,
    suspended: false,
    account_locked: false,
    account_locked_date: null,
    password_expired: false,
    password_never_expires: false,
    password_date: null,
    password_expiration_date: null,
    badLoginAttempts: 0,
    created,
    creationSource: 'api',
    organization,
    externally_managed: false,
    external_dn: '',
    external_source_type: '',
    mfa: { configured: false, exclusion: false },
    mfaEnrollment: { overallStatus: 'NOT_ENROLLED', pushStatus: 'NOT_ENROLLED', totpStatus: 'NOT_ENROLLED', webAuthnStatus: 'NOT_ENROLLED' },
    totp_enabled: false,
    enable_user_portal_multifactor: false,
    sudo: false,
    passwordless_sudo: false,
    ldap_binding_user: false,
    samba_service_user: false,
    enable_managed_uid: false,
    allow_public_key: true,
    public_key: '',
    ssh_keys: [],
    disableDeviceMaxLoginAttempts: false,
    unix_uid: unixId,
    unix_guid: unixId,
  };
}

/**
 * Applies a POST (`create`) or PUT (`update`) body onto `user`. PUT is partial for system users:
 * fields not sent keep their value (docs/vendors/jumpcloud.md §5, `systemuserput` has no required fields).
 * Throws a 400 on a field of the wrong type.
 */
export function applyUserWrite(user: SystemUser, body: unknown, mode: 'create' | 'update', ctx: UserWriteContext): SystemUser {
  if (!isRecord(body)) throw badRequest('The request body must be a JSON object.');
  if (mode === 'create') {
    // docs/vendors/jumpcloud.md §5: POST requires `email` and `username`.
    for (const required of ['email', 'username']) {
      if (typeof body[required] !== 'string' || body[required] === '') throw badRequest(`${required} is required`);
    }
  }
  const next: SystemUser = { ...user };
  for (const [key, value] of Object.entries(body)) {
    const kind = WRITABLE[key];
    if (!kind || key === 'password' || key === 'state' || key === 'suspended') continue;
    next[key] = checkField(key, kind, value, ctx);
  }
  if (typeof next.email !== 'string' || !EMAIL.test(next.email)) throw badRequest('email must be a valid email address');
  if (/\s/.test(next.username) || next.username === '') throw badRequest('username must not be empty or contain spaces');
  if (typeof next.employeeIdentifier === 'string' && next.employeeIdentifier.length > 256) {
    throw badRequest('employeeIdentifier must be at most 256 characters');
  }

  applyState(next, body, mode);
  if (body.account_locked === true && user.account_locked !== true) next.account_locked_date = ctx.now;
  if (body.account_locked === false) next.account_locked_date = null;
  if ('password' in body) {
    if (typeof body.password !== 'string' || body.password === '') throw badRequest('password must be a non-empty string');
    // A new password ends an expiry (docs/vendors/jumpcloud.md §5 `password_expired`), and Roster
    // reactivates the account (docs/plan-format.md "Access and activity").
    next.password_expired = false;
    next.password_date = ctx.now;
    next.password_expiration_date = null;
  }
  return next;
}

/**
 * `state` and the `activated`/`suspended` booleans are one fact; the sandbox keeps them consistent.
 * POST may set STAGED|ACTIVATED|SUSPENDED, PUT only ACTIVATED|SUSPENDED (spec enums of
 * `systemuserputpost.state` and `systemuserput.state`). Without `state`, `suspended: true|false`
 * suspends or lifts a suspension. A POST without either uses the organisation default for manual
 * entry (docs/vendors/jumpcloud.md §5); not documented here which one that is: the sandbox uses ACTIVATED.
 */
function applyState(user: SystemUser, body: Record<string, unknown>, mode: 'create' | 'update'): void {
  const allowed: UserState[] = mode === 'create' ? ['STAGED', 'ACTIVATED', 'SUSPENDED'] : ['ACTIVATED', 'SUSPENDED'];
  if ('state' in body) {
    if (!allowed.includes(body.state as UserState)) throw badRequest(`state must be one of ${allowed.join(', ')}`);
    user.state = body.state as UserState;
  } else if ('suspended' in body) {
    if (typeof body.suspended !== 'boolean') throw badRequest('suspended must be a boolean');
    if (body.suspended) user.state = 'SUSPENDED';
    else if (user.state === 'SUSPENDED') user.state = 'ACTIVATED';
  }
  user.activated = user.state !== 'STAGED';
  user.suspended = user.state === 'SUSPENDED';
}

function checkField(key: string, kind: FieldKind, value: unknown, ctx: UserWriteContext): unknown {
  switch (kind) {
    case 'string':
      if (typeof value !== 'string') throw badRequest(`${key} must be a string`);
      if (value.length > 1024) throw badRequest(`${key} must be at most 1024 characters`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw badRequest(`${key} must be a boolean`);
      return value;
    case 'integer':
      if (!Number.isInteger(value) || (value as number) < 1) throw badRequest(`${key} must be an integer of at least 1`);
      return value;
    case 'strings':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw badRequest(`${key} must be an array of strings`);
      return value;
    case 'object':
      if (!isRecord(value)) throw badRequest(`${key} must be an object`);
      return value;
    case 'addresses':
      return checkList(key, value, ADDRESS_FIELDS, ctx);
    case 'phoneNumbers':
      return checkList(key, value, ['type', 'number'], ctx);
    case 'nameValues':
      return checkList(key, value, key === 'attributes' ? ['name', 'value'] : ['type', 'value'], null);
  }
}

/**
 * Checks an array of string-valued objects and keeps only the documented keys. Addresses and phone
 * numbers get an `id` (present in `systemuserreturn_*_inner`) when the client sent none.
 */
function checkList(key: string, value: unknown, fields: string[], ctx: UserWriteContext | null): Record<string, string>[] {
  if (!Array.isArray(value)) throw badRequest(`${key} must be an array`);
  return value.map((item, i) => {
    if (!isRecord(item)) throw badRequest(`${key}[${i}] must be an object`);
    const out: Record<string, string> = {};
    if (ctx) out.id = typeof item.id === 'string' && item.id !== '' ? item.id : ctx.newId();
    for (const field of fields) {
      const v = item[field];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') throw badRequest(`${key}[${i}].${field} must be a string`);
      if (v.length > 1024) throw badRequest(`${key}[${i}].${field} must be at most 1024 characters`);
      out[field] = v;
    }
    return out;
  });
}

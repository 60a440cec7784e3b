import { randomBytes } from 'node:crypto';
import type { Settings } from './context.js';
import { OBJECT_ID } from './ids.js';
import { readMeta, writeMeta, type Db } from './store/database.js';

export interface CredentialOptions {
  /** The JumpCloud `x-api-key` accepted; default: random. */
  apiKey?: string;
  /** The organisation id (24 hex); default: random. */
  orgId?: string;
  /** When true, `x-org-id` is required (401 without it), per docs/vendors/jumpcloud.md §1. */
  multiTenant?: boolean;
  /** A static bearer token RingCentral SCIM accepts forever; default: random. */
  scimToken?: string;
  /** The static bearer token the generic SCIM 2.0 target (`/generic-scim/v2`) accepts; default: random. */
  genericScimToken?: string;
  /** RingCentral JWT-grant credentials; default: random. */
  clientId?: string;
  clientSecret?: string;
  jwt?: string;
  /** Lifetime of the OAuth access tokens it issues (default 3600). */
  tokenTtlSeconds?: number;
  /** Divides every rate-limit window and penalty (default 1). */
  timeScale?: number;
  /** Default true. */
  rateLimits?: boolean;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** A JWT-shaped assertion (header.payload.signature); the sandbox only ever compares it as a string. */
function randomJwt(clientId: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: clientId, sub: 'sandbox-admin', aud: 'https://platform.ringcentral.com/restapi/oauth/token', exp: 4102444800 }));
  return `${header}.${payload}.${base64url(randomBytes(32))}`;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/**
 * Resolves what the sandbox accepts. Identity and credentials not given are generated once and
 * kept in the store's `meta` table, so that a sandbox restarted on the same data file accepts the
 * same credentials; options always win and are kept too.
 */
export function resolveSettings(db: Db, options: CredentialOptions): Settings {
  check(options.orgId === undefined || OBJECT_ID.test(options.orgId), 'orgId must be 24 lower-case hex characters (a JumpCloud organisation id)');
  const timeScale = options.timeScale ?? 1;
  check(Number.isFinite(timeScale) && timeScale > 0, 'timeScale must be a positive number');
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  check(Number.isFinite(tokenTtlSeconds) && tokenTtlSeconds > 0, 'tokenTtlSeconds must be a positive number');
  for (const key of ['apiKey', 'scimToken', 'genericScimToken', 'clientId', 'clientSecret', 'jwt'] as const) {
    check(options[key] === undefined || options[key] !== '', `${key} must not be empty`);
  }

  const keep = (key: string, given: string | undefined, make: () => string): string => {
    const value = given ?? readMeta(db, key) ?? make();
    writeMeta(db, key, value);
    return value;
  };
  const orgId = keep('orgId', options.orgId, () => randomBytes(12).toString('hex'));
  const clientId = keep('clientId', options.clientId, () => base64url(randomBytes(16)));
  return {
    orgId,
    apiKey: keep('apiKey', options.apiKey, () => randomBytes(20).toString('hex')),
    multiTenant: options.multiTenant ?? false,
    scimToken: keep('scimToken', options.scimToken, () => base64url(randomBytes(32))),
    genericScimToken: keep('genericScimToken', options.genericScimToken, () => base64url(randomBytes(32))),
    clientId,
    clientSecret: keep('clientSecret', options.clientSecret, () => base64url(randomBytes(32))),
    jwt: keep('jwt', options.jwt, () => randomJwt(clientId)),
    // Not documented how account ids look beyond being numeric; derived from the organisation id.
    accountId: keep('accountId', undefined, () => String(100_000_000 + (parseInt(orgId.slice(0, 8), 16) % 900_000_000))),
    tokenTtlSeconds,
    timeScale,
    rateLimits: options.rateLimits ?? true,
  };
}

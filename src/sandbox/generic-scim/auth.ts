import { timingSafeEqual } from 'node:crypto';
import { header, HttpError, type SandboxRequest } from '../http.js';

/**
 * Bearer-token authentication (RFC 7644 §2, RFC 6750 §2.1): the request must carry
 * `Authorization: Bearer <token>` with the target's static token. Anything else is a 401 with
 * the RFC 7644 §3.12 error body and a `WWW-Authenticate` challenge (RFC 6750 §3).
 */
export function authenticate(req: SandboxRequest, token: string): void {
  const presented = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1]?.trim();
  const expected = Buffer.from(token);
  const given = Buffer.from(presented ?? '');
  if (presented === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(401, presented === undefined ? 'Authorization required: send a bearer token.' : 'The bearer token is not valid.', {
      headers: { 'WWW-Authenticate': `Bearer realm="generic-scim"${presented === undefined ? '' : ', error="invalid_token"'}` },
    });
  }
}

import { randomBytes } from 'node:crypto';
import { header, HttpError, type SandboxRequest } from '../http.js';
import type { SandboxContext } from '../context.js';

/** The identity whose rate-limit budget a request spends: the static token, or the OAuth client. */
export type Identity = string;

const STATIC_IDENTITY = 'static-token';
const clientIdentity = (clientId: string): Identity => `client:${clientId}`;

/**
 * Access tokens and their checks. RingCentral REST and SCIM take `Authorization: Bearer <token>`,
 * an ordinary access token obtained with the JWT grant (docs/vendors/ringcentral.md §1 "Auth"); the sandbox
 * also accepts the static SCIM token it was started with. Limits are counted per (user, app)
 * (§4), so every token issued to the one client shares one budget: renewing a token does not
 * reset the limits.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, { expiresAt: number; identity: Identity }>();

  constructor(private readonly ctx: SandboxContext) {}

  issue(clientId: string): { token: string; expiresIn: number } {
    for (const [known, { expiresAt }] of this.tokens) if (expiresAt <= this.ctx.now()) this.tokens.delete(known);
    const token = randomBytes(32).toString('base64url');
    const expiresIn = this.ctx.settings.tokenTtlSeconds;
    this.tokens.set(token, { expiresAt: this.ctx.now() + expiresIn * 1000, identity: clientIdentity(clientId) });
    return { token, expiresIn };
  }

  /**
   * The identity behind a request's bearer token, or a 401 with the platform code (§3): `OAU-149`
   * "Invalid token" (no or malformed header), `OAU-213` "Token not found", `OAU-128` "Access token
   * expired". Which code RingCentral sends for a missing header is not documented.
   */
  authenticate(req: SandboxRequest): Identity {
    const value = header(req, 'authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(value);
    if (!match?.[1]) throw new HttpError(401, 'Invalid token', { errorCode: 'OAU-149' });
    const token = match[1];
    if (token === this.ctx.settings.scimToken) return STATIC_IDENTITY;
    const issued = this.tokens.get(token);
    if (!issued) throw new HttpError(401, 'Token not found', { errorCode: 'OAU-213' });
    if (issued.expiresAt <= this.ctx.now()) throw new HttpError(401, 'Access token expired', { errorCode: 'OAU-128' });
    return issued.identity;
  }
}

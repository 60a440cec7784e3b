/**
 * RingCentral authentication (docs/vendors/ringcentral.md §1 "Auth"): the JWT grant — `POST
 * /restapi/oauth/token` with the client credentials in HTTP Basic and the JWT as `assertion` —
 * exchanged for a short-lived access token, used as `Authorization: Bearer`.
 *
 * §4: token requests count in the Auth group (5 requests/min); authenticate once and share the
 * token; renew it from `expires_in` before it expires rather than on a 401. A 401 anyway (the
 * token was revoked) renews it once.
 */
import * as z from 'zod';
import type { HttpClient } from '../http/client.js';
import { registerSecret } from '../http/errors.js';

const tokenResponseSchema = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive(), refresh_token: z.string().optional() });

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface JwtCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly jwt: string;
}

/** Renew this long before expiry: a minute, or a tenth of a shorter lifetime. */
function renewMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs / 10);
}

/** The Basic credentials of the token request. */
export function basicAuthorization(credentials: JwtCredentials): string {
  return `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
}

export class JwtTokenSource {
  private token?: { value: string; renewAt: number };
  private pending?: Promise<string>;

  /**
   * `http` is a client on the platform origin whose credentials are the Basic header and whose
   * secrets include the client secret and the JWT (see wiring).
   */
  constructor(
    private readonly http: HttpClient,
    private readonly credentials: JwtCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid access token; concurrent callers share one token request. */
  async accessToken(): Promise<string> {
    if (this.token && this.token.renewAt > this.now()) return this.token.value;
    return this.renew();
  }

  /** Obtains a new token (after a 401), shared with any renewal already under way. */
  renew(): Promise<string> {
    this.pending ??= this.requestToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async requestToken(): Promise<string> {
    this.token = undefined;
    const response = await this.http.json(
      { method: 'POST', path: '/restapi/oauth/token', form: { grant_type: JWT_BEARER_GRANT, assertion: this.credentials.jwt }, rateGroup: 'auth', idempotent: true },
      tokenResponseSchema,
    );
    // Both tokens are credentials: any later text from any system that echoes them is redacted.
    registerSecret(response.access_token);
    if (response.refresh_token) registerSecret(response.refresh_token);
    const lifetimeMs = response.expires_in * 1000;
    this.token = { value: response.access_token, renewAt: this.now() + lifetimeMs - renewMarginMs(lifetimeMs) };
    return response.access_token;
  }
}

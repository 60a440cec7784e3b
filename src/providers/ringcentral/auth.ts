/**
 * RingCentral authentication: the JWT grant (POST /restapi/oauth/token with HTTP Basic client
 * credentials, ringcentral-scim.md §1) exchanged for short-lived access tokens, renewed before
 * they expire. A static bearer token is accepted for tests and other SCIM targets.
 */
import { z } from 'zod';
import { HttpClient } from '../http/client.js';

const tokenResponseSchema = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive() });

export interface JwtCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly jwt: string;
}

/** Renew this long before the token expires, so no request is sent with a dying token. */
const RENEW_MARGIN_MS = 60_000;

export class JwtTokenSource {
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<string>;
  private readonly http: HttpClient;

  constructor(
    origin: string,
    private readonly credentials: JwtCredentials,
    private readonly now: () => number = Date.now,
  ) {
    this.http = new HttpClient({
      system: 'ringcentral',
      baseUrl: origin,
      secretHeaders: () => ({
        authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`,
      }),
    });
  }

  /** A valid access token; concurrent callers share one token request. */
  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - RENEW_MARGIN_MS > this.now()) return this.token.value;
    this.pending ??= this.requestToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Drops the current token (after a 401), so the next call obtains a new one. */
  invalidate(): void {
    this.token = undefined;
  }

  private async requestToken(): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: this.credentials.jwt }).toString();
    const response = await this.http.json(
      { method: 'POST', path: '/restapi/oauth/token', rawBody: body, contentType: 'application/x-www-form-urlencoded', rateGroup: 'auth' },
      tokenResponseSchema,
    );
    const lifetimeMs = response.expires_in * 1000;
    this.token = { value: response.access_token, expiresAt: this.now() + lifetimeMs };
    return response.access_token;
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

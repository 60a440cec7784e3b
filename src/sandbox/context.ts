import type { ObjectIdFactory } from './ids.js';
import type { Db } from './store/database.js';

/** Options after defaults and persisted values are applied: what the running sandbox accepts. */
export interface Settings {
  readonly apiKey: string;
  readonly orgId: string;
  readonly multiTenant: boolean;
  readonly scimToken: string;
  /** The generic SCIM 2.0 target's static bearer token. */
  readonly genericScimToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly jwt: string;
  /** RingCentral account id; `~` in paths means this account. */
  readonly accountId: string;
  readonly tokenTtlSeconds: number;
  readonly timeScale: number;
  readonly rateLimits: boolean;
}

/** What every vendor module shares: the store, the settings, the clock and the public URL. */
export interface SandboxContext {
  readonly db: Db;
  readonly settings: Settings;
  readonly ids: ObjectIdFactory;
  /** Milliseconds since the epoch; injected so that rate limits and token expiry are testable. */
  now(): number;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  baseUrl(): string;
}

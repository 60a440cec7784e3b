/**
 * From configuration to concrete providers: the one place that knows which adapter serves which
 * catalog and where credentials come from (the configuration, already interpolated from env).
 */
import type { Capabilities, TargetProvider, TransportListener, TransportStats } from '../core/ports.js';
import { identityNormalizer } from '../core/compare.js';
import { loadCatalog } from '../config/catalog.js';
import type { ProvisioningConfig, RosterConfig } from '../config/schema.js';
import type { Providers } from '../engine/providers.js';
import { budgetOf, HttpClient, type HttpClientOptions } from '../providers/http/client.js';
import { TransportMeter } from '../providers/http/meter.js';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../providers/http/limits.js';
import type { RetryPolicy } from '../providers/http/retry.js';
import { DEFAULT_TRANSPORT, Transport, type TransportOptions } from '../providers/http/transport.js';
import { classifyJumpCloudError } from '../providers/jumpcloud/errors.js';
import { JumpCloudProvider } from '../providers/jumpcloud/provider.js';
import { basicAuthorization, JwtTokenSource } from '../providers/ringcentral/auth.js';
import { classifyRingCentralError, classifyTokenError } from '../providers/ringcentral/errors.js';
import { RINGCENTRAL_RATE_LIMITS, ringCentralProfile } from '../providers/ringcentral/profile.js';
import { ScimTargetProvider, type ScimProfile } from '../providers/scim/provider.js';
import { readLimitsFromEnv } from './read-limits.js';

export interface WiringOptions {
  /** Plan: every client refuses writes. */
  readonly readOnly: boolean;
  /** Hears every request, retry and wait (progress views, debug output). */
  readonly onTransport?: TransportListener;
  /** Timeouts, connections and response cap, where the defaults do not suit (tests). */
  readonly transport?: Partial<TransportOptions>;
  readonly retry?: Partial<RetryPolicy>;
  /** Bounds on every read; without them, those the environment sets (read-limits.ts), else the defaults. */
  readonly limits?: Partial<ReadLimits>;
  /** Apply interrupted: requests waiting for a rate-limit window are given up unsent. */
  readonly stop?: AbortSignal;
}

export interface WiredProviders extends Providers {
  /** Requests, retries and waits so far, per system and rate-limit group. */
  stats(): TransportStats;
  close(): Promise<void>;
}

/** A generic SCIM target's declarations until discovery (ServiceProviderConfig, …) refines them. */
export const GENERIC_SCIM_CAPABILITIES: Capabilities = {
  patch: false,
  maxPageSize: 100,
  filterAttributes: ['userName'],
  groups: false,
  listOmits: [],
  rateLimits: { read: { name: 'read', requestsPerMinute: 0 }, write: { name: 'write', requestsPerMinute: 0 } },
};

/** `.search` is the one POST that only reads (RFC 7644 §3.4.3). */
const SCIM_READ_POSTS = [/\/\.search$/];
const SCIM_CONTENT_TYPE = 'application/scim+json';

/**
 * What every client of one wiring shares: the meter, the retry policy, and one connection pool per
 * system and origin — each vendor's requests in flight are bounded on their own, also when one
 * server stands for several (the sandbox), and RingCentral's SCIM and REST API share one pool.
 */
interface Common {
  readonly meter: TransportMeter;
  readonly retry?: Partial<RetryPolicy>;
  readonly maxListResources: number;
  poolFor(system: string, url: string): Transport;
}

function targetFor(
  app: string,
  catalog: 'ringcentral' | 'scim',
  provisioning: ProvisioningConfig,
  options: WiringOptions,
  common: Common,
): TargetProvider {
  const url = provisioning.url ?? loadCatalog(catalog).provisioning.url;
  if (!url) throw new Error(`${app}: provisioning.url is required for catalog ${catalog}`);
  const origin = new URL(url).origin;
  const system = catalog === 'ringcentral' ? 'ringcentral' : app;
  const limits = catalog === 'ringcentral' ? { documentedLimits: RINGCENTRAL_RATE_LIMITS, classify: classifyRingCentralError } : {};
  const client = (baseUrl: string, extra: Partial<HttpClientOptions>): HttpClient =>
    new HttpClient({ meter: common.meter, ...(common.retry ? { retry: common.retry } : {}), maxListResources: common.maxListResources, ...(options.stop ? { stop: options.stop } : {}), pool: common.poolFor(system, baseUrl), ...limits, system, baseUrl, ...extra });

  let access: Pick<HttpClientOptions, 'credentials' | 'renewCredentials' | 'budget' | 'secrets'>;
  if (provisioning.auth) {
    const auth = provisioning.auth;
    // RingCentral counts limits per (user, app): every token of one client spends one budget (§4).
    const budget = budgetOf(origin, `${auth.clientId}\u0000${auth.jwt}`);
    const secrets = [auth.clientSecret, auth.jwt];
    const tokenClient = client(origin, { budget, secrets, credentials: () => ({ authorization: basicAuthorization(auth) }), classify: classifyTokenError });
    const tokens = new JwtTokenSource(tokenClient, auth);
    access = {
      budget,
      secrets,
      credentials: async () => ({ authorization: `Bearer ${await tokens.accessToken()}` }),
      renewCredentials: async () => (await tokens.renew(), true),
    };
  } else if (provisioning.token) {
    const token = provisioning.token;
    access = { budget: budgetOf(origin, token), credentials: () => ({ authorization: `Bearer ${token}` }) };
  } else {
    throw new Error(`${app}: provisioning needs a token or auth credentials`);
  }
  const scim = client(url, { ...access, readOnly: options.readOnly, readOnlyPosts: SCIM_READ_POSTS, contentType: SCIM_CONTENT_TYPE });
  let profile: ScimProfile;
  if (catalog === 'ringcentral') {
    profile = ringCentralProfile(client(origin, { ...access, readOnly: options.readOnly }));
  } else {
    profile = { capabilities: GENERIC_SCIM_CAPABILITIES, discover: true, normalizer: identityNormalizer };
  }
  return new ScimTargetProvider(scim, profile);
}

export function createProviders(config: RosterConfig, options: WiringOptions): WiredProviders {
  const meter = new TransportMeter(options.onTransport);
  const limits = options.limits ?? readLimitsFromEnv(process.env);
  const bounds: Partial<TransportOptions> = {
    ...(limits.maxResponseBytes !== undefined ? { maxResponseBytes: limits.maxResponseBytes } : {}),
    ...(limits.idleTimeoutMs !== undefined ? { bodyTimeoutMs: limits.idleTimeoutMs } : {}),
    ...(limits.requestTimeoutMs !== undefined ? { requestTimeoutMs: limits.requestTimeoutMs } : {}),
  };
  const pools = new Map<string, Transport>();
  const poolFor = (system: string, url: string): Transport => {
    const origin = new URL(url).origin;
    const key = `${system}\u0000${origin}`;
    let pool = pools.get(key);
    if (!pool) {
      pool = new Transport(origin, { ...DEFAULT_TRANSPORT, ...bounds, ...options.transport });
      pools.set(key, pool);
    }
    return pool;
  };
  const maxListResources = limits.maxResources ?? DEFAULT_READ_LIMITS.maxResources;
  const common: Common = { meter, poolFor, maxListResources, ...(options.retry ? { retry: options.retry } : {}) };
  const jumpcloud = new HttpClient({
    meter,
    ...(options.retry ? { retry: options.retry } : {}),
    maxListResources,
    pool: poolFor('jumpcloud', config.idp.url),
    system: 'jumpcloud',
    baseUrl: config.idp.url,
    readOnly: options.readOnly,
    ...(options.stop ? { stop: options.stop } : {}),
    budget: budgetOf(new URL(config.idp.url).origin, config.idp.apiKey),
    credentials: () => ({ 'x-api-key': config.idp.apiKey }),
    ...(config.idp.orgId ? { headers: { 'x-org-id': config.idp.orgId } } : {}),
    classify: classifyJumpCloudError,
  });
  const idp = new JumpCloudProvider(jumpcloud, new Map(Object.entries(config.applications).map(([name, app]) => [name, app.catalog])), config.idp.url);
  const targets = new Map<string, TargetProvider>();
  for (const [name, app] of Object.entries(config.applications)) {
    if (!app.provisioning?.enabled) continue;
    targets.set(name, targetFor(name, app.catalog, app.provisioning, options, common));
  }
  return {
    idp,
    targets,
    stats: () => meter.stats(),
    close: async () => {
      await Promise.allSettled([...pools.values()].map((pool) => pool.close()));
    },
  };
}

/**
 * From configuration to concrete providers: the one place that knows which adapter serves which
 * catalog and where credentials come from (the configuration, already interpolated from env).
 */
import type { Capabilities, TargetProvider } from '../core/ports.js';
import { identityNormalizer } from '../core/compare.js';
import { loadCatalog } from '../config/catalog.js';
import type { ProvisioningConfig, RosterConfig } from '../config/schema.js';
import type { Providers } from '../engine/providers.js';
import { HttpClient } from '../providers/http/client.js';
import { JumpCloudProvider } from '../providers/jumpcloud/provider.js';
import { JwtTokenSource } from '../providers/ringcentral/auth.js';
import { ringCentralProfile } from '../providers/ringcentral/profile.js';
import { ScimTargetProvider, type ScimProfile } from '../providers/scim/provider.js';

export interface WiringOptions {
  /** Plan: every client refuses writes. */
  readonly readOnly: boolean;
}

export interface WiredProviders extends Providers {
  close(): Promise<void>;
}

/** A generic SCIM target's defaults until discovery (ServiceProviderConfig) refines them. */
const GENERIC_SCIM_CAPABILITIES: Capabilities = {
  patch: true,
  maxPageSize: 100,
  filterAttributes: ['userName'],
  groups: false,
  listOmits: [],
  rateLimits: { read: { name: 'read', requestsPerMinute: 0 }, write: { name: 'write', requestsPerMinute: 0 } },
};

/** `.search` is the one POST that only reads (RFC 7644 §3.4.3). */
const SCIM_READ_POSTS = [/\/\.search$/];

function targetFor(app: string, catalog: 'ringcentral' | 'scim', provisioning: ProvisioningConfig, options: WiringOptions, closers: Array<() => Promise<void>>): TargetProvider {
  const url = provisioning.url ?? loadCatalog(catalog).provisioning.url;
  if (!url) throw new Error(`${app}: provisioning.url is required for catalog ${catalog}`);
  const origin = new URL(url).origin;
  let authorization: () => Promise<Record<string, string>> | Record<string, string>;
  if (provisioning.auth) {
    const tokens = new JwtTokenSource(origin, provisioning.auth);
    closers.push(() => tokens.close());
    authorization = async () => ({ authorization: `Bearer ${await tokens.accessToken()}` });
  } else if (provisioning.token) {
    const token = provisioning.token;
    authorization = () => ({ authorization: `Bearer ${token}` });
  } else {
    throw new Error(`${app}: provisioning needs a token or auth credentials`);
  }
  const system = catalog === 'ringcentral' ? 'ringcentral' : app;
  const common = { system, readOnly: options.readOnly, readOnlyPosts: SCIM_READ_POSTS, secretHeaders: authorization };
  const scim = new HttpClient({ ...common, baseUrl: url, headers: { 'content-type': 'application/scim+json' } });
  closers.push(() => scim.close());
  let profile: ScimProfile;
  if (catalog === 'ringcentral') {
    const restapi = new HttpClient({ ...common, baseUrl: origin });
    closers.push(() => restapi.close());
    profile = ringCentralProfile(restapi);
  } else {
    profile = { capabilities: GENERIC_SCIM_CAPABILITIES, normalizer: identityNormalizer };
  }
  return new ScimTargetProvider(scim, profile);
}

export function createProviders(config: RosterConfig, options: WiringOptions): WiredProviders {
  const closers: Array<() => Promise<void>> = [];
  const idp = new JumpCloudProvider({
    url: config.idp.url,
    apiKey: config.idp.apiKey,
    ...(config.idp.orgId ? { orgId: config.idp.orgId } : {}),
    readOnly: options.readOnly,
    catalogs: new Map(Object.entries(config.applications).map(([name, app]) => [name, app.catalog])),
  });
  closers.push(() => idp.close());
  const targets = new Map<string, TargetProvider>();
  for (const [name, app] of Object.entries(config.applications)) {
    if (!app.provisioning?.enabled) continue;
    targets.set(name, targetFor(name, app.catalog, app.provisioning, options, closers));
  }
  return {
    idp,
    targets,
    close: async () => {
      await Promise.allSettled(closers.map((close) => close()));
    },
  };
}

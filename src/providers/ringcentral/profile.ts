/**
 * The RingCentral profile of the SCIM provider: what RingCentral's SCIM API can do, declared as
 * data from docs/vendors/ringcentral.md (its live ServiceProviderConfig is reported to understate it,
 * §1.1, so it is not read), its rate-limit groups, normalisation and account status.
 */
import type { Capabilities } from '../../core/ports.js';
import type { HttpClient } from '../http/client.js';
import type { ScimProfile } from '../scim/provider.js';
import { readAccountStatus } from './extensions.js';
import { ringCentralNormalizer } from './normalize.js';

/** §4 default limits per group, requests per minute (each app's own may differ: headers win). */
export const RINGCENTRAL_RATE_LIMITS: Readonly<Record<string, number>> = { light: 50, medium: 40, heavy: 10, auth: 5 };

export const RINGCENTRAL_CAPABILITIES: Capabilities = {
  // PATCH is in RingCentral's spec (ScimUserPatch, §2).
  patch: true,
  // No maximum page size is documented; 100 is the default `count` (§1.2).
  maxPageSize: 100,
  // "Only support 'userName' or 'email' filter expressions for now" (§1.2).
  filterAttributes: ['userName', 'email'],
  // No /Groups, no /Bulk (§1.1); ETags not supported (ScimProviderConfig defaults).
  groups: false,
  bulk: false,
  etag: false,
  // List items are ScimUserShortInfo: no phoneNumbers, no addresses (§1.2).
  listOmits: ['phoneNumbers', 'addresses'],
  // Reads and searches are Light, writes Heavy (§4, spec x-throttling-group).
  rateLimits: { read: { name: 'light', requestsPerMinute: 50 }, write: { name: 'heavy', requestsPerMinute: 10 } },
  // The User schema's fields (§2): no displayName; the enterprise extension has department only.
  attributes: [
    'active',
    'addresses',
    'emails',
    'externalId',
    'name',
    'phoneNumbers',
    'photos',
    'title',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    'userName',
  ],
};

export function ringCentralProfile(restapi: HttpClient): ScimProfile {
  return {
    capabilities: RINGCENTRAL_CAPABILITIES,
    discover: false,
    normalizer: ringCentralNormalizer,
    readAccountStatus: () => readAccountStatus(restapi),
  };
}

/**
 * The RingCentral profile of the SCIM provider: what RingCentral's SCIM API can do (declared as
 * data, from ringcentral-scim.md), its normalisation, and account states from the extension list.
 */
import { z } from 'zod';
import type { AccountState } from '../../core/model.js';
import type { Capabilities } from '../../core/ports.js';
import type { HttpClient } from '../http/client.js';
import type { ScimProfile } from '../scim/provider.js';
import { ringCentralNormalizer } from './normalize.js';

export const RINGCENTRAL_CAPABILITIES: Capabilities = {
  // PATCH is in RingCentral's spec (ScimUserPatch, §2).
  patch: true,
  // No maximum page size is documented; 100 is the default `count` (§1.2).
  maxPageSize: 100,
  // "Only support 'userName' or 'email' filter expressions for now" (§1.2).
  filterAttributes: ['userName', 'email'],
  // No /Groups endpoint (§1.1).
  groups: false,
  // List items are ScimUserShortInfo: no phoneNumbers, no addresses (§1.2).
  listOmits: ['phoneNumbers', 'addresses'],
  // Reads are Light (50/min), writes Heavy (10/min) (§4).
  rateLimits: { read: { name: 'light', requestsPerMinute: 50 }, write: { name: 'heavy', requestsPerMinute: 10 } },
};

const extensionListSchema = z.looseObject({
  records: z.array(z.looseObject({ id: z.union([z.string(), z.number()]), status: z.string().nullish() })),
  paging: z.looseObject({ page: z.number().nullish(), totalPages: z.number().nullish() }).nullish(),
  navigation: z.looseObject({ nextPage: z.unknown().nullish() }).nullish(),
});

/** Extension statuses (ExtensionStatusEnumFull) → Roster's account states. */
function stateOf(status: string | null | undefined): AccountState | undefined {
  switch (status) {
    case 'NotActivated':
      return 'pending';
    case 'Disabled':
    case 'Frozen':
      return 'inactive';
    case 'Enabled':
      return 'active';
    default:
      return undefined;
  }
}

/**
 * Reads account states from `/restapi/v1.0/account/~/extension` (one paged read, not one request
 * per user). `restapi` is a client on the platform origin (the SCIM base URL's origin).
 */
export async function readExtensionStates(restapi: HttpClient): Promise<Map<string, AccountState>> {
  const states = new Map<string, AccountState>();
  for (let page = 1; ; page++) {
    const list = await restapi.json(
      { method: 'GET', path: '/restapi/v1.0/account/~/extension', query: { type: 'User', page, perPage: 1000 }, rateGroup: 'medium' },
      extensionListSchema,
    );
    for (const record of list.records) {
      const state = stateOf(record.status);
      if (state) states.set(String(record.id), state);
    }
    const totalPages = list.paging?.totalPages ?? page;
    if (page >= totalPages || list.records.length === 0) break;
  }
  return states;
}

export function ringCentralProfile(restapi: HttpClient): ScimProfile {
  return {
    capabilities: RINGCENTRAL_CAPABILITIES,
    normalizer: ringCentralNormalizer,
    readStates: () => readExtensionStates(restapi),
  };
}

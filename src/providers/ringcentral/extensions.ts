/**
 * Account status from RingCentral's extension list, `GET /restapi/v1.0/account/~/extension`
 * (Medium group): one paged read for every account instead of a request per user. SCIM's `active`
 * is false both for a pending account and a disabled one; the extension status tells them apart
 * (docs/vendors/ringcentral.md §3: `ExtensionStatusEnumFull` Enabled, Disabled, Frozen, NotActivated,
 * Unassigned), and the unassigned extensions are the free licences a create needs.
 *
 * The same records carry what SCIM list items omit (ScimUserShortInfo: no phoneNumbers, no
 * addresses, §1.2): each `GetExtensionListInfoResponse` has `contact: ContactInfo`, whose
 * `businessAddress` (ContactBusinessAddressInfo) is where RingCentral stores a SCIM work address
 * (its 400 bodies name `extension.contact.businessAddress.state`, §3) and whose `mobilePhone` is
 * SCIM's `mobile` phone (spec/vendors/ringcentral-scim.subset.yaml). The extension id is the SCIM
 * `id`. What a record carries is read, not assumed: a record without `contact`, or whose contact
 * lacks a field, leaves that attribute unknown, and the account is read in full.
 */
import * as z from 'zod';
import type { AccountState } from '../../core/model.js';
import { checkedInPlace } from '../http/compiled-schemas.js';
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient } from '../http/client.js';
import { LIMIT_SETTINGS, pageBudget } from '../http/limits.js';
import { ListGuard } from '../http/list-guard.js';
import type { AccountStatus, OmittedFromList } from '../scim/provider.js';

/** `perPage` at most 1000 (EnumeratedPagingModel). */
const PER_PAGE = 1000;
const PAGE_CONCURRENCY = 2;

const text = z.string().nullish();

/** ContactBusinessAddressInfo: every part optional. */
const businessAddressSchema = z.looseObject({ street: text, city: text, state: text, zip: text, country: text });

/** ContactInfo, the parts Roster reads. */
const contactSchema = z.looseObject({ mobilePhone: text, businessAddress: businessAddressSchema.nullish() });

/** A page (up to 1,000 records) is checked in place and used as it came (http/compiled-schemas.ts). */
export const extensionListSchema = checkedInPlace(
  z.looseObject({
    records: z.array(z.looseObject({ id: z.union([z.string(), z.number()]), status: z.string().nullish(), contact: contactSchema.nullish() })),
    paging: z.looseObject({ totalPages: z.number().int().nonnegative().nullish() }).nullish(),
  }),
);

/** Extension statuses → Roster's account states; Unassigned extensions hold no account. */
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

const LIST = { method: 'GET', path: '/restapi/v1.0/account/~/extension' } as const;

type Contact = z.infer<typeof contactSchema>;

/** ContactBusinessAddressInfo → the SCIM work address, part by part (absent parts stay absent). */
const ADDRESS_PARTS = [
  ['street', 'streetAddress'],
  ['city', 'locality'],
  ['state', 'region'],
  ['zip', 'postalCode'],
  ['country', 'country'],
] as const;

/**
 * A record's contact as the SCIM attributes lists omit, with what it lacks. An empty
 * businessAddress or an empty mobilePhone is an answer (no address, no mobile); a missing one is not.
 */
export function omittedFromContact(contact: Contact | null | undefined): OmittedFromList {
  if (!contact) return { values: {}, missing: { addresses: 'contact', phoneNumbers: 'contact' } };
  const values: Record<string, unknown> = {};
  const missing: Record<string, string> = {};
  const address = contact.businessAddress;
  if (address) {
    const work: Record<string, string> = { type: 'work' };
    for (const [from, to] of ADDRESS_PARTS) {
      const value = address[from];
      if (typeof value === 'string' && value !== '') work[to] = value;
    }
    values['addresses'] = Object.keys(work).length > 1 ? [work] : [];
  } else {
    missing['addresses'] = 'contact.businessAddress';
  }
  if (typeof contact.mobilePhone === 'string') {
    values['phoneNumbers'] = contact.mobilePhone !== '' ? [{ type: 'mobile', value: contact.mobilePhone }] : [];
  } else {
    missing['phoneNumbers'] = 'contact.mobilePhone';
  }
  return { values, missing };
}

/**
 * `restapi` is a client on the platform origin, with the same credentials as SCIM. The list is
 * bounded like every list (ListGuard): `totalPages` may not imply more extensions than the limit,
 * and an extension read twice fails the read.
 */
export async function readAccountStatus(restapi: HttpClient): Promise<AccountStatus> {
  const guard = new ListGuard(restapi, LIST, 'extensions');
  const states = new Map<string, AccountState>();
  const omitted = new Map<string, OmittedFromList>();
  let freeLicences = 0;
  // Each page is taken in as it arrives: its records are not kept.
  const page = async (n: number) => {
    const answer = await restapi.json({ ...LIST, query: { type: 'User', page: n, perPage: PER_PAGE }, rateGroup: 'medium' }, extensionListSchema);
    guard.add(answer.records.map((record) => String(record.id)), `page ${n}`);
    for (const record of answer.records) {
      if (record.status === 'Unassigned') freeLicences += 1;
      const state = stateOf(record.status);
      if (!state) continue;
      states.set(String(record.id), state);
      omitted.set(String(record.id), omittedFromContact(record.contact));
    }
    return answer.paging?.totalPages ?? 1;
  };
  const totalPages = await page(1);
  const most = pageBudget(restapi.maxListResources, PER_PAGE);
  if (totalPages > most) {
    throw restapi.limitError(LIST, `paging.totalPages is ${totalPages}, more than the ${most} pages of ${PER_PAGE} that the limit of ${restapi.maxListResources} extensions per list allows`, {
      status: 200,
      setting: LIMIT_SETTINGS.maxResources,
    });
  }
  await mapConcurrent(
    Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) => i + 2),
    PAGE_CONCURRENCY,
    page,
  );
  return { states, freeLicences, omitted, source: 'extension record' };
}

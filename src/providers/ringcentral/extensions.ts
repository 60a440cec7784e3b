/**
 * Account status from RingCentral's extension list, `GET /restapi/v1.0/account/~/extension`
 * (Medium group): one paged read for every account instead of a request per user. SCIM's `active`
 * is false both for a pending account and a disabled one; the extension status tells them apart
 * (docs/vendors/ringcentral.md §3: `ExtensionStatusEnumFull` Enabled, Disabled, Frozen, NotActivated,
 * Unassigned), and the unassigned extensions are the free licences a create needs.
 */
import { z } from 'zod';
import type { AccountState } from '../../core/model.js';
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient } from '../http/client.js';
import { LIMIT_SETTINGS, pageBudget } from '../http/limits.js';
import { ListGuard } from '../http/list-guard.js';
import type { AccountStatus } from '../scim/provider.js';

/** `perPage` at most 1000 (EnumeratedPagingModel). */
const PER_PAGE = 1000;
const PAGE_CONCURRENCY = 2;

const extensionListSchema = z.looseObject({
  records: z.array(z.looseObject({ id: z.union([z.string(), z.number()]), status: z.string().nullish() })),
  paging: z.looseObject({ totalPages: z.number().int().nonnegative().nullish() }).nullish(),
});

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

/**
 * `restapi` is a client on the platform origin, with the same credentials as SCIM. The list is
 * bounded like every list (ListGuard): `totalPages` may not imply more extensions than the limit,
 * and an extension read twice fails the read.
 */
export async function readAccountStatus(restapi: HttpClient): Promise<AccountStatus> {
  const guard = new ListGuard(restapi, LIST, 'extensions');
  const page = async (n: number) => {
    const answer = await restapi.json({ ...LIST, query: { type: 'User', page: n, perPage: PER_PAGE }, rateGroup: 'medium' }, extensionListSchema);
    guard.add(answer.records.map((record) => String(record.id)), `page ${n}`);
    return answer;
  };
  const first = await page(1);
  const totalPages = first.paging?.totalPages ?? 1;
  const most = pageBudget(restapi.maxListResources, PER_PAGE);
  if (totalPages > most) {
    throw restapi.limitError(LIST, `paging.totalPages is ${totalPages}, more than the ${most} pages of ${PER_PAGE} that the limit of ${restapi.maxListResources} extensions per list allows`, {
      status: 200,
      setting: LIMIT_SETTINGS.maxResources,
    });
  }
  const rest = await mapConcurrent(
    Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) => i + 2),
    PAGE_CONCURRENCY,
    page,
  );
  const states = new Map<string, AccountState>();
  let freeLicences = 0;
  for (const record of [first, ...rest].flatMap((p) => p.records)) {
    if (record.status === 'Unassigned') freeLicences += 1;
    const state = stateOf(record.status);
    if (state) states.set(String(record.id), state);
  }
  return { states, freeLicences };
}

import { HttpError, intParam, json } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import type { AccountStore, Extension, ExtensionStatus } from './account-store.js';

const STATUSES = ['Enabled', 'Disabled', 'Frozen', 'NotActivated', 'Unassigned'];

const badParameter = (name: string): HttpError => new HttpError(400, `Parameter [${name}] value is invalid.`, { parameterName: name });

/**
 * `GET /restapi/v1.0/account/{accountId}/extension` (spec `listExtensions`, throttling group
 * Medium): every extension with its status — Enabled, Disabled, NotActivated or Unassigned (the
 * free licences). `status`, `email` and `type` are repeatable; `page` (default 1) and `perPage`
 * (default 100, at most 1000 per `EnumeratedPagingModel`) page the result. All extensions here are
 * of type `User`.
 */
export function registerExtensions(router: Router, ctx: SandboxContext, accounts: AccountStore): void {
  router.add(
    'GET',
    '/restapi/v1.0/account/:accountId/extension',
    (req) => {
      const accountId = req.params.accountId ?? '';
      if (accountId !== '~' && accountId !== ctx.settings.accountId) {
        throw new HttpError(404, 'Resource for parameter [accountId] is not found.', { parameterName: 'accountId' });
      }
      const statuses = req.query.getAll('status').filter((s) => s !== '');
      if (statuses.some((s) => !STATUSES.includes(s))) throw badParameter('status');
      const page = intParam(req.query, 'page', 1);
      const perPage = intParam(req.query, 'perPage', 100);
      if (page < 1 || page > 1000) throw badParameter('page');
      if (perPage < 1 || perPage > 1000) throw badParameter('perPage');
      const types = req.query.getAll('type').filter((t) => t !== '');
      const extensionNumber = req.query.get('extensionNumber') ?? undefined;
      const { total, extensions } =
        types.length > 0 && !types.includes('User')
          ? { total: 0, extensions: [] }
          : accounts.listExtensions({
              statuses: statuses as ExtensionStatus[],
              emails: req.query.getAll('email').filter((e) => e !== ''),
              ...(extensionNumber ? { extensionNumber } : {}),
              offset: (page - 1) * perPage,
              limit: perPage,
            });
      const base = `${ctx.baseUrl()}/restapi/v1.0/account/${ctx.settings.accountId}/extension`;
      return json(200, {
        uri: `${ctx.baseUrl()}${req.path}${req.query.size > 0 ? `?${req.query.toString()}` : ''}`,
        records: extensions.map((ext) => record(ext, base)),
        paging: paging(page, perPage, total, extensions.length),
        navigation: navigation(`${ctx.baseUrl()}${req.path}`, req.query, page, perPage, total),
      });
    },
    { group: 'Medium' },
  );
}

/**
 * `ContactBusinessAddressInfo` from the user's SCIM work address: RingCentral stores SCIM addresses
 * in the extension's `contact.businessAddress` (its 400 bodies name
 * `extension.contact.businessAddress.state`, docs/vendors/ringcentral.md §3), part for part —
 * streetAddress → street, locality → city, region → state, postalCode → zip, country → country
 * (the English name it stores, §2). A user without a work address has none.
 */
function businessAddress(address: Record<string, string | boolean> | undefined): Record<string, string> | undefined {
  if (!address) return undefined;
  const out: Record<string, string> = {};
  const parts = [
    ['streetAddress', 'street'],
    ['locality', 'city'],
    ['region', 'state'],
    ['postalCode', 'zip'],
    ['country', 'country'],
  ] as const;
  for (const [from, to] of parts) {
    const value = address[from];
    if (typeof value === 'string') out[to] = value;
  }
  return out;
}

/**
 * `GetExtensionListInfoResponse`. Unassigned extensions have no number and are hidden (spec `hidden`).
 * A user's `contact` (`ContactInfo`) mirrors the SCIM account: names, email, job title, department,
 * the work address as `businessAddress` and the `mobile` phone as `mobilePhone`; a field the user
 * has no value for is left out, as RingCentral leaves out empty fields.
 */
function record(ext: Extension, base: string): Record<string, unknown> {
  const out: Record<string, unknown> = { id: ext.id, uri: `${base}/${ext.id}` };
  if (ext.extensionNumber) out.extensionNumber = ext.extensionNumber;
  const user = ext.user;
  if (user) {
    out.name = `${user.name.givenName} ${user.name.familyName}`;
    const address = businessAddress(user.addresses.find((a) => a.type === 'work'));
    const mobile = user.phoneNumbers.find((p) => p.type === 'mobile')?.value;
    out.contact = {
      firstName: user.name.givenName,
      lastName: user.name.familyName,
      email: user.emails[0]?.value,
      ...(user.title !== undefined ? { jobTitle: user.title } : {}),
      ...(mobile !== undefined ? { mobilePhone: mobile } : {}),
      ...(address ? { businessAddress: address } : {}),
      ...(user.department !== undefined ? { department: user.department } : {}),
    };
  } else {
    out.contact = {};
  }
  out.status = ext.status;
  out.type = 'User';
  out.hidden = ext.status === 'Unassigned';
  if (ext.created) out.creationTime = ext.created;
  return out;
}

/** `EnumeratedPagingModel`: `pageStart`/`pageEnd` are omitted for an empty page. */
function paging(page: number, perPage: number, total: number, count: number): Record<string, number> {
  const out: Record<string, number> = { page, perPage, totalPages: Math.ceil(total / perPage), totalElements: total };
  if (count > 0) {
    out.pageStart = (page - 1) * perPage;
    out.pageEnd = (page - 1) * perPage + count - 1;
  }
  return out;
}

/** `PageNavigationModel`: first/last always, previous/next when they exist. */
function navigation(path: string, query: URLSearchParams, page: number, perPage: number, total: number): Record<string, { uri: string }> {
  const last = Math.max(1, Math.ceil(total / perPage));
  const uri = (n: number): { uri: string } => {
    const params = new URLSearchParams(query);
    params.set('page', String(n));
    params.set('perPage', String(perPage));
    return { uri: `${path}?${params.toString()}` };
  };
  const out: Record<string, { uri: string }> = { firstPage: uri(1) };
  if (page < last) out.nextPage = uri(page + 1);
  if (page > 1) out.previousPage = uri(Math.min(page - 1, last));
  out.lastPage = uri(last);
  return out;
}

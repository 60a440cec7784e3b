import { scimPatch, ScimError, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { HttpError, intParam, isRecord, json, noContent, parseJsonBody, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import type { AccountStore, Extension, ExtensionStatus, StoredUser } from './account-store.js';
import { invalidValue, scimNotFound } from './errors.js';
import { parseUserFilter } from './filter.js';
import { readScimUser, toScimUser } from './user-model.js';

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * The page-size cap. The spec states none; the only figure in the references is
 * `filter.maxResults: 200` from a third-party rendering of the live ServiceProviderConfig
 * (docs/vendors/ringcentral.md §1.1), so a larger `count` is cut to 200, as RFC 7644 §3.4.2.4 allows.
 */
export const MAX_COUNT = 200;

/** `/scim/v2/Users` (docs/vendors/ringcentral.md §1.1 operation table; throttling groups from the spec). */
export function registerScimUsers(router: Router, ctx: SandboxContext, accounts: AccountStore): void {
  const nowIso = (): string => new Date(ctx.now()).toISOString();
  const full = (ext: Extension): Record<string, unknown> => toScimUser(ext, ctx.baseUrl(), 'full');

  const load = (req: SandboxRequest): Extension => {
    const id = req.params.id ?? '';
    const ext = accounts.getUser(id);
    if (!ext) throw scimNotFound(id);
    return ext;
  };

  /**
   * "Pending accounts cannot be updated or deactivated — only deleted" (docs/vendors/ringcentral.md §3 "Lifecycle rules", from RingCentral's
   * published behaviour). The reference states the rule, not the status code: the sandbox answers
   * 400 `mutability` ("not compatible with the current state", RFC 7644 §3.12).
   */
  const refusePending = (ext: Extension): void => {
    if (ext.status === 'NotActivated') {
      throw new HttpError(400, `User ${ext.id} is not activated yet: a pending user can be deleted but not updated.`, { scimType: 'mutability' });
    }
  };

  /** Duplicate userName/email → 409 (spec: 409 "Duplicate email"; `scimType` uniqueness, §3). */
  const refuseDuplicate = (user: StoredUser, exceptId = 0): void => {
    const email = user.emails[0]?.value ?? '';
    if (accounts.isTaken([user.userName, email], exceptId)) {
      throw new HttpError(409, `Duplicate email: a user with userName or email ${user.userName} already exists.`, { scimType: 'uniqueness' });
    }
  };

  /**
   * Replaces a user's data; `active` enables or disables an activated account (§3: `active:false`
   * disables the extension, `true` re-enables it). Not documented: a PUT without `active` (the
   * schema default is false); the sandbox leaves the status as it is, so a replace never
   * deactivates by omission.
   */
  const replace = (ext: Extension, body: unknown): SandboxResponse => {
    const { user, active } = readScimUser(body);
    refuseDuplicate(user, ext.id);
    const status: ExtensionStatus = active === undefined ? ext.status : active ? 'Enabled' : 'Disabled';
    const updated = accounts.update(ext.id, status, user, nowIso());
    if (!updated) throw scimNotFound(String(ext.id));
    return json(200, full(updated));
  };

  const search = (filter: string | undefined, startIndex: number, count: number): SandboxResponse => {
    const parsed = parseUserFilter(filter);
    // RFC 7644 §3.4.2.4: startIndex < 1 is read as 1, a negative count as 0.
    const start = Math.max(1, startIndex);
    const size = Math.min(MAX_COUNT, Math.max(0, count));
    const { total, users } = accounts.listUsers(parsed, start - 1, size);
    return json(200, {
      schemas: [LIST_RESPONSE],
      totalResults: total,
      startIndex: start,
      itemsPerPage: users.length,
      Resources: users.map((ext) => toScimUser(ext, ctx.baseUrl(), 'short')),
    });
  };

  router.add('GET', '/scim/v2/Users', (req) => search(req.query.get('filter') ?? undefined, intParam(req.query, 'startIndex', 1), intParam(req.query, 'count', 100)), {
    group: 'Light',
  });

  router.add(
    'POST',
    '/scim/v2/Users/.search',
    (req) => {
      const body = parseJsonBody(req) ?? {};
      if (!isRecord(body)) throw new HttpError(400, 'The request body must be a JSON object.', { scimType: 'invalidSyntax' });
      const int = (key: string, fallback: number): number => {
        const value = body[key] ?? fallback;
        if (!Number.isInteger(value)) throw invalidValue(`Parameter [${key}] value is invalid.`);
        return value as number;
      };
      if (body.filter !== undefined && typeof body.filter !== 'string') throw invalidValue('Parameter [filter] value is invalid.');
      return search(body.filter as string | undefined, int('startIndex', 1), int('count', 100));
    },
    { group: 'Light' },
  );

  /**
   * Create (§3): `userName` must equal the work email; a free licence (an unassigned extension)
   * must exist, else 403 "License limit has been reached."; the new account is pending
   * (`active: false`, status NotActivated) whatever `active` the request carries, until its owner
   * uses the activation email.
   */
  router.add(
    'POST',
    '/scim/v2/Users',
    (req) => {
      const { user } = readScimUser(parseJsonBody(req));
      if (user.userName.toLowerCase() !== (user.emails[0]?.value ?? '').toLowerCase()) {
        throw invalidValue('Parameter [userName] value is invalid: it must be the same as the work email address.');
      }
      refuseDuplicate(user);
      const ext = accounts.assign(user, nowIso());
      if (!ext) throw new HttpError(403, 'License limit has been reached.');
      const body = full(ext);
      return json(201, body, { Location: String((body.meta as { location: string }).location) });
    },
    { group: 'Heavy' },
  );

  router.add('GET', '/scim/v2/Users/:id', (req) => json(200, full(load(req))), { group: 'Light' });

  router.add(
    'PUT',
    '/scim/v2/Users/:id',
    (req) => {
      const ext = load(req);
      refusePending(ext);
      return replace(ext, parseJsonBody(req));
    },
    { group: 'Heavy' },
  );

  /**
   * PATCH applies the `Operations` with scim-patch (filtered paths such as
   * `addresses[type eq "work"].locality` included, RC-BLOG in §2), then goes through the same
   * rules as a PUT. Server-managed phone numbers are kept whatever the operations say.
   */
  router.add(
    'PATCH',
    '/scim/v2/Users/:id',
    (req) => {
      const ext = load(req);
      refusePending(ext);
      const body = parseJsonBody(req);
      if (!isRecord(body) || !Array.isArray(body.schemas) || !body.schemas.includes(PATCH_OP)) {
        throw new HttpError(400, `The request must be a PatchOp with schemas [${PATCH_OP}].`, { scimType: 'invalidSyntax' });
      }
      if (!Array.isArray(body.Operations) || body.Operations.length === 0) {
        throw new HttpError(400, 'Operations must be a non-empty array.', { scimType: 'invalidSyntax' });
      }
      let patched: Record<string, unknown>;
      try {
        const resource = full(ext) as unknown as ScimResource;
        patched = scimPatch(resource, body.Operations as ScimPatchOperation[], { mutateDocument: false, treatMissingAsAdd: true }) as unknown as Record<string, unknown>;
      } catch (error) {
        if (error instanceof ScimError) throw new HttpError(400, error.message, { scimType: error.scimCode ?? 'invalidSyntax' });
        throw error;
      }
      return replace(ext, patched);
    },
    { group: 'Heavy' },
  );

  /**
   * Delete → 204; the extension becomes unassigned, which frees its licence (§3). An account
   * deactivated through SCIM must be re-enabled first (docs/vendors/ringcentral.md §3 "Lifecycle rules"). The reference
   * gives no code for that refusal; DELETE documents 401/403/404/429/500, so the sandbox answers 403.
   */
  router.add(
    'DELETE',
    '/scim/v2/Users/:id',
    (req) => {
      const ext = load(req);
      if (ext.status === 'Disabled') {
        throw new HttpError(403, `User ${ext.id} is disabled: re-enable it (active: true) before deleting it.`);
      }
      accounts.unassign(ext.id);
      return noContent();
    },
    { group: 'Heavy' },
  );
}

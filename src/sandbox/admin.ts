import type { SandboxContext } from './context.js';
import type { Faults } from './faults.js';
import type { GenericScimSwitches } from './generic-scim/switches.js';
import { HttpError, isRecord, json, noContent, parseJsonBody } from './http.js';
import { DirectoryStore } from './jumpcloud/directory-store.js';
import { AccountStore } from './ringcentral/account-store.js';
import type { RequestLog } from './request-log.js';
import { Router } from './router.js';
import { parseSeed, type Seed } from './seed/spec.js';
import { dispatch, type VendorApp } from './vendor.js';

export interface AdminDeps {
  ctx: SandboxContext;
  faults: Faults;
  log: RequestLog;
  /** Empties the store and loads `seed` (licences: the seed's default when undefined). */
  reset(seed: Seed, licences: number | undefined): void;
  /** The generic SCIM target's switches. */
  genericScim: GenericScimSwitches;
}

const bad = (message: string): HttpError => new HttpError(400, message);

function readNonNegative(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0) throw bad(`${key} must be a non-negative integer`);
  return value as number;
}

/**
 * `/_sandbox`: the sandbox's own API for tests and demos (no authentication). It acts as the
 * people and events the vendors' public APIs cannot: an account owner using the activation email,
 * an admin buying licences or nesting groups in the console, a flaky network.
 */
export function createAdmin(deps: AdminDeps): VendorApp {
  const { ctx, faults, log } = deps;
  const accounts = new AccountStore(ctx.db);
  const directory = new DirectoryStore(ctx.db);
  const router = new Router();

  router.add('POST', '/_sandbox/reset', (req) => {
    const body = parseJsonBody(req) ?? {};
    if (!isRecord(body)) throw bad('The body must be a JSON object.');
    let seed: Seed;
    try {
      seed = parseSeed(body.seed ?? 'demo');
    } catch (error) {
      throw bad((error as Error).message);
    }
    deps.reset(seed, readNonNegative(body, 'licences'));
    return json(200, { seed, licences: accounts.countUnassigned() });
  });

  /** The account's owner used the activation email: a pending account becomes active (`Enabled`). */
  router.add('POST', '/_sandbox/ringcentral/users/:id/activate', (req) => {
    const ext = accounts.getUser(req.params.id ?? '');
    if (!ext) throw new HttpError(404, `No RingCentral user ${req.params.id ?? ''}`);
    if (ext.status !== 'NotActivated') throw new HttpError(409, `User ${ext.id} is ${ext.status}, not pending activation`);
    accounts.setStatus(ext.id, 'Enabled', new Date(ctx.now()).toISOString());
    return json(200, { id: String(ext.id), status: 'Enabled' });
  });

  router.add('GET', '/_sandbox/ringcentral/licences', () => json(200, { available: accounts.countUnassigned() }));
  router.add('PUT', '/_sandbox/ringcentral/licences', (req) => {
    const body = parseJsonBody(req);
    if (!isRecord(body)) throw bad('The body must be {"available": N}.');
    const available = readNonNegative(body, 'available');
    if (available === undefined) throw bad('available is required');
    accounts.setAvailableLicences(available);
    return json(200, { available: accounts.countUnassigned() });
  });

  /** Group-in-group membership, which the public JumpCloud API cannot create (its members API takes users only). */
  router.add('POST', '/_sandbox/jumpcloud/usergroups/:id/subgroups', (req) => {
    const parent = directory.getGroup(req.params.id ?? '');
    const body = parseJsonBody(req);
    if (!parent) throw new HttpError(404, `No user group ${req.params.id ?? ''}`);
    if (!isRecord(body) || typeof body.id !== 'string' || (body.op !== 'add' && body.op !== 'remove')) throw bad('The body must be {"id": childGroupId, "op": "add"|"remove"}.');
    if (!directory.getGroup(body.id)) throw new HttpError(404, `No user group ${body.id}`);
    if (body.id === parent.id) throw bad('A group cannot contain itself.');
    if (body.op === 'add') directory.addMember(parent.id, 'user_group', body.id);
    else directory.removeMember(parent.id, 'user_group', body.id);
    return noContent();
  });

  /**
   * The generic SCIM target's switches (generic-scim/switches.ts): GET reads them; PUT sets those
   * present in `{"patch"?: boolean, "ignoreExcludedAttributes"?: boolean}` and answers all of them.
   * A reset restores the values the sandbox was started with.
   */
  router.add('GET', '/_sandbox/generic-scim/switches', () => json(200, deps.genericScim.get()));
  router.add('PUT', '/_sandbox/generic-scim/switches', (req) => json(200, deps.genericScim.set(parseJsonBody(req) ?? {})));

  router.add('POST', '/_sandbox/faults', (req) => json(201, faults.add(parseJsonBody(req))));
  router.add('GET', '/_sandbox/faults', () => json(200, faults.list()));
  router.add('DELETE', '/_sandbox/faults', () => {
    faults.clear();
    return noContent();
  });

  router.add('GET', '/_sandbox/requests', () => json(200, log.list()));
  router.add('DELETE', '/_sandbox/requests', () => {
    log.clear();
    return noContent();
  });
  router.add('GET', '/_sandbox/stats', () => json(200, log.stats()));

  const errorResponse = (status: number, message: string) => json(status, { error: message });
  return {
    vendor: 'admin',
    owns: (path) => path === '/_sandbox' || path.startsWith('/_sandbox/'),
    errorResponse: (_path, status, message) => errorResponse(status, message),
    handle: (req) => dispatch(router, req, (error) => errorResponse(error.status, error.message)),
  };
}

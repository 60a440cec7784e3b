import { HttpError, isRecord, json, parseJsonBody, type SandboxRequest } from '../http.js';
import type { Router } from '../router.js';
import type { SandboxContext } from '../context.js';
import { USER_COLUMNS, type DirectoryStore } from './directory-store.js';
import { badRequest, notFound } from './errors.js';
import { orderBy, pickFields, readPage, v1Filter } from './query.js';
import { applyUserWrite, newSystemUser, type SystemUser, type UserWriteContext } from './user-model.js';

/** v1 `/api/systemusers` (docs/vendors/jumpcloud.md §5; spec `systemusers_*` operations). */
export function registerSystemUsers(router: Router, ctx: SandboxContext, directory: DirectoryStore): void {
  const writeContext = (): UserWriteContext => ({
    now: new Date(ctx.now()).toISOString(),
    newId: () => ctx.ids.next(ctx.now() / 1000),
  });

  const load = (req: SandboxRequest): SystemUser => {
    const user = directory.getUser(req.params.id ?? '');
    if (!user) throw notFound('User');
    return user;
  };

  /** Duplicate username/email is a 400 (spec `systemusers_post` 400: "User already exists or Bad Request"). */
  const checkUnique = (user: SystemUser): void => {
    const taken = directory.findUserConflict(user.username, user.email, user._id);
    if (taken) throw badRequest(`${taken === 'username' ? 'Username' : 'Email'} already exists`);
  };

  router.add('GET', '/api/systemusers', (req) => {
    if (req.query.has('search')) throw badRequest('the search parameter is not supported by the sandbox; use filter');
    const page = readPage(req.query);
    // Not documented: the default order. The sandbox lists in creation order (`_id`).
    const { total, users } = directory.listUsers(v1Filter(req.query, USER_COLUMNS), orderBy(req.query, ' ', USER_COLUMNS, 'id'), page);
    return json(200, { totalCount: total, results: users.map((u) => pickFields(u, req.query, ' ', '_id')) });
  });

  router.add('POST', '/api/systemusers', (req) => {
    const body = parseJsonBody(req);
    const now = ctx.now();
    const base = newSystemUser(ctx.ids.next(now / 1000), ctx.settings.orgId, new Date(now).toISOString(), directory.nextUnixId());
    const user = applyUserWrite(base, body, 'create', writeContext());
    checkUnique(user);
    directory.saveUser(user);
    return json(200, user);
  });

  // The spec also lists `filter` on this single-record read; with one record it selects nothing, so only `fields` applies.
  router.add('GET', '/api/systemusers/:id', (req) => json(200, pickFields(load(req), req.query, ' ', '_id')));

  router.add('PUT', '/api/systemusers/:id', (req) => {
    const user = applyUserWrite(load(req), parseJsonBody(req) ?? {}, 'update', writeContext());
    checkUnique(user);
    directory.saveUser(user);
    return json(200, user);
  });

  /**
   * Spec `systemusers_delete`: 200 with the deleted user; 409 documented. `cascade_manager=null`
   * clears `manager` on direct reports. Not documented what the 409 is for; the sandbox answers
   * 409 when the user still manages others and `cascade_manager` is not given.
   */
  router.add('DELETE', '/api/systemusers/:id', (req) => {
    const user = load(req);
    const reports = directory.reportsOf(user._id);
    if (reports.length > 0) {
      if (req.query.get('cascade_manager') !== 'null') {
        throw new HttpError(409, 'User is the manager of other users; delete with cascade_manager=null to clear it on them.');
      }
      for (const report of reports) directory.saveUser({ ...report, manager: '' });
    }
    directory.deleteUser(user._id);
    return json(200, user);
  });

  /** Spec `systemusers_expire`: expires the password; 200 with a string body (its text is not documented). */
  router.add('POST', '/api/systemusers/:id/expire', (req) => {
    const user = load(req);
    directory.saveUser({ ...user, password_expired: true, password_expiration_date: new Date(ctx.now()).toISOString() });
    return json(200, 'OK');
  });

  /**
   * Spec `systemusers_state_activate`: STAGED → ACTIVATED; the body's `email` flag only steers the
   * welcome email, which the sandbox does not send. This operation declares no `x-org-id` header.
   * Not documented: activating a user that is not STAGED; the sandbox answers 400.
   */
  router.add(
    'POST',
    '/api/systemusers/:id/state/activate',
    (req) => {
      const body = parseJsonBody(req);
      if (body !== undefined && !isRecord(body)) throw badRequest('The request body must be a JSON object.');
      const user = load(req);
      if (user.state !== 'STAGED') throw badRequest(`User is ${user.state}, not STAGED.`);
      directory.saveUser({ ...user, state: 'ACTIVATED', activated: true, suspended: false });
      return json(200, 'OK');
    },
    { orgHeader: false },
  );
}

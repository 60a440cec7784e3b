import { header, HttpError, type SandboxRequest } from '../http.js';
import { OBJECT_ID } from '../ids.js';
import type { Settings } from '../context.js';
import type { Route } from '../router.js';

/**
 * docs/vendors/jumpcloud.md §1 "Headers": `x-api-key` is the only credential; `x-org-id` is optional for
 * single-tenant admins and required for multi-tenant ones, with the documented answers:
 * 400 malformed id, 401 id missing for a multi-tenant admin, 403 id sent on a route that does not
 * take it, 404 organisation not found. (Path/header mismatch is checked by the route that has an
 * organisation id in its path.)
 */
export function authorizeJumpCloud(req: SandboxRequest, route: Route, settings: Settings): void {
  const apiKey = header(req, 'x-api-key');
  if (!apiKey || apiKey !== settings.apiKey) throw new HttpError(401, 'Unauthorized: a valid x-api-key header is required.');
  const orgId = header(req, 'x-org-id');
  if (orgId === undefined || orgId === '') {
    if (settings.multiTenant) throw new HttpError(401, 'ID not included for multi-tenant admin');
    return;
  }
  if (route.orgHeader === false) throw new HttpError(403, 'ID included on unsupported route.');
  if (!OBJECT_ID.test(orgId)) throw new HttpError(400, 'Malformed ID.');
  if (orgId !== settings.orgId) throw new HttpError(404, 'Organization ID Not Found.');
}

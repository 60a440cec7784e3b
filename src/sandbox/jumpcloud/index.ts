import type { SandboxContext } from '../context.js';
import { json, type SandboxResponse } from '../http.js';
import { Router } from '../router.js';
import { dispatch, type VendorApp } from '../vendor.js';
import { registerApplications } from './applications.js';
import { ApplicationStore } from './application-store.js';
import { registerAssociations } from './associations.js';
import { authorizeJumpCloud } from './auth.js';
import { DirectoryStore } from './directory-store.js';
import { jumpcloudErrorBody } from './errors.js';
import { registerSystemUsers } from './systemusers.js';
import { registerUserGroups } from './usergroups.js';

/**
 * The JumpCloud stand-in: v1 under `/api`, v2 under `/api/v2` (docs/vendors/jumpcloud.md §1 "Base URLs").
 * JumpCloud publishes no rate limits (§1 "Rate limits"), so none apply here.
 */
export function createJumpCloud(ctx: SandboxContext): VendorApp {
  const directory = new DirectoryStore(ctx.db);
  const apps = new ApplicationStore(ctx.db);
  const router = new Router();
  registerSystemUsers(router, ctx, directory);
  registerUserGroups(router, ctx, directory);
  registerAssociations(router, apps, directory);
  registerApplications(router, ctx, apps);

  const errorResponse = (status: number, message: string): SandboxResponse => json(status, jumpcloudErrorBody(status, message));
  return {
    vendor: 'jumpcloud',
    owns: (path) => path === '/api' || path.startsWith('/api/'),
    errorResponse: (_path, status, message) => errorResponse(status, message),
    handle: (req) =>
      dispatch(router, req, (error) => errorResponse(error.status, error.message), (route) => authorizeJumpCloud(req, route, ctx.settings)),
  };
}

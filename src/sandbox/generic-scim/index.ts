import type { SandboxContext } from '../context.js';
import { header, HttpError, type SandboxRequest } from '../http.js';
import { Router } from '../router.js';
import { dispatch, type VendorApp } from '../vendor.js';
import { authenticate } from './auth.js';
import { BASE_PATH, SCIM_CONTENT_TYPE } from './constants.js';
import { registerDiscovery } from './discovery.js';
import { scimError } from './errors.js';
import { registerGroups } from './groups.js';
import type { GenericScimSwitches } from './switches.js';
import { registerUsers } from './users.js';

const owns = (path: string): boolean => path === BASE_PATH || path.startsWith(`${BASE_PATH}/`);

/** RFC 7644 §3.1, §8.1: bodies are `application/scim+json` (plain `application/json` is accepted too); another type with a body is a 415. */
function checkContentType(req: SandboxRequest): void {
  const type = header(req, 'content-type');
  if (req.rawBody !== '' && type && !/json/i.test(type)) throw new HttpError(415, `Unsupported content type ${type}: send application/scim+json.`);
}

/**
 * A generic SCIM 2.0 service provider (RFC 7643, RFC 7644) with Users and Groups under
 * `/generic-scim/v2`, for SCIM targets other than RingCentral. Every request needs the static
 * bearer token (RFC 7644 §2); there is no rate limit, as a generic target declares none.
 * `switches` imitate less capable targets (switches.ts).
 */
export function createGenericScim(ctx: SandboxContext, switches: GenericScimSwitches): VendorApp {
  const router = new Router();
  registerDiscovery(router, ctx, switches);
  // `/Users/.search` is registered before `/Users/:id` inside each module (first match wins).
  registerUsers(router, ctx, switches);
  registerGroups(router, ctx, switches);

  return {
    vendor: 'generic-scim',
    owns,
    errorResponse: (_path, status, message) => ({ ...scimError(new HttpError(status, message)), contentType: SCIM_CONTENT_TYPE }),
    handle: async (req) => {
      let result;
      try {
        authenticate(req, ctx.settings.genericScimToken);
        checkContentType(req);
        result = await dispatch(router, req, scimError);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        const response = scimError(error);
        result = { response: { ...response, headers: { ...response.headers, ...error.extra.headers } } };
      }
      if (result.response.body !== undefined && !result.response.contentType) result.response.contentType = SCIM_CONTENT_TYPE;
      return result;
    },
  };
}

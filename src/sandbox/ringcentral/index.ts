import type { SandboxContext } from '../context.js';
import { header, HttpError, type SandboxRequest } from '../http.js';
import type { RateLimiter } from '../rate-limits.js';
import { Router, type RateGroup } from '../router.js';
import { dispatch, type VendorApp } from '../vendor.js';
import { AccountStore } from './account-store.js';
import { registerDiscovery } from './discovery.js';
import { restError, scimError } from './errors.js';
import { registerExtensions } from './extensions.js';
import { presentedClient, registerOAuth } from './oauth.js';
import { TokenIssuer } from './tokens.js';
import { registerScimUsers } from './users.js';

const isScim = (path: string): boolean => path === '/scim' || path.startsWith('/scim/');

/** docs/vendors/ringcentral.md §1: requests and responses accept both `application/json` and `application/scim+json`. */
function checkContentType(req: SandboxRequest): void {
  const type = header(req, 'content-type');
  if (req.rawBody !== '' && type && !/json/i.test(type) && !req.path.startsWith('/restapi/oauth/')) {
    throw new HttpError(415, `Unsupported content type ${type}: send application/scim+json or application/json.`);
  }
}

/**
 * The RingCentral stand-in: SCIM under `/scim/v2`, the REST API under `/restapi`. Every request
 * but the token request needs a bearer token; every operation counts against its throttling
 * group (spec `x-throttling-group`).
 */
export function createRingCentral(ctx: SandboxContext, limiter: RateLimiter): VendorApp {
  const accounts = new AccountStore(ctx.db);
  const tokens = new TokenIssuer(ctx);
  const router = new Router();
  registerDiscovery(router, ctx);
  registerScimUsers(router, ctx, accounts);
  registerExtensions(router, ctx, accounts);
  registerOAuth(router, ctx, tokens);

  const format = (path: string) => (isScim(path) ? scimError : restError);
  return {
    vendor: 'ringcentral',
    owns: (path) => isScim(path) || path === '/restapi' || path.startsWith('/restapi/'),
    errorResponse: (path, status, message) => format(path)(new HttpError(status, message)),
    handle: async (req) => {
      // The group a request counted against: known once it is authenticated.
      let counted: RateGroup | undefined;
      const result = await dispatch(router, req, format(req.path), (route) => {
        const identity = route.group === 'Auth' ? `client:${presentedClient(req)?.id ?? ''}` : tokens.authenticate(req);
        counted = route.group;
        const headers = route.group ? limiter.consume(identity, route.group) : {};
        checkContentType(req);
        return headers;
      });
      if (counted) result.group = counted;
      const response = result.response;
      if (isScim(req.path) && response.body !== undefined && !response.contentType) {
        const accept = `${header(req, 'accept') ?? ''} ${header(req, 'content-type') ?? ''}`;
        response.contentType = /application\/scim\+json/i.test(accept) ? 'application/scim+json; charset=utf-8' : 'application/json; charset=utf-8';
      }
      return result;
    },
  };
}

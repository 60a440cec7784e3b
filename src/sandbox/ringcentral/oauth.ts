import { header, json, type SandboxRequest, type SandboxResponse } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import type { TokenIssuer } from './tokens.js';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The client id presented in HTTP Basic credentials, if any (also the Auth group's rate-limit identity). */
export function presentedClient(req: SandboxRequest): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header(req, 'authorization') ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** RFC 6749 §5.2 error response; which RingCentral error codes accompany it is not in the references. */
function oauthError(status: number, error: string, description: string): SandboxResponse {
  return json(status, { error, error_description: description });
}

/**
 * `POST /restapi/oauth/token` with the JWT bearer grant (docs/vendors/ringcentral.md §1 "Auth": server-to-server
 * apps on SSO accounts use the JWT grant): form-encoded `grant_type` and `assertion`, client
 * credentials in HTTP Basic. Answers `{access_token, token_type: "bearer", expires_in, scope}`.
 * In the Auth rate-limit group (5/min, §4).
 */
export function registerOAuth(router: Router, ctx: SandboxContext, tokens: TokenIssuer): void {
  router.add(
    'POST',
    '/restapi/oauth/token',
    (req) => {
      const client = presentedClient(req);
      if (!client || client.id !== ctx.settings.clientId || client.secret !== ctx.settings.clientSecret) {
        return oauthError(401, 'invalid_client', 'Invalid client credentials: send the client id and secret with HTTP Basic authentication.');
      }
      const form = new URLSearchParams(req.rawBody);
      const grant = form.get('grant_type');
      if (grant !== JWT_GRANT) return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: use ${JWT_GRANT}.`);
      if (form.get('assertion') !== ctx.settings.jwt) return oauthError(400, 'invalid_grant', 'Invalid assertion: the JWT is not valid for this client.');
      const { token, expiresIn } = tokens.issue(client.id);
      return json(200, { access_token: token, token_type: 'bearer', expires_in: expiresIn, scope: 'ReadAccounts EditAccounts' });
    },
    { group: 'Auth' },
  );
}

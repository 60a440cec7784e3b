import { header, HttpError, json, parseJsonBody, type SandboxRequest } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import { configValue, readApplication, type Application, type KeyPair } from './application-model.js';
import { APP_COLUMNS, type ApplicationStore } from './application-store.js';
import { generateIdpKeyPair } from './certificate.js';
import { badRequest, notFound } from './errors.js';
import { idpMetadataXml } from './metadata.js';
import { orderBy, pickFields, readPage, v1Filter } from './query.js';

/** v1 `/api/applications`, v2 `GET /api/v2/applications/{id}` and the IdP metadata (docs/vendors/jumpcloud.md §2). */
export function registerApplications(router: Router, ctx: SandboxContext, apps: ApplicationStore): void {
  const load = (id: string): { app: Application; privateKeyPem: string } => {
    const found = apps.get(id);
    if (!found) throw notFound('Application');
    return found;
  };
  const nowIso = (): string => new Date(ctx.now()).toISOString();

  // Spec `applications_list`: `sort` defaults to `name`.
  router.add('GET', '/api/applications', (req) => {
    const { total, apps: list } = apps.list(v1Filter(req.query, APP_COLUMNS), orderBy(req.query, ' ', APP_COLUMNS, 'id', ['name']), readPage(req.query));
    return json(200, { totalCount: total, results: list.map((a) => pickFields(a, req.query, ' ', '_id')) });
  });

  /** Not documented: two applications with one IdP URL. The sandbox refuses it, as the URL names the app. */
  router.add('POST', '/api/applications', async (req) => {
    const input = readApplication(parseJsonBody(req));
    if (apps.ssoUrlTaken(input.ssoUrl)) throw badRequest(`ssoUrl ${input.ssoUrl} is already used by another application`);
    const now = nowIso();
    const keys: KeyPair = input.uploadedKeys ?? (await generateIdpKeyPair('JumpCloud', new Date(ctx.now())));
    const app = input.build({ id: ctx.ids.next(ctx.now() / 1000), created: now, organization: ctx.settings.orgId, keys, keysUpdatedAt: now });
    apps.save(app, keys.privateKeyPem);
    return json(200, app);
  });

  router.add('GET', '/api/applications/:id', (req) => json(200, pickFields(load(req.params.id ?? '').app, req.query, ' ', '_id')));

  /**
   * Full replace (docs/vendors/jumpcloud.md §2). The IdP URL (`ssoUrl`) cannot change after
   * creation (docs/configuration.md "Single sign-on"); the sandbox answers 400 to a PUT that changes it.
   */
  router.add('PUT', '/api/applications/:id', (req) => {
    const { app: current, privateKeyPem } = load(req.params.id ?? '');
    const input = readApplication(parseJsonBody(req));
    if (input.ssoUrl !== current.ssoUrl) throw badRequest('ssoUrl cannot be changed after the application is created');
    const keys: KeyPair = input.uploadedKeys ?? {
      certificatePem: String(configValue(current, 'idpCertificate')),
      privateKeyPem,
      notAfter: new Date(String(current.sso.idpCertExpirationAt)),
    };
    const keysUpdatedAt = input.uploadedKeys ? nowIso() : String(current.sso.idpCertificateUpdatedAt);
    const app = input.build({ id: current._id, created: String(current.created), organization: ctx.settings.orgId, keys, keysUpdatedAt });
    apps.save(app, keys.privateKeyPem);
    return json(200, app);
  });

  /** Spec `applications_delete`: 200 with the deleted application. */
  router.add('DELETE', '/api/applications/:id', (req) => {
    const { app } = load(req.params.id ?? '');
    apps.delete(app._id);
    return json(200, app);
  });

  /** Spec v2 `applications_get`: an untyped object; the sandbox returns the same application. */
  router.add('GET', '/api/v2/applications/:id', (req) => json(200, load(req.params.id ?? '').app));

  /**
   * IdP metadata. The path's organisation must be this one (404 otherwise); an `x-org-id` header
   * that differs from it is the documented 400 "x-org-id and Organization path ID do not match".
   */
  router.add('GET', '/api/organizations/:organizationId/applications/:applicationId/metadata.xml', (req: SandboxRequest) => {
    const orgId = req.params.organizationId ?? '';
    const headerOrg = header(req, 'x-org-id');
    if (headerOrg && headerOrg !== orgId) throw new HttpError(400, 'x-org-id and Organization path ID do not match.');
    if (orgId !== ctx.settings.orgId) throw new HttpError(404, 'Organization ID Not Found.');
    const { app } = load(req.params.applicationId ?? '');
    return { status: 200, body: idpMetadataXml(app), contentType: 'application/xml; charset=utf-8' };
  });
}

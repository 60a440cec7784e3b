/**
 * SSO resolution before planning: each configured application's SP metadata is read and checked
 * through the SAML side, and the desired state the engine plans with carries the result (settings
 * taken from the metadata, where they came from, and what the checks found). The engine cannot do
 * this itself: it imports only the core.
 */
import type { DesiredState } from '../core/desired.js';
import type { ResolveSsoOptions } from '../saml/index.js';
import { samlSide } from './saml-side.js';

export async function resolveSso(desired: DesiredState, options: ResolveSsoOptions): Promise<DesiredState> {
  if (!desired.applications.some((app) => app.sso)) return desired;
  const { resolveDesiredSso } = await samlSide();
  const applications = await Promise.all(
    desired.applications.map(async (app) => (app.sso ? { ...app, sso: await resolveDesiredSso(app.name, app.catalog, app.sso, options) } : app)),
  );
  return { ...desired, applications };
}

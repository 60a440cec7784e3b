/**
 * `roster validate` and SP metadata: every `sso.spMetadata` that names a local file is read and
 * parsed exactly as plan reads it (the same caps, the same safe parser: no DTD, no entity, UTF-8
 * only, at most 1 MiB), so that validate refuses what plan would. URLs are not fetched (validate
 * contacts nothing): their form is checked with the configuration, their content by plan.
 * A reference holding `${NAME}` is left to plan, which resolves it.
 */
import type { DesiredState } from '../core/desired.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { containsReference } from '../config/schema-formats.js';
import { samlSide } from './saml-side.js';

export async function checkSpMetadataFiles(desired: DesiredState): Promise<Diagnostic[]> {
  if (!desired.applications.some((app) => app.sso?.spMetadata)) return [];
  const { loadSpMetadata, resolveMetadataSource } = await samlSide();
  const found = await Promise.all(
    desired.applications.map(async (app): Promise<readonly Diagnostic[]> => {
      const reference = app.sso?.spMetadata;
      if (!reference || containsReference(reference.reference)) return [];
      const setting = { app: app.name, path: `applications.${app.name}.sso.spMetadata`, ...(reference.origin ? { origin: reference.origin } : {}) };
      if (resolveMetadataSource(reference.reference, reference.declaredIn, setting).source?.kind !== 'file') return [];
      const configured = app.sso?.fromCatalog?.includes('config.spEntityId') ? undefined : app.sso?.settings['config.spEntityId'];
      const loaded = await loadSpMetadata({ reference: reference.reference, declaredIn: reference.declaredIn, setting, ...(typeof configured === 'string' ? { entityId: configured } : {}) });
      return loaded.diagnostics;
    }),
  );
  return found.flat();
}

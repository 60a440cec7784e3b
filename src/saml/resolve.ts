/**
 * Resolving an application's SSO settings before planning: read its SP metadata (file or URL,
 * within the caps), take the SP entity ID and ACS URL from it where the configuration does not
 * give them, and cross-check both sides (desired.ts, checks.ts). The result is the desired SSO
 * the core plans with, carrying what was found as diagnostics and where values came from.
 */
import type { DesiredSso } from '../core/desired.js';
import { NO_SP_REQUIREMENTS } from '../core/desired.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { buildDesiredSso } from './desired.js';
import { loadSpMetadata } from './load-metadata.js';
import type { SpMetadata } from './metadata.js';
import type { ReadMetadataOptions } from './source.js';

export interface ResolveSsoOptions {
  readonly now: Date;
  readonly read?: ReadMetadataOptions;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export async function resolveDesiredSso(app: string, catalog: string, sso: DesiredSso, options: ResolveSsoOptions): Promise<DesiredSso> {
  const diagnostics: Diagnostic[] = [];
  let metadata: SpMetadata | undefined;
  let display: string | undefined;
  const own = (key: string) => (sso.fromCatalog?.includes(key) ? undefined : text(sso.settings[key]));
  const configured = { ...(own('config.spEntityId') ? { spEntityId: own('config.spEntityId')! } : {}), ...(own('config.acsUrl') ? { acsUrl: own('config.acsUrl')! } : {}) };
  if (sso.spMetadata) {
    const { reference, declaredIn, origin } = sso.spMetadata;
    const loaded = await loadSpMetadata(
      {
        reference,
        declaredIn,
        setting: { app, path: `applications.${app}.sso.spMetadata`, ...(origin ? { origin } : {}) },
        ...(configured.spEntityId !== undefined ? { entityId: configured.spEntityId } : {}),
      },
      options.read,
    );
    diagnostics.push(...loaded.diagnostics);
    metadata = loaded.metadata;
    display = loaded.source?.display;
  }
  const built = buildDesiredSso({
    app,
    settings: sso.settings,
    configured,
    ...(metadata ? { spMetadata: metadata } : {}),
    ...(display !== undefined ? { spMetadataSource: display } : {}),
    requirements: sso.requirements ?? NO_SP_REQUIREMENTS,
    now: options.now,
  });
  const origins: Record<string, string> = {};
  for (const [key, origin] of Object.entries(built.origins)) {
    if (origin === 'sp-metadata') origins[key] = display ?? 'the SP metadata';
    else if (origin === 'catalog') origins[key] = `the ${catalog} catalog`;
  }
  // A missing required attribute statement is the configuration's own error, reported with its position when it loads.
  const checks = built.diagnostics.filter((d) => d.code !== 'saml.attribute-missing');
  return { ...sso, settings: built.settings, origins, diagnostics: [...diagnostics, ...checks] };
}

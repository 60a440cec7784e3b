/**
 * Normalises a validated configuration into the core's DesiredState: catalog defaults merged
 * under the application's own settings, SSO settings flattened to the keys documented on
 * DesiredSso.settings (core/desired.ts).
 */
import type { DesiredApplication, DesiredProvisioning, DesiredSso, DesiredState, MaxDeprovision } from '../core/desired.js';
import type { AttributeValue } from '../core/model.js';
import { spMetadataFile } from './check-sso.js';
import { catalogOf, effectiveAttributes, effectiveLabel, effectiveMappings } from './effective.js';
import type { ApplicationConfig, RosterConfig, SsoConfig } from './schema.js';
import { looksLikeUrl } from './schema-formats.js';

/** Where each application's YAML file is, for paths relative to it. */
export type FolderOf = (application: string) => string;

function maxDeprovision(value: number | string | undefined): MaxDeprovision | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return { count: value };
  return { percent: Number(value.slice(0, -1)) };
}

/**
 * The flat SSO settings Roster manages on the IdP application. The SP's entity ID and ACS URL
 * come from the configuration, else from the SP metadata (read by the SAML side, so they are left
 * out here), else from the catalog.
 */
function ssoSettings(name: string, app: ApplicationConfig, sso: SsoConfig): Record<string, AttributeValue> {
  const catalog = catalogOf(app);
  const fromCatalog = sso.spMetadata === undefined;
  const settings: Record<string, AttributeValue> = { label: effectiveLabel(name, app), portal: app.portal };
  const set = (key: string, value: AttributeValue | undefined) => {
    if (value !== undefined) settings[key] = value;
  };
  set('description', app.description);
  set('ssoUrl', sso.ssoUrl);
  set('config.acsUrl', sso.acsUrl ?? (fromCatalog ? catalog.sso.acsUrl : undefined));
  set('config.spEntityId', sso.spEntityId ?? (fromCatalog ? catalog.sso.spEntityId : undefined));
  set('config.idpEntityId', sso.idpEntityId);
  set('config.idpInitUrl', sso.idpInitUrl);
  set('config.defaultTargetUrl', sso.defaultRelayState);
  set('config.signAssertion', sso.signAssertion);
  set('config.signResponse', sso.signResponse);
  set('config.signatureAlgorithm', sso.signatureAlgorithm);
  set('config.subjectField', sso.nameId);
  set('config.overrideNameIdFormat', sso.nameIdFormat);
  if (sso.groupsAttribute !== undefined) {
    set('config.includeGroups', true);
    set('config.groupsAttributeName', sso.groupsAttribute);
  }
  for (const [attribute, source] of Object.entries(effectiveAttributes(app))) settings[`attributes.${attribute}`] = source;
  for (const [attribute, value] of Object.entries(sso.constantAttributes ?? {})) settings[`constantAttributes.${attribute}`] = value;
  return settings;
}

function desiredSso(name: string, app: ApplicationConfig, folder: string): DesiredSso | undefined {
  const sso = app.sso;
  if (!sso) return undefined;
  const metadata = sso.spMetadata;
  return {
    enabled: sso.enabled,
    settings: ssoSettings(name, app, sso),
    ...(metadata === undefined ? {} : { spMetadata: looksLikeUrl(metadata) ? { url: metadata } : { file: spMetadataFile(folder, metadata), shown: metadata } }),
  };
}

function desiredProvisioning(app: ApplicationConfig): DesiredProvisioning | undefined {
  const provisioning = app.provisioning;
  if (!provisioning) return undefined;
  const limit = maxDeprovision(provisioning.safety.maxDeprovision);
  return {
    enabled: provisioning.enabled,
    mappings: effectiveMappings(app),
    deprovision: provisioning.deprovision,
    safety: { ...(limit ? { maxDeprovision: limit } : {}), protect: provisioning.safety.protect },
    rules: catalogOf(app).provisioning.rules,
    onRemove: provisioning.onRemove,
  };
}

export function toDesiredApplication(name: string, app: ApplicationConfig, folder: string): DesiredApplication {
  const sso = desiredSso(name, app, folder);
  const provisioning = desiredProvisioning(app);
  return { name, catalog: app.catalog, groups: app.groups, ...(sso ? { sso } : {}), ...(provisioning ? { provisioning } : {}) };
}

export function toDesiredState(config: RosterConfig, folderOf: FolderOf): DesiredState {
  return { applications: Object.entries(config.applications).map(([name, app]) => toDesiredApplication(name, app, folderOf(name))) };
}

/**
 * Normalises a validated configuration into the core's DesiredState: catalog defaults merged
 * under the application's own settings, SSO settings flattened to the keys documented on
 * DesiredSso.settings (core/desired.ts).
 */
import { DEFAULT_GROUP_BATCH_SIZE, type DesiredApplication, type DesiredGroups, type DesiredProvisioning, type DesiredSso, type DesiredState, type MaxDeprovision } from '../core/desired.js';
import type { SourcePosition } from '../core/diagnostics.js';
import type { AttributeValue } from '../core/model.js';
import { catalogOf, effectiveAttributes, effectiveLabel, effectiveMappings, effectiveSsoUrl, listedGroups } from './effective.js';
import { DEFAULT_GROUP_DISPLAY_NAME, type ApplicationConfig, type ProvisioningConfig, type RosterConfig, type SsoConfig } from './schema.js';

/** Where an application is declared: its YAML file (paths in it are relative to it), and positions in it. */
export interface Declaration {
  readonly file: { readonly path: string; readonly display: string };
  locate(path: readonly PropertyKey[]): SourcePosition | undefined;
}

export type DeclarationOf = (application: string) => Declaration;

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
  const settings: Record<string, AttributeValue> = { label: effectiveLabel(name, app), portal: app.portal, active: sso.enabled };
  const set = (key: string, value: AttributeValue | undefined) => {
    if (value !== undefined) settings[key] = value;
  };
  set('description', app.description);
  set('ssoUrl', effectiveSsoUrl(name, app));
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

function desiredSso(name: string, app: ApplicationConfig, declaration: Declaration): DesiredSso | undefined {
  const sso = app.sso;
  if (!sso) return undefined;
  const metadata = sso.spMetadata;
  const catalog = catalogOf(app).sso;
  const origin = metadata === undefined ? undefined : declaration.locate(['applications', name, 'sso', 'spMetadata']);
  const settings = ssoSettings(name, app, sso);
  const fromCatalog = [
    ...(sso.acsUrl === undefined && settings['config.acsUrl'] !== undefined ? ['config.acsUrl'] : []),
    ...(sso.spEntityId === undefined && settings['config.spEntityId'] !== undefined ? ['config.spEntityId'] : []),
  ];
  return {
    enabled: sso.enabled,
    settings,
    ...(fromCatalog.length > 0 ? { fromCatalog } : {}),
    ...(metadata === undefined ? {} : { spMetadata: { reference: metadata, declaredIn: declaration.file, ...(origin ? { origin } : {}) } }),
    requirements: catalog.requirements,
    ...(catalog.adminPortal ? { adminPortal: catalog.adminPortal } : {}),
  };
}

/**
 * Which IdP groups become target groups. `displayNames` holds only the displayNames the
 * configuration sets per group; the template names the rest. A listed group is located so that
 * the plan, which finds out whether it is bound or nested in a bound group, points at its line.
 */
function desiredGroups(name: string, provisioning: ProvisioningConfig, declaration: Declaration): DesiredGroups {
  const common = { displayNameTemplate: provisioning.groupDisplayName ?? DEFAULT_GROUP_DISPLAY_NAME, batchSize: provisioning.groupBatchSize ?? DEFAULT_GROUP_BATCH_SIZE };
  if (!Array.isArray(provisioning.groups)) return { mode: provisioning.groups ?? 'bound', names: [], displayNames: {}, ...common };
  const names: string[] = [];
  const displayNames: Record<string, string> = {};
  const origins: Record<string, SourcePosition> = {};
  for (const group of listedGroups(provisioning)) {
    if (names.includes(group.name)) continue;
    names.push(group.name);
    if (group.displayName !== undefined) displayNames[group.name] = group.displayName;
    const origin = declaration.locate(['applications', name, 'provisioning', 'groups', group.index]);
    if (origin) origins[group.name] = origin;
  }
  return { mode: 'listed', names, displayNames, ...common, ...(Object.keys(origins).length > 0 ? { origins } : {}) };
}

function desiredProvisioning(name: string, app: ApplicationConfig, declaration: Declaration): DesiredProvisioning | undefined {
  const provisioning = app.provisioning;
  if (!provisioning) return undefined;
  const limit = maxDeprovision(provisioning.safety.maxDeprovision);
  const renameLimit = maxDeprovision(provisioning.safety.maxRename);
  const url = provisioning.url ?? catalogOf(app).provisioning.url;
  return {
    enabled: provisioning.enabled,
    ...(url !== undefined ? { url } : {}),
    mappings: effectiveMappings(app),
    deprovision: provisioning.deprovision,
    safety: { ...(limit ? { maxDeprovision: limit } : {}), ...(renameLimit ? { maxRename: renameLimit } : {}), protect: provisioning.safety.protect },
    rules: catalogOf(app).provisioning.rules,
    onRemove: provisioning.onRemove,
    groups: desiredGroups(name, provisioning, declaration),
  };
}

/** Where each group entry is written; a group listed twice points at its first entry. */
function groupOrigins(name: string, app: ApplicationConfig, declaration: Declaration): Record<string, SourcePosition> {
  const origins: Record<string, SourcePosition> = {};
  app.groups.forEach((group, index) => {
    const origin = declaration.locate(['applications', name, 'groups', index]);
    if (origin && !Object.hasOwn(origins, group)) origins[group] = origin;
  });
  return origins;
}

export function toDesiredApplication(name: string, app: ApplicationConfig, declaration: Declaration): DesiredApplication {
  const sso = desiredSso(name, app, declaration);
  const provisioning = desiredProvisioning(name, app, declaration);
  const origins = groupOrigins(name, app, declaration);
  return {
    name,
    catalog: app.catalog,
    groups: app.groups,
    ...(Object.keys(origins).length > 0 ? { groupOrigins: origins } : {}),
    ...(sso ? { sso } : {}),
    ...(provisioning ? { provisioning } : {}),
  };
}

export function toDesiredState(config: RosterConfig, declarationOf: DeclarationOf): DesiredState {
  return { applications: Object.entries(config.applications).map(([name, app]) => toDesiredApplication(name, app, declarationOf(name))) };
}

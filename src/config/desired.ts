/**
 * Normalises a validated configuration into the core's DesiredState: catalog defaults merged
 * under the application's own settings.
 */
import type { DesiredApplication, DesiredState, MaxDeprovision } from '../core/desired.js';
import type { AttributeValue } from '../core/model.js';
import { loadCatalog } from './catalog.js';
import type { ApplicationConfig, RosterConfig } from './schema.js';

function maxDeprovision(value: number | string | undefined): MaxDeprovision | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return { count: value };
  return { percent: Number(value.slice(0, -1)) };
}

/** The flat SSO settings Roster manages on the IdP application. */
export function ssoSettings(name: string, app: ApplicationConfig): Record<string, AttributeValue> {
  const catalog = loadCatalog(app.catalog);
  const sso = app.sso ?? { enabled: true };
  const settings: Record<string, AttributeValue> = {
    label: app.label ?? name,
    portal: app.portal,
  };
  if (app.description !== undefined) settings['description'] = app.description;
  if (sso.ssoUrl !== undefined) settings['ssoUrl'] = sso.ssoUrl;
  const acsUrl = sso.acsUrl ?? catalog.sso.acsUrl;
  const spEntityId = sso.spEntityId ?? catalog.sso.spEntityId;
  if (acsUrl !== undefined) settings['config.acsUrl'] = acsUrl;
  if (spEntityId !== undefined) settings['config.spEntityId'] = spEntityId;
  if (sso.idpEntityId !== undefined) settings['config.idpEntityId'] = sso.idpEntityId;
  const attributes = { ...catalog.sso.attributes, ...(sso.attributes ?? {}) };
  for (const [attribute, source] of Object.entries(attributes)) settings[`attributes.${attribute}`] = source;
  return settings;
}

export function toDesiredApplication(name: string, app: ApplicationConfig): DesiredApplication {
  const catalog = loadCatalog(app.catalog);
  const provisioning = app.provisioning;
  return {
    name,
    catalog: app.catalog,
    groups: app.groups,
    ...(app.sso ? { sso: { enabled: app.sso.enabled, settings: ssoSettings(name, app) } } : {}),
    ...(provisioning
      ? {
          provisioning: {
            enabled: provisioning.enabled,
            mappings: Object.entries({ ...catalog.provisioning.mappings, ...(provisioning.mappings ?? {}) }).map(([target, source]) => ({ target, source })),
            deprovision: provisioning.deprovision,
            safety: {
              ...(maxDeprovision(provisioning.safety.maxDeprovision) ? { maxDeprovision: maxDeprovision(provisioning.safety.maxDeprovision)! } : {}),
              protect: provisioning.safety.protect,
            },
            rules: catalog.provisioning.rules,
          },
        }
      : {}),
  };
}

export function toDesiredState(config: RosterConfig): DesiredState {
  return {
    applications: Object.entries(config.applications).map(([name, app]) => toDesiredApplication(name, app)),
  };
}

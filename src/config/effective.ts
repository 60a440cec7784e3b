/**
 * An application's settings merged over its catalog's: an application entry replaces the
 * catalog's entry of the same name, and `~` (null) removes it. Checks and normalisation both
 * read the merged result, so they can never disagree about what is in effect.
 */
import type { Mapping } from '../core/desired.js';
import { loadCatalog, type Catalog } from './catalog.js';
import type { ApplicationConfig, ProvisioningConfig } from './schema.js';

/** Catalog entries first (in the catalog's order), then the application's additions. */
export function mergeOverCatalog(catalog: Readonly<Record<string, string>>, own: Readonly<Record<string, string | null>> | undefined): Record<string, string> {
  const merged = new Map(Object.entries(catalog));
  for (const [key, value] of Object.entries(own ?? {})) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  return Object.fromEntries(merged);
}

export function catalogOf(app: ApplicationConfig): Catalog {
  return loadCatalog(app.catalog);
}

export function effectiveMappings(app: ApplicationConfig): Mapping[] {
  const merged = mergeOverCatalog(catalogOf(app).provisioning.mappings, app.provisioning?.mappings);
  return Object.entries(merged).map(([target, source]) => ({ target, source }));
}

export function effectiveAttributes(app: ApplicationConfig): Record<string, string> {
  return mergeOverCatalog(catalogOf(app).sso.attributes, app.sso?.attributes);
}

/** The portal label, which is also how Roster finds the IdP application. */
export function effectiveLabel(name: string, app: ApplicationConfig): string {
  return app.label ?? name;
}

/** JumpCloud's IdP URLs are `https://sso.jumpcloud.com/saml2/<slug>` (docs/vendors/jumpcloud.md §7). */
const IDP_URL_BASE = 'https://sso.jumpcloud.com/saml2/';

/** The IdP URL: the configured one, else one named after the application. */
export function effectiveSsoUrl(name: string, app: ApplicationConfig): string {
  return app.sso?.ssoUrl ?? `${IDP_URL_BASE}${name}`;
}

/** One group of a `provisioning.groups` list as written: its name, the displayName it sets, and where it is. */
export interface ListedGroup {
  readonly name: string;
  readonly displayName?: string;
  readonly index: number;
}

export function listedGroups(provisioning: ProvisioningConfig): ListedGroup[] {
  const groups = provisioning.groups;
  if (!Array.isArray(groups)) return [];
  return groups.map((entry, index) =>
    typeof entry === 'string' ? { name: entry, index } : { name: entry.name, ...(entry.displayName !== undefined ? { displayName: entry.displayName } : {}), index },
  );
}

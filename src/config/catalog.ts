/**
 * Catalogs: per-application-type defaults kept as data files next to this module
 * (catalog/<name>.yaml): default mappings, SSO defaults and the target's rules.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { TargetRules } from '../core/desired.js';

const rulesSchema = z.strictObject({
  userNameIsWorkEmail: z.boolean(),
  addressRequiresCountry: z.boolean(),
  pendingAfterCreate: z.boolean(),
  reactivateBeforeDelete: z.boolean(),
  valueTypes: z.record(z.string(), z.array(z.string())),
  targetOwned: z.array(z.string()),
  ignored: z.array(z.string()),
  requiredAtCreate: z.array(z.string()),
});

const catalogSchema = z.strictObject({
  name: z.string(),
  title: z.string(),
  provisioning: z.strictObject({
    url: z.string().optional(),
    mappings: z.record(z.string(), z.string()),
    rules: rulesSchema,
  }),
  sso: z.strictObject({
    acsUrl: z.string().optional(),
    spEntityId: z.string().optional(),
    attributes: z.record(z.string(), z.string()),
  }),
});

export type Catalog = z.output<typeof catalogSchema> & { provisioning: { rules: TargetRules } };

export const CATALOG_NAMES = ['ringcentral', 'scim'] as const;
export type CatalogName = (typeof CATALOG_NAMES)[number];

// Resolved against the package root so that the same path works from src/ and from dist/.
const CATALOG_DIR = new URL('../../src/config/catalog/', import.meta.url);

const cache = new Map<CatalogName, Catalog>();

/** Loads a catalog; a malformed catalog file is a defect in Roster and throws. */
export function loadCatalog(name: CatalogName): Catalog {
  const cached = cache.get(name);
  if (cached) return cached;
  const text = readFileSync(new URL(`${name}.yaml`, CATALOG_DIR), 'utf8');
  const catalog = catalogSchema.parse(parse(text)) as Catalog;
  cache.set(name, catalog);
  return catalog;
}

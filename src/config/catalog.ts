/**
 * Catalogs: per-application-type defaults kept as data files next to this module
 * (catalog/<name>.yaml): default mappings, SSO defaults, the credentials the target takes and the
 * target's rules. Validation and normalisation read them; nothing about a target is hard-coded.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import * as z from 'zod';
import type { AdminPortal, SpRequirements, TargetRules } from '../core/desired.js';

export const CATALOG_NAMES = ['ringcentral', 'scim'] as const;
export type CatalogName = (typeof CATALOG_NAMES)[number];

export const CREDENTIAL_KINDS = ['auth', 'token'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

const rulesSchema = z.strictObject({
  userNameIsWorkEmail: z.boolean(),
  addressRequiresCountry: z.boolean(),
  pendingAfterCreate: z.boolean(),
  reactivateBeforeDelete: z.boolean(),
  valueTypes: z.record(z.string(), z.array(z.string())),
  targetOwned: z.array(z.string()),
  ignored: z.array(z.string()),
  requiredAtCreate: z.array(z.string()),
}) satisfies z.ZodType<TargetRules>;

/** What the service provider needs beyond its metadata (core/desired.ts SpRequirements). */
const requirementsSchema = z.strictObject({
  attributes: z.array(
    z.strictObject({
      name: z.string(),
      /** `error`: the statement must stay; `warning`: the target expects it. */
      severity: z.enum(['error', 'warning']),
      source: z.string().optional(),
      reason: z.string(),
    }),
  ),
  loginFlows: z.array(z.enum(['sp-initiated', 'idp-initiated'])).min(1),
}) satisfies z.ZodType<SpRequirements>;

/** Where the service provider's half of SAML is set up by hand (core/desired.ts AdminPortal). */
const adminPortalSchema = z.strictObject({
  product: z.string(),
  where: z.string(),
  emailAttributeSetting: z.string().optional(),
  enable: z.string().optional(),
  disable: z.string().optional(),
  testUrl: z.string().optional(),
}) satisfies z.ZodType<AdminPortal>;

const catalogSchema = z.strictObject({
  name: z.enum(CATALOG_NAMES),
  title: z.string(),
  description: z.string(),
  provisioning: z.strictObject({
    /** Default SCIM base URL; absent means every application must give one. */
    url: z.string().optional(),
    credentials: z.strictObject({
      accepted: z.array(z.enum(CREDENTIAL_KINDS)).min(1),
      recommended: z.enum(CREDENTIAL_KINDS),
      why: z.string().optional(),
    }),
    mappings: z.record(z.string(), z.string()),
    /** Whether the target has SCIM groups (RFC 7643 §4.2, /Groups): `provisioning.groups` is ignored where it has not. */
    groups: z.boolean(),
    rules: rulesSchema,
  }),
  sso: z.strictObject({
    acsUrl: z.string().optional(),
    spEntityId: z.string().optional(),
    attributes: z.record(z.string(), z.string()),
    requirements: requirementsSchema,
    adminPortal: adminPortalSchema.optional(),
  }),
});

export type Catalog = z.output<typeof catalogSchema>;

// Resolved against the package root so that the same path works from src/ and from dist/.
const CATALOG_DIR = new URL('../../src/config/catalog/', import.meta.url);

const cache = new Map<CatalogName, Catalog>();

/** Loads a catalog; a malformed catalog file is a defect in Roster and throws. */
export function loadCatalog(name: CatalogName): Catalog {
  const cached = cache.get(name);
  if (cached) return cached;
  const text = readFileSync(new URL(`${name}.yaml`, CATALOG_DIR), 'utf8');
  const catalog = catalogSchema.parse(parse(text));
  if (catalog.name !== name) throw new Error(`catalog/${name}.yaml declares name ${catalog.name}`);
  cache.set(name, catalog);
  return catalog;
}

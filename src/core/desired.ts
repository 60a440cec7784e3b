/**
 * Desired state: the configuration after loading, catalog merging and validation. It says what
 * should exist; the core combines it with the directory to decide who should have which account.
 */
import type { FlatAttributes } from './model.js';

/** A directory property a mapping reads: see PRODUCT.md "Directory properties usable as sources". */
export type DirectorySource = string;

/**
 * One mapping line: SCIM target path <- directory property. `addresses[]` and `phoneNumbers[]`
 * map whole multi-valued attributes (each directory value becomes the target value of its type).
 */
export interface Mapping {
  readonly target: string;
  readonly source: DirectorySource;
}

export type DeprovisionPolicy = 'deactivate' | 'delete';

export type MaxDeprovision = { readonly count: number } | { readonly percent: number };

export interface Safety {
  /** Undefined means the default: 10% of managed accounts, never fewer than 5. */
  readonly maxDeprovision?: MaxDeprovision;
  /** userNames or emails never deprovisioned without `--allow protected:<app>`. */
  readonly protect: readonly string[];
}

/**
 * A target's lifecycle and attribute rules, declared as data in its catalog
 * (src/config/catalog/*.yaml) and checked centrally by the core.
 */
export interface TargetRules {
  /** At creation, `userName` must equal the work email. */
  readonly userNameIsWorkEmail: boolean;
  /** An address must carry a country or the account cannot be created. */
  readonly addressRequiresCountry: boolean;
  /** New accounts are pending until their owner activates them (no updates, no deactivation). */
  readonly pendingAfterCreate: boolean;
  /** An account deactivated through SCIM must be reactivated before it can be deleted. */
  readonly reactivateBeforeDelete: boolean;
  /** For each multi-valued attribute, the `type` values the target accepts and Roster manages. */
  readonly valueTypes: Readonly<Record<string, readonly string[]>>;
  /** Path prefixes whose values the target owns (e.g. assigned phone numbers): never compared or sent. */
  readonly targetOwned: readonly string[];
  /** Paths the target ignores: left out of comparison and never sent, reported once. */
  readonly ignored: readonly string[];
  /** Paths an account must have to be created (e.g. RingCentral's `name.givenName`). */
  readonly requiredAtCreate: readonly string[];
}

export interface DesiredProvisioning {
  readonly enabled: boolean;
  readonly mappings: readonly Mapping[];
  readonly deprovision: DeprovisionPolicy;
  readonly safety: Safety;
  readonly rules: TargetRules;
}

export interface DesiredSso {
  readonly enabled: boolean;
  /** Managed IdP application settings, flattened (`label`, `ssoUrl`, `config.acsUrl`, …). */
  readonly settings: FlatAttributes;
}

export interface DesiredApplication {
  /** The key under `applications:`: Roster's name for the application. */
  readonly name: string;
  readonly catalog: string;
  /** User groups whose members have access, by name. */
  readonly groups: readonly string[];
  readonly sso?: DesiredSso;
  readonly provisioning?: DesiredProvisioning;
}

export interface DesiredState {
  readonly applications: readonly DesiredApplication[];
}

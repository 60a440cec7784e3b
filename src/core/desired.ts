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

/**
 * What happens to the accounts Roster manages in an application once the application is removed
 * from the configuration: `keep` leaves them alone, `deprovision` applies the deprovision policy.
 */
export type RemovalPolicy = 'keep' | 'deprovision';

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
  /** Undefined means `keep`. */
  readonly onRemove?: RemovalPolicy;
}

/**
 * Where the service provider's SAML metadata comes from: a file (absolute path; `shown` is the
 * path as the configuration wrote it, for messages) or an https URL. Roster only checks that the
 * file exists when loading the configuration; reading it is the SAML side's job.
 */
export type SpMetadataSource = { readonly file: string; readonly shown: string } | { readonly url: string };

export interface DesiredSso {
  readonly enabled: boolean;
  /**
   * Managed IdP application settings, flattened. Only keys present are managed; anything else on
   * the IdP application is left as it is. Keys:
   *   `label`, `description`, `portal` (`visible` | `hidden`), `ssoUrl`   the application itself
   *   `config.<key>`             the value of JumpCloud's `config.<key>` field descriptor, e.g.
   *                              `config.acsUrl`, `config.spEntityId`, `config.idpEntityId`,
   *                              `config.idpInitUrl`, `config.defaultTargetUrl`,
   *                              `config.signAssertion`, `config.signResponse`,
   *                              `config.signatureAlgorithm`, `config.subjectField`,
   *                              `config.overrideNameIdFormat`, `config.includeGroups`,
   *                              `config.groupsAttributeName`
   *   `attributes.<name>`        SAML attribute statement <name> = a directory property
   *   `constantAttributes.<name>` SAML attribute statement <name> = a constant: one entry
   *                              `{name, value}` of `config.constantAttributes.value`
   */
  readonly settings: FlatAttributes;
  /** The SP metadata to read SP settings from (SAML side), when the configuration names one. */
  readonly spMetadata?: SpMetadataSource;
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

/**
 * Desired state: the configuration after loading, catalog merging and validation. It says what
 * should exist; the core combines it with the directory to decide who should have which account.
 */
import type { Diagnostic, SourcePosition } from './diagnostics.js';
import type { FlatAttributes } from './model.js';

/** A directory property a mapping reads: see docs/configuration.md "Mappings" (directory properties). */
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
  /** Most renames (an existing account's userName changes); undefined means the same default. */
  readonly maxRename?: MaxDeprovision;
  /** userNames or emails never deprovisioned without `--allow protected:<app>`. */
  readonly protect: readonly string[];
}

/**
 * A target's lifecycle and attribute rules, declared as data in its catalog
 * (src/config/catalog/*.yaml) and checked centrally by the core.
 */
export interface TargetRules {
  /** `userName` must equal the work email: creates and renames that break it are blocked. */
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

/**
 * Which IdP groups become groups in the target (`provisioning.groups`):
 *   `bound`   the application's bound groups (the default where the target has /Groups)
 *   `listed`  the IdP groups `names` lists: each bound, or nested in a bound group
 *   `none`    no group is provisioned; groups Roster created before are deleted (acknowledged)
 * Members are the users with access who are (nested or direct) members of the IdP group and have
 * an account Roster manages. Groups are matched by externalId (the IdP group's id), else adopted
 * by displayName, exactly as accounts.
 */
export interface DesiredGroups {
  readonly mode: 'bound' | 'listed' | 'none';
  /** For `listed`: the IdP group names, in configuration order. */
  readonly names: readonly string[];
  /** The target group's displayName per IdP group name, where the configuration sets one. */
  readonly displayNames: Readonly<Record<string, string>>;
  /** The template of displayNames the configuration does not set: `{group}` is the IdP group's name. Default `{group}`. */
  readonly displayNameTemplate: string;
  /** Members added or removed per request (PATCH operations); default 100. */
  readonly batchSize: number;
  /** Where each listed group is written, by name, so a problem points at its line. */
  readonly origins?: Readonly<Record<string, SourcePosition>>;
}

export const DEFAULT_GROUP_BATCH_SIZE = 100;

export interface DesiredProvisioning {
  readonly enabled: boolean;
  /** The SCIM base URL accounts are provisioned at: the application's, else its catalog's. */
  readonly url?: string;
  readonly mappings: readonly Mapping[];
  readonly deprovision: DeprovisionPolicy;
  readonly safety: Safety;
  readonly rules: TargetRules;
  /** Undefined means `keep`. */
  readonly onRemove?: RemovalPolicy;
  /** Undefined means `bound` with the defaults (only where the target has /Groups). */
  readonly groups?: DesiredGroups;
}

/**
 * Where the service provider's SAML metadata comes from: `reference` as the configuration wrote it
 * (a path relative to the YAML file that names it, or an https URL), that file, and the position of
 * the setting, so that every problem reading the metadata points at the line that names it.
 * Roster only checks that a file exists when loading the configuration; reading it is the SAML
 * side's job, when planning.
 */
export interface SpMetadataReference {
  readonly reference: string;
  /** The YAML file that names the metadata: its absolute path, and the path as shown to the user. */
  readonly declaredIn: { readonly path: string; readonly display: string };
  readonly origin?: SourcePosition;
}

/** The login flows a service provider documents. */
export type LoginFlow = 'sp-initiated' | 'idp-initiated';

/** An attribute statement a service provider needs, and why. */
export interface AttributeRequirement {
  /** The SAML attribute name (`attributes.<name>` in the flat settings). */
  readonly name: string;
  /** How bad its absence is. */
  readonly severity: 'error' | 'warning';
  /** The directory property it should come from; another source is a warning. */
  readonly source?: string;
  /** Why the service provider needs it, with the reference. */
  readonly reason: string;
}

/**
 * What a service provider needs from the IdP application beyond its metadata, declared as data in
 * its catalog (`sso.requirements`): SAML has no element for "matches users by email" or "accepts
 * IdP-initiated login".
 */
export interface SpRequirements {
  readonly attributes: readonly AttributeRequirement[];
  readonly loginFlows: readonly LoginFlow[];
}

/** No requirement known: nothing is checked beyond the metadata. */
export const NO_SP_REQUIREMENTS: SpRequirements = { attributes: [], loginFlows: ['sp-initiated', 'idp-initiated'] };

/**
 * The service provider's admin portal, where its half of SAML is set up by hand (it has no API),
 * declared in the catalog (`sso.adminPortal`) so that manual steps name the exact places and
 * choices. Absent for a generic application: manual steps then use generic wording.
 */
export interface AdminPortal {
  /** The product, as its administrators know it: `RingCentral`. */
  readonly product: string;
  /** Where the single sign-on settings are: `Admin Portal → More → Security and Compliance → Single Sign-on`. */
  readonly where: string;
  /** The setting that says which assertion attribute carries the user's email, when the portal has one. */
  readonly emailAttributeSetting?: string;
  /** What to choose to turn single sign-on on, safely. */
  readonly enable?: string;
  /** What to choose before the IdP stops answering, so that nobody is locked out. */
  readonly disable?: string;
  /** Where a user starts an SP-initiated sign-in, to test. */
  readonly testUrl?: string;
}

export interface DesiredSso {
  /** `false`: the IdP application stays, with its bindings, but does not sign anyone in (settings key `active`). */
  readonly enabled: boolean;
  /**
   * Managed IdP application settings, flattened. Only keys present are managed; anything else on
   * the IdP application is left as it is, except attribute statements: Roster owns the whole set of
   * them, so a statement the IdP application has and the settings do not is removed. Keys:
   *   `label`, `description`, `portal` (`visible` | `hidden`), `ssoUrl`, `active`   the application itself
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
   * With `spMetadata`, `config.spEntityId` and `config.acsUrl` are present only when the
   * configuration sets them; resolving the metadata (the SAML side, before planning) fills them.
   */
  readonly settings: FlatAttributes;
  /** The SP metadata to read SP settings from (SAML side), when the configuration names one. */
  readonly spMetadata?: SpMetadataReference;
  /** Settings keys whose values are the catalog's defaults rather than the configuration's. */
  readonly fromCatalog?: readonly string[];
  /** The catalog's requirements of the service provider. */
  readonly requirements?: SpRequirements;
  readonly adminPortal?: AdminPortal;
  /**
   * Set once the SP metadata is resolved: where settings that did not come from the configuration
   * came from (`config.acsUrl` → `metadata/ringcentral-sp.xml`), for the plan to say.
   */
  readonly origins?: Readonly<Record<string, string>>;
  /** Set once the SP metadata is resolved: what reading and checking it found. */
  readonly diagnostics?: readonly Diagnostic[];
}

export interface DesiredApplication {
  /** The key under `applications:`: Roster's name for the application. */
  readonly name: string;
  readonly catalog: string;
  /** User groups whose members have access, by name. */
  readonly groups: readonly string[];
  /** Where each group is written in the configuration, by name, so a group the IdP lacks points at its line. */
  readonly groupOrigins?: Readonly<Record<string, SourcePosition>>;
  readonly sso?: DesiredSso;
  readonly provisioning?: DesiredProvisioning;
}

export interface DesiredState {
  readonly applications: readonly DesiredApplication[];
}

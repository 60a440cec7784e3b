/**
 * The domain's data types. Everything here is plain data: it can be serialised, compared and
 * handed between processes. Providers translate vendor shapes into these types and back.
 */

/** IdP user lifecycle state, as JumpCloud reports it. */
export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';

export interface DirectoryAddress {
  readonly type: string;
  readonly streetAddress?: string;
  readonly locality?: string;
  readonly region?: string;
  readonly postalCode?: string;
  readonly country?: string;
}

export interface DirectoryPhone {
  readonly type: string;
  readonly number: string;
}

/** A person in the IdP: the source of truth for identity and state. */
export interface DirectoryUser {
  readonly id: string;
  readonly username: string;
  readonly email: string;
  readonly firstname?: string;
  readonly lastname?: string;
  readonly department?: string;
  readonly addresses: readonly DirectoryAddress[];
  readonly phoneNumbers: readonly DirectoryPhone[];
  /** Custom attributes, `attributes.<name>` in mappings. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly state: UserState;
  readonly suspended: boolean;
  readonly passwordExpired: boolean;
}

/**
 * One user's membership of a group. `via` lists the names of the groups between the group and the
 * user when membership is nested (outermost first); it is empty for a direct member.
 */
export interface GroupMember {
  readonly userId: string;
  readonly via: readonly string[];
}

export interface UserGroup {
  readonly id: string;
  readonly name: string;
  /** Every user in the group, direct or nested. Only read for groups a plan needs. */
  readonly members: readonly GroupMember[];
}

/** What Roster read from the IdP's directory. */
export interface Directory {
  readonly users: readonly DirectoryUser[];
  /** The groups asked for, with their membership. */
  readonly groups: readonly UserGroup[];
  /** The name of every user group in the IdP, read or not: what a misspelt group is compared with. */
  readonly groupNames?: readonly string[];
}

/**
 * Attributes keyed by SCIM attribute path, one scalar per key: `userName`, `name.givenName`,
 * `emails[type eq "work"].value`, `addresses[type eq "work"].country`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`, `active`, `externalId`.
 * Multi-valued attributes are keyed by their `type`, so a diff reads attribute by attribute and a
 * PATCH can address each value. SSO settings use the same flat shape with their own keys.
 */
export type AttributeValue = string | boolean | number;
export type FlatAttributes = Readonly<Record<string, AttributeValue>>;

/** Lifecycle of an account in a target, after the target's own rules (see lifecycle.ts). */
export type AccountState = 'active' | 'inactive' | 'pending';

/** An account as it exists in a target application. */
export interface TargetAccount {
  readonly id: string;
  readonly userName: string;
  readonly externalId?: string;
  readonly state: AccountState;
  /** The account flattened (see FlatAttributes); attributes the target does not return are absent. */
  readonly attributes: FlatAttributes;
  /**
   * `list` when read from a list page whose items omit some attributes (capabilities say which);
   * `full` when every attribute the target stores is present.
   */
  readonly detail: 'list' | 'full';
  /** The target's version of the object (ETag or `meta.lastModified`), when it reports one. */
  readonly version?: string;
}

/**
 * A group in a target (RFC 7643 §4.2). Its members are account ids (each member's `value`); Roster
 * reads and writes only members that are users.
 */
export interface TargetGroup {
  readonly id: string;
  readonly displayName: string;
  /** Roster sets it to the IdP group's id: a group whose externalId is an IdP group's is Roster's. */
  readonly externalId?: string;
  /** Member account ids, sorted; undefined when the members were not read. */
  readonly members?: readonly string[];
  /** The target's version of the group (ETag or `meta.lastModified`), when it reports one. */
  readonly version?: string;
}

/**
 * The signing certificate of an IdP application, as read. Public, generated and owned by the IdP:
 * never diffed as a setting. Roster records which one the application's admin was last given (see
 * idp-record.ts) so that a new one shows in the plan with the manual step it needs.
 */
export interface IdpCertificate {
  readonly pem: string;
  /** Upper-case hex pairs separated by colons, as admin portals show it. */
  readonly fingerprintSha256: string;
  /** ISO 8601. */
  readonly notAfter: string;
}

/** An SSO application in the IdP with the groups bound to it. */
export interface IdpApplication {
  readonly id: string;
  /**
   * Roster's name for the application: the key under `applications:` in the config. For an
   * application Roster's record marks as its own, the name the record holds (which may no longer
   * be configured); otherwise the configured application whose label it has.
   */
  readonly app: string;
  /**
   * Managed settings, flattened: `label`, `description`, `portal`, `ssoUrl`, `active`,
   * `config.acsUrl`, …, and Roster's record (`roster.*`, see idp-record.ts). Never certificates,
   * private keys or timestamps: those are the IdP's.
   */
  readonly settings: FlatAttributes;
  /** The user groups bound to the application; not read (empty) for applications no longer configured. */
  readonly boundGroups: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** Settings keys the IdP holds read-only (it derives them): a desired value for them cannot be applied. */
  readonly readOnly?: readonly string[];
  readonly certificate?: IdpCertificate;
  /** Where the IdP publishes the application's SAML metadata (read with the IdP's credentials). */
  readonly metadataUrl?: string;
}

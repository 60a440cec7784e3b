/**
 * The ports the engine talks through. Providers implement them; the core only sees their data.
 * Types only: no behaviour lives here.
 */
import type { Step } from './change.js';
import type { TargetNormalizer } from './compare.js';
import type { Directory, DirectoryUser, FlatAttributes, GroupMember, IdpApplication, TargetAccount, TargetGroup } from './model.js';

/** A named rate-limit group with the documented default budget, for estimates. */
export interface RateLimitGroup {
  readonly name: string;
  readonly requestsPerMinute: number;
}

/**
 * What a target can do, declared as data (from its profile and its discovery endpoints) and
 * checked before any request. Anything not declared means "cannot".
 */
export interface Capabilities {
  /** RFC 7644 PATCH: one request per update. Without it updates are GET-merge-PUT. */
  readonly patch: boolean;
  /** Largest page a list request may ask for. */
  readonly maxPageSize: number;
  /** Attributes usable in `filter` expressions (`eq` only is assumed). */
  readonly filterAttributes: readonly string[];
  /** The target has a /Groups resource. */
  readonly groups: boolean;
  /** Top-level attributes absent from list items; comparing them needs a detail read. */
  readonly listOmits: readonly string[];
  /** Rate-limit groups of reads and writes, for the plan's estimate. */
  readonly rateLimits: { readonly read: RateLimitGroup; readonly write: RateLimitGroup };
  /** RFC 7644 §3.7 bulk requests. */
  readonly bulk?: boolean;
  /** RFC 7644 §3.14 ETags: `meta.version` can serve as a precondition. */
  readonly etag?: boolean;
  /**
   * Top-level User attributes the target declares (extension attributes as `urn:…:name`), from
   * its /Schemas or its profile. Absent when the target does not say.
   */
  readonly attributes?: readonly string[];
}

export interface ReadDirectoryRequest {
  /**
   * Groups whose membership the plan needs (bound or to be bound). A promise when they are still
   * being found (the IdP's bindings): an IdP reads what needs no group names, the users, meanwhile.
   */
  readonly groupNames: readonly string[] | PromiseLike<readonly string[]>;
  /** Every user group with its membership, whatever `groupNames` says (import suggests bindings from them). */
  readonly allGroups?: boolean;
  /**
   * Handed the directory as it arrives, before readDirectory resolves, so that work on it (mapping
   * users) overlaps the reads still under way. What it is handed is in the Directory returned as
   * well; an IdP may call it or not.
   */
  readonly onProgress?: DirectoryProgress;
}

export interface DirectoryProgress {
  /** A page of users, converted. */
  users(users: readonly DirectoryUser[]): void;
  /** Members of a group read so far (direct or nested), the group named as in `groupNames`. */
  members(group: string, members: readonly GroupMember[]): void;
}

/** Outcome of one executed step, recorded in the journal. */
export interface StepResult {
  /** The id of the object created or touched. */
  readonly id?: string;
  /**
   * Requests sent for the step's write, retries included. A group step counts every request it
   * sent: each member batch, and the GET of a GET-merge-PUT.
   */
  readonly attempts: number;
  /** The write's answer was lost and the object was found by a lookup (journal: `user_lookup_provision`). */
  readonly lookedUp?: boolean;
}

/** An IdP application as `readEveryApplication` finds it, before Roster names or manages it. */
export interface FoundIdpApplication {
  readonly id: string;
  /** The IdP's kind of application (JumpCloud: the template it was created from, e.g. `ringcentral`); Roster's catalog of that name applies. */
  readonly kind: string;
  /** Flattened settings, as IdpApplication.settings (Roster's record included, when it has one). */
  readonly settings: FlatAttributes;
  /** Bound user groups, by name. */
  readonly boundGroups: readonly string[];
}

export interface IdpProvider {
  readonly system: string;
  /**
   * The shape of the IdP's user ids, as a regular expression source (JumpCloud: 24 hex digits).
   * A target account whose externalId has this shape but names no IdP user belonged to a user
   * deleted from the IdP, and is deprovisioned. Without it, such accounts are left unmanaged.
   */
  readonly userIdPattern?: string;
  readDirectory(request: ReadDirectoryRequest): Promise<Directory>;
  /**
   * The IdP applications behind the named configured applications (those labelled as they are),
   * and every IdP application Roster's record marks as its own (core/idp-record.ts), configured or
   * not. Matching them is the core's job (core/idp-match.ts).
   */
  readApplications(apps: ReadonlyArray<{ app: string; label: string }>): Promise<IdpApplication[]>;
  /**
   * Every SSO application in the IdP with the user groups bound to it, whoever manages it: what
   * `roster init` declares a first configuration from. Optional: an IdP without it scaffolds the
   * example configuration.
   */
  readEveryApplication?(): Promise<FoundIdpApplication[]>;
  /** The SAML metadata the IdP publishes for an application: where, and the XML (`roster metadata`). */
  readMetadata?(appId: string): Promise<{ readonly url: string; readonly xml: string }>;
  execute(step: Extract<Step, { op: `idp.${string}` }>, context: StepContext): Promise<StepResult>;
}

export interface ReadAccountsOptions {
  /** Top-level attributes lists omit that the caller compares; `[]`: none, every account stays `list`. */
  readonly compared?: readonly string[];
}

export interface TargetProvider {
  readonly system: string;
  readonly capabilities: Capabilities;
  readonly normalizer: TargetNormalizer;
  /**
   * Every account, from list pages (detail: 'list' when lists omit attributes). An account is
   * `full` when the target shows, beside its list, the omitted attributes in `compared` (default:
   * all it omits) for that account: its detail read is then not needed.
   */
  readAccounts(options?: ReadAccountsOptions): Promise<TargetAccount[]>;
  /**
   * For accounts the last `readAccounts` left `list`, why the target's other sources did not show
   * their omitted attributes (RingCentral: "their extension record has no contact.businessAddress"),
   * by account id. Absent when the target has no such source.
   */
  listGaps?(): ReadonlyMap<string, string>;
  /** Accounts read one by one, in full. */
  readAccountDetails(ids: readonly string[]): Promise<TargetAccount[]>;
  /** Looks an account up by userName (and externalId where the target can), e.g. after a lost create. */
  findAccount(userName: string, externalId?: string): Promise<TargetAccount | undefined>;
  /**
   * Every group (RFC 7644 §3.4.2, paged), on targets whose capabilities say `groups`. Members are
   * read only for the groups `withMembers` selects (default: all): from the list where the target
   * includes them, else one read per selected group — never a request per member.
   */
  readGroups?(options?: { readonly withMembers?: (group: TargetGroup) => boolean }): Promise<TargetGroup[]>;
  /** Groups read one by one with their members (a re-read before a change, convergence); absent ids are left out. */
  readGroupDetails?(ids: readonly string[]): Promise<TargetGroup[]>;
  /**
   * Looks a group up by externalId, then displayName (a create whose answer was lost; a re-read
   * before a create). Its members are not read (undefined): `readGroupDetails` reads them.
   */
  findGroup?(displayName: string, externalId?: string): Promise<TargetGroup | undefined>;
  /** Free licences the last `readAccounts` saw (RingCentral: unassigned extensions); undefined when unknown. */
  freeLicences?(): number | undefined;
  execute(step: Extract<Step, { op: `scim.${string}` }>, context: StepContext): Promise<StepResult>;
}

/** Context for executing a step: ids resolved earlier in the same apply. */
export interface StepContext {
  /** IdP application ids by configured application name, including ones created in this apply. */
  readonly appIds: ReadonlyMap<string, string>;
  /**
   * Accounts created earlier in this apply: application → lower-cased userName → the id the
   * target gave it. Group steps resolve members without an id from it.
   */
  readonly createdAccounts?: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * What the HTTP layer did, for progress views, the plan's estimate and benchmarks. Paths carry no
 * query string (queries may hold personal data) and nothing here is ever a credential.
 *   request  one attempt finished: `status` (absent when no answer came), `ms` from send to answer
 *   retry    an attempt failed and will be repeated after `ms`; `reason` says why
 *   wait     pacing holds a request back for `ms` to stay within the rate limit; `reason` says why
 */
export interface TransportEvent {
  readonly kind: 'request' | 'retry' | 'wait';
  readonly system: string;
  /** Rate-limit group of the request (`light`, `heavy`, …; `default` when the system has none). */
  readonly group: string;
  readonly method: string;
  readonly path: string;
  readonly ms: number;
  readonly status?: number;
  readonly reason?: string;
  /** request: the group's limit and window as the answer's rate-limit headers announced them (apply's time budget and ETA). */
  readonly limit?: number;
  readonly windowMs?: number;
}

/** Called synchronously on the request path: it must return quickly and must not throw. */
export type TransportListener = (event: TransportEvent) => void;

export interface TransportCounters {
  readonly requests: number;
  readonly retries: number;
  readonly waits: number;
  readonly waitMs: number;
  /** Answers with status 429: zero when pacing works. */
  readonly tooManyRequests: number;
}

/** Counters per system, then per rate-limit group. */
export type TransportStats = Readonly<Record<string, Readonly<Record<string, TransportCounters>>>>;

/**
 * The incremental-refresh cache as data, and the decisions made with it.
 *
 * Some targets' list pages omit attributes Roster compares (RingCentral: phones and addresses),
 * so a plan reads such accounts one by one. The cache remembers, per application and account, the
 * account's version (`meta.lastModified`, or `meta.version`) when Roster last saw it in full
 * holding what was desired in those omitted attributes, and a digest of those desired values.
 * When a list page shows the same version and today's desired values have the same digest, the
 * account still holds them: its detail read is skipped. RFC 7643 §3.1: `lastModified` is "the
 * most recent DateTime that the details of this resource were updated at the service provider".
 *
 * Digests are of desired values as the mapping yields them, not normalised: normalising (phone
 * numbers above all) costs more than the digest, and a plan computes one per account. That the
 * account held them was decided, when the entry was made, by the plan's own comparison.
 *
 * The cache is never the truth. A missing, stale, corrupt, foreign or outdated cache only means
 * more reads: every rule here errs towards reading. Digests are keyed hashes made by the engine,
 * so a cache file holds no names, emails, phone numbers or addresses, not even guessable ones.
 */
import type { AccountComparer } from './account-comparison.js';
import type { DesiredProvisioning } from './desired.js';
import { digestOf } from './digest.js';
import { isManagedPath } from './mapping.js';
import type { FlatAttributes, TargetAccount } from './model.js';
import { rememberedPerPath } from './per-path.js';
import { parseScimPath } from './scim-path.js';

export const REFRESH_CACHE_FORMAT = 'roster-refresh-cache';
/**
 * The meaning of a cached digest. Raise it whenever what a digest covers, or how values are
 * normalised before digesting, changes: files of another version are then ignored.
 */
export const REFRESH_CACHE_VERSION = 2;

export interface CachedAccount {
  /** The account's version when it was last seen in full. */
  readonly version: string;
  /** Keyed digest of the desired values it was seen to hold then (see coveredDigest). */
  readonly digest: string;
}

export interface ApplicationCache {
  /** Keyed fingerprint of the target and credential the entries were read from. */
  readonly scope: string;
  /** Digest of the comparison rules the entries were digested under (see cacheRules). */
  readonly rules: string;
  /** By account id. */
  readonly accounts: ReadonlyMap<string, CachedAccount>;
}

/** By application name. */
export type RefreshCache = ReadonlyMap<string, ApplicationCache>;

/** How one application's accounts are compared and digested. */
export interface CacheDigests {
  /** The paths the cache vouches for: managed by the mapping and absent from list pages. */
  readonly covers: (path: string) => boolean;
  /**
   * How the plan compares an account with its user's mapping (the same comparer, so that an
   * account the plan compared is not compared again to be recorded).
   */
  readonly compare: AccountComparer;
  /** A keyed hash (the engine holds the key). */
  readonly hash: (text: string) => string;
}

/**
 * The digest of the covered paths of desired attributes. The account id is part of it, so an
 * entry cannot be moved to another account.
 */
export function coveredDigest(accountId: string, desired: FlatAttributes, digests: CacheDigests): string {
  const paths = Object.keys(desired).filter(digests.covers).sort();
  // The id, then each covered path and its value, each JSON-encoded: unambiguous for flat attributes.
  let text = JSON.stringify(accountId);
  for (const path of paths) text += `,${quotedPath(path)},${JSON.stringify(desired[path])}`;
  return digests.hash(text);
}

/** JSON-encoded paths, remembered: every account's digest encodes the same few. */
const quotedPaths = new Map<string, string>();

function quotedPath(path: string): string {
  let quoted = quotedPaths.get(path);
  if (quoted === undefined) {
    if (quotedPaths.size >= 10_000) quotedPaths.clear();
    quotedPaths.set(path, (quoted = JSON.stringify(path)));
  }
  return quoted;
}

type ComparisonRules = Pick<DesiredProvisioning, 'mappings' | 'rules'>;

/**
 * The paths the cache vouches for: exactly those the plan does not compare for an account read
 * only from a list (managed, and in an attribute lists omit; see planAccounts).
 */
export function cacheCovers(provisioning: ComparisonRules, listOmits: readonly string[]): (path: string) => boolean {
  const omitted = new Set(listOmits);
  return rememberedPerPath((path) => omitted.has(parseScimPath(path)?.attribute ?? path) && isManagedPath(path, provisioning.mappings, provisioning.rules));
}

/**
 * What the digests of an application depend on besides the values: the mappings and the target's
 * rules decide which paths are managed, `listOmits` which of them lists leave out. Entries made
 * under other rules are not used (a path that became managed would otherwise go uncompared).
 */
export function cacheRules(provisioning: ComparisonRules, listOmits: readonly string[]): string {
  return digestOf({ version: REFRESH_CACHE_VERSION, mappings: provisioning.mappings, rules: provisioning.rules, listOmits: [...listOmits].sort() });
}

export interface UnchangedInput {
  /** Accounts as list pages show them. */
  readonly accounts: readonly TargetAccount[];
  /** Entries of the application, already checked to be of this target and these rules. */
  readonly entries: ReadonlyMap<string, CachedAccount>;
  /** The mapped attributes of a user with access, by IdP user id; undefined for anyone else. */
  readonly desired: (userId: string) => FlatAttributes | undefined;
  readonly digests: CacheDigests;
}

/**
 * Ids of the accounts of users with access whose covered attributes hold what is desired, per the
 * cache: the list shows the version at which Roster saw the account hold desired values, and
 * today's desired values digest the same. Anything else is absent, and is read as before.
 */
export function unchangedAccounts(input: UnchangedInput): Set<string> {
  const unchanged = new Set<string>();
  for (const account of input.accounts) {
    if (account.detail === 'full' || account.version === undefined || account.externalId === undefined) continue;
    const entry = input.entries.get(account.id);
    if (!entry || entry.version !== account.version) continue;
    const desired = input.desired(account.externalId);
    if (desired && coveredDigest(account.id, desired, input.digests) === entry.digest) unchanged.add(account.id);
  }
  return unchanged;
}

/**
 * The entries after reading `accounts` (every account the target listed, some read in full). An
 * account read in full whose covered attributes the plan's comparison finds equal to its user's
 * desired values is recorded with its version now; an entry whose account still shows the same
 * version is kept; every other entry is dropped (the account changed, is gone, or differs from
 * what is desired and will be read again).
 *
 * An account compared from `comparedFromLists` (its omitted attributes shown beside the list, no
 * detail read) that holds the desired values and still shows its entry's version keeps that
 * entry as it is, without a new digest: the entry was true when made and the account has not
 * changed since, and a digest of older desired values can only cost a detail read later, never
 * skip one wrongly. An account read in full by a detail read gets a new digest, or a digest that
 * no longer matches would have it read in full on every plan.
 */
export function recordAccounts(
  previous: ReadonlyMap<string, CachedAccount> | undefined,
  accounts: readonly TargetAccount[],
  desired: (userId: string) => FlatAttributes | undefined,
  digests: CacheDigests,
  comparedFromLists?: ReadonlySet<string>,
): Map<string, CachedAccount> {
  const entries = new Map<string, CachedAccount>();
  for (const account of accounts) {
    if (account.version === undefined || account.externalId === undefined) continue;
    const kept = previous?.get(account.id);
    const unchanged = kept !== undefined && kept.version === account.version;
    if (account.detail === 'full') {
      const wanted = desired(account.externalId);
      // Read in full, the account is compared on every managed path, which the covered ones are
      // part of: its covered paths hold the desired values when no difference lies on one of them.
      if (wanted && !digests.compare(wanted, account).some((field) => digests.covers(field.path))) {
        const keep = unchanged && comparedFromLists?.has(account.id) === true;
        entries.set(account.id, keep ? kept : { version: account.version, digest: coveredDigest(account.id, wanted, digests) });
      }
      continue;
    }
    if (unchanged) entries.set(account.id, kept);
  }
  return entries;
}

export type ParsedRefreshCache = { readonly cache: RefreshCache } | { readonly problem: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseApplication(value: unknown): ApplicationCache | undefined {
  if (!isRecord(value) || typeof value['scope'] !== 'string' || typeof value['rules'] !== 'string' || !isRecord(value['accounts'])) return undefined;
  const accounts = new Map<string, CachedAccount>();
  for (const [id, entry] of Object.entries(value['accounts'])) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') return undefined;
    accounts.set(id, { version: entry[0], digest: entry[1] });
  }
  return { scope: value['scope'], rules: value['rules'], accounts };
}

/** Reads a cache file's JSON; anything unexpected rejects the whole file, with the reason. */
export function parseRefreshCache(value: unknown): ParsedRefreshCache {
  if (!isRecord(value) || value['format'] !== REFRESH_CACHE_FORMAT) return { problem: 'not a Roster refresh cache' };
  if (value['formatVersion'] !== REFRESH_CACHE_VERSION) return { problem: `cache version ${String(value['formatVersion'])}, expected ${REFRESH_CACHE_VERSION}` };
  if (!isRecord(value['applications'])) return { problem: 'malformed: no applications' };
  const cache = new Map<string, ApplicationCache>();
  for (const [app, section] of Object.entries(value['applications'])) {
    const parsed = parseApplication(section);
    if (!parsed) return { problem: `malformed entries for ${app}` };
    cache.set(app, parsed);
  }
  return { cache };
}

/** The JSON of a cache file, in a fixed order: `[version, digest]` per account id. */
export function serializeRefreshCache(cache: RefreshCache): Record<string, unknown> {
  const applications: Record<string, unknown> = {};
  for (const app of [...cache.keys()].sort()) {
    const section = cache.get(app)!;
    const accounts: Record<string, [string, string]> = {};
    for (const id of [...section.accounts.keys()].sort()) {
      const entry = section.accounts.get(id)!;
      accounts[id] = [entry.version, entry.digest];
    }
    applications[app] = { scope: section.scope, rules: section.rules, accounts };
  }
  return { format: REFRESH_CACHE_FORMAT, formatVersion: REFRESH_CACHE_VERSION, applications };
}

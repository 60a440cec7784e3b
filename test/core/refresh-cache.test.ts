/**
 * The refresh cache's decisions: which accounts it vouches for, what a read records, and which
 * files it refuses. Every rule errs towards reading.
 */
import { describe, expect, it } from 'vitest';
import type { TargetNormalizer } from '../../src/core/compare.js';
import { accountComparer } from '../../src/core/account-comparison.js';
import type { FlatAttributes, TargetAccount } from '../../src/core/model.js';
import {
  cacheCovers,
  cacheRules,
  coveredDigest,
  parseRefreshCache,
  recordAccounts,
  REFRESH_CACHE_FORMAT,
  REFRESH_CACHE_VERSION,
  serializeRefreshCache,
  unchangedAccounts,
  type CacheDigests,
  type CachedAccount,
} from '../../src/core/refresh-cache.js';
import { provisioning } from './fixtures.js';

const LIST_OMITS = ['addresses', 'phoneNumbers'];
const COUNTRY = 'addresses[type eq "work"].country';
const MOBILE = 'phoneNumbers[type eq "mobile"].value';
const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';

/** The target stores country names; the comparison reads them as codes. */
const normalizer: TargetNormalizer = (path, value) => (path.endsWith('.country') && value === 'United States' ? 'US' : value);
const digests: CacheDigests = { covers: cacheCovers(provisioning(), LIST_OMITS), compare: accountComparer(provisioning(), LIST_OMITS, normalizer), hash: (text) => `h(${text})` };

const desired: FlatAttributes = { userName: 'alice@example.com', [DEPARTMENT]: 'Sales', [COUNTRY]: 'US', [MOBILE]: '+14155550100' };

function listed(overrides: Partial<TargetAccount> = {}): TargetAccount {
  return {
    id: 'rc-1',
    userName: 'alice@example.com',
    externalId: 'alice',
    state: 'active',
    detail: 'list',
    version: 'v1',
    attributes: { userName: 'alice@example.com', [DEPARTMENT]: 'Sales' },
    ...overrides,
  };
}

function full(overrides: Partial<TargetAccount> = {}, attributes: FlatAttributes = {}): TargetAccount {
  return listed({ detail: 'full', attributes: { ...listed().attributes, [COUNTRY]: 'United States', [MOBILE]: '+14155550100', ...attributes }, ...overrides });
}

const entries = (entry: CachedAccount, id = 'rc-1') => new Map([[id, entry]]);
const seen = { version: 'v1', digest: coveredDigest('rc-1', desired, digests) };
const unchanged = (accounts: TargetAccount[], wanted: FlatAttributes | undefined = desired, cached = entries(seen)) =>
  [...unchangedAccounts({ accounts, entries: cached, desired: (id) => (id === 'alice' ? wanted : undefined), digests })];

describe('what the cache covers', () => {
  it('covers the managed attributes lists omit, and nothing a list shows or Roster does not manage', () => {
    const covers = cacheCovers(provisioning(), LIST_OMITS);
    expect([COUNTRY, MOBILE].filter(covers)).toEqual([COUNTRY, MOBILE]);
    expect(['userName', DEPARTMENT, 'active', 'externalId', 'phoneNumbers[type eq "work"].value', 'title'].filter(covers)).toEqual([]);
  });

  it('digests only covered paths, bound to the account id', () => {
    expect(coveredDigest('rc-1', { ...desired, [DEPARTMENT]: 'Support' }, digests)).toBe(coveredDigest('rc-1', desired, digests));
    expect(coveredDigest('rc-1', { ...desired, [MOBILE]: '+14155550199' }, digests)).not.toBe(coveredDigest('rc-1', desired, digests));
    expect(coveredDigest('rc-2', desired, digests)).not.toBe(coveredDigest('rc-1', desired, digests));
  });

  it('ties entries to the mappings, the target rules and what lists omit', () => {
    const base = cacheRules(provisioning(), LIST_OMITS);
    expect(cacheRules(provisioning(), [...LIST_OMITS].reverse())).toBe(base);
    expect(cacheRules(provisioning(), ['addresses'])).not.toBe(base);
    expect(cacheRules(provisioning({ mappings: provisioning().mappings.slice(1) }), LIST_OMITS)).not.toBe(base);
    expect(cacheRules(provisioning({ rules: { ...provisioning().rules, valueTypes: {} } }), LIST_OMITS)).not.toBe(base);
  });
});

describe('which accounts the cache vouches for', () => {
  it('an account listed at the version its entry has, whose user wants what it held', () => {
    expect(unchanged([listed()])).toEqual(['rc-1']);
  });

  it('also when only attributes the list shows changed: the plan compares those from the list', () => {
    expect(unchanged([listed({ attributes: { userName: 'alice@example.com', [DEPARTMENT]: 'Edited' } })], { ...desired, [DEPARTMENT]: 'Support' })).toEqual(['rc-1']);
  });

  it.each([
    ['the account changed since (another version)', [listed({ version: 'v2' })], desired],
    ['the target gives no version', [listed({ version: undefined })], desired],
    ['the user now wants another mobile number', [listed()], { ...desired, [MOBILE]: '+14155550199' }],
    ['the user now wants no address', [listed()], { userName: 'alice@example.com', [DEPARTMENT]: 'Sales', [MOBILE]: '+14155550100' }],
    ['the user has no access', [listed({ externalId: 'bob' })], desired],
    ['the account is not owned', [listed({ externalId: undefined })], desired],
    ['the account was read in full anyway', [full()], desired],
  ] satisfies Array<[string, TargetAccount[], FlatAttributes]>)('not when %s', (_why, accounts, wanted) => {
    expect(unchanged(accounts, wanted)).toEqual([]);
  });

  it('not for an account whose entry is missing, or was made for another account', () => {
    expect(unchanged([listed()], desired, new Map())).toEqual([]);
    expect(unchanged([listed({ id: 'rc-2' })], desired, entries(seen, 'rc-2'))).toEqual([]);
  });
});

describe('what a read records', () => {
  const record = (previous: Map<string, CachedAccount> | undefined, accounts: TargetAccount[], wanted: FlatAttributes = desired) =>
    Object.fromEntries(recordAccounts(previous, accounts, (id) => (id === 'alice' ? wanted : undefined), digests));

  it('an account read in full that holds what is desired, compared as the plan compares (normalised)', () => {
    expect(record(undefined, [full()])).toEqual({ 'rc-1': seen });
  });

  it('nothing for an account read in full that differs in a covered attribute: it is read again until it converges', () => {
    expect(record(entries(seen), [full({}, { [MOBILE]: '+14155550199' })])).toEqual({});
    expect(record(entries(seen), [full({}, { 'addresses[type eq "work"].locality': 'Austin' })])).toEqual({});
  });

  it('an account read in full that differs only in attributes lists show', () => {
    expect(record(undefined, [full({}, { [DEPARTMENT]: 'Edited' })])).toEqual({ 'rc-1': seen });
  });

  it('keeps the entry of an account listed at the same version, drops it at another, or when the account is gone', () => {
    expect(record(entries(seen), [listed()])).toEqual({ 'rc-1': seen });
    expect(record(entries(seen), [listed({ version: 'v2' })])).toEqual({});
    expect(record(entries(seen), [])).toEqual({});
  });

  it('keeps the entry of an account compared from lists at the same version, without digesting again', () => {
    const hashed: string[] = [];
    const counting: CacheDigests = { ...digests, hash: (text) => (hashed.push(text), digests.hash(text)) };
    const older = { version: 'v1', digest: 'digest of older desired values' };
    const fromLists = new Set(['rc-1']);
    const recorded = (accounts: TargetAccount[], ids?: ReadonlySet<string>) => Object.fromEntries(recordAccounts(entries(older), accounts, (id) => (id === 'alice' ? desired : undefined), counting, ids));
    expect(recorded([full()], fromLists)).toEqual({ 'rc-1': older });
    expect(hashed).toEqual([]);
    // At another version, or read by a detail read (whose digest no longer matches), it is digested anew.
    expect(recorded([full({ version: 'v2' })], fromLists)).toEqual({ 'rc-1': { version: 'v2', digest: seen.digest } });
    expect(recorded([full()])).toEqual({ 'rc-1': seen });
    expect(hashed).toHaveLength(2);
    // Compared from lists but differing: dropped, as any account that differs.
    expect(recorded([full({}, { [MOBILE]: '+14155550199' })], fromLists)).toEqual({});
  });

  it('nothing for accounts without a version, without an owner, or whose user has no access', () => {
    expect(record(undefined, [full({ version: undefined })])).toEqual({});
    expect(record(undefined, [full({ externalId: undefined })])).toEqual({});
    expect(record(undefined, [full({ externalId: 'bob' })])).toEqual({});
  });
});

describe('cache files', () => {
  const cache = new Map([['ringcentral', { scope: 's', rules: 'r', accounts: new Map([['rc-1', seen]]) }]]);

  it('round-trips', () => {
    expect(parseRefreshCache(JSON.parse(JSON.stringify(serializeRefreshCache(cache))))).toEqual({ cache });
  });

  it.each([
    ['not an object', 'text'],
    ['another format', { format: 'other', formatVersion: REFRESH_CACHE_VERSION, applications: {} }],
    ['another version', { format: REFRESH_CACHE_FORMAT, formatVersion: REFRESH_CACHE_VERSION + 1, applications: {} }],
    ['no applications', { format: REFRESH_CACHE_FORMAT, formatVersion: REFRESH_CACHE_VERSION }],
    ['a section without scope', { format: REFRESH_CACHE_FORMAT, formatVersion: REFRESH_CACHE_VERSION, applications: { a: { rules: 'r', accounts: {} } } }],
    ['a malformed entry', { format: REFRESH_CACHE_FORMAT, formatVersion: REFRESH_CACHE_VERSION, applications: { a: { scope: 's', rules: 'r', accounts: { x: ['v1'] } } } }],
    ['an entry of the wrong type', { format: REFRESH_CACHE_FORMAT, formatVersion: REFRESH_CACHE_VERSION, applications: { a: { scope: 's', rules: 'r', accounts: { x: ['v1', 7] } } } }],
  ])('refuses %s, saying why', (_why, value) => {
    const parsed = parseRefreshCache(value);
    expect('problem' in parsed && parsed.problem.length > 0).toBe(true);
  });
});

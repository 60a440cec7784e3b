/**
 * The comparer a plan, the refresh cache and the comparisons made while reading share
 * (core/account-comparison.ts): one per set of rules, one answer per account and mapping.
 */
import { describe, expect, it } from 'vitest';
import { accountComparer } from '../../src/core/account-comparison.js';
import { identityNormalizer } from '../../src/core/compare.js';
import { mapUser } from '../../src/core/mapping.js';
import { accountFor, provisioning, user } from './fixtures.js';

const LIST_OMITS = ['addresses', 'phoneNumbers'];
const MOBILE = 'phoneNumbers[type eq "mobile"].value';

describe('the account comparer', () => {
  const rules = provisioning();
  const alice = user('alice');
  const mapped = mapUser(alice, rules.mappings, rules.rules).attributes;

  it('is one per set of rules', () => {
    expect(accountComparer(rules, LIST_OMITS, identityNormalizer)).toBe(accountComparer(rules, LIST_OMITS, identityNormalizer));
    expect(accountComparer(rules, [...LIST_OMITS], identityNormalizer)).not.toBe(accountComparer(rules, LIST_OMITS, identityNormalizer));
  });

  it('remembers its answer for the same account and mapping, and compares anew otherwise', () => {
    const compare = accountComparer(rules, LIST_OMITS, identityNormalizer);
    const account = accountFor(alice, {}, { 'name.givenName': 'Alicia' });
    const first = compare(mapped, account);
    expect(first.map((f) => f.path)).toEqual(['name.givenName']);
    expect(compare(mapped, account)).toBe(first);
    const other = compare({ ...mapped, 'name.givenName': 'Alicia' }, account);
    expect(other).toEqual([]);
    expect(compare(mapped, account)).not.toBe(first);
    expect(compare(mapped, account)).toEqual(first);
  });

  it('leaves out what lists omit for an account only listed, not for one read in full', () => {
    const compare = accountComparer(rules, LIST_OMITS, identityNormalizer);
    const held = { [MOBILE]: '+14155550100' };
    expect(compare(mapped, accountFor(alice, { detail: 'list' }, held))).toEqual([]);
    expect(compare(mapped, accountFor(alice, {}, held)).map((f) => f.path)).toContain(MOBILE);
  });
});

/**
 * Which accounts a detail read must confirm before a plan removes a value that came from beside
 * the list (core/detail-reads.ts removalsToConfirm), with and without the plan's comparer at hand.
 */
import { describe, expect, it } from 'vitest';
import { accountComparer } from '../../src/core/account-comparison.js';
import { identityNormalizer } from '../../src/core/compare.js';
import { removalsToConfirm } from '../../src/core/detail-reads.js';
import { mapUser } from '../../src/core/mapping.js';
import { accountFor, provisioning, user } from './fixtures.js';

const LIST_OMITS = ['addresses', 'phoneNumbers'];
const WORK_CITY = 'addresses[type eq "work"].locality';

describe('removals to confirm', () => {
  const rules = provisioning();
  const alice = user('alice');
  const bob = user('bob', { addresses: [{ type: 'work', locality: 'Denver' }] });
  const mapped = new Map([alice, bob].map((u) => [u.id, mapUser(u, rules.mappings, rules.rules).attributes]));
  const accounts = [
    // Holds a work address its user has none of: a plan would remove it.
    accountFor(alice, {}, { [WORK_CITY]: 'Belmont' }),
    // Holds its user's address: nothing to remove.
    accountFor(bob, {}, { [WORK_CITY]: 'Denver' }),
  ];
  const input = { provisioning: rules, accounts, listOmits: LIST_OMITS, desired: (id: string) => mapped.get(id) };

  it('are the accounts holding a value beside the list that their user has none of', () => {
    expect(removalsToConfirm(input)).toEqual(['rc-alice']);
  });

  it('are the same with the plan’s comparer, which passes over the accounts it finds no difference in', () => {
    const compare = accountComparer(rules, LIST_OMITS, identityNormalizer);
    expect(compare(mapped.get('bob')!, accounts[1]!)).toEqual([]);
    expect(compare(mapped.get('alice')!, accounts[0]!).map((f) => f.path)).toContain(WORK_CITY);
    expect(removalsToConfirm({ ...input, compare })).toEqual(['rc-alice']);
    // What the comparer answers decides: one that finds no difference anywhere passes over all.
    const noDifference = Object.assign(() => [], { isManaged: () => true });
    expect(removalsToConfirm({ ...input, compare: noDifference })).toEqual([]);
  });
});

/**
 * Comparing accounts while the directory is read (engine/compare-ahead.ts): an account is
 * compared once its list has come and its user is mapped, in either order, between turns of the
 * event loop, and nothing is compared once the directory has been read.
 */
import { describe, expect, it } from 'vitest';
import type { FlatAttributes, TargetAccount } from '../../src/core/model.js';
import { CompareAhead } from '../../src/engine/compare-ahead.js';
import { accountFor, user } from '../core/fixtures.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

function recorder() {
  const seen: Array<[FlatAttributes, string]> = [];
  return { seen, compare: (mapped: FlatAttributes, account: TargetAccount) => seen.push([mapped, account.id]) };
}

describe('comparing ahead', () => {
  it('compares each account whose user is mapped, before or after the list came', async () => {
    const ahead = new CompareAhead();
    const { seen, compare } = recorder();
    const alice = { userName: 'alice' };
    const bob = { userName: 'bob' };
    ahead.mapped('ringcentral', 'alice', alice);
    ahead.accounts('ringcentral', [accountFor(user('alice')), accountFor(user('bob')), accountFor(user('carol'))], compare);
    expect(seen).toEqual([]);
    await turn();
    expect(seen).toEqual([[alice, 'rc-alice']]);
    ahead.mapped('ringcentral', 'bob', bob);
    ahead.mapped('wiki', 'carol', { userName: 'carol' });
    await turn();
    expect(seen).toEqual([
      [alice, 'rc-alice'],
      [bob, 'rc-bob'],
    ]);
  });

  it('compares nothing once stopped', async () => {
    const ahead = new CompareAhead();
    const { seen, compare } = recorder();
    ahead.accounts('ringcentral', [accountFor(user('alice'))], compare);
    ahead.mapped('ringcentral', 'alice', { userName: 'alice' });
    ahead.stop();
    ahead.mapped('ringcentral', 'bob', { userName: 'bob' });
    await turn();
    await turn();
    expect(seen).toEqual([]);
  });

  it('works through many accounts a part per turn', async () => {
    const ahead = new CompareAhead();
    const { seen, compare } = recorder();
    const users = Array.from({ length: 600 }, (_, i) => user(`u${i}`));
    for (const u of users) ahead.mapped('ringcentral', u.id, { userName: u.id });
    ahead.accounts('ringcentral', users.map((u) => accountFor(u)), compare);
    await turn();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.length).toBeLessThan(600);
    for (let i = 0; i < 5 && seen.length < 600; i++) await turn();
    expect(new Set(seen.map(([, id]) => id)).size).toBe(600);
  });
});

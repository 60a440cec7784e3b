/**
 * Import: each account classified against every IdP user, and the groups suggested to cover the
 * matched users.
 */
import { describe, expect, it } from 'vitest';
import { coverMatchedUsers } from '../../src/core/group-cover.js';
import { buildImportReport } from '../../src/core/import.js';
import type { Directory, TargetAccount } from '../../src/core/model.js';
import { accountFor, group, provisioning, user } from './fixtures.js';

const unowned = (id: string, userName: string, overrides: Partial<TargetAccount> = {}): TargetAccount => ({
  id,
  userName,
  state: 'active',
  detail: 'list',
  attributes: { userName, 'emails[type eq "work"].value': userName },
  ...overrides,
});

describe('buildImportReport', () => {
  const alice = user('alice');
  const bob = user('bob');
  const carol = user('carol', { state: 'STAGED' });
  const dave = user('dave');
  const erin = user('erin');
  const directory: Directory = { users: [alice, bob, carol, dave, erin], groups: [group('Sales', ['alice', 'bob'])] };

  it('classifies linked, adoptable, disputed, orphaned and unmanaged accounts, and leaves disabled ones out', () => {
    const report = buildImportReport({
      app: 'ringcentral',
      provisioning: provisioning(),
      directory,
      accounts: [
        accountFor(alice),
        unowned('2', 'BOB@example.com'),
        // One account carrying dave's userName and erin's email: it could be either's.
        unowned('3', 'dave@example.com', { attributes: { userName: 'dave@example.com', 'emails[type eq "work"].value': 'erin@example.com' } }),
        unowned('4', 'ghost@example.com', { externalId: '0123456789abcdef01234567' }),
        unowned('5', 'admin@example.com'),
        unowned('6', 'carol@example.com', { state: 'pending' }),
        unowned('7', 'old@example.com', { state: 'inactive' }),
        accountFor(user('frank'), { id: '8', state: 'inactive' }),
      ],
      idpUserIdPattern: '[0-9a-f]{24}',
    });
    expect(report.counts).toEqual({ linked: 1, adoptable: 2, disputed: 1, orphaned: 1, unmanaged: 1 });
    expect(report.accounts.map((a) => [a.class, a.userName])).toEqual([
      ['linked', 'alice@example.com'],
      ['adoptable', 'BOB@example.com'],
      ['adoptable', 'carol@example.com'],
      ['disputed', 'dave@example.com'],
      ['orphaned', 'ghost@example.com'],
      ['unmanaged', 'admin@example.com'],
    ]);
    expect(report.accounts[1]).toMatchObject({ users: [{ id: 'bob', email: 'bob@example.com' }], matchedOn: ['userName'] });
    expect(report.accounts[2]).toMatchObject({ state: 'pending' });
    expect(report.accounts[3]!.users.map((u) => u.id)).toEqual(['dave', 'erin']);
    expect(report.disabled).toEqual(['frank@example.com', 'old@example.com']);
  });

  it('matches on the userName the application maps, not the IdP username', () => {
    const report = buildImportReport({
      app: 'wiki',
      provisioning: provisioning({ mappings: [{ target: 'userName', source: 'username' }] }),
      directory,
      accounts: [unowned('1', 'alice'), unowned('2', 'bob@example.com', { attributes: { userName: 'bob@example.com' } })],
    });
    expect(report.accounts.map((a) => [a.class, a.userName])).toEqual([
      ['adoptable', 'alice'],
      ['unmanaged', 'bob@example.com'],
    ]);
  });

  it('does not let a disabled account make a match ambiguous', () => {
    const report = buildImportReport({
      app: 'ringcentral',
      provisioning: provisioning(),
      directory,
      accounts: [unowned('1', 'alice@example.com'), unowned('2', 'alice@example.com', { state: 'inactive' })],
    });
    expect(report.counts).toMatchObject({ adoptable: 1, disputed: 0 });
    expect(report.cover.suggested).toEqual([{ group: 'Sales', covers: 1, adds: 1 }]);
  });
});

describe('coverMatchedUsers', () => {
  const people = Array.from({ length: 12 }, (_, i) => user(`u${i}`));
  const ids = (...n: number[]) => n.map((i) => `u${i}`);

  it('prefers one group made of exactly the matched users', () => {
    const cover = coverMatchedUsers(
      { users: people, groups: [group('Everyone', ids(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)), group('Team', ids(0, 1, 2)), group('Pair', ids(0, 1))] },
      new Set(ids(0, 1, 2)),
    );
    expect(cover).toMatchObject({ suggested: [{ group: 'Team', covers: 3, adds: 0 }], uncovered: [], exact: true, avoided: [] });
  });

  it('combines groups, counts who else they give an account to, and avoids groups mostly made of others', () => {
    const cover = coverMatchedUsers(
      {
        users: [...people, user('late', { state: 'STAGED' }), user('away', { suspended: true, state: 'SUSPENDED' })],
        groups: [
          group('Sales', ids(0, 1, 2, 3)),
          group('Support', [...ids(4, 5), 'late', 'away', 'u7']),
          group('Partners', ids(6, 7)),
          group('Everyone', ids(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
        ],
      },
      new Set(ids(0, 1, 2, 3, 4, 5, 8)),
    );
    // Sales: 4 covered, nobody added. Support: 2 covered, u7 added (late is STAGED, away suspended: no account).
    expect(cover.suggested).toEqual([
      { group: 'Sales', covers: 4, adds: 0 },
      { group: 'Support', covers: 2, adds: 1 },
    ]);
    // u8 is only in Everyone, which would give accounts to five more people to cover one.
    expect(cover.uncovered).toEqual(['u8@example.com']);
    expect(cover.avoided).toEqual([{ group: 'Everyone', covers: 1, adds: 4 }]);
    expect(cover.exact).toBe(false);
  });

  it('reports matched users who are STAGED or inactive in the IdP', () => {
    const cover = coverMatchedUsers(
      { users: [user('a'), user('b', { state: 'STAGED' }), user('c', { passwordExpired: true })], groups: [group('G', ['a', 'b', 'c'])] },
      new Set(['a', 'b', 'c']),
    );
    expect(cover).toMatchObject({ matchedUsers: 3, staged: ['b@example.com'], inactiveInIdp: ['c@example.com'], suggested: [{ group: 'G', covers: 2, adds: 0 }] });
    expect(cover.exact).toBe(false);
  });

  it('suggests nothing when no group contains a matched user', () => {
    const cover = coverMatchedUsers({ users: [user('a')], groups: [group('G', [])] }, new Set(['a']));
    expect(cover).toMatchObject({ suggested: [], uncovered: ['a@example.com'], avoided: [], exact: false });
  });
});

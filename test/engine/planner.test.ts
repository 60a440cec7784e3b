/**
 * Planning against providers (fakes here): what refresh reads, and what the planner hands the core.
 */
import { describe, expect, it } from 'vitest';
import type { IdpProvider, TargetProvider } from '../../src/core/ports.js';
import { identityNormalizer } from '../../src/core/compare.js';
import type { TargetAccount } from '../../src/core/model.js';
import { planLive } from '../../src/engine/planner.js';
import { accountFor, application, CAPABILITIES, group, IDP_USER_ID_PATTERN, user } from '../core/fixtures.js';

const alice = user('alice');
const bob = user('bob');

function providers(accounts: TargetAccount[], options: { userIdPattern?: string; listOmits?: string[] } = {}) {
  const detailReads: string[][] = [];
  const idp: IdpProvider = {
    system: 'jumpcloud',
    ...(options.userIdPattern ? { userIdPattern: options.userIdPattern } : {}),
    readDirectory: async () => ({ users: [alice, bob], groups: [group('Sales', ['alice'])] }),
    readApplications: async () => [],
    execute: async () => {
      throw new Error('plan never writes');
    },
  };
  const target: TargetProvider = {
    system: 'ringcentral',
    capabilities: { ...CAPABILITIES, listOmits: options.listOmits ?? [] },
    normalizer: identityNormalizer,
    readAccounts: async () => accounts.map((a) => ({ ...a, detail: options.listOmits ? 'list' : 'full' })),
    readAccountDetails: async (ids) => {
      detailReads.push([...ids]);
      return accounts.filter((a) => ids.includes(a.id)).map((a) => ({ ...a, state: 'active' as const }));
    },
    findAccount: async () => undefined,
    execute: async () => {
      throw new Error('plan never writes');
    },
  };
  return { detailReads, providers: { idp, targets: new Map([['ringcentral', target]]) } };
}

const request = { desired: { applications: [application(['Sales'])] }, configDigest: 'd', now: new Date('2026-01-01T00:00:00Z') };
const orphan = accountFor(user('gone'), { externalId: '65e1a72438a31e660d00c8c4' });

describe('planLive', () => {
  it('hands the IdP’s user id shape to the core, so an orphaned account is deprovisioned', async () => {
    const { providers: withShape } = providers([accountFor(alice), orphan], { userIdPattern: IDP_USER_ID_PATTERN });
    expect((await planLive(request, withShape)).changes.map((c) => `${c.action} ${c.address}`)).toEqual(['deactivate ringcentral/user/gone@example.com']);
    const { providers: withoutShape } = providers([accountFor(alice), orphan]);
    expect((await planLive(request, withoutShape)).changes).toEqual([]);
  });

  it('reads in full, when lists omit managed attributes, only the accounts of users with access that are not pending', async () => {
    const { detailReads, providers: fake } = providers([accountFor(alice, { state: 'pending' }), accountFor(alice, { id: 'rc-alice-listed' }), accountFor(bob), orphan], {
      listOmits: ['addresses', 'phoneNumbers'],
    });
    await planLive(request, fake);
    expect(detailReads).toEqual([['rc-alice-listed']]);
  });
});

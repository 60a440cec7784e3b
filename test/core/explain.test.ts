/**
 * Explain's verdicts, assertion and account lookup, from data: the same access, mapping and plan
 * functions as the plan, asked about one user.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { explainUser, findUser, type ExplainInput } from '../../src/core/explain.js';
import type { Directory, IdpApplication } from '../../src/core/model.js';
import { accountFor, application, group, user } from './fixtures.js';

const alice = user('alice', { phoneNumbers: [{ type: 'work', number: '+15550100' }] });
const bob = user('bob', { suspended: true, state: 'SUSPENDED' });
const carol = user('carol', { state: 'STAGED' });
const dave = user('dave');
const directory: Directory = {
  users: [alice, bob, carol, dave],
  groups: [
    { id: 'g-Support', name: 'Support', members: [{ userId: 'alice', via: ['Leads', 'Night Shift'] }] },
    group('Sales', ['bob', 'carol']),
    group('Old', ['dave']),
  ],
};
const app = application(['Support', 'Sales'], {
  sso: {
    enabled: true,
    settings: { 'config.subjectField': 'username', 'attributes.email': 'email', 'attributes.number': 'phoneNumbers[type eq "work"].number', 'attributes.costCenter': 'attributes.costCenter', 'constantAttributes.region': 'EU' },
  },
});
const bound: IdpApplication = { id: 'app1', app: 'ringcentral', settings: {}, boundGroups: [{ id: 'g-Old', name: 'Old' }] };

function input(who: typeof alice, overrides: Partial<ExplainInput> = {}): ExplainInput {
  return { user: who, applications: [app], directory, idpApplications: [bound], accounts: {}, changes: [], ...overrides };
}

describe('findUser', () => {
  it('finds by id, then email, then username, ignoring case', () => {
    const users = [user('x', { email: 'Mixed@Example.com', username: 'shared' }), user('shared', { email: 'other@example.com', username: 'someone' })];
    expect(findUser(users, 'shared')?.email).toBe('other@example.com');
    expect(findUser(users, 'mixed@example.COM')?.id).toBe('x');
    expect(findUser(users, 'SOMEONE')?.id).toBe('shared');
    expect(findUser(users, 'nobody')).toBeUndefined();
  });
});

describe('explainUser', () => {
  it('gives access through nested groups, with the SAML assertion the user receives', () => {
    const [explained] = explainUser(input(alice)).applications;
    expect(explained?.access).toEqual({ kind: 'granted', paths: [{ group: 'Support', via: ['Leads', 'Night Shift'] }] });
    expect(explained?.saml).toEqual({
      nameId: { name: 'NameID', source: 'username', value: 'alice' },
      attributes: [
        { name: 'costCenter', source: 'attributes.costCenter' },
        { name: 'email', source: 'email', value: 'alice@example.com' },
        { name: 'number', source: 'phoneNumbers[type eq "work"].number', value: '+15550100' },
        { name: 'region', value: 'EU' },
      ],
    });
    expect(explained?.scim?.resource).toMatchObject({ userName: 'alice@example.com', externalId: 'alice', active: true });
  });

  it('names the state that blocks access: suspended keeps the account inactive, STAGED gives none', () => {
    expect(explainUser(input(bob)).applications[0]).toMatchObject({ access: { kind: 'inactive', cause: 'suspended' }, scim: { resource: { active: false } } });
    expect(explainUser(input(bob)).applications[0]?.saml).toBeUndefined();
    const staged = explainUser(input(carol)).applications[0];
    expect(staged?.access).toEqual({ kind: 'staged', paths: [{ group: 'Sales', via: [] }] });
    expect(staged?.scim).toBeUndefined();
  });

  it('says which group bound today the configuration removes, and when access cannot be known', () => {
    expect(explainUser(input(dave)).applications[0]?.access).toEqual({ kind: 'not-member', boundGroups: ['Support', 'Sales'], unbound: ['Old'] });
    const missing = explainUser(input(dave, { applications: [application(['Ghosts'])] })).applications[0];
    expect(missing?.access).toEqual({ kind: 'unknown', missingGroups: ['Ghosts'] });
  });

  it('finds the user’s accounts and the plan’s changes about them', () => {
    const linked = accountFor(alice);
    const lookalike = { ...accountFor(dave, { id: 'rc-x', externalId: 'someone-else' }), userName: 'ALICE@example.com' };
    const other = accountFor(dave);
    const change = (address: string, externalId: string): Change => ({
      address,
      app: 'ringcentral',
      kind: 'scim_user',
      action: 'update',
      before: { externalId },
      fields: [],
      reason: { code: 'drift', message: 'drift' },
      steps: [],
      problems: [],
    });
    const [explained] = explainUser(
      input(alice, { accounts: { ringcentral: [linked, lookalike, other] }, changes: [change('ringcentral/user/alice@example.com', 'alice'), change('ringcentral/user/dave@example.com', 'dave')] }),
    ).applications;
    expect(explained?.accounts.map((a) => [a.id, a.relation])).toEqual([
      ['rc-alice', 'linked'],
      ['rc-x', 'matches'],
    ]);
    expect(explained?.accounts[0]?.attributes).toMatchObject({ userName: 'alice@example.com', externalId: 'alice' });
    expect(explained?.changes.map((c) => c.address)).toEqual(['ringcentral/user/alice@example.com']);
  });
});

/** The plan as a whole: what it carries besides changes, its order, and that it is plain data. */
import { describe, expect, it } from 'vitest';
import { buildPlan, hasChanges, hasProblems } from '../../src/core/plan.js';
import { accountFor, application, group, planInput, provisioning, unownedAccount, user } from './fixtures.js';

const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'].map((id) => user(id));
const sso = { enabled: true, settings: { label: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral' } };

describe('buildPlan', () => {
  it('counts changes per action; skips are not changes to apply but are problems', () => {
    const plan = buildPlan(planInput({ users: [users[0]!, user('bob', { lastname: undefined })], groups: [group('Sales', ['alice', 'bob'])] }));
    expect(plan.summary).toEqual({ create: 1, update: 0, replace: 0, adopt: 0, deactivate: 0, reactivate: 0, delete: 0, skip: 1 });
    expect(hasChanges(plan)).toBe(true);
    expect(hasProblems(plan)).toBe(true);
    expect(hasChanges({ changes: plan.changes.filter((c) => c.action === 'skip') })).toBe(false);
  });

  it('orders changes by application as configured, then SSO, bindings, accounts, then address', () => {
    const apps = [
      application(['Sales'], { name: 'zoom', sso }),
      application(['Sales'], { name: 'ringcentral', sso }),
    ];
    const plan = buildPlan(planInput({ users: [users[1]!, users[0]!], groups: [group('Sales', ['bob', 'alice'])], apps }));
    expect(plan.changes.map((c) => c.address)).toEqual([
      'zoom/sso',
      'zoom/binding/Sales',
      'zoom/user/alice@example.com',
      'zoom/user/bob@example.com',
      'ringcentral/sso',
      'ringcentral/binding/Sales',
      'ringcentral/user/alice@example.com',
      'ringcentral/user/bob@example.com',
    ]);
  });

  it('summarises each application: managed and unmanaged accounts, activation emails, deprovisions and their limit', () => {
    const plan = buildPlan(
      planInput({
        users,
        groups: [group('Sales', ['alice', 'bob'])],
        accounts: [accountFor(users[1]!), accountFor(users[2]!), unownedAccount('zed@example.com'), unownedAccount('admin@example.com')],
      }),
    );
    expect(plan.applications).toEqual([
      { app: 'ringcentral', managedAccounts: 2, unmanaged: ['admin@example.com', 'zed@example.com'], activationEmails: 1, deprovisions: 1, deprovisionLimit: 5, renames: 0, renameLimit: 5 },
    ]);
  });

  it('counts no activation emails for a target that does not send them', () => {
    const noPending = provisioning();
    const apps = [application(['Sales'], { provisioning: { ...noPending, rules: { ...noPending.rules, pendingAfterCreate: false } } })];
    expect(buildPlan(planInput({ users, groups: [group('Sales', ['alice'])], apps })).applications[0]!.activationEmails).toBe(0);
  });

  it('records safety violations with the acknowledgement flag: over the limit and protected users', () => {
    const apps = [application(['Sales'], { provisioning: provisioning({ safety: { protect: ['gina@example.com'] } }) })];
    const plan = buildPlan(planInput({ users, groups: [group('Sales', ['alice'])], accounts: users.map((u) => accountFor(u)), apps }));
    expect(plan.violations.map((v) => [v.kind, v.allow, v.count])).toEqual([
      ['deprovision', '--allow deprovision:ringcentral', 6],
      ['protected', '--allow protected:ringcentral', 1],
    ]);
    expect(plan.violations[1]!.addresses).toEqual(['ringcentral/user/gina@example.com']);
  });

  it('asks for the SSO metadata by hand when an SSO application is created', () => {
    const plan = buildPlan(planInput({ users, groups: [group('Sales', ['alice'])], apps: [application(['Sales'], { sso })] }));
    expect(plan.manualSteps.map((s) => [s.app, s.address])).toEqual([['ringcentral', 'ringcentral/sso']]);
  });

  it('estimates the writes of apply and the reads of the next plan', () => {
    const plan = buildPlan(planInput({ users, groups: [group('Sales', ['alice', 'bob'])] }));
    expect(plan.estimate.apply.entries).toEqual([{ system: 'ringcentral', group: 'heavy', requests: 2, requestsPerMinute: 10, minimumSeconds: 12 }]);
    expect(plan.estimate.nextPlan.entries.map((e) => [e.group, e.requests])).toEqual([['light', 1]]);
  });

  it('is plain data: JSON round-trips it unchanged', () => {
    const plan = buildPlan(planInput({ users, groups: [group('Sales', ['alice', 'bob'])], accounts: [accountFor(users[2]!)], apps: [application(['Sales'], { sso })] }));
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('keeps the time and configuration digest it is given', () => {
    const plan = buildPlan(planInput({ users, groups: [] }));
    expect([plan.createdAt, plan.configDigest, plan.formatVersion]).toEqual(['2026-01-01T00:00:00.000Z', 'config-digest', 1]);
  });
});

/** Judging a change's precondition against the object as read right before the change. */
import { describe, expect, it } from 'vitest';
import type { IdpApplication } from '../../src/core/model.js';
import { accountRulesOf, judgeAccountChange, judgeIdpChange } from '../../src/engine/preconditions.js';
import { account, accountChange, APP, bindingCreate, createChange, DESIRED, FakeTarget, ssoCreate } from './fakes.js';

const rules = accountRulesOf(DESIRED, new Map([[APP, new FakeTarget()]]))(APP)!;

describe('judgeAccountChange', () => {
  const clerk = account('clerk@example.com', { 'name.familyName': 'Old', title: 'Clerk' });
  const update = accountChange(clerk, 'update', { 'name.familyName': 'New' });

  it.each([
    ['as the plan saw it', clerk, 'holds'],
    ['changed in an attribute Roster does not manage', { ...clerk, attributes: { ...clerk.attributes, nickName: 'C' } }, 'holds'],
    ['already changed as planned', { ...clerk, attributes: { ...clerk.attributes, 'name.familyName': 'New' } }, 'applied'],
    ['changed in a managed attribute', { ...clerk, attributes: { ...clerk.attributes, title: 'Boss' } }, 'stale'],
    ['deactivated meanwhile', { ...clerk, state: 'inactive' as const }, 'stale'],
    ['gone', undefined, 'stale'],
  ])('an update whose account is %s: %s', (_, observed, verdict) => {
    expect(judgeAccountChange(update, observed, rules).kind).toBe(verdict);
  });

  it('holds for an account read in full when the plan read it from a list page that omits an attribute', () => {
    const { title: _omitted, ...listed } = clerk.attributes;
    const planned = accountChange({ ...clerk, attributes: listed, detail: 'list' }, 'update', { 'name.familyName': 'New' });
    expect(judgeAccountChange(planned, clerk, rules).kind).toBe('stale');
    expect(judgeAccountChange(planned, clerk, { ...rules, listOmits: ['title'] }).kind).toBe('holds');
  });

  it('holds for an account known only from a list page when the plan read it in full at the same version', () => {
    const full = { ...clerk, version: 'v1' };
    const planned = { ...update, precondition: { ...update.precondition, version: 'v1' } };
    const { title: _omitted, ...listed } = clerk.attributes;
    const rulesOmittingTitle = { ...rules, listOmits: ['title'] };
    expect(judgeAccountChange(planned, { ...full, attributes: listed, detail: 'list' }, rulesOmittingTitle).kind).toBe('holds');
    expect(judgeAccountChange(planned, { ...full, attributes: listed, detail: 'list', version: 'v2' }, rulesOmittingTitle).kind).toBe('stale');
    expect(judgeAccountChange({ ...planned, precondition: { digest: planned.precondition!.digest! } }, { ...full, attributes: listed, detail: 'list' }, rulesOmittingTitle).kind).toBe('stale');
  });

  it('leaves a change made but for fields a list page omits to the full read before the change', () => {
    const { title: _omitted, ...listed } = clerk.attributes;
    const rulesOmittingTitle = { ...rules, listOmits: ['title'] };
    const both = accountChange(clerk, 'update', { 'name.familyName': 'New', title: 'Chief' });
    const made = { ...clerk, attributes: { ...listed, 'name.familyName': 'New' }, detail: 'list' as const, version: 'v2' };
    expect(judgeAccountChange(both, made, rulesOmittingTitle).kind).toBe('holds');
    expect(judgeAccountChange(both, { ...made, attributes: { ...listed, 'name.familyName': 'Other' } }, rulesOmittingTitle).kind).toBe('stale');
    expect(judgeAccountChange(both, { ...made, detail: 'full', attributes: { ...clerk.attributes, 'name.familyName': 'New' } }, rulesOmittingTitle).kind).toBe('stale');
  });

  it('holds for a version the plan did not record, and is stale for another version it did', () => {
    const versioned = { ...update, precondition: { ...update.precondition, version: 'v1' } };
    expect(judgeAccountChange(versioned, { ...clerk, version: 'v1' }, rules).kind).toBe('holds');
    expect(judgeAccountChange(versioned, { ...clerk, version: 'v2' }, rules).kind).toBe('stale');
  });

  it('treats a delete whose account is gone as made', () => {
    expect(judgeAccountChange(accountChange(clerk, 'delete'), undefined, rules).kind).toBe('applied');
  });

  it('lets a create go only when no account has its userName; its own account means it was made', () => {
    const create = createChange('new@example.com');
    expect(judgeAccountChange(create, undefined, rules).kind).toBe('holds');
    expect(judgeAccountChange(create, account('new@example.com'), rules).kind).toBe('applied');
    expect(judgeAccountChange(create, { ...account('new@example.com'), externalId: 'other' }, rules)).toEqual({
      kind: 'stale',
      why: 'an account with userName new@example.com exists now (not created by Roster for this user)',
    });
  });
});

describe('judgeIdpChange', () => {
  // As Roster makes it: the settings and Roster's record.
  const app: IdpApplication = { id: 'app-1', app: APP, settings: ssoCreate().after!, boundGroups: [] };

  it('creates an application that is absent, and recognises one already made', () => {
    expect(judgeIdpChange(ssoCreate(), undefined).kind).toBe('holds');
    expect(judgeIdpChange(ssoCreate(), app).kind).toBe('applied');
    expect(judgeIdpChange(ssoCreate(), { ...app, settings: { ...app.settings, ssoUrl: 'https://other' } }).kind).toBe('stale');
  });

  it('binds a group that is not bound yet, and recognises a binding already made', () => {
    expect(judgeIdpChange(bindingCreate('Staff'), app).kind).toBe('holds');
    expect(judgeIdpChange(bindingCreate('Staff'), { ...app, boundGroups: [{ id: 'g-Staff', name: 'Staff' }] }).kind).toBe('applied');
  });

  it('does not bind to an application that was replaced since the plan', () => {
    const binding = { ...bindingCreate('Staff'), steps: [{ op: 'idp.binding.add' as const, app: APP, appId: 'app-0', group: 'Staff', groupId: 'g-Staff' }] };
    expect(judgeIdpChange(binding, app).kind).toBe('stale');
  });
});

/**
 * The SSO side of a plan: which IdP application is whose, what happens to it, the provisioning
 * record, removed applications, the safety rules and the manual steps that follow.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import type { DesiredApplication, DesiredProvisioning, DesiredSso } from '../../src/core/desired.js';
import { provisioningRecord } from '../../src/core/idp-record.js';
import type { FlatAttributes, IdpApplication } from '../../src/core/model.js';
import { buildPlan, type Plan } from '../../src/core/plan.js';
import type { SsoReviewer } from '../../src/core/sso-review.js';
import { application, group, planInput, provisioning, user } from './fixtures.js';

const SCIM = 'https://platform.ringcentral.com/scim/v2';
const SSO_SETTINGS = { label: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral', active: true, 'attributes.email': 'email' };
const sso = (settings: FlatAttributes = {}): DesiredSso => ({ enabled: true, settings: { ...SSO_SETTINGS, ...settings } });
const RECORD = { 'roster.app': 'ringcentral', 'roster.onRemove': 'keep', 'roster.provisioning': provisioningRecord(SCIM) };

/** The IdP application Roster made for the desired one, as read back. */
const idpApp = (settings: FlatAttributes = {}, extra: Partial<IdpApplication> = {}): IdpApplication => ({
  id: 'app-1',
  app: 'ringcentral',
  settings: { ...SSO_SETTINGS, ...RECORD, ...settings },
  boundGroups: [{ id: 'g-Sales', name: 'Sales' }],
  ...extra,
});

const desiredApp = (overrides: Partial<DesiredApplication> = {}): DesiredApplication =>
  application(['Sales'], { sso: sso(), provisioning: provisioning({ url: SCIM }), ...overrides });

function plan(apps: DesiredApplication[], idpApplications: IdpApplication[], ssoReviewer?: SsoReviewer): Plan {
  return buildPlan({ ...planInput({ users: [user('alice')], groups: [group('Sales', ['alice'])], apps, idpApplications }), ...(ssoReviewer ? { ssoReviewer } : {}) });
}

const idpChanges = (p: Plan) => p.changes.filter((c) => c.kind !== 'scim_user');
const summary = (c: Change) => `${c.action} ${c.address}`;

describe('which IdP application is whose', () => {
  it('an application with Roster’s record for it is its own: nothing to do when it matches', () => {
    expect(idpChanges(plan([desiredApp()], [idpApp()]))).toEqual([]);
  });

  it('none yet: created with the record, then the provisioning record written', () => {
    const p = plan([desiredApp()], []);
    expect(idpChanges(p).map(summary)).toEqual(['create ringcentral/sso', 'create ringcentral/binding/Sales', 'create ringcentral/provisioning']);
    const create = p.changes[0]!;
    expect(create.steps).toEqual([{ op: 'idp.app.create', app: 'ringcentral', settings: { ...SSO_SETTINGS, 'roster.app': 'ringcentral', 'roster.onRemove': 'keep' } }]);
    expect(p.changes[2]).toMatchObject({ kind: 'provisioning', precondition: {}, steps: [{ op: 'idp.provisioning.record', app: 'ringcentral', provisioning: provisioningRecord(SCIM) }] });
    expect(p.changes[2]!.steps[0]).not.toHaveProperty('appId');
  });

  it('an unowned application with the label is adopted, visibly: the record is written, with any difference', () => {
    const unowned: IdpApplication = {
      id: 'app-1',
      app: 'ringcentral',
      settings: SSO_SETTINGS,
      boundGroups: [{ id: 'g-Sales', name: 'Sales' }],
      certificate: { pem: '', fingerprintSha256: 'AB:CD:EF:01:23:45:67:89:AB', notAfter: '2030-01-01T00:00:00.000Z' },
    };
    const p = plan([desiredApp()], [unowned]);
    const adopt = p.changes.find((c) => c.address === 'ringcentral/sso')!;
    expect(adopt).toMatchObject({ action: 'adopt', reason: { code: 'matched' } });
    expect(adopt.fields.map((f) => f.path)).toEqual(['roster.app', 'roster.onRemove', 'roster.certificate']);
    expect(adopt.steps).toEqual([
      { op: 'idp.app.update', app: 'ringcentral', appId: 'app-1', set: { 'roster.app': 'ringcentral', 'roster.onRemove': 'keep', 'roster.certificate': 'abcdef0123456789' }, unset: [] },
    ]);
    expect(p.changes.find((c) => c.kind === 'provisioning')).toMatchObject({ action: 'create', steps: [{ op: 'idp.provisioning.record', appId: 'app-1' }] });
    // Adopting takes the application's side as set up: no manual step.
    expect(p.manualSteps).toEqual([]);
  });

  it('an unowned application whose description leaves no room for the record is not adopted until the configuration gives one', () => {
    const long = 'x'.repeat(230);
    const unowned: IdpApplication = { id: 'app-1', app: 'ringcentral', settings: { ...SSO_SETTINGS, description: long }, boundGroups: [] };
    const blocked = plan([desiredApp()], [unowned]);
    expect(idpChanges(blocked).map(summary)[0]).toBe('skip ringcentral/sso');
    expect(blocked.changes[0]).toMatchObject({ blockedAction: 'adopt', steps: [], problems: [{ code: 'idp.description-too-long', path: 'applications.ringcentral.description' }] });
    expect(blocked.changes[0]!.problems[0]!.message).toContain('description is 230 characters');

    const replaced = plan([desiredApp({ sso: sso({ description: 'Company phones' }) })], [unowned]);
    expect(replaced.changes.find((c) => c.address === 'ringcentral/sso')).toMatchObject({ action: 'adopt', fields: expect.arrayContaining([{ path: 'description', before: long, after: 'Company phones' }]) });
  });

  it('an unowned application with another IdP URL is not adopted: Roster never replaces what it did not create', () => {
    const unowned: IdpApplication = { id: 'app-9', app: 'ringcentral', settings: { ...SSO_SETTINGS, ssoUrl: 'https://sso.jumpcloud.com/saml2/rc-old' }, boundGroups: [] };
    const p = plan([desiredApp()], [unowned]);
    expect(idpChanges(p).map(summary)).toEqual(['skip ringcentral/sso']);
    expect(p.changes[0]).toMatchObject({ blockedAction: 'adopt', steps: [], problems: [{ code: 'idp.adopt-immutable' }] });
    expect(p.changes[0]!.problems[0]!.hint).toContain('set sso.ssoUrl to "https://sso.jumpcloud.com/saml2/rc-old"');
    expect(p.violations).toEqual([]);
  });

  it('an application recorded for one no longer configured is adopted under the new name', () => {
    const p = plan([desiredApp({ name: 'phones' })], [idpApp({}, { app: 'ringcentral' })]);
    const adopt = p.changes.find((c) => c.address === 'phones/sso')!;
    expect(adopt).toMatchObject({ action: 'adopt', fields: [{ path: 'roster.app', before: 'ringcentral', after: 'phones' }] });
    expect(adopt.reason.message).toContain("was Roster's for ringcentral, which is no longer configured");
    expect(p.changes.some((c) => c.action === 'delete' && c.kind === 'sso_app')).toBe(false);
  });

  it.each([
    ['two applications with the record', [idpApp(), idpApp({}, { id: 'app-2' })], 'idp.application-ambiguous'],
    ['two unowned applications with the label', [{ ...idpApp(), settings: SSO_SETTINGS }, { ...idpApp({}, { id: 'app-2' }), settings: SSO_SETTINGS }], 'idp.application-ambiguous'],
  ])('%s: an error, and nothing planned for the IdP side', (_, apps, code) => {
    const p = plan([desiredApp()], apps as IdpApplication[]);
    expect(idpChanges(p)).toEqual([]);
    expect(p.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code }));
  });

  it.each([
    ['the one with the most bound groups', [idpApp({}, { id: 'app-1', boundGroups: [] }), idpApp({}, { id: 'app-2' })], 'keep app-2 (it has the most bound groups (1)); delete app-1'],
    ['the oldest when they are alike', [idpApp({}, { id: 'app-2' }), idpApp({}, { id: 'app-1' })], 'keep app-1 (it is the oldest); delete app-2'],
    [
      'the one whose certificate the admin was given',
      [
        idpApp({ 'roster.certificate': 'aabbccddeeff0011' }, { id: 'app-1', certificate: { pem: '', fingerprintSha256: '00:11', notAfter: '2030-01-01' } }),
        idpApp({ 'roster.certificate': 'aabbccddeeff0011' }, { id: 'app-2', boundGroups: [], certificate: { pem: '', fingerprintSha256: 'AA:BB:CC:DD:EE:FF:00:11:22', notAfter: '2030-01-01' } }),
      ],
      'keep app-2 (its certificate is the one the application’s admin portal was given); delete app-1',
    ],
  ])('two applications with one record: the fix names which to keep, %s, and which to delete', (_, apps, hint) => {
    const p = plan([desiredApp()], apps as IdpApplication[]);
    const diagnostic = p.diagnostics.find((d) => d.code === 'idp.application-ambiguous');
    expect(diagnostic?.hint).toContain(hint);
  });

  it('the label of another configured application’s IdP application is taken', () => {
    const wiki = desiredApp({ name: 'wiki', catalog: 'scim', sso: sso({ label: 'Wiki', ssoUrl: 'https://sso.jumpcloud.com/saml2/wiki' }), provisioning: undefined });
    const p = plan([desiredApp(), wiki], [idpApp({ 'roster.app': 'wiki' }, { app: 'wiki' })]);
    expect(p.diagnostics).toContainEqual(expect.objectContaining({ code: 'idp.label-taken', address: 'ringcentral/sso' }));
  });

  it('an application without `sso` leaves its IdP application alone, whatever its record', () => {
    expect(idpChanges(plan([desiredApp({ sso: undefined })], [idpApp({ label: 'Old' })]))).toEqual([]);
  });
});

describe('changes to Roster’s own IdP application', () => {
  it.each<[string, FlatAttributes, string[]]>([
    ['a new label', { label: 'Phones' }, ['label']],
    ['SSO switched off', { active: false }, ['active']],
    ['a new constant attribute and a removed one', { 'constantAttributes.region': 'EU' }, ['constantAttributes.region']],
  ])('%s is an update of those fields only', (_, desired, paths) => {
    const p = plan([desiredApp({ sso: sso(desired) })], [idpApp({ 'constantAttributes.team': 'phones' })]);
    const update = p.changes.find((c) => c.address === 'ringcentral/sso')!;
    expect(update.action).toBe('update');
    // Roster owns the whole set of attribute statements: one only the IdP application has is removed.
    expect(update.fields.map((f) => f.path).sort()).toEqual([...paths, 'constantAttributes.team'].sort());
    expect(update.steps).toEqual([expect.objectContaining({ op: 'idp.app.update', appId: 'app-1', unset: ['constantAttributes.team'] })]);
    expect(update.precondition).toEqual({ version: 'app-1', digest: expect.any(String) });
  });

  it('a read-only setting is reported, never sent', () => {
    const p = plan([desiredApp({ sso: sso({ 'config.idpInitUrl': 'https://example.com/start' }) })], [idpApp({ 'config.idpInitUrl': 'https://sso.jumpcloud.com/saml2/ringcentral' }, { readOnly: ['config.idpInitUrl'] })]);
    expect(idpChanges(p)).toEqual([]);
    expect(p.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'idp.setting-read-only' }));
  });

  it('a new IdP certificate is an update that records it, with the manual step to import it', () => {
    const certificate = { pem: 'x', fingerprintSha256: '11:22:33:44:55:66:77:88:99', notAfter: '2031-01-01T00:00:00.000Z' };
    const p = plan([desiredApp()], [idpApp({ 'roster.certificate': 'aaaaaaaaaaaaaaaa' }, { certificate })]);
    const update = p.changes.find((c) => c.address === 'ringcentral/sso')!;
    expect(update).toMatchObject({ action: 'update', fields: [{ path: 'roster.certificate', before: 'aaaaaaaaaaaaaaaa', after: '1122334455667788' }] });
    expect(update.reason.message).toBe('the IdP application has a new signing certificate');
    expect(p.manualSteps.map((s) => s.title)).toEqual(['The identity provider of RingCentral has a new signing certificate: import its metadata again, or SSO sign-in fails']);
    // Recorded, the same certificate needs nothing.
    expect(idpChanges(plan([desiredApp()], [idpApp({ 'roster.certificate': '1122334455667788' }, { certificate })]))).toEqual([]);
  });

  it('an immutable setting makes a replace that carries the record over, and needs --allow replace', () => {
    const p = plan([desiredApp({ sso: sso({ ssoUrl: 'https://sso.jumpcloud.com/saml2/phones' }) })], [idpApp()]);
    expect(idpChanges(p).map(summary)).toEqual(['replace ringcentral/sso', 'create ringcentral/binding/Sales']);
    const replace = p.changes[0]!;
    expect(replace.steps).toEqual([
      { op: 'idp.app.delete', app: 'ringcentral', appId: 'app-1' },
      { op: 'idp.app.create', app: 'ringcentral', settings: { ...SSO_SETTINGS, ssoUrl: 'https://sso.jumpcloud.com/saml2/phones', ...RECORD } },
    ]);
    expect(p.changes[1]!.steps[0]).not.toHaveProperty('appId');
    expect(p.violations).toEqual([expect.objectContaining({ kind: 'replace', allow: '--allow replace:ringcentral', addresses: ['ringcentral/sso'] })]);
    expect(p.manualSteps.map((s) => s.title)).toEqual(['Set up the new identity provider in RingCentral: SSO sign-in fails until this is done']);
  });

  it('documents from the reviewer travel on the SSO change, its diagnostics into the plan', () => {
    const reviewer: SsoReviewer = (input) => ({
      documents: input.action ? [{ name: 'IdP metadata', diff: `--- ${input.action}` }] : [],
      diagnostics: [{ severity: 'warning', code: 'saml.idp-certificate-expiring', message: `${input.app}: expiring` }],
    });
    const p = plan([desiredApp({ sso: sso({ label: 'Phones' }) })], [idpApp()], reviewer);
    expect(p.changes.find((c) => c.address === 'ringcentral/sso')?.documents).toEqual([{ name: 'IdP metadata', diff: '--- update' }]);
    expect(p.diagnostics.map((d) => d.code)).toContain('saml.idp-certificate-expiring');
  });

  it('the SSO settings’ own diagnostics (from resolving the SP metadata) are the plan’s', () => {
    const diagnostic = { severity: 'error' as const, code: 'saml.sp-entity-id-mismatch', message: 'ringcentral: SP entity ID differs' };
    const p = plan([desiredApp({ sso: { ...sso(), diagnostics: [diagnostic] } })], [idpApp()]);
    expect(p.diagnostics).toContainEqual(diagnostic);
  });
});

describe('the provisioning record', () => {
  it.each<[string, Partial<DesiredProvisioning>, string | undefined, { action: string; message: RegExp } | undefined]>([
    ['switched off: accounts are left as they are, and the plan says so', { enabled: false, url: SCIM }, provisioningRecord(SCIM), { action: 'delete', message: /left as they are/ }],
    ['switched on', { url: SCIM }, undefined, { action: 'create', message: /Roster provisions accounts at https:\/\/platform/ }],
    ['a new target', { url: 'https://other.example.com/scim/v2' }, provisioningRecord(SCIM), { action: 'update', message: /from now on/ }],
    ['unchanged', { url: SCIM }, provisioningRecord(SCIM), undefined],
  ])('%s', (_, overrides, recorded, expected) => {
    const { 'roster.provisioning': _recorded, ...record } = RECORD;
    const actual: IdpApplication = { ...idpApp(), settings: { ...SSO_SETTINGS, ...record, ...(recorded !== undefined ? { 'roster.provisioning': recorded } : {}) } };
    const p = plan([desiredApp({ provisioning: provisioning(overrides) })], [actual]);
    const change = p.changes.find((c) => c.kind === 'provisioning');
    if (!expected) {
      expect(change).toBeUndefined();
      return;
    }
    expect(change).toMatchObject({ address: 'ringcentral/provisioning', action: expected.action, precondition: { version: 'app-1' }, steps: [{ op: 'idp.provisioning.record', appId: 'app-1' }] });
    expect(change!.reason.message).toMatch(expected.message);
    // Nothing about accounts: a switched-off application's accounts are not read, planned or touched.
    expect(p.changes.filter((c) => c.kind === 'scim_user').length).toBe(overrides.enabled === false ? 0 : 1);
  });
});

describe('applications no longer configured', () => {
  it('Roster’s application is deleted with --allow delete, and a warning that provisioned accounts stay', () => {
    const p = plan([], [idpApp()]);
    expect(p.changes.map(summary)).toEqual(['delete ringcentral/sso']);
    expect(p.changes[0]!.steps).toEqual([{ op: 'idp.app.delete', app: 'ringcentral', appId: 'app-1' }]);
    expect(p.violations).toEqual([expect.objectContaining({ kind: 'delete', allow: '--allow delete:ringcentral' })]);
    expect(p.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'idp.remove-keeps-accounts' }));
    expect(p.manualSteps.map((s) => s.title)).toEqual(['Turn off SAML single sign-on in RingCentral']);
  });

  it('without a provisioning record, no warning about accounts', () => {
    const { 'roster.provisioning': _, ...withoutProvisioning } = RECORD;
    const p = plan([], [{ ...idpApp(), settings: { ...SSO_SETTINGS, ...withoutProvisioning } }]);
    expect(p.diagnostics.map((d) => d.code)).not.toContain('idp.remove-keeps-accounts');
  });

  it('with onRemove: deprovision the delete is blocked, and says how to deprovision first', () => {
    const p = plan([], [idpApp({ 'roster.onRemove': 'deprovision' })]);
    expect(p.changes).toEqual([expect.objectContaining({ action: 'skip', blockedAction: 'delete', steps: [], problems: [expect.objectContaining({ code: 'idp.remove-needs-deprovision' })] })]);
    expect(p.changes[0]!.problems[0]!.hint).toContain('`groups: []`');
    expect(p.violations).toEqual([]);
  });

  it('an application without Roster’s record is never deleted', () => {
    const p = plan([], [{ id: 'hand-made', app: 'ringcentral', settings: SSO_SETTINGS, boundGroups: [] }]);
    expect(p.changes).toEqual([]);
  });

  it('come after the configured applications', () => {
    const p = plan([desiredApp({ name: 'wiki', catalog: 'scim', sso: sso({ label: 'Wiki', ssoUrl: 'https://sso.jumpcloud.com/saml2/wiki' }), provisioning: undefined })], [idpApp()]);
    expect(p.changes.map((c) => c.app)).toEqual(['wiki', 'wiki', 'ringcentral']);
  });
});

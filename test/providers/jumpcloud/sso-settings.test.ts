/**
 * Every SSO setting Roster writes to a JumpCloud application reads back as written, over HTTP
 * against the sandbox: strings, booleans, select options, constant attributes, attribute
 * statements, deactivation and Roster's record. What is the IdP's (certificate, private key,
 * read-only keys) is read apart and never as a setting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IdpProvider, StepContext } from '../../../src/core/ports.js';
import { mergeSettings, settingsOf } from '../../../src/providers/jumpcloud/application-settings.js';
import { applicationSchema } from '../../../src/providers/jumpcloud/wire.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { admin, wire } from '../support.js';

const none: StepContext = { appIds: new Map() };

/** Every key config/desired.ts can produce, with values the sandbox accepts. */
const SETTINGS = {
  label: 'Phones',
  description: 'Company phones',
  portal: 'hidden',
  active: false,
  ssoUrl: 'https://sso.jumpcloud.com/saml2/phones',
  'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS.saml2',
  'config.spEntityId': 'https://sso.ringcentral.com',
  'config.idpEntityId': 'https://idp.example.com/phones',
  'config.defaultTargetUrl': 'https://service.ringcentral.com/mobile/ssoLogin',
  'config.signAssertion': true,
  'config.signResponse': false,
  'config.signatureAlgorithm': 'RSA-SHA1',
  'config.subjectField': 'username',
  'config.overrideNameIdFormat': 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'config.includeGroups': true,
  'config.groupsAttributeName': 'memberOf',
  'attributes.email': 'email',
  'attributes.number': 'phoneNumbers[type eq "work"].number',
  'constantAttributes.region': 'US',
  'constantAttributes.team': 'phones',
  'roster.app': 'phones',
  'roster.onRemove': 'deprovision',
} as const;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await admin(sandbox).reset('demo');
});

async function withIdp<T>(run: (idp: IdpProvider) => Promise<T>): Promise<T> {
  const providers = wire(sandbox, { auth: 'token' });
  try {
    return await run(providers.idp);
  } finally {
    await providers.close();
  }
}

async function jumpcloud(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const read = (idp: IdpProvider) => idp.readApplications([{ app: 'phones', label: 'Phones' }]);

describe('JumpCloud SSO settings', () => {
  it('read back exactly as written, with the certificate recorded at creation and kept apart', async () => {
    const created = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings: SETTINGS }, none));
    // POST, then the PUT that records the certificate JumpCloud generated.
    expect(created).toEqual({ id: expect.any(String), attempts: 2 });
    const [app] = await withIdp(read);
    const { settings, certificate } = app!;
    expect(certificate).toEqual({ pem: expect.stringContaining('BEGIN CERTIFICATE'), fingerprintSha256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/), notAfter: expect.any(String) });
    expect(settings).toMatchObject(SETTINGS);
    expect(settings['roster.certificate']).toBe(certificate!.fingerprintSha256.replace(/:/g, '').toLowerCase().slice(0, 16));
    // Read-only and server-owned values are never settings.
    expect(Object.keys(settings).filter((k) => /idpCertificate|idpPrivateKey|UpdatedAt|spErrorFlow|declareRedirect/.test(k))).toEqual([]);
    expect(app!.readOnly).toEqual(['config.idpInitUrl']);
    expect(app!.metadataUrl).toBe(`${sandbox.url}/api/organizations/${sandbox.orgId}/applications/${created.id}/metadata.xml`);
    const stored = (await jumpcloud('GET', `/api/applications/${created.id}`)).body;
    expect(stored.description).toBe(`Company phones [roster app=phones onRemove=deprovision certificate=${settings['roster.certificate']}]`);
  });

  it('an update sets and removes attribute statements, keeping every field Roster does not manage', async () => {
    const { id } = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings: SETTINGS }, none));
    const current = (await jumpcloud('GET', `/api/applications/${id}`)).body;
    await jumpcloud('PUT', `/api/applications/${id}`, { ...current, learnMore: 'https://example.com/help', color: '#202D38' });
    const step = {
      op: 'idp.app.update',
      app: 'phones',
      appId: id!,
      set: { 'constantAttributes.region': 'EU', 'attributes.mail': 'email', active: true, 'config.signatureAlgorithm': 'RSA-SHA256' },
      unset: ['constantAttributes.team', 'attributes.number'],
    } as const;
    await withIdp((idp) => idp.execute(step, none));
    const [app] = await withIdp(read);
    const statements = Object.entries(app!.settings).filter(([key]) => /^(constantA|a)ttributes\./.test(key));
    expect(Object.fromEntries(statements)).toEqual({ 'attributes.email': 'email', 'attributes.mail': 'email', 'constantAttributes.region': 'EU' });
    expect(app!.settings).toMatchObject({ active: true, 'config.signatureAlgorithm': 'RSA-SHA256', description: 'Company phones', 'roster.app': 'phones' });
    expect((await jumpcloud('GET', `/api/applications/${id}`)).body).toMatchObject({ learnMore: 'https://example.com/help', color: '#202D38' });
  });

  it('a provisioning record step writes the record, on an application created earlier in the apply, and removes it', async () => {
    const { id } = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings: SETTINGS }, none));
    await withIdp((idp) => idp.execute({ op: 'idp.provisioning.record', app: 'phones', provisioning: '1a2b3c4d' }, { appIds: new Map([['phones', id!]]) }));
    const [recorded] = await withIdp(read);
    expect(recorded!.settings).toMatchObject({ 'roster.provisioning': '1a2b3c4d', description: 'Company phones', label: 'Phones', 'roster.app': 'phones' });
    await withIdp((idp) => idp.execute({ op: 'idp.provisioning.record', app: 'phones', appId: id!, previous: '1a2b3c4d' }, none));
    const [removed] = await withIdp(read);
    expect(removed!.settings).not.toHaveProperty('roster.provisioning');
    expect(removed!.settings).toMatchObject({ 'roster.app': 'phones', 'roster.onRemove': 'deprovision' });
  });

  it('finds applications by their record, configured or not, and by label; reads bindings of configured ones only', async () => {
    const { id: gone } = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'gone', settings: { ...SETTINGS, label: 'Gone', ssoUrl: 'https://sso.jumpcloud.com/saml2/gone', 'roster.app': 'gone' } }, none));
    const { id: handMade } = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings: { label: 'Phones', ssoUrl: 'https://sso.jumpcloud.com/saml2/phones' } }, none));
    await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'other', settings: { label: 'Unrelated', ssoUrl: 'https://sso.jumpcloud.com/saml2/unrelated' } }, none));
    await admin(sandbox).clearRequests();
    const found = await withIdp(read);
    expect(found.map((a) => [a.id, a.app]).sort()).toEqual([[gone, 'gone'], [handMade, 'phones']].sort());
    const associations = (await admin(sandbox).requests()).filter((r) => r.path.endsWith('/associations'));
    expect(associations.map((r) => r.path)).toEqual([`/api/v2/applications/${handMade}/associations`]);
  });

  it('reads the IdP metadata JumpCloud publishes for an application', async () => {
    const { id } = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings: SETTINGS }, none));
    const metadata = await withIdp((idp) => idp.readMetadata!(id!));
    expect(metadata.url).toBe(`${sandbox.url}/api/organizations/${sandbox.orgId}/applications/${id}/metadata.xml`);
    expect(metadata.xml).toContain('entityID="https://idp.example.com/phones"');
    expect(metadata.xml).toContain('<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>');
  });
});

describe('what is the IdP’s', () => {
  it('a private key JumpCloud returns is never a setting, and a merge sends it back untouched', () => {
    const app = applicationSchema.parse({
      _id: 'app-1',
      name: 'ringcentral',
      ssoUrl: 'https://sso.jumpcloud.com/saml2/rc',
      description: 'Phones [roster app=rc]',
      config: { idpPrivateKey: { value: 'PRIVATE-KEY-PEM' }, idpCertificate: { value: 'CERT' }, acsUrl: { value: 'https://a' } },
      sso: { idpCertificateUpdatedAt: '2026-01-01T00:00:00Z' },
    });
    const settings = settingsOf(app);
    expect(JSON.stringify(settings)).not.toMatch(/PRIVATE|CERT|UpdatedAt/);
    expect(settings).toMatchObject({ description: 'Phones', 'roster.app': 'rc', 'config.acsUrl': 'https://a' });
    const merged = mergeSettings(app, { label: 'RC' }) as { config: Record<string, { value: string }>; description: string };
    expect(merged.config['idpPrivateKey']).toEqual({ value: 'PRIVATE-KEY-PEM' });
    expect(merged.description).toBe('Phones [roster app=rc]');
  });
});

describe('the sandbox’s SAML fields', () => {
  it.each([
    ['a select value that is not one of its options', { signatureAlgorithm: { value: 'RSA-MD5' } }, /must be one of RSA-SHA256, RSA-SHA1/],
    ['a boolean that is not one', { signAssertion: { value: 'yes' } }, /must be a boolean/],
    ['a constant attribute without a value', { constantAttributes: { value: [{ name: 'region' }] } }, /\{name, value\} strings/],
  ])('refuse %s (400)', async (_, config, message) => {
    const answer = await jumpcloud('POST', '/api/applications', { name: 'ringcentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/x', config });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(message);
  });

  it('describe every key as a field descriptor, selects with their options', async () => {
    const { body } = await jumpcloud('POST', '/api/applications', { name: 'ringcentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/x', config: {} });
    expect(body.config.signatureAlgorithm).toMatchObject({ value: 'RSA-SHA256', type: 'select', options: [{ text: 'RSA-SHA256', value: 0 }, { text: 'RSA-SHA1', value: 1 }] });
    expect(body.config.groupsAttributeName).toMatchObject({ value: '', dependsOnProperty: 'includeGroups' });
    expect(body.config.idpInitUrl).toMatchObject({ value: 'https://sso.jumpcloud.com/saml2/x', readOnly: true });
    expect(body.config.idpPrivateKey).not.toHaveProperty('value');
  });
});

import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, type Client } from './client.js';

let sandbox: Sandbox;
let http: Client;
beforeAll(async () => {
  sandbox = await startSandbox();
  http = client(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await http.admin('POST', '/reset', { seed: 'demo' });
});

const SSO_URL = 'https://sso.jumpcloud.com/saml2/ringcentral';
const ringcentral = (extra: Record<string, unknown> = {}) => ({
  name: 'ringcentral',
  displayLabel: 'RingCentral',
  description: 'Company phone system',
  ssoUrl: SSO_URL,
  sso: { hidden: false },
  config: {
    acsUrl: { value: 'https://sso.ringcentral.com/sp/ACS.saml2' },
    spEntityId: { value: 'https://sso.ringcentral.com' },
    constantAttributes: { value: [{ name: 'email', value: 'email' }] },
    signAssertion: { value: true },
  },
  ...extra,
});
const groupId = async (name: string): Promise<string> => (await http.jc('GET', `/api/v2/usergroups?filter=name:eq:${encodeURIComponent(name)}`)).body[0].id;

describe('SSO applications', () => {
  it('starts with none and creates one with field descriptors and a key pair', async () => {
    expect((await http.jc('GET', '/api/applications')).body).toEqual({ totalCount: 0, results: [] });
    const res = await http.jc('POST', '/api/applications', ringcentral());
    expect(res.status).toBe(200);
    const app = res.body;
    expect(app).toMatchObject({ name: 'ringcentral', displayLabel: 'RingCentral', ssoUrl: SSO_URL, active: true, sso: { type: 'saml', hidden: false } });
    expect(app.config.acsUrl).toMatchObject({ value: 'https://sso.ringcentral.com/sp/ACS.saml2', label: expect.any(String), type: 'text', position: expect.any(Number) });
    expect(app.config.signAssertion.value).toBe(true);
    expect(app.config.signResponse.value).toBe(true);
    expect(app.config.subjectField.value).toBe('email');
    expect(app.config.constantAttributes.value).toEqual([{ name: 'email', value: 'email', readOnly: false, required: false, visible: true }]);
    const cert = new X509Certificate(app.config.idpCertificate.value);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(app.sso.idpCertExpirationAt).getTime()).toBe(new Date(cert.validTo).getTime());
    expect(app.config.idpPrivateKey).not.toHaveProperty('value');
    expect(JSON.stringify(app)).not.toContain('PRIVATE KEY');
    const listed = await http.jc('GET', '/api/applications');
    expect(listed.body.totalCount).toBe(1);
    expect((await http.jc('GET', `/api/v2/applications/${app._id}`)).body._id).toBe(app._id);
  });

  it('requires name, ssoUrl and config', async () => {
    for (const missing of ['name', 'ssoUrl', 'config']) {
      const body: Record<string, unknown> = ringcentral();
      delete body[missing];
      const res = await http.jc('POST', '/api/applications', body);
      expect([res.status, res.body.message]).toEqual([400, `${missing} is required`]);
    }
    expect((await http.jc('POST', '/api/applications', ringcentral({ description: 'x'.repeat(257) }))).status).toBe(400);
  });

  it('replaces the whole application on PUT: omitted fields return to their defaults, the key pair stays', async () => {
    const app = (await http.jc('POST', '/api/applications', ringcentral())).body;
    const res = await http.jc('PUT', `/api/applications/${app._id}`, { name: 'ringcentral', ssoUrl: SSO_URL, config: { acsUrl: { value: 'https://ssoeuro.ringcentral.com/sp/ACS.saml2' } } });
    expect(res.status).toBe(200);
    expect(res.body.config.acsUrl.value).toBe('https://ssoeuro.ringcentral.com/sp/ACS.saml2');
    expect(res.body.config.spEntityId.value).toBe('');
    expect(res.body.config.signAssertion.value).toBe(false);
    expect(res.body.config.constantAttributes.value).toEqual([]);
    expect(res.body.displayLabel).toBe('ringcentral');
    expect(res.body.description).toBe('');
    expect(res.body.config.idpCertificate.value).toBe(app.config.idpCertificate.value);
    expect(res.body.created).toBe(app.created);
  });

  it('refuses to change the IdP URL or reuse it', async () => {
    const app = (await http.jc('POST', '/api/applications', ringcentral())).body;
    expect((await http.jc('PUT', `/api/applications/${app._id}`, ringcentral({ ssoUrl: `${SSO_URL}-2` }))).status).toBe(400);
    expect((await http.jc('POST', '/api/applications', ringcentral())).status).toBe(400);
  });

  it('accepts an uploaded key pair only when certificate and key match', async () => {
    const app = (await http.jc('POST', '/api/applications', ringcentral())).body;
    const other = (await http.jc('POST', '/api/applications', ringcentral({ ssoUrl: `${SSO_URL}-other` }))).body;
    const res = await http.jc('PUT', `/api/applications/${app._id}`, {
      ...ringcentral(),
      config: { idpCertificate: { value: other.config.idpCertificate.value }, idpPrivateKey: { value: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n' } },
    });
    expect(res.status).toBe(400);
  });

  it('deletes an application with its bindings', async () => {
    const app = (await http.jc('POST', '/api/applications', ringcentral())).body;
    await http.jc('POST', `/api/v2/applications/${app._id}/associations`, { op: 'add', type: 'user_group', id: await groupId('Sales') });
    const res = await http.jc('DELETE', `/api/applications/${app._id}`);
    expect([res.status, res.body._id]).toEqual([200, app._id]);
    expect((await http.jc('GET', `/api/applications/${app._id}`)).status).toBe(404);
    expect((await http.jc('GET', `/api/v2/applications/${app._id}/associations?targets=user_group`)).status).toBe(404);
  });
});

describe('IdP metadata', () => {
  it('serves a SAML 2.0 EntityDescriptor with the entity id, signing certificate and SSO URL', async () => {
    const app = (await http.jc('POST', '/api/applications', ringcentral({ config: { idpEntityId: { value: 'https://idp.example.com/ringcentral' } } }))).body;
    const res = await http.jc('GET', `/api/organizations/${sandbox.orgId}/applications/${app._id}/metadata.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const doc = new DOMParser().parseFromString(res.text, 'application/xml');
    const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
    const root = doc.documentElement;
    expect([root?.namespaceURI, root?.localName, root?.getAttribute('entityID')]).toEqual([md, 'EntityDescriptor', 'https://idp.example.com/ringcentral']);
    const sso = Array.from(doc.getElementsByTagNameNS(md, 'SingleSignOnService')).map((e) => e.getAttribute('Location'));
    expect(sso).toEqual([SSO_URL, SSO_URL]);
    const certText = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'X509Certificate')[0]?.textContent ?? '';
    expect(new X509Certificate(Buffer.from(certText, 'base64')).toString()).toBe(new X509Certificate(app.config.idpCertificate.value).toString());
  });

  it('checks the organisation in the path against the sandbox and the x-org-id header', async () => {
    const app = (await http.jc('POST', '/api/applications', ringcentral())).body;
    expect((await http.jc('GET', `/api/organizations/${'b'.repeat(24)}/applications/${app._id}/metadata.xml`)).status).toBe(404);
    const mismatch = await http.jc('GET', `/api/organizations/${'b'.repeat(24)}/applications/${app._id}/metadata.xml`, undefined, { 'x-org-id': sandbox.orgId });
    expect([mismatch.status, mismatch.body.message]).toEqual([400, 'x-org-id and Organization path ID do not match.']);
  });
});

describe('application associations', () => {
  it('requires targets, binds and unbinds groups with 204, and refuses duplicates and missing edges', async () => {
    const app = (await http.jc('POST', '/api/applications', ringcentral())).body;
    const sales = await groupId('Sales');
    const path = `/api/v2/applications/${app._id}/associations`;
    expect((await http.jc('GET', path)).status).toBe(400);
    expect((await http.jc('GET', `${path}?targets=user_group`)).body).toEqual([]);
    const added = await http.jc('POST', path, { op: 'add', type: 'user_group', id: sales });
    expect([added.status, added.text]).toEqual([204, '']);
    expect((await http.jc('GET', `${path}?targets=user_group`)).body).toEqual([{ to: { id: sales, type: 'user_group' } }]);
    expect((await http.jc('POST', path, { op: 'add', type: 'user_group', id: sales })).status).toBe(409);
    expect((await http.jc('POST', path, { op: 'remove', type: 'user_group', id: sales })).status).toBe(204);
    expect((await http.jc('POST', path, { op: 'remove', type: 'user_group', id: sales })).status).toBe(404);
    expect((await http.jc('POST', path, { op: 'add', type: 'user_group', id: 'f'.repeat(24) })).status).toBe(404);
    expect((await http.jc('POST', path, { op: 'add', type: 'system', id: sales })).status).toBe(400);
  });

  it('traverses bound groups and the groups nested in them', async () => {
    const app = (await http.jc('POST', '/api/applications', ringcentral())).body;
    const support = await groupId('Support');
    const leads = await groupId('Support Leads');
    await http.jc('POST', `/api/v2/applications/${app._id}/associations`, { op: 'add', type: 'user_group', id: support });
    const groups = (await http.jc('GET', `/api/v2/applications/${app._id}/usergroups?limit=100`)).body;
    const appEdge = { from: { id: app._id, type: 'application' }, to: { id: support, type: 'user_group' } };
    expect(groups).toEqual(
      expect.arrayContaining([
        { id: support, type: 'user_group', paths: [[appEdge]] },
        { id: leads, type: 'user_group', paths: [[appEdge, { from: { id: support, type: 'user_group' }, to: { id: leads, type: 'user_group' } }]] },
      ]),
    );
    expect(groups).toHaveLength(2);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, type Client } from './client.js';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function tokenRequest(http: Client, sandbox: Sandbox, overrides: { clientId?: string; secret?: string; grant?: string; assertion?: string } = {}) {
  const basic = Buffer.from(`${overrides.clientId ?? sandbox.clientId}:${overrides.secret ?? sandbox.clientSecret}`).toString('base64');
  const form = new URLSearchParams({ grant_type: overrides.grant ?? JWT_GRANT, assertion: overrides.assertion ?? sandbox.jwt });
  return http.vendor('POST', '/restapi/oauth/token', {
    rawBody: form.toString(),
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('OAuth JWT grant', () => {
  let sandbox: Sandbox;
  let http: Client;
  beforeAll(async () => {
    sandbox = await startSandbox({ tokenTtlSeconds: 0.3, clientId: 'roster-ci', clientSecret: 's3cret', jwt: 'header.payload.signature' });
    http = client(sandbox);
  });
  afterAll(() => sandbox.close());

  it('issues a bearer access token that SCIM and the REST API accept', async () => {
    const res = await tokenRequest(http, sandbox);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ access_token: expect.any(String), token_type: 'bearer', expires_in: 0.3 });
    const auth = { authorization: `Bearer ${res.body.access_token}` };
    expect((await http.vendor('GET', '/scim/v2/Users', { headers: auth })).status).toBe(200);
    expect((await http.vendor('GET', '/restapi/v1.0/account/~/extension', { headers: auth })).status).toBe(200);
  });

  it('refuses expired access tokens with OAU-128', async () => {
    const token = (await tokenRequest(http, sandbox)).body.access_token;
    await sleep(400);
    const scim = await http.vendor('GET', '/scim/v2/Users', { headers: { authorization: `Bearer ${token}` } });
    expect(scim.status).toBe(401);
    expect(scim.body).toMatchObject({ status: '401', errorCode: 'OAU-128', message: 'Access token expired' });
    const rest = await http.vendor('GET', '/restapi/v1.0/account/~/extension', { headers: { authorization: `Bearer ${token}` } });
    expect(rest.body).toMatchObject({ errorCode: 'OAU-128', errors: [{ errorCode: 'OAU-128' }] });
    expect((await http.vendor('GET', '/scim/v2/Users', { headers: { authorization: `Bearer ${sandbox.scimToken}` } })).status).toBe(200);
  });

  it('refuses bad client credentials, other grants and a wrong assertion', async () => {
    const client401 = await tokenRequest(http, sandbox, { secret: 'wrong' });
    expect([client401.status, client401.body.error]).toEqual([401, 'invalid_client']);
    const grant = await tokenRequest(http, sandbox, { grant: 'password' });
    expect([grant.status, grant.body.error]).toEqual([400, 'unsupported_grant_type']);
    const assertion = await tokenRequest(http, sandbox, { assertion: 'other.jwt.value' });
    expect([assertion.status, assertion.body.error]).toEqual([400, 'invalid_grant']);
  });
});

describe('extension list', () => {
  let sandbox: Sandbox;
  let http: Client;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false, licences: 5 });
    http = client(sandbox);
  });
  afterAll(() => sandbox.close());

  it('lists every extension with its status and the documented paging shapes', async () => {
    const res = await http.rc('GET', '/restapi/v1.0/account/~/extension');
    expect(res.body.records.map((r: { status: string }) => r.status)).toEqual(['Enabled', 'Enabled', 'Unassigned', 'Unassigned', 'Unassigned', 'Unassigned', 'Unassigned']);
    expect(res.body.records[0]).toMatchObject({ extensionNumber: '101', name: 'Account Admin', contact: { email: 'admin@example.com' }, type: 'User' });
    expect(res.body.records[2]).not.toHaveProperty('extensionNumber');
    expect(res.body.paging).toEqual({ page: 1, perPage: 100, totalPages: 1, totalElements: 7, pageStart: 0, pageEnd: 6 });
    expect(res.body.navigation).toHaveProperty('firstPage.uri');
  });

  it('filters by repeated status and pages with page/perPage', async () => {
    const pending = await http.rc('POST', '/scim/v2/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'new.hire@example.com',
      name: { givenName: 'New', familyName: 'Hire' },
      emails: [{ type: 'work', value: 'new.hire@example.com' }],
    });
    const res = await http.rc('GET', '/restapi/v1.0/account/~/extension?status=Enabled&status=NotActivated');
    expect(res.body.records.map((r: { status: string }) => r.status)).toEqual(['Enabled', 'Enabled', 'NotActivated']);
    expect(res.body.records[2].id).toBe(Number(pending.body.id));
    const page2 = await http.rc('GET', '/restapi/v1.0/account/~/extension?page=2&perPage=2');
    expect(page2.body.paging).toMatchObject({ page: 2, perPage: 2, totalElements: 7, totalPages: 4, pageStart: 2, pageEnd: 3 });
    expect(Object.keys(page2.body.navigation).sort()).toEqual(['firstPage', 'lastPage', 'nextPage', 'previousPage']);
    const next = new URL(page2.body.navigation.nextPage.uri);
    expect(next.searchParams.get('page')).toBe('3');
  });

  it('accepts the account id in place of ~ and refuses bad parameters', async () => {
    const self = await http.rc('GET', '/restapi/v1.0/account/~/extension?perPage=1');
    const accountId = new URL(self.body.records[0].uri).pathname.split('/')[4];
    expect((await http.rc('GET', `/restapi/v1.0/account/${accountId}/extension`)).status).toBe(200);
    expect((await http.rc('GET', '/restapi/v1.0/account/123/extension')).status).toBe(404);
    const bad = await http.rc('GET', '/restapi/v1.0/account/~/extension?status=Sleeping');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ parameterName: 'status' });
    expect((await http.rc('GET', '/restapi/v1.0/account/~/extension?perPage=5000')).status).toBe(400);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, scimUser, type Client } from './client.js';

describe('admin API', () => {
  let sandbox: Sandbox;
  let http: Client;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false });
    http = client(sandbox);
  });
  afterAll(() => sandbox.close());

  it('resets to a seed and licence count, clearing faults and the request log', async () => {
    await http.jc('POST', '/api/systemusers', { email: 'temp@example.com', username: 'temp' });
    await http.admin('POST', '/faults', { path: '/api/*', status: 500, times: 5 });
    const res = await http.admin('POST', '/reset', { seed: { users: 7, groups: 2 }, licences: 3 });
    expect(res.body).toEqual({ seed: { users: 7, groups: 2 }, licences: 3 });
    expect((await http.admin('GET', '/faults')).body).toEqual([]);
    expect((await http.admin('GET', '/requests')).body).toEqual([]);
    expect((await http.jc('GET', '/api/systemusers')).body.totalCount).toBe(7);
    expect((await http.admin('POST', '/reset', { seed: 'other' })).status).toBe(400);
    await http.admin('POST', '/reset', {});
    expect((await http.jc('GET', '/api/systemusers')).body.totalCount).toBe(50);
  });

  it('activates a pending RingCentral account once', async () => {
    const user = (await http.rc('POST', '/scim/v2/Users', scimUser('ivy.jones@example.com'))).body;
    const res = await http.admin('POST', `/ringcentral/users/${user.id}/activate`);
    expect(res.body).toEqual({ id: user.id, status: 'Enabled' });
    expect((await http.rc('GET', `/scim/v2/Users/${user.id}`)).body.active).toBe(true);
    expect((await http.admin('POST', `/ringcentral/users/${user.id}/activate`)).status).toBe(409);
    expect((await http.admin('POST', '/ringcentral/users/42/activate')).status).toBe(404);
  });

  it('sets the number of free licences', async () => {
    expect((await http.admin('PUT', '/ringcentral/licences', { available: 7 })).body).toEqual({ available: 7 });
    const free = await http.rc('GET', '/restapi/v1.0/account/~/extension?status=Unassigned');
    expect(free.body.records).toHaveLength(7);
    expect((await http.admin('PUT', '/ringcentral/licences', { available: -1 })).status).toBe(400);
  });

  it('logs vendor requests without credentials and counts them', async () => {
    await http.admin('DELETE', '/requests');
    await http.jc('GET', '/api/systemusers?limit=2&filter=username:$eq:nora.jenkins');
    await http.rc('GET', '/scim/v2/Users?count=1');
    await http.vendor('GET', '/scim/v2/Users?access_token=leaked', { headers: { authorization: 'Bearer nope' } });
    await http.admin('GET', '/stats');
    const log = (await http.admin('GET', '/requests')).body;
    expect(log).toHaveLength(3);
    expect(log[0]).toEqual({
      time: expect.any(String),
      vendor: 'jumpcloud',
      method: 'GET',
      path: '/api/systemusers',
      query: { limit: '2', filter: 'username:$eq:nora.jenkins' },
      status: 200,
      durationMs: expect.any(Number),
    });
    expect(log[1]).toMatchObject({ vendor: 'ringcentral', path: '/scim/v2/Users', status: 200, group: 'Light' });
    expect(log[2]).toMatchObject({ status: 401, query: { access_token: '[redacted]' } });
    const text = JSON.stringify(log);
    for (const secret of [sandbox.apiKey, sandbox.scimToken, 'leaked']) expect(text).not.toContain(secret);
    expect((await http.admin('GET', '/stats')).body).toEqual({
      total: 3,
      byVendor: { jumpcloud: 1, ringcentral: 2 },
      byGroup: { Light: 1 },
      byStatus: { '200': 2, '401': 1 },
      tooManyRequests: 0,
      cpuMs: expect.any(Number),
    });
  });

  it('counts its CPU time from the last clearing of the log', async () => {
    await http.admin('DELETE', '/requests');
    const fresh = (await http.admin('GET', '/stats')).body.cpuMs as number;
    // Work in the sandbox's process (here the test's own): a busy loop of at least 50 ms of CPU.
    const start = process.cpuUsage();
    while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < 50);
    const busy = (await http.admin('GET', '/stats')).body.cpuMs as number;
    expect(fresh).toBeGreaterThanOrEqual(0);
    expect(busy - fresh).toBeGreaterThanOrEqual(50);
    await http.admin('DELETE', '/requests');
    expect((await http.admin('GET', '/stats')).body.cpuMs).toBeLessThan(busy);
  });

  it('answers unknown paths with 404', async () => {
    expect((await http.raw('GET', '/nothing')).status).toBe(404);
    expect((await http.raw('GET', '/_sandbox/nothing')).status).toBe(404);
    const jc = await http.raw('GET', '/api/nothing', { headers: { 'x-api-key': sandbox.apiKey } });
    expect([jc.status, jc.body.status]).toEqual([404, 'NOT_FOUND']);
    expect((await http.raw('PATCH', '/api/systemusers', { headers: { 'x-api-key': sandbox.apiKey } })).status).toBe(405);
  });
});

describe('persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roster-sandbox-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps state and generated credentials in the data file across restarts, seeding only once', async () => {
    const file = join(dir, 'state.sqlite');
    const first = await startSandbox({ data: file });
    const firstHttp = client(first);
    const created = await firstHttp.jc('POST', '/api/systemusers', { email: 'kept@example.com', username: 'kept' });
    const credentials = { apiKey: first.apiKey, orgId: first.orgId, scimToken: first.scimToken, jwt: first.jwt };
    await first.close();

    const second = await startSandbox({ data: file, seed: 'empty' });
    try {
      expect({ apiKey: second.apiKey, orgId: second.orgId, scimToken: second.scimToken, jwt: second.jwt }).toEqual(credentials);
      const http = client(second);
      expect((await http.jc('GET', `/api/systemusers/${created.body._id}`)).body.email).toBe('kept@example.com');
      expect((await http.jc('GET', '/api/systemusers?limit=1')).body.totalCount).toBe(51);
    } finally {
      await second.close();
    }
  });

  it('lets options override the kept credentials and set the free licences', async () => {
    const file = join(dir, 'override.sqlite');
    await (await startSandbox({ data: file, seed: 'empty' })).close();
    const again = await startSandbox({ data: file, apiKey: 'my-key', licences: 3 });
    try {
      expect(again.apiKey).toBe('my-key');
      expect((await client(again).jc('GET', '/api/systemusers')).status).toBe(200);
      expect((await client(again).admin('GET', '/ringcentral/licences')).body.available).toBe(3);
    } finally {
      await again.close();
    }
  });

  it('serves on 127.0.0.1 with generated credentials', async () => {
    const sandbox = await startSandbox({ seed: 'empty' });
    try {
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sandbox.orgId).toMatch(/^[0-9a-f]{24}$/);
      for (const value of [sandbox.apiKey, sandbox.scimToken, sandbox.clientId, sandbox.clientSecret]) expect(value.length).toBeGreaterThan(15);
      expect(sandbox.jwt.split('.')).toHaveLength(3);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses invalid options', async () => {
    await expect(startSandbox({ orgId: 'xyz' })).rejects.toThrow(/orgId/);
    await expect(startSandbox({ timeScale: 0 })).rejects.toThrow(/timeScale/);
    await expect(startSandbox({ licences: -2 })).rejects.toThrow(/licences/);
  });
});

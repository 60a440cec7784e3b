import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, scimUser, type Client } from './client.js';

let sandbox: Sandbox;
let http: Client;
beforeAll(async () => {
  sandbox = await startSandbox({ rateLimits: false });
  http = client(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await http.admin('POST', '/reset', { seed: 'demo' });
});

const userCount = async (email: string): Promise<number> =>
  (await http.rc('GET', `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`)).body.totalResults;

describe('fault injection', () => {
  it('answers with an injected status in the vendor error shape, the given number of times', async () => {
    const added = await http.admin('POST', '/faults', { method: 'GET', path: '/scim/v2/Users*', status: 503, times: 2 });
    expect(added.status).toBe(201);
    const first = await http.rc('GET', '/scim/v2/Users');
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' });
    expect((await http.rc('GET', '/scim/v2/Users/1271140001')).status).toBe(503);
    expect((await http.rc('GET', '/scim/v2/Users')).status).toBe(200);
    const jumpcloud = await http.admin('POST', '/faults', { path: '/api/*', status: 500 });
    expect(jumpcloud.status).toBe(201);
    expect((await http.jc('GET', '/api/systemusers')).body).toMatchObject({ code: 500, status: 'INTERNAL' });
  });

  it('answers with a given body and headers, e.g. a 429 without rate-limit headers', async () => {
    await http.admin('POST', '/faults', { path: '/scim/v2/Users', method: 'POST', status: 429, body: { errorCode: 'CMN-310', message: 'Global request rate exceeded' }, headers: { 'Retry-After': '2' } });
    const res = await http.rc('POST', '/scim/v2/Users', scimUser('x.y@example.com'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body).toEqual({ errorCode: 'CMN-310', message: 'Global request rate exceeded' });
    expect(await userCount('x.y@example.com')).toBe(0);
  });

  it('only matches the method and path glob it names', async () => {
    await http.admin('POST', '/faults', { method: 'DELETE', path: '/scim/v2/Users/*', status: 500 });
    expect((await http.rc('GET', '/scim/v2/Users/1271140001')).status).toBe(200);
    expect((await http.jc('GET', '/api/systemusers')).status).toBe(200);
    expect((await http.admin('GET', '/faults')).body).toHaveLength(1);
    expect((await http.admin('DELETE', '/faults')).status).toBe(204);
    expect((await http.admin('GET', '/faults')).body).toEqual([]);
  });

  it('delays an answer', async () => {
    await http.admin('POST', '/faults', { path: '/api/v2/usergroups', delayMs: 50 });
    expect((await http.jc('GET', '/api/v2/usergroups')).status).toBe(200);
    const log = (await http.admin('GET', '/requests')).body;
    expect(log.at(-1)).toMatchObject({ path: '/api/v2/usergroups', status: 200, fault: 'delay' });
  });

  it('drops the connection before the request is processed: nothing is written', async () => {
    await http.admin('POST', '/faults', { method: 'POST', path: '/scim/v2/Users', drop: 'before' });
    await expect(http.rc('POST', '/scim/v2/Users', scimUser('lost.before@example.com'))).rejects.toThrow();
    expect(await userCount('lost.before@example.com')).toBe(0);
    expect((await http.admin('GET', '/requests')).body.find((r: { method: string }) => r.method === 'POST')).toMatchObject({ status: 0, fault: 'drop-before' });
  });

  it('drops the connection after the request is processed: the write happened, the answer is lost', async () => {
    await http.admin('POST', '/faults', { method: 'POST', path: '/scim/v2/Users', drop: 'after' });
    await expect(http.rc('POST', '/scim/v2/Users', scimUser('lost.after@example.com'))).rejects.toThrow();
    expect(await userCount('lost.after@example.com')).toBe(1);
    expect((await http.admin('GET', '/requests')).body.find((r: { method: string }) => r.method === 'POST')).toMatchObject({ status: 201, fault: 'drop-after' });
  });

  it('refuses malformed faults', async () => {
    for (const fault of [{ path: 'scim' }, { path: '/x' }, { path: '/x', status: 99 }, { path: '/x', drop: 'sideways' }, { path: '/x', status: 500, times: 0 }, { path: '/x', status: 500, drop: 'before' }]) {
      expect((await http.admin('POST', '/faults', fault)).status).toBe(400);
    }
  });
});

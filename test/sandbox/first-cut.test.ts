import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, scimUser } from './client.js';

describe('sandbox first cut', () => {
  let sandbox: Sandbox;
  let http: ReturnType<typeof client>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    http = client(sandbox);
  });
  afterAll(() => sandbox.close());

  it('serves on 127.0.0.1 with generated credentials', () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.orgId).toMatch(/^[0-9a-f]{24}$/);
    expect(sandbox.apiKey).not.toBe('');
  });

  it('refuses JumpCloud requests without the API key', async () => {
    const res = await http.vendor('GET', '/api/systemusers');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
  });

  it('lists the demo users as {totalCount, results} with the default limit of 10', async () => {
    const res = await http.jc('GET', '/api/systemusers');
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(50);
    expect(res.body.results).toHaveLength(10);
  });

  it('lists the four demo groups as a bare array', async () => {
    const res = await http.jc('GET', '/api/v2/usergroups');
    expect(res.body.map((g: { name: string }) => g.name).sort()).toEqual(['Engineering', 'Sales', 'Support', 'Support Leads']);
  });

  it('creates a pending SCIM user and normalises its country', async () => {
    const res = await http.rc('POST', '/scim/v2/Users', scimUser('jim.bean@example.com', { addresses: [{ type: 'work', country: 'US' }] }));
    expect(res.status).toBe(201);
    expect(res.body.active).toBe(false);
    expect(res.body.addresses[0]).toEqual({ type: 'work', country: 'United States', primary: false });
  });

  it('logs vendor requests', async () => {
    const res = await http.admin('GET', '/requests');
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body[0]).toMatchObject({ vendor: 'jumpcloud', method: 'GET', path: '/api/systemusers', status: 401 });
  });
});

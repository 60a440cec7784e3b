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

const groupId = async (name: string): Promise<string> => (await http.jc('GET', `/api/v2/usergroups?filter=name:eq:${encodeURIComponent(name)}`)).body[0].id;
const userId = async (username: string): Promise<string> => (await http.jc('GET', `/api/systemusers?filter=username:$eq:${username}`)).body.results[0]._id;

describe('user groups', () => {
  it('lists groups as a bare array with limit/skip and filters by name', async () => {
    const page = await http.jc('GET', '/api/v2/usergroups?limit=2');
    expect(Array.isArray(page.body)).toBe(true);
    expect(page.body).toHaveLength(2);
    expect((await http.jc('GET', '/api/v2/usergroups?limit=2&skip=2')).body).toHaveLength(2);
    const support = await http.jc('GET', '/api/v2/usergroups?filter=name:eq:Support');
    expect(support.body.map((g: { name: string }) => g.name)).toEqual(['Support']);
    expect(support.body[0]).toMatchObject({ type: 'user_group', membershipMethod: 'STATIC' });
    expect((await http.jc('GET', '/api/v2/usergroups?limit=500')).status).toBe(400);
  });

  it('creates (201), replaces (PUT, full update) and deletes a group', async () => {
    const created = await http.jc('POST', '/api/v2/usergroups', { name: 'Finance', description: 'Money people' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Finance', description: 'Money people', type: 'user_group' });
    const replaced = await http.jc('PUT', `/api/v2/usergroups/${created.body.id}`, { name: 'Finance Team' });
    expect(replaced.body).toMatchObject({ name: 'Finance Team', description: '' });
    expect((await http.jc('GET', `/api/v2/usergroups/${created.body.id}`)).body.name).toBe('Finance Team');
    expect((await http.jc('DELETE', `/api/v2/usergroups/${created.body.id}`)).status).toBe(200);
    expect((await http.jc('GET', `/api/v2/usergroups/${created.body.id}`)).status).toBe(404);
  });

  it('requires a name and refuses a duplicate one', async () => {
    expect((await http.jc('POST', '/api/v2/usergroups', { description: 'x' })).status).toBe(400);
    expect((await http.jc('POST', '/api/v2/usergroups', { name: 'Sales' })).status).toBe(409);
  });
});

describe('members and membership', () => {
  it('lists direct members as GraphConnections and manages them with 204', async () => {
    const sales = await groupId('Sales');
    const margaret = await userId('margaret.lane');
    const before = (await http.jc('GET', `/api/v2/usergroups/${sales}/members?limit=100`)).body;
    expect(before).toHaveLength(18);
    expect(before[0]).toEqual({ to: { id: expect.any(String), type: 'user' } });
    const added = await http.jc('POST', `/api/v2/usergroups/${sales}/members`, { op: 'add', type: 'user', id: margaret });
    expect([added.status, added.text]).toEqual([204, '']);
    expect((await http.jc('GET', `/api/v2/usergroups/${sales}/members?limit=100`)).body).toHaveLength(19);
    expect((await http.jc('POST', `/api/v2/usergroups/${sales}/members`, { op: 'add', type: 'user', id: margaret })).status).toBe(409);
    expect((await http.jc('POST', `/api/v2/usergroups/${sales}/members`, { op: 'remove', type: 'user', id: margaret })).status).toBe(204);
    expect((await http.jc('POST', `/api/v2/usergroups/${sales}/members`, { op: 'remove', type: 'user', id: margaret })).status).toBe(404);
    expect((await http.jc('POST', `/api/v2/usergroups/${sales}/members`, { op: 'add', type: 'user_group', id: margaret })).status).toBe(400);
  });

  it('returns every user of a group, nested ones with their path through the subgroup', async () => {
    const support = await groupId('Support');
    const leads = await groupId('Support Leads');
    const nora = await userId('nora.jenkins');
    const harper = await userId('harper.collins');
    const members = (await http.jc('GET', `/api/v2/usergroups/${support}/membership?limit=100`)).body;
    expect(members).toHaveLength(13);
    expect(members.find((m: { id: string }) => m.id === nora)).toEqual({
      id: nora,
      type: 'user',
      paths: [
        [
          { from: { id: support, type: 'user_group' }, to: { id: leads, type: 'user_group' } },
          { from: { id: leads, type: 'user_group' }, to: { id: nora, type: 'user' } },
        ],
      ],
    });
    expect(members.find((m: { id: string }) => m.id === harper).paths).toEqual([[{ from: { id: support, type: 'user_group' }, to: { id: harper, type: 'user' } }]]);
    // Direct members of Support do not include the leads.
    const direct = (await http.jc('GET', `/api/v2/usergroups/${support}/members?limit=100`)).body;
    expect(direct.map((d: { to: { id: string } }) => d.to.id)).not.toContain(nora);
  });

  it('pages membership and reports every path of a user reached twice', async () => {
    const support = await groupId('Support');
    const leads = await groupId('Support Leads');
    const nora = await userId('nora.jenkins');
    await http.jc('POST', `/api/v2/usergroups/${support}/members`, { op: 'add', type: 'user', id: nora });
    const all = (await http.jc('GET', `/api/v2/usergroups/${support}/membership?limit=100`)).body;
    expect(all.find((m: { id: string }) => m.id === nora).paths).toHaveLength(2);
    const firstPage = (await http.jc('GET', `/api/v2/usergroups/${support}/membership?limit=5`)).body;
    const secondPage = (await http.jc('GET', `/api/v2/usergroups/${support}/membership?limit=5&skip=5`)).body;
    expect(firstPage.map((m: { id: string }) => m.id)).toEqual(all.slice(0, 5).map((m: { id: string }) => m.id));
    expect(secondPage.map((m: { id: string }) => m.id)).toEqual(all.slice(5, 10).map((m: { id: string }) => m.id));
    expect(leads).toBeTruthy();
  });

  it('nests and un-nests groups through the admin API, surviving a cycle', async () => {
    const sales = await groupId('Sales');
    const engineering = await groupId('Engineering');
    const before = (await http.jc('GET', `/api/v2/usergroups/${sales}/membership?limit=100`)).body.length;
    expect((await http.admin('POST', `/jumpcloud/usergroups/${sales}/subgroups`, { id: engineering, op: 'add' })).status).toBe(204);
    await http.admin('POST', `/jumpcloud/usergroups/${engineering}/subgroups`, { id: sales, op: 'add' });
    const nested = (await http.jc('GET', `/api/v2/usergroups/${sales}/membership?limit=100`)).body.length;
    expect(nested).toBe(before + 18);
    await http.admin('POST', `/jumpcloud/usergroups/${sales}/subgroups`, { id: engineering, op: 'remove' });
    expect((await http.jc('GET', `/api/v2/usergroups/${sales}/membership?limit=100`)).body).toHaveLength(before);
  });
});

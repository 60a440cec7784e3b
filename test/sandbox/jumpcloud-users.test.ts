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

const byEmail = async (email: string) => (await http.jc('GET', `/api/systemusers?filter=email:$eq:${encodeURIComponent(email)}`)).body.results[0];

describe('JumpCloud authentication', () => {
  it('answers 401 with an Error body to a wrong x-api-key', async () => {
    const res = await http.vendor('GET', '/api/v2/usergroups', { headers: { 'x-api-key': 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 401, message: expect.any(String), status: 'UNAUTHENTICATED' });
  });

  it('accepts a matching x-org-id and rejects malformed or unknown ones', async () => {
    expect((await http.jc('GET', '/api/systemusers', undefined, { 'x-org-id': sandbox.orgId })).status).toBe(200);
    const malformed = await http.jc('GET', '/api/systemusers', undefined, { 'x-org-id': 'nope' });
    expect([malformed.status, malformed.body.message]).toEqual([400, 'Malformed ID.']);
    const unknown = await http.jc('GET', '/api/systemusers', undefined, { 'x-org-id': 'a'.repeat(24) });
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Organization ID Not Found.']);
  });

  it('answers 403 to x-org-id on a route that does not take it (state/activate)', async () => {
    const staged = await byEmail('daniel.price@example.com');
    const res = await http.jc('POST', `/api/systemusers/${staged._id}/state/activate`, {}, { 'x-org-id': sandbox.orgId });
    expect([res.status, res.body.message]).toEqual([403, 'ID included on unsupported route.']);
  });

  it('requires x-org-id for a multi-tenant admin', async () => {
    const multi = await startSandbox({ multiTenant: true, seed: 'empty' });
    try {
      const api = client(multi);
      const without = await api.jc('GET', '/api/systemusers');
      expect([without.status, without.body.message]).toEqual([401, 'ID not included for multi-tenant admin']);
      expect((await api.jc('GET', '/api/systemusers', undefined, { 'x-org-id': multi.orgId })).status).toBe(200);
    } finally {
      await multi.close();
    }
  });
});

describe('GET /api/systemusers', () => {
  it('pages with limit and skip, defaulting to 10 and capping at 100', async () => {
    const first = await http.jc('GET', '/api/systemusers?sort=_id');
    expect(first.body.results).toHaveLength(10);
    const second = await http.jc('GET', '/api/systemusers?sort=_id&limit=10&skip=10');
    expect(second.body.results[0]._id > first.body.results[9]._id).toBe(true);
    const all = await http.jc('GET', '/api/systemusers?limit=100');
    expect(all.body.results).toHaveLength(50);
    expect((await http.jc('GET', '/api/systemusers?limit=101')).status).toBe(400);
    expect((await http.jc('GET', '/api/systemusers?skip=-1')).status).toBe(400);
  });

  it('sorts ascending and, with a "-" prefix, descending', async () => {
    const asc = await http.jc('GET', '/api/systemusers?sort=username&limit=3');
    expect(asc.body.results.map((u: { username: string }) => u.username)).toEqual(['aiden.russell', 'amelia.ward', 'aria.myers']);
    const desc = await http.jc('GET', '/api/systemusers?sort=-username&limit=1');
    expect(desc.body.results[0].username).toBe('zoe.cooper');
  });

  it('filters with $eq on email, username and _id, ANDing repeated filters', async () => {
    const user = await byEmail('nora.jenkins@example.com');
    expect(user.username).toBe('nora.jenkins');
    const byName = await http.jc('GET', '/api/systemusers?filter=username:$eq:nora.jenkins');
    expect(byName.body).toMatchObject({ totalCount: 1, results: [{ _id: user._id }] });
    const byId = await http.jc('GET', `/api/systemusers?filter=_id:$eq:${user._id}`);
    expect(byId.body.totalCount).toBe(1);
    const both = await http.jc('GET', `/api/systemusers?filter=department:$eq:Support&filter=state:$eq:SUSPENDED`);
    expect(both.body.results.map((u: { username: string }) => u.username)).toEqual(['ryan.cox']);
    const indexed = await http.jc('GET', `/api/systemusers?filter[0]=department:$eq:Sales&filter[1]=suspended:$eq:true`);
    expect(indexed.body.totalCount).toBe(1);
    const ored = await http.jc('GET', `/api/systemusers?filter[or][0]=username:$eq:nora.jenkins&filter[or][1]=username:$eq:zoe.cooper`);
    expect(ored.body.totalCount).toBe(2);
  });

  it('is case-sensitive and refuses operators without "$"', async () => {
    expect((await http.jc('GET', '/api/systemusers?filter=username:$eq:Nora.Jenkins')).body.totalCount).toBe(0);
    expect((await http.jc('GET', '/api/systemusers?filter=username:eq:nora.jenkins')).status).toBe(400);
  });

  it('returns only the requested fields (and _id)', async () => {
    const res = await http.jc('GET', '/api/systemusers?fields=email%20username&limit=1');
    expect(Object.keys(res.body.results[0]).sort()).toEqual(['_id', 'email', 'username']);
  });
});

describe('system user writes', () => {
  const create = (body: unknown) => http.jc('POST', '/api/systemusers', body);

  it('creates a user with server fields filled in', async () => {
    const res = await create({ email: 'new.person@example.com', username: 'new.person', firstname: 'New', phoneNumbers: [{ type: 'mobile', number: '+14155550199' }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'new.person@example.com', state: 'ACTIVATED', activated: true, suspended: false, password_expired: false, organization: sandbox.orgId });
    expect(res.body._id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body.phoneNumbers[0]).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), type: 'mobile', number: '+14155550199' });
    expect((await http.jc('GET', `/api/systemusers/${res.body._id}`)).body.email).toBe('new.person@example.com');
  });

  it('requires email and username, and refuses duplicates with 400', async () => {
    const missing = await create({ username: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    expect((await create({ email: 'not-an-email', username: 'x' })).status).toBe(400);
    const duplicate = await create({ email: 'OLIVIA.BENNETT@example.com', username: 'someone' });
    expect([duplicate.status, duplicate.body.message]).toEqual([400, 'Email already exists']);
    expect((await create({ email: 'x@example.com', username: 'olivia.bennett' })).body.message).toBe('Username already exists');
  });

  it('updates only the fields a PUT sends and keeps state fields consistent', async () => {
    const user = await byEmail('liam.carter@example.com');
    const res = await http.jc('PUT', `/api/systemusers/${user._id}`, { department: 'Sales Ops', state: 'SUSPENDED' });
    expect(res.body).toMatchObject({ department: 'Sales Ops', jobTitle: 'Sales Director', state: 'SUSPENDED', suspended: true, activated: true });
    const lifted = await http.jc('PUT', `/api/systemusers/${user._id}`, { suspended: false });
    expect(lifted.body).toMatchObject({ state: 'ACTIVATED', suspended: false });
    expect((await http.jc('PUT', `/api/systemusers/${user._id}`, { state: 'STAGED' })).status).toBe(400);
    expect((await http.jc('PUT', `/api/systemusers/${user._id}`, { firstname: 7 })).status).toBe(400);
  });

  it('ends a password expiry when a new password is set', async () => {
    const zoe = await byEmail('zoe.cooper@example.com');
    expect(zoe.password_expired).toBe(true);
    const res = await http.jc('PUT', `/api/systemusers/${zoe._id}`, { password: 'N3w-passw0rd!' });
    expect(res.body.password_expired).toBe(false);
    expect(res.body).not.toHaveProperty('password');
  });

  it('expires a password', async () => {
    const user = await byEmail('liam.carter@example.com');
    const res = await http.jc('POST', `/api/systemusers/${user._id}/expire`);
    expect(res.status).toBe(200);
    expect((await http.jc('GET', `/api/systemusers/${user._id}`)).body.password_expired).toBe(true);
  });

  it('activates a STAGED user once', async () => {
    const staged = await byEmail('daniel.price@example.com');
    expect(staged).toMatchObject({ state: 'STAGED', activated: false });
    expect((await http.jc('POST', `/api/systemusers/${staged._id}/state/activate`, { email: false })).status).toBe(200);
    expect((await http.jc('GET', `/api/systemusers/${staged._id}`)).body).toMatchObject({ state: 'ACTIVATED', activated: true });
    expect((await http.jc('POST', `/api/systemusers/${staged._id}/state/activate`, {})).status).toBe(400);
  });

  it('deletes a user, returning it, and removes its memberships', async () => {
    const user = await byEmail('harper.collins@example.com');
    const groups = (await http.jc('GET', '/api/v2/usergroups?filter=name:eq:Support')).body;
    const res = await http.jc('DELETE', `/api/systemusers/${user._id}`);
    expect([res.status, res.body._id]).toEqual([200, user._id]);
    expect((await http.jc('GET', `/api/systemusers/${user._id}`)).status).toBe(404);
    const members = (await http.jc('GET', `/api/v2/usergroups/${groups[0].id}/members?limit=100`)).body;
    expect(members.map((m: { to: { id: string } }) => m.to.id)).not.toContain(user._id);
  });

  it('refuses to delete a manager unless cascade_manager=null clears the reports', async () => {
    const boss = await byEmail('hannah.powell@example.com');
    const report = await byEmail('nora.jenkins@example.com');
    await http.jc('PUT', `/api/systemusers/${report._id}`, { manager: boss._id });
    expect((await http.jc('DELETE', `/api/systemusers/${boss._id}`)).status).toBe(409);
    expect((await http.jc('DELETE', `/api/systemusers/${boss._id}?cascade_manager=null`)).status).toBe(200);
    expect((await http.jc('GET', `/api/systemusers/${report._id}`)).body.manager).toBe('');
  });

  it('answers 404 for an unknown user', async () => {
    const res = await http.jc('GET', `/api/systemusers/${'0'.repeat(24)}`);
    expect(res.status).toBe(404);
    expect(res.body.status).toBe('NOT_FOUND');
  });
});

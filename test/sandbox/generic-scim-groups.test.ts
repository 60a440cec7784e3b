import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { genericScim, GS_ERROR, GS_GROUP, memberIds, patchOp } from './generic-scim-client.js';

describe('generic SCIM target: Groups', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof genericScim>;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'empty' });
    api = genericScim(sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await api.admin('POST', '/reset', { seed: 'empty' });
  });

  it('creates a group with members, each {value, $ref, display, type}, and refuses a duplicate displayName', async () => {
    const ann = await api.createUser('ann@example.com', { displayName: 'Ann Lee' });
    const bob = await api.createUser('bob@example.com');
    const res = await api.gs('POST', '/Groups', { schemas: [GS_GROUP], displayName: 'Sales', externalId: 'ext-1', members: [{ value: ann.id }, { value: bob.id }, { value: ann.id }] });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${sandbox.url}/generic-scim/v2/Groups/${res.body.id}`);
    expect(res.body).toMatchObject({ schemas: [GS_GROUP], displayName: 'Sales', externalId: 'ext-1', meta: { resourceType: 'Group', location: res.headers.get('location') } });
    expect(res.body.members).toEqual([
      { value: ann.id, $ref: `${sandbox.url}/generic-scim/v2/Users/${ann.id}`, display: 'Ann Lee', type: 'User' },
      { value: bob.id, $ref: `${sandbox.url}/generic-scim/v2/Users/${bob.id}`, display: 'bob@example.com', type: 'User' },
    ]);
    const dup = await api.gs('POST', '/Groups', { schemas: [GS_GROUP], displayName: 'sales' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ schemas: [GS_ERROR], status: '409', scimType: 'uniqueness', detail: expect.stringContaining('sales') });
    const noName = await api.gs('POST', '/Groups', { schemas: [GS_GROUP], members: [] });
    expect(noName.status).toBe(400);
    expect(noName.body.scimType).toBe('invalidValue');
  });

  it('refuses a member naming no user with 400 invalidValue, and creates nothing', async () => {
    const ann = await api.createUser('ann@example.com');
    const res = await api.gs('POST', '/Groups', { schemas: [GS_GROUP], displayName: 'Ghosts', members: [{ value: ann.id }, { value: 'no-such-user' }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [GS_ERROR], status: '400', scimType: 'invalidValue' });
    expect(res.body.detail).toContain('no-such-user');
    expect((await api.gs('GET', '/Groups')).body.totalResults).toBe(0);
  });

  it('lists groups with members, without them under excludedAttributes=members, and shaped by attributes', async () => {
    const ann = await api.createUser('ann@example.com');
    const sales = await api.createGroup('Sales', [ann.id], { externalId: 'e-sales' });
    await api.createGroup('Support');
    const all = await api.gs('GET', '/Groups');
    expect(all.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 2, startIndex: 1, itemsPerPage: 2 });
    expect(all.body.Resources.map((g: any) => [g.displayName, memberIds(g)])).toEqual([
      ['Sales', [ann.id]],
      ['Support', []],
    ]);
    const lean = await api.gs('GET', '/Groups?excludedAttributes=members');
    expect(lean.body.Resources).toHaveLength(2);
    for (const group of lean.body.Resources) {
      expect(group).not.toHaveProperty('members');
      expect(group).toHaveProperty('displayName');
      expect(group).toHaveProperty('id');
    }
    const byId = await api.gs('GET', `/Groups/${sales.id}?excludedAttributes=members`);
    expect(byId.body).not.toHaveProperty('members');
    expect(byId.body.externalId).toBe('e-sales');
    const picked = await api.gs('GET', `/Groups?attributes=displayName&filter=${encodeURIComponent('externalId eq "e-sales"')}`);
    expect(picked.body.totalResults).toBe(1);
    expect(picked.body.Resources[0]).toEqual({ schemas: [GS_GROUP], id: sales.id, displayName: 'Sales' });
  });

  it('filters groups on displayName (case-insensitive), externalId and id, and pages them', async () => {
    const created = [];
    for (let i = 1; i <= 5; i++) created.push(await api.createGroup(`Team ${i}`, [], { externalId: `x${i}` }));
    const q = async (filter: string) => (await api.gs('GET', `/Groups?filter=${encodeURIComponent(filter)}`)).body;
    expect((await q('displayName eq "team 3"')).Resources.map((g: any) => g.id)).toEqual([created[2]?.id]);
    expect((await q('externalId eq "x4"')).Resources.map((g: any) => g.id)).toEqual([created[3]?.id]);
    expect((await q('externalId eq "X4"')).totalResults).toBe(0);
    expect((await q(`id eq "${created[0]?.id}"`)).Resources.map((g: any) => g.displayName)).toEqual(['Team 1']);
    expect((await api.gs('GET', `/Groups?filter=${encodeURIComponent('owner eq "x"')}`)).body.scimType).toBe('invalidFilter');
    const page = (await api.gs('GET', '/Groups?startIndex=2&count=2')).body;
    expect(page).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(page.Resources.map((g: any) => g.displayName)).toEqual(['Team 2', 'Team 3']);
  });

  it('PATCH adds members (an existing one is a no-op), removes by members[value eq], and replaces displayName', async () => {
    const [a, b, c] = [await api.createUser('a@example.com'), await api.createUser('b@example.com'), await api.createUser('c@example.com')];
    const group = await api.createGroup('Ops', [a.id]);
    const added = await api.gs('PATCH', `/Groups/${group.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: a.id }, { value: b.id }, { value: c.id }] }));
    expect(added.status).toBe(200);
    expect(memberIds(added.body)).toEqual([a.id, b.id, c.id]);
    const removed = await api.gs('PATCH', `/Groups/${group.id}`, patchOp({ op: 'Remove', path: `members[value eq "${b.id}"]` }, { op: 'replace', path: 'displayName', value: 'Operations' }));
    expect(removed.status).toBe(200);
    expect(memberIds(removed.body)).toEqual([a.id, c.id]);
    expect(removed.body.displayName).toBe('Operations');
    const read = (await api.gs('GET', `/Groups/${group.id}`)).body;
    expect(read.displayName).toBe('Operations');
    expect(memberIds(read)).toEqual([a.id, c.id]);
    expect(read.meta.lastModified >= read.meta.created).toBe(true);
    // Removing a member that is not there changes nothing.
    const again = await api.gs('PATCH', `/Groups/${group.id}`, patchOp({ op: 'remove', path: `members[value eq "${b.id}"]` }));
    expect(memberIds(again.body)).toEqual([a.id, c.id]);
  });

  it('PATCH remove of members without a filter clears them; replace of externalId and a pathless add work', async () => {
    const [a, b] = [await api.createUser('a@example.com'), await api.createUser('b@example.com')];
    const group = await api.createGroup('Ops', [a.id, b.id]);
    const cleared = await api.gs('PATCH', `/Groups/${group.id}`, patchOp({ op: 'remove', path: 'members' }, { op: 'replace', path: 'externalId', value: 'ops-1' }));
    expect(cleared.body.members).toEqual([]);
    expect(cleared.body.externalId).toBe('ops-1');
    const pathless = await api.gs('PATCH', `/Groups/${group.id}`, patchOp({ op: 'add', value: { members: [{ value: b.id }], displayName: 'Ops 2' } }));
    expect(pathless.body).toMatchObject({ displayName: 'Ops 2', externalId: 'ops-1' });
    expect(memberIds(pathless.body)).toEqual([b.id]);
    const noPath = await api.gs('PATCH', `/Groups/${group.id}`, patchOp({ op: 'remove' }));
    expect(noPath.status).toBe(400);
    expect(noPath.body.scimType).toBe('noTarget');
  });

  it('PATCH with an unknown member is 400 invalidValue and changes nothing, not even the other operations', async () => {
    const a = await api.createUser('a@example.com');
    const group = await api.createGroup('Ops', [a.id]);
    const res = await api.gs('PATCH', `/Groups/${group.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Renamed' }, { op: 'remove', path: `members[value eq "${a.id}"]` }, { op: 'add', path: 'members', value: [{ value: 'ghost' }] }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ schemas: [GS_ERROR], status: '400', scimType: 'invalidValue' });
    const read = (await api.gs('GET', `/Groups/${group.id}`)).body;
    expect(read.displayName).toBe('Ops');
    expect(memberIds(read)).toEqual([a.id]);
    expect(read.meta.lastModified).toBe(group.meta.lastModified);
  });

  it('PATCH to a displayName another group holds is 409 uniqueness', async () => {
    await api.createGroup('Ops');
    const other = await api.createGroup('Dev');
    const res = await api.gs('PATCH', `/Groups/${other.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'OPS' }));
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
  });

  it('PUT replaces displayName, externalId and members; DELETE removes the group', async () => {
    const [a, b] = [await api.createUser('a@example.com'), await api.createUser('b@example.com')];
    const group = await api.createGroup('Ops', [a.id], { externalId: 'old' });
    const put = await api.gs('PUT', `/Groups/${group.id}`, { schemas: [GS_GROUP], displayName: 'Ops Team', members: [{ value: b.id }] });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: group.id, displayName: 'Ops Team' });
    expect(put.body).not.toHaveProperty('externalId');
    expect(memberIds(put.body)).toEqual([b.id]);
    expect(put.body.meta.created).toBe(group.meta.created);
    const bad = await api.gs('PUT', `/Groups/${group.id}`, { schemas: [GS_GROUP], displayName: 'Ops Team', members: [{ value: 'ghost' }] });
    expect(bad.status).toBe(400);
    expect(memberIds((await api.gs('GET', `/Groups/${group.id}`)).body)).toEqual([b.id]);
    expect((await api.gs('DELETE', `/Groups/${group.id}`)).status).toBe(204);
    expect((await api.gs('GET', `/Groups/${group.id}`)).status).toBe(404);
    expect((await api.gs('DELETE', `/Groups/${group.id}`)).status).toBe(404);
  });

  it('deleting a user removes it from every group', async () => {
    const [a, b] = [await api.createUser('a@example.com'), await api.createUser('b@example.com')];
    const one = await api.createGroup('One', [a.id, b.id]);
    const two = await api.createGroup('Two', [a.id]);
    expect((await api.gs('DELETE', `/Users/${a.id}`)).status).toBe(204);
    expect(memberIds((await api.gs('GET', `/Groups/${one.id}`)).body)).toEqual([b.id]);
    expect(memberIds((await api.gs('GET', `/Groups/${two.id}`)).body)).toEqual([]);
    const withA = await api.gs('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${a.id}"`)}`);
    expect(withA.body.totalResults).toBe(0);
    const withB = await api.gs('GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${b.id}"]`)}`);
    expect(withB.body.Resources.map((g: any) => g.id)).toEqual([one.id]);
  });
});

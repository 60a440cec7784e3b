import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { genericScim, GS_ENTERPRISE, GS_ERROR, GS_USER, patchOp } from './generic-scim-client.js';

describe('generic SCIM target: Users', () => {
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

  const full = {
    schemas: [GS_USER, GS_ENTERPRISE],
    userName: 'grace@example.com',
    externalId: 'jc-1',
    name: { givenName: 'Grace', familyName: 'Sullivan' },
    displayName: 'Grace Sullivan',
    emails: [{ type: 'work', value: 'grace@example.com', primary: true }],
    phoneNumbers: [{ type: 'mobile', value: '+15550100' }],
    addresses: [{ type: 'work', locality: 'Austin', country: 'US' }],
    active: true,
    [GS_ENTERPRISE]: { department: 'Sales', employeeNumber: '42' },
  };

  it('creates a user, keeping every attribute sent, with meta and Location', async () => {
    const res = await api.gs('POST', '/Users', { ...full, id: 'client-chosen', meta: { resourceType: 'Nope' }, password: 'secret' });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const { id, meta, ...rest } = res.body;
    expect(id).not.toBe('client-chosen');
    expect(rest).toEqual(full);
    expect(res.body).not.toHaveProperty('password');
    expect(meta).toEqual({ resourceType: 'User', created: meta.created, lastModified: meta.created, location: `${sandbox.url}/generic-scim/v2/Users/${id}` });
    expect(res.headers.get('location')).toBe(meta.location);
    expect((await api.gs('GET', `/Users/${id}`)).body).toEqual(res.body);
  });

  it('refuses a duplicate userName, compared case-insensitively, with 409 uniqueness', async () => {
    await api.createUser('ann@example.com');
    const res = await api.gs('POST', '/Users', { schemas: [GS_USER], userName: 'ANN@example.com' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ schemas: [GS_ERROR], status: '409', scimType: 'uniqueness', detail: expect.any(String) });
    expect((await api.gs('GET', '/Users')).body.totalResults).toBe(1);
  });

  it('validates the body: schemas, userName, attribute types', async () => {
    expect((await api.gs('POST', '/Users', { userName: 'x' })).body.scimType).toBe('invalidSyntax');
    expect((await api.gs('POST', '/Users', { schemas: [GS_USER] })).body.scimType).toBe('invalidValue');
    expect((await api.gs('POST', '/Users', { schemas: [GS_USER], userName: 'x', active: 'yes' })).body.scimType).toBe('invalidValue');
    expect((await api.gs('POST', '/Users', { schemas: [GS_USER], userName: 'x', emails: 'x@y' })).body.scimType).toBe('invalidValue');
    const bad = await api.raw('POST', '/generic-scim/v2/Users', { rawBody: '{', headers: { authorization: `Bearer ${sandbox.genericScimToken}`, 'content-type': 'application/scim+json' } });
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe('invalidSyntax');
  });

  it('filters with eq/and/or/not on userName, externalId, emails.value and id', async () => {
    const ann = await api.createUser('ann@example.com', { externalId: 'e-ann' });
    const bob = await api.createUser('bob@example.com', { externalId: 'e-bob', emails: [{ type: 'work', value: 'robert@example.com' }] });
    await api.createUser('cat@example.com', { active: false });
    const ids = async (filter: string): Promise<string[]> => {
      const res = await api.gs('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(200);
      return res.body.Resources.map((u: any) => u.userName);
    };
    expect(await ids('userName eq "ANN@example.com"')).toEqual(['ann@example.com']);
    expect(await ids('externalId eq "e-bob"')).toEqual(['bob@example.com']);
    expect(await ids('externalId eq "E-BOB"')).toEqual([]);
    expect(await ids('emails.value eq "Robert@example.com"')).toEqual(['bob@example.com']);
    expect(await ids('emails[value eq "ann@example.com"]')).toEqual(['ann@example.com']);
    expect(await ids(`id eq "${ann.id}" or id eq "${bob.id}"`)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(await ids('userName sw "b" and externalId eq "e-bob"')).toEqual(['bob@example.com']);
    expect(await ids('userName eq "ann@example.com" and externalId eq "e-bob"')).toEqual([]);
    expect(await ids('not (userName eq "ann@example.com")')).toEqual(['bob@example.com', 'cat@example.com']);
    expect(await ids('active eq false')).toEqual(['cat@example.com']);
    expect(await ids(`${GS_USER}:userName eq "cat@example.com"`)).toEqual(['cat@example.com']);
    const unknown = await api.gs('GET', `/Users?filter=${encodeURIComponent('shoeSize eq "9"')}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ schemas: [GS_ERROR], scimType: 'invalidFilter' });
    expect((await api.gs('GET', `/Users?filter=${encodeURIComponent('userName eq')}`)).body.scimType).toBe('invalidFilter');
  });

  it('pages with startIndex and count: default 100, at most 200, in creation order', async () => {
    for (let i = 0; i < 210; i++) await api.createUser(`user${String(i).padStart(3, '0')}@example.com`);
    const first = (await api.gs('GET', '/Users')).body;
    expect(first).toMatchObject({ totalResults: 210, startIndex: 1, itemsPerPage: 100 });
    expect(first.Resources[0].userName).toBe('user000@example.com');
    const capped = (await api.gs('GET', '/Users?count=500')).body;
    expect(capped.itemsPerPage).toBe(200);
    const last = (await api.gs('GET', '/Users?startIndex=201&count=50')).body;
    expect(last).toMatchObject({ totalResults: 210, startIndex: 201, itemsPerPage: 10 });
    expect(last.Resources[9].userName).toBe('user209@example.com');
    const none = (await api.gs('GET', '/Users?count=0')).body;
    expect(none).toMatchObject({ totalResults: 210, itemsPerPage: 0, Resources: [] });
    const low = (await api.gs('GET', '/Users?startIndex=0&count=1')).body;
    expect(low.startIndex).toBe(1);
    expect((await api.gs('GET', '/Users?count=ten')).status).toBe(400);
  });

  it('honours attributes and excludedAttributes, id and schemas always returned', async () => {
    const user = await api.createUser('ann@example.com', { name: { givenName: 'Ann', familyName: 'Lee' }, [GS_ENTERPRISE]: { department: 'Ops', costCenter: '7' }, schemas: [GS_USER, GS_ENTERPRISE] });
    const picked = (await api.gs('GET', `/Users/${user.id}?attributes=userName,name.givenName,${GS_ENTERPRISE}:department`)).body;
    expect(picked).toEqual({ schemas: [GS_USER, GS_ENTERPRISE], id: user.id, userName: 'ann@example.com', name: { givenName: 'Ann' }, [GS_ENTERPRISE]: { department: 'Ops' } });
    const list = (await api.gs('GET', '/Users?excludedAttributes=emails,meta,id')).body.Resources[0];
    expect(list).not.toHaveProperty('emails');
    expect(list).not.toHaveProperty('meta');
    expect(list.id).toBe(user.id);
    expect(list.userName).toBe('ann@example.com');
  });

  it('PUT replaces the whole user (attributes not sent are cleared) and keeps id and created', async () => {
    const user = await api.createUser('ann@example.com', { title: 'Engineer', externalId: 'e1' });
    const res = await api.gs('PUT', `/Users/${user.id}`, { schemas: [GS_USER], userName: 'ann.lee@example.com', externalId: 'e1', active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, userName: 'ann.lee@example.com', active: false, meta: { created: user.meta.created } });
    expect(res.body).not.toHaveProperty('title');
    expect(res.body).not.toHaveProperty('emails');
    await api.createUser('bob@example.com');
    const clash = await api.gs('PUT', `/Users/${user.id}`, { schemas: [GS_USER], userName: 'Bob@example.com' });
    expect(clash.status).toBe(409);
    expect((await api.gs('PUT', '/Users/nope', { schemas: [GS_USER], userName: 'z' })).status).toBe(404);
  });

  it('PATCH applies replace/add/remove, filtered paths included, and re-checks the result', async () => {
    const user = await api.createUser('ann@example.com', { active: true, name: { givenName: 'Ann', familyName: 'Lee' } });
    const res = await api.gs(
      'PATCH',
      `/Users/${user.id}`,
      patchOp(
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'ann.lee@example.com' },
        { op: 'add', path: `${GS_ENTERPRISE}:department`, value: 'Ops' },
        { op: 'remove', path: 'name.familyName' },
        { op: 'replace', value: { displayName: 'Ann' } },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: false, displayName: 'Ann', emails: [{ type: 'work', value: 'ann.lee@example.com' }], name: { givenName: 'Ann' }, [GS_ENTERPRISE]: { department: 'Ops' } });
    expect(res.body.schemas).toEqual([GS_USER, GS_ENTERPRISE]);
    expect(res.body.name).not.toHaveProperty('familyName');
    expect((await api.gs('GET', `/Users/${user.id}`)).body.active).toBe(false);
    const broken = await api.gs('PATCH', `/Users/${user.id}`, patchOp({ op: 'remove', path: 'userName' }));
    expect(broken.status).toBe(400);
    expect((await api.gs('GET', `/Users/${user.id}`)).body.userName).toBe('ann@example.com');
    expect((await api.gs('PATCH', `/Users/${user.id}`, { Operations: [] })).body.scimType).toBe('invalidSyntax');
  });

  it('DELETE removes the user: 204, then 404', async () => {
    const user = await api.createUser('ann@example.com');
    expect((await api.gs('DELETE', `/Users/${user.id}`)).status).toBe(204);
    const gone = await api.gs('GET', `/Users/${user.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ schemas: [GS_ERROR], status: '404' });
    expect((await api.gs('DELETE', `/Users/${user.id}`)).status).toBe(404);
  });

  it('answers POST /Users/.search like a GET list (RFC 7644 §3.4.3)', async () => {
    await api.createUser('ann@example.com');
    await api.createUser('bob@example.com');
    const res = await api.gs('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "bob@example.com"', attributes: ['userName'] });
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0]).toEqual({ schemas: [GS_USER], id: expect.any(String), userName: 'bob@example.com' });
  });
});

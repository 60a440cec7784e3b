import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, ENTERPRISE, patch, scimUser, USER_SCHEMA, type Client } from './client.js';

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

const create = async (email: string, extra: Record<string, unknown> = {}) => {
  const res = await http.rc('POST', '/scim/v2/Users', scimUser(email, extra));
  expect(res.status).toBe(201);
  return res.body;
};
/** A user that exists and has been activated by its owner. */
const activeUser = async (email: string, extra: Record<string, unknown> = {}) => {
  const user = await create(email, extra);
  expect((await http.admin('POST', `/ringcentral/users/${user.id}/activate`)).status).toBe(200);
  return (await http.rc('GET', `/scim/v2/Users/${user.id}`)).body;
};

describe('SCIM authentication and content types', () => {
  it('answers 401 with a SCIM error without a bearer token or with an unknown one', async () => {
    const none = await http.vendor('GET', '/scim/v2/Users');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    const unknown = await http.vendor('GET', '/scim/v2/Users', { headers: { authorization: 'Bearer nope' } });
    expect(unknown.body).toMatchObject({ status: '401', errorCode: 'OAU-213' });
  });

  it('accepts application/json and application/scim+json, and answers in the one asked for', async () => {
    const scim = await http.rc('GET', '/scim/v2/Users', undefined, { accept: 'application/scim+json' });
    expect(scim.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const plain = await http.rc('GET', '/scim/v2/Users', undefined, { accept: 'application/json' });
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    const created = await http.rc('POST', '/scim/v2/Users', scimUser('a.b@example.com'), { 'content-type': 'application/scim+json' });
    expect(created.status).toBe(201);
    const text = await http.vendor('POST', '/scim/v2/Users', { rawBody: 'x', headers: { authorization: `Bearer ${sandbox.scimToken}`, 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });
});

describe('SCIM discovery', () => {
  it('advertises what RingCentral supports', async () => {
    const res = await http.rc('GET', '/scim/v2/ServiceProviderConfig');
    expect(res.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      bulk: { supported: false },
      etag: { supported: false },
      sort: { supported: false },
      changePassword: { supported: false },
    });
  });

  it('describes the User resource type with the enterprise extension, and only department in it', async () => {
    const types = await http.rc('GET', '/scim/v2/ResourceTypes');
    expect(types.body.Resources).toEqual([expect.objectContaining({ name: 'User', endpoint: '/Users', schema: USER_SCHEMA, schemaExtensions: [{ schema: ENTERPRISE, required: false }] })]);
    expect((await http.rc('GET', '/scim/v2/ResourceTypes/User')).body.id).toBe('User');
    expect((await http.rc('GET', '/scim/v2/ResourceTypes/Group')).status).toBe(404);
    const schemas = await http.rc('GET', '/scim/v2/Schemas');
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER_SCHEMA, ENTERPRISE]);
    const enterprise = await http.rc('GET', `/scim/v2/Schemas/${ENTERPRISE}`);
    expect(enterprise.body.attributes.map((a: { name: string }) => a.name)).toEqual(['department']);
    const user = await http.rc('GET', `/scim/v2/Schemas/${encodeURIComponent(USER_SCHEMA)}`);
    expect(user.body.attributes.map((a: { name: string }) => a.name)).not.toContain('displayName');
  });

  it('refuses filters on Schemas and ResourceTypes with 403', async () => {
    for (const path of ['/scim/v2/Schemas', '/scim/v2/ResourceTypes']) {
      const res = await http.rc('GET', `${path}?filter=${encodeURIComponent('id eq "x"')}`);
      expect([res.status, res.body.detail]).toEqual([403, 'Filtering is not allowed']);
    }
  });
});

describe('SCIM list and search', () => {
  it('lists users without phones or addresses, 1-based', async () => {
    const res = await http.rc('GET', '/scim/v2/Users');
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 2, startIndex: 1, itemsPerPage: 2 });
    for (const item of res.body.Resources) {
      expect(item).not.toHaveProperty('phoneNumbers');
      expect(item).not.toHaveProperty('addresses');
    }
    expect(res.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['admin@example.com', 'olivia.bennett@example.com']);
    const second = await http.rc('GET', '/scim/v2/Users?startIndex=2&count=1');
    expect(second.body).toMatchObject({ startIndex: 2, itemsPerPage: 1, totalResults: 2, Resources: [{ userName: 'olivia.bennett@example.com' }] });
  });

  it('cuts pages at 200 and reads startIndex < 1 as 1', async () => {
    await http.admin('POST', '/reset', { seed: 'empty', licences: 250 });
    for (let i = 0; i < 210; i++) await create(`user.${i}@example.com`);
    const res = await http.rc('GET', '/scim/v2/Users?count=500&startIndex=0');
    expect(res.body).toMatchObject({ totalResults: 210, startIndex: 1, itemsPerPage: 200 });
    const tail = await http.rc('GET', '/scim/v2/Users?count=100&startIndex=201');
    expect(tail.body.itemsPerPage).toBe(10);
  });

  it('filters on userName or email with eq, case-insensitively', async () => {
    for (const filter of ['userName eq "Olivia.Bennett@example.com"', 'email eq "olivia.bennett@example.com"', 'USERNAME eq "olivia.bennett@example.com"']) {
      const res = await http.rc('GET', `/scim/v2/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.body.totalResults).toBe(1);
    }
    expect((await http.rc('GET', `/scim/v2/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`)).body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('answers 400 invalidFilter to other attributes, operators or malformed filters', async () => {
    for (const filter of ['externalId eq "x"', 'userName sw "o"', 'userName eq "a" or email eq "b"', 'userName eq', 'title eq "x"']) {
      const res = await http.rc('GET', `/scim/v2/Users?filter=${encodeURIComponent(filter)}`);
      expect([res.status, res.body.scimType]).toEqual([400, 'invalidFilter']);
    }
  });

  it('searches with POST /Users/.search', async () => {
    const res = await http.rc('POST', '/scim/v2/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName eq "admin@example.com"',
      startIndex: 1,
      count: 10,
    });
    expect(res.body).toMatchObject({ totalResults: 1, Resources: [{ userName: 'admin@example.com' }] });
    expect((await http.rc('POST', '/scim/v2/Users/.search', { filter: 'displayName eq "x"' })).status).toBe(400);
  });
});

describe('SCIM create', () => {
  it('creates a pending user: numeric id, meta, normalised values, no phones yet', async () => {
    const res = await http.rc(
      'POST',
      '/scim/v2/Users',
      scimUser('jim.bean@example.com', {
        schemas: [USER_SCHEMA, ENTERPRISE],
        externalId: '701985',
        active: true,
        displayName: 'ignored',
        title: 'Buyer',
        addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'US' }],
        [ENTERPRISE]: { department: 'Sales' },
      }),
    );
    expect(res.status).toBe(201);
    const user = res.body;
    expect(user.id).toMatch(/^\d+$/);
    expect(res.headers.get('location')).toBe(`${sandbox.url}/scim/v2/Users/${user.id}`);
    expect(user).toMatchObject({
      schemas: [USER_SCHEMA],
      externalId: '701985',
      active: false,
      title: 'Buyer',
      emails: [{ type: 'work', value: 'jim.bean@example.com', primary: false }],
      addresses: [{ type: 'work', streetAddress: '100 Universal City Plaza', locality: 'Hollywood', region: 'CA', postalCode: '91608', country: 'United States', primary: false }],
      phoneNumbers: [],
      [ENTERPRISE]: { department: 'Sales' },
      meta: { resourceType: 'User', location: `${sandbox.url}/scim/v2/Users/${user.id}` },
    });
    expect(user).not.toHaveProperty('displayName');
    expect(Date.parse(user.meta.created)).not.toBeNaN();
    const extensions = await http.rc('GET', `/restapi/v1.0/account/~/extension?email=jim.bean@example.com`);
    expect(extensions.body.records).toMatchObject([{ id: Number(user.id), status: 'NotActivated' }]);
  });

  it('requires userName to equal the work email', async () => {
    const res = await http.rc('POST', '/scim/v2/Users', scimUser('jim@example.com', { userName: 'jim' }));
    expect([res.status, res.body.scimType]).toEqual([400, 'invalidValue']);
  });

  it('requires a country on an address', async () => {
    for (const country of [undefined, 'Narnia']) {
      const res = await http.rc('POST', '/scim/v2/Users', scimUser('jim@example.com', { addresses: [{ type: 'work', locality: 'Austin', country }] }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ scimType: 'invalidValue', detail: 'Parameter [extension.contact.businessAddress.country] value is invalid.' });
    }
    const de = await http.rc('POST', '/scim/v2/Users', scimUser('jim@example.com', { addresses: [{ type: 'work', country: 'de' }] }));
    expect(de.body.addresses[0].country).toBe('Germany');
  });

  it('answers 409 uniqueness to a duplicate userName or email', async () => {
    const res = await http.rc('POST', '/scim/v2/Users', scimUser('Olivia.Bennett@example.com'));
    expect([res.status, res.body.scimType]).toEqual([409, 'uniqueness']);
  });

  it('refuses a body without the core schema or required attributes', async () => {
    expect((await http.rc('POST', '/scim/v2/Users', { ...scimUser('a@example.com'), schemas: [] })).status).toBe(400);
    expect((await http.rc('POST', '/scim/v2/Users', { ...scimUser('a@example.com'), name: { givenName: 'A' } })).status).toBe(400);
    expect((await http.rc('POST', '/scim/v2/Users', { ...scimUser('a@example.com'), emails: [{ type: 'home', value: 'a@example.com' }] })).status).toBe(400);
    expect((await http.rc('POST', '/scim/v2/Users', { ...scimUser('a@example.com'), phoneNumbers: [{ type: 'fax', value: '1' }] })).status).toBe(400);
    const broken = await http.vendor('POST', '/scim/v2/Users', { rawBody: '{', headers: { authorization: `Bearer ${sandbox.scimToken}`, 'content-type': 'application/json' } });
    expect([broken.status, broken.body.scimType]).toEqual([400, 'invalidSyntax']);
  });

  it('spends a licence per create and answers 403 when none is left', async () => {
    await http.admin('PUT', '/ringcentral/licences', { available: 1 });
    await create('first@example.com');
    const res = await http.rc('POST', '/scim/v2/Users', scimUser('second@example.com'));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: '403', detail: 'License limit has been reached.' });
    expect((await http.admin('GET', '/ringcentral/licences')).body).toEqual({ available: 0 });
  });
});

describe('SCIM lifecycle', () => {
  it('lets a pending user be deleted but not updated', async () => {
    const user = await create('pending.person@example.com');
    const put = await http.rc('PUT', `/scim/v2/Users/${user.id}`, scimUser('pending.person@example.com', { title: 'X' }));
    expect([put.status, put.body.scimType]).toEqual([400, 'mutability']);
    const patched = await http.rc('PATCH', `/scim/v2/Users/${user.id}`, patch({ op: 'replace', path: 'active', value: false }));
    expect(patched.status).toBe(400);
    expect((await http.rc('DELETE', `/scim/v2/Users/${user.id}`)).status).toBe(204);
  });

  it('gives an activated user server-owned work and other phone numbers that writes cannot change', async () => {
    const user = await activeUser('ann.lee@example.com', { phoneNumbers: [{ type: 'mobile', value: '+14155550100' }] });
    expect(user.active).toBe(true);
    const work = user.phoneNumbers.find((p: { type: string }) => p.type === 'work');
    const other = user.phoneNumbers.find((p: { type: string }) => p.type === 'other');
    expect(work.value).toMatch(/^\+1\d{10}$/);
    expect(other.value).toMatch(/^\d{3,}$/);
    expect(user.phoneNumbers).toContainEqual({ type: 'mobile', value: '+14155550100', primary: false });
    const put = await http.rc(
      'PUT',
      `/scim/v2/Users/${user.id}`,
      scimUser('ann.lee@example.com', { active: true, phoneNumbers: [{ type: 'work', value: '+19999999999' }, { type: 'mobile', value: '+14155550101' }] }),
    );
    expect(put.body.phoneNumbers).toEqual([work, other, { type: 'mobile', value: '+14155550101', primary: false }]);
  });

  it('disables with active:false, re-enables with active:true, and deletes only an enabled user', async () => {
    const user = await activeUser('bo.chan@example.com');
    const disabled = await http.rc('PATCH', `/scim/v2/Users/${user.id}`, patch({ op: 'replace', path: 'active', value: false }));
    expect(disabled.body.active).toBe(false);
    const status = async () => (await http.rc('GET', `/restapi/v1.0/account/~/extension?email=bo.chan@example.com`)).body.records[0].status;
    expect(await status()).toBe('Disabled');
    const refused = await http.rc('DELETE', `/scim/v2/Users/${user.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/disabled/);
    const enabled = await http.rc('PUT', `/scim/v2/Users/${user.id}`, scimUser('bo.chan@example.com', { active: true }));
    expect(enabled.body.active).toBe(true);
    expect(await status()).toBe('Enabled');
    expect((await http.rc('DELETE', `/scim/v2/Users/${user.id}`)).status).toBe(204);
    expect((await http.rc('GET', `/scim/v2/Users/${user.id}`)).status).toBe(404);
  });

  it('returns a deleted user\'s extension to the licence pool', async () => {
    const before = (await http.admin('GET', '/ringcentral/licences')).body.available;
    const user = await create('temp.user@example.com');
    expect((await http.admin('GET', '/ringcentral/licences')).body.available).toBe(before - 1);
    await http.rc('DELETE', `/scim/v2/Users/${user.id}`);
    expect((await http.admin('GET', '/ringcentral/licences')).body.available).toBe(before);
    const unassigned = await http.rc('GET', `/restapi/v1.0/account/~/extension?status=Unassigned&perPage=1000`);
    expect(unassigned.body.records.map((r: { id: number }) => r.id)).toContain(Number(user.id));
  });

  it('keeps the status on a PUT without active', async () => {
    const user = await activeUser('cy.dee@example.com');
    const res = await http.rc('PUT', `/scim/v2/Users/${user.id}`, scimUser('cy.dee@example.com', { title: 'Lead' }));
    expect(res.body).toMatchObject({ active: true, title: 'Lead' });
  });

  it('answers 409 when a replace takes another user\'s email', async () => {
    const user = await activeUser('dee.eff@example.com');
    const res = await http.rc('PUT', `/scim/v2/Users/${user.id}`, scimUser('admin@example.com', { active: true }));
    expect([res.status, res.body.scimType]).toEqual([409, 'uniqueness']);
  });

  it('answers 404 for unknown, non-numeric and unassigned ids', async () => {
    for (const id of ['999', 'abc', '1271140090']) expect((await http.rc('GET', `/scim/v2/Users/${id}`)).status).toBe(404);
  });
});

describe('SCIM PATCH', () => {
  it('applies filtered paths, extension attributes and path-less replaces', async () => {
    const user = await activeUser('eve.fox@example.com', { addresses: [{ type: 'work', locality: 'Austin', country: 'US' }] });
    const res = await http.rc(
      'PATCH',
      `/scim/v2/Users/${user.id}`,
      patch(
        { op: 'replace', path: 'addresses[type eq "work"].locality', value: 'Dallas' },
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'eve.fox@example.org' },
        { op: 'replace', path: 'userName', value: 'eve.fox@example.org' },
        { op: 'add', path: `${ENTERPRISE}:department`, value: 'Support' },
        { op: 'replace', value: { title: 'Agent', name: { givenName: 'Eve', familyName: 'Fox-Lee' } } },
        { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+15125550100' },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userName: 'eve.fox@example.org',
      emails: [{ type: 'work', value: 'eve.fox@example.org', primary: false }],
      addresses: [{ type: 'work', locality: 'Dallas', country: 'United States', primary: false }],
      title: 'Agent',
      name: { givenName: 'Eve', familyName: 'Fox-Lee' },
      [ENTERPRISE]: { department: 'Support' },
      active: true,
    });
    expect(res.body.phoneNumbers).toContainEqual({ type: 'mobile', value: '+15125550100', primary: false });
    const removed = await http.rc('PATCH', `/scim/v2/Users/${user.id}`, patch({ op: 'remove', path: 'title' }));
    expect(removed.body).not.toHaveProperty('title');
  });

  it('answers 400 to malformed patches', async () => {
    const user = await activeUser('gil.hart@example.com');
    expect((await http.rc('PATCH', `/scim/v2/Users/${user.id}`, { Operations: [{ op: 'replace', path: 'title', value: 'x' }] })).status).toBe(400);
    expect((await http.rc('PATCH', `/scim/v2/Users/${user.id}`, patch())).status).toBe(400);
    expect((await http.rc('PATCH', `/scim/v2/Users/${user.id}`, patch({ op: 'move', path: 'title', value: 'x' }))).status).toBe(400);
    expect((await http.rc('PATCH', `/scim/v2/Users/${user.id}`, patch({ op: 'replace', path: 'addresses[type eq "work"]]', value: 'x' }))).status).toBe(400);
    const country = await http.rc('PATCH', `/scim/v2/Users/${user.id}`, patch({ op: 'add', path: 'addresses', value: [{ type: 'work', locality: 'Nowhere' }] }));
    expect(country.body.detail).toBe('Parameter [extension.contact.businessAddress.country] value is invalid.');
  });
});

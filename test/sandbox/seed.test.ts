import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client, type Client } from './client.js';

interface User {
  _id: string;
  username: string;
  email: string;
  department: string;
  state: string;
  suspended: boolean;
  password_expired: boolean;
  addresses: { country?: string }[];
  phoneNumbers: { type: string; number: string }[];
}

async function allUsers(http: Client): Promise<User[]> {
  return (await http.jc('GET', '/api/systemusers?limit=100&sort=_id')).body.results as User[];
}

async function membership(http: Client): Promise<Map<string, string[]>> {
  const groups = (await http.jc('GET', '/api/v2/usergroups')).body as { id: string; name: string }[];
  const byGroup = new Map<string, string[]>();
  for (const group of groups) {
    const members = (await http.jc('GET', `/api/v2/usergroups/${group.id}/membership?limit=100`)).body as { id: string }[];
    byGroup.set(group.name, members.map((m) => m.id));
  }
  return byGroup;
}

describe('demo seed', () => {
  let sandbox: Sandbox;
  let http: Client;
  let users: User[];
  let groups: Map<string, string[]>;
  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false });
    http = client(sandbox);
    users = await allUsers(http);
    groups = await membership(http);
  });
  afterAll(() => sandbox.close());

  const inGroup = (name: string, user: User): boolean => groups.get(name)?.includes(user._id) ?? false;

  it('has fifty people with first.last usernames and emails', () => {
    expect(users).toHaveLength(50);
    for (const user of users) {
      expect(user.username).toMatch(/^[a-z]+\.[a-z]+$/);
      expect(user.email).toBe(`${user.username}@example.com`);
    }
  });

  it('has exactly the groups Sales, Support, Engineering and Support Leads, nested in Support', async () => {
    expect([...groups.keys()].sort()).toEqual(['Engineering', 'Sales', 'Support', 'Support Leads']);
    for (const lead of groups.get('Support Leads') ?? []) expect(groups.get('Support')).toContain(lead);
  });

  it('covers the lifecycle cases', () => {
    const suspended = users.filter((u) => u.state === 'SUSPENDED');
    expect(suspended).toHaveLength(3);
    expect(suspended.every((u) => u.suspended)).toBe(true);
    expect(suspended.some((u) => inGroup('Sales', u) || inGroup('Support', u))).toBe(true);
    const expired = users.filter((u) => u.password_expired);
    expect(expired).toHaveLength(1);
    expect(inGroup('Support', expired[0] as User)).toBe(true);
    const staged = users.filter((u) => u.state === 'STAGED');
    expect(staged).toHaveLength(1);
    expect(inGroup('Sales', staged[0] as User)).toBe(true);
    expect(users.filter((u) => ![...groups.values()].some((ids) => ids.includes(u._id)))).toHaveLength(1);
  });

  it('stores countries as ISO codes, mostly US, with one address missing its country', () => {
    const countries = users.map((u) => u.addresses[0]?.country);
    expect(countries.filter((c) => c === undefined)).toHaveLength(1);
    expect(new Set(countries.filter(Boolean))).toEqual(new Set(['US', 'GB', 'DE']));
    expect(countries.filter((c) => c === 'US').length).toBeGreaterThan(30);
  });

  it('has mobile and work phones, most in E.164, some formatted', () => {
    const numbers = users.flatMap((u) => u.phoneNumbers);
    expect(new Set(numbers.map((p) => p.type))).toEqual(new Set(['mobile', 'work']));
    const e164 = numbers.filter((p) => /^\+\d{8,15}$/.test(p.number));
    const formatted = numbers.filter((p) => /^\+1 \(\d{3}\) \d{3}-\d{4}$/.test(p.number));
    expect(formatted.length).toBeGreaterThan(0);
    expect(e164.length + formatted.length).toBe(numbers.length);
    expect(e164.length).toBeGreaterThan(numbers.length / 2);
  });

  it('has no SSO application', async () => {
    expect((await http.jc('GET', '/api/applications')).body.totalCount).toBe(0);
  });

  it('has an unmatched admin account and an adoptable Sales account in RingCentral, and 100 licences', async () => {
    const accounts = (await http.rc('GET', '/scim/v2/Users')).body.Resources as { userName: string; externalId?: string; active: boolean }[];
    expect(accounts.map((a) => a.userName)).toEqual(['admin@example.com', expect.any(String)]);
    expect(accounts.every((a) => a.active && a.externalId === undefined)).toBe(true);
    expect(users.some((u) => u.email === 'admin@example.com')).toBe(false);
    const adoptable = users.find((u) => u.email === accounts[1]?.userName);
    expect(adoptable && inGroup('Sales', adoptable) && adoptable.state === 'ACTIVATED').toBe(true);
    expect((await http.admin('GET', '/ringcentral/licences')).body.available).toBe(100);
  });

  it('is the same data on every start', async () => {
    const again = await startSandbox({ rateLimits: false });
    try {
      const other = client(again);
      expect(await allUsers(other)).toEqual(users.map((u) => ({ ...u, organization: again.orgId })));
      expect((await other.rc('GET', '/scim/v2/Users')).body.Resources.map((r: { id: string }) => r.id)).toEqual(
        (await http.rc('GET', '/scim/v2/Users')).body.Resources.map((r: { id: string }) => r.id),
      );
    } finally {
      await again.close();
    }
  });
});

describe('bench and empty seeds', () => {
  it('spreads N users over M groups', async () => {
    const sandbox = await startSandbox({ seed: { users: 250, groups: 4 }, rateLimits: false });
    try {
      const http = client(sandbox);
      expect((await http.jc('GET', '/api/systemusers?limit=1')).body.totalCount).toBe(250);
      const groups = (await http.jc('GET', '/api/v2/usergroups?sort=name')).body as { id: string; name: string }[];
      expect(groups.map((g) => g.name)).toEqual(['Group 1', 'Group 2', 'Group 3', 'Group 4']);
      const members = (await http.jc('GET', `/api/v2/usergroups/${groups[3]?.id}/membership?limit=100`)).body;
      expect(members).toHaveLength(62);
      expect((await http.admin('GET', '/ringcentral/licences')).body.available).toBe(250);
    } finally {
      await sandbox.close();
    }
  });

  it('loads 100,000 users and keeps the last page and exact lookups correct', async () => {
    const sandbox = await startSandbox({ seed: { users: 100_000, groups: 20 }, rateLimits: false });
    try {
      const http = client(sandbox);
      const last = await http.jc('GET', '/api/systemusers?limit=100&skip=99900&sort=_id');
      expect(last.body.totalCount).toBe(100_000);
      expect(last.body.results.at(-1).username).toBe('user100000');
      const found = await http.jc('GET', '/api/systemusers?filter=email:$eq:user054321@example.com');
      expect(found.body.results.map((u: { username: string }) => u.username)).toEqual(['user054321']);
      const group = (await http.jc('GET', '/api/v2/usergroups?filter=name:eq:Group 7')).body[0];
      expect((await http.jc('GET', `/api/v2/usergroups/${group.id}/membership?limit=100&skip=4900`)).body).toHaveLength(100);
    } finally {
      await sandbox.close();
    }
  });

  it('provisions every bench user an activated RingCentral account linked to them, as RingCentral stores it', async () => {
    const sandbox = await startSandbox({ seed: { users: 150, groups: 2, provisioned: true }, rateLimits: false });
    try {
      const http = client(sandbox);
      const users = (await http.jc('GET', '/api/systemusers?limit=100&sort=_id')).body.results as User[];
      const list = await http.rc('GET', '/scim/v2/Users?count=100');
      expect(list.body.totalResults).toBe(150);
      const first = list.body.Resources[0] as { id: string; externalId: string; userName: string; active: boolean; phoneNumbers?: unknown };
      expect(first).toMatchObject({ externalId: users[0]!._id, userName: users[0]!.email, active: true });
      expect(first.phoneNumbers).toBeUndefined();
      const account = (await http.rc('GET', `/scim/v2/Users/${first.id}`)).body;
      expect(account.addresses).toEqual([
        { type: 'work', streetAddress: '100 Market Street', locality: 'San Francisco', region: 'CA', postalCode: '94105', country: 'United States', primary: false },
      ]);
      expect(account.phoneNumbers.map((p: { type: string }) => p.type)).toEqual(['work', 'other', 'mobile']);
      expect(account.phoneNumbers[2].value).toBe(users[0]!.phoneNumbers[0]!.number);
      expect(account['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).toEqual({ department: 'Group 1' });
      const externalIds = new Set((list.body.Resources as Array<{ externalId: string }>).map((a) => a.externalId));
      expect(users.every((u) => externalIds.has(u._id))).toBe(true);
      expect((await http.admin('GET', '/ringcentral/licences')).body.available).toBe(100);
    } finally {
      await sandbox.close();
    }
  });

  it('reads the provisioned seed from the CLI and the admin API', async () => {
    const { parseSeed } = await import('../../src/sandbox/seed/spec.js');
    expect(parseSeed('users=10,groups=2,provisioned')).toEqual({ users: 10, groups: 2, provisioned: true });
    expect(parseSeed('users=10,groups=2')).toEqual({ users: 10, groups: 2 });
    expect(parseSeed({ users: 10, groups: 2, provisioned: true })).toEqual({ users: 10, groups: 2, provisioned: true });
    expect(() => parseSeed('users=10,groups=2,provisioned=yes')).toThrow(/provisioned/);
    expect(() => parseSeed({ users: 10, groups: 2, provisioned: 'yes' })).toThrow(/provisioned/);
  });

  it('starts empty with the empty seed', async () => {
    const sandbox = await startSandbox({ seed: 'empty', licences: 3 });
    try {
      const http = client(sandbox);
      expect((await http.jc('GET', '/api/systemusers')).body).toEqual({ totalCount: 0, results: [] });
      expect((await http.jc('GET', '/api/v2/usergroups')).body).toEqual([]);
      expect((await http.rc('GET', '/scim/v2/Users')).body.totalResults).toBe(0);
      expect((await http.admin('GET', '/ringcentral/licences')).body.available).toBe(3);
    } finally {
      await sandbox.close();
    }
  });
});

/**
 * The JumpCloud client against the sandbox over HTTP: paged directory reads, nested membership,
 * user state, applications written GET-merge-PUT, bindings, x-org-id, and writes whose answers
 * were lost.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IdpProvider } from '../../../src/core/ports.js';
import { configSchema } from '../../../src/config/schema.js';
import { createProviders } from '../../../src/cli/wiring.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { admin, wire } from '../support.js';

const none = { appIds: new Map<string, string>() };

let sandbox: Sandbox;
let sb: ReturnType<typeof admin>;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  sb = admin(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

async function withIdp<T>(run: (idp: IdpProvider) => Promise<T>): Promise<T> {
  const providers = wire(sandbox, { auth: 'token' });
  try {
    return await run(providers.idp);
  } finally {
    await providers.close();
  }
}

async function jumpcloud(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

describe('directory paging', () => {
  it.each([0, 1, 100, 101, 10_000])('reads %i users in pages of 100 sorted by _id, each page once', async (users) => {
    await sb.reset({ users, groups: 1 });
    await sb.clearRequests();
    const directory = await withIdp((idp) => idp.readDirectory({ groupNames: ['Group 1'] }));
    expect(new Set(directory.users.map((u) => u.id)).size).toBe(users);
    expect(directory.groups[0]?.members).toHaveLength(users);
    const pages = (await sb.requests()).filter((r) => r.path === '/api/systemusers');
    expect(pages).toHaveLength(Math.max(1, Math.ceil(users / 100)));
    expect(new Set(pages.map((p) => p.query['skip'])).size).toBe(pages.length);
    expect(pages.every((p) => p.query['limit'] === '100' && p.query['sort'] === '_id')).toBe(true);
  }, 60_000);

  // Membership lists carry no total: pages are read ahead 2, then 4 at a time, up to the first short one.
  it.each([
    [0, 1],
    [99, 1],
    [100, 3],
    [250, 3],
    [1_000, 11],
    [10_000, 103],
  ])('reads a membership of %i users in %i requests, each member once', async (users, requests) => {
    await sb.reset({ users, groups: 1 });
    await sb.clearRequests();
    const directory = await withIdp((idp) => idp.readDirectory({ groupNames: ['Group 1'] }));
    expect(new Set(directory.groups[0]?.members.map((m) => m.userId)).size).toBe(users);
    const pages = (await sb.requests()).filter((r) => r.path.endsWith('/membership'));
    expect(pages).toHaveLength(requests);
    expect(new Set(pages.map((p) => p.query['skip'])).size).toBe(pages.length);
  }, 60_000);
});

describe('directory content (demo seed)', () => {
  beforeEach(async () => {
    await sb.reset('demo');
  });

  it('reads nested membership with the groups in between, and user state', async () => {
    const directory = await withIdp((idp) => idp.readDirectory({ groupNames: ['Support', 'Sales'] }));
    const byName = new Map(directory.users.map((u) => [`${u.firstname} ${u.lastname}`, u]));
    const support = directory.groups.find((g) => g.name === 'Support')!;
    const nora = support.members.find((m) => m.userId === byName.get('Nora Jenkins')!.id);
    expect(nora?.via).toEqual(['Support Leads']);
    expect(support.members.find((m) => m.userId === byName.get('Zoe Cooper')!.id)?.via).toEqual([]);
    expect(byName.get('Henry Brooks')).toMatchObject({ state: 'SUSPENDED', suspended: true });
    expect(byName.get('Daniel Price')).toMatchObject({ state: 'STAGED' });
    expect(byName.get('Zoe Cooper')).toMatchObject({ passwordExpired: true });
    expect(directory.groups.map((g) => g.name).sort()).toEqual(['Sales', 'Support']);
  });

  it('hands the directory over as it arrives: every user and every member once, as the directory holds them', async () => {
    const users: string[] = [];
    const members = new Map<string, string[]>();
    const directory = await withIdp((idp) =>
      idp.readDirectory({
        groupNames: ['Support', 'Sales'],
        onProgress: {
          users: (page) => users.push(...page.map((u) => u.id)),
          members: (group, page) => members.set(group, [...(members.get(group) ?? []), ...page.map((m) => m.userId)]),
        },
      }),
    );
    expect(users).toEqual(directory.users.map((u) => u.id));
    expect(Object.fromEntries(members)).toEqual(Object.fromEntries(directory.groups.map((g) => [g.name, g.members.map((m) => m.userId)])));
    expect(members.get('Support')?.length).toBeGreaterThan(0);
  });

  it('reads the users while the group names are still being found, and the memberships once they are', async () => {
    const { totalCount } = await jumpcloud('GET', '/api/systemusers?limit=1');
    await sb.clearRequests();
    let nameGroups!: (names: readonly string[]) => void;
    const groupNames = new Promise<readonly string[]>((resolve) => (nameGroups = resolve));
    const userPages: number[] = [];
    const directory = await withIdp((idp) =>
      idp.readDirectory({
        groupNames,
        onProgress: {
          users: (page) => {
            userPages.push(page.length);
            // The last user page: the names are handed over only now.
            if (userPages.reduce((a, b) => a + b, 0) === totalCount) nameGroups(['Support']);
          },
          members: () => {},
        },
      }),
    );
    const paths = (await sb.requests()).map((r) => r.path);
    const firstMembership = paths.findIndex((p) => p.endsWith('/membership'));
    expect(directory.users).toHaveLength(totalCount);
    expect(paths.lastIndexOf('/api/systemusers')).toBeLessThan(firstMembership);
    expect(directory.groups.map((g) => g.name)).toEqual(['Support']);
    expect(directory.groups[0]?.members.length).toBeGreaterThan(0);
  });

  it('reads the user-group list once for applications and directory together', async () => {
    await sb.clearRequests();
    await withIdp(async (idp) => {
      await idp.readApplications([{ app: 'ringcentral', label: 'RingCentral' }]);
      await idp.readDirectory({ groupNames: ['Sales'] });
    });
    expect((await sb.requests()).filter((r) => r.path === '/api/v2/usergroups')).toHaveLength(1);
  });
});

describe('applications and bindings', () => {
  beforeEach(async () => {
    await sb.reset('demo');
  });

  const settings = { label: 'Phones', description: 'Company phones', portal: 'visible', ssoUrl: 'https://sso.jumpcloud.com/saml2/phones', 'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS.saml2' };

  it('creates an application, finds it by label, and updates it keeping fields Roster does not manage', async () => {
    const created = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings }, none));
    expect(created).toEqual({ id: expect.any(String), attempts: 1 });
    const app = await jumpcloud('GET', `/api/applications/${created.id}`);
    await jumpcloud('PUT', `/api/applications/${created.id}`, { ...app, learnMore: 'https://example.com/help', color: '#202D38' });

    await sb.clearRequests();
    await withIdp((idp) => idp.execute({ op: 'idp.app.update', app: 'phones', appId: created.id!, set: { description: 'Phones for everyone' }, unset: [] }, none));
    expect((await sb.requests()).map((r) => r.method)).toEqual(['GET', 'PUT']);
    expect(await jumpcloud('GET', `/api/applications/${created.id}`)).toMatchObject({ description: 'Phones for everyone', learnMore: 'https://example.com/help', color: '#202D38' });

    const [read] = await withIdp((idp) => idp.readApplications([{ app: 'phones', label: 'Phones' }]));
    expect(read).toMatchObject({ id: created.id, app: 'phones', settings: { label: 'Phones', description: 'Phones for everyone', 'config.acsUrl': settings['config.acsUrl'] }, boundGroups: [] });
  });

  it('binds and unbinds groups; binding twice is harmless', async () => {
    const { id } = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings }, none));
    const groups: Array<{ id: string; name: string }> = await jumpcloud('GET', '/api/v2/usergroups?limit=100');
    const sales = groups.find((g) => g.name === 'Sales')!;
    const add = { op: 'idp.binding.add', app: 'phones', appId: id!, group: 'Sales', groupId: sales.id } as const;
    await withIdp((idp) => idp.execute(add, none));
    expect(await withIdp((idp) => idp.execute(add, none))).toEqual({ id, attempts: 1 });
    const [bound] = await withIdp((idp) => idp.readApplications([{ app: 'phones', label: 'Phones' }]));
    expect(bound?.boundGroups).toEqual([{ id: sales.id, name: 'Sales' }]);

    await sb.fault({ method: 'POST', path: '/api/v2/applications/*/associations', drop: 'after' });
    expect(await withIdp((idp) => idp.execute({ ...add, op: 'idp.binding.remove' }, none))).toEqual({ id, attempts: 2 });
    const [unbound] = await withIdp((idp) => idp.readApplications([{ app: 'phones', label: 'Phones' }]));
    expect(unbound?.boundGroups).toEqual([]);
  });

  it('an application create whose answer was lost is found by its label, not made twice', async () => {
    await sb.fault({ method: 'POST', path: '/api/applications', drop: 'after' });
    const created = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings }, none));
    expect(created).toMatchObject({ attempts: 1, lookedUp: true });
    const apps = await jumpcloud('GET', '/api/applications?limit=100');
    expect(apps.results.filter((a: { displayLabel?: string }) => a.displayLabel === 'Phones')).toHaveLength(1);
  });

  it('an application delete whose answer was lost completes', async () => {
    const { id } = await withIdp((idp) => idp.execute({ op: 'idp.app.create', app: 'phones', settings }, none));
    await sb.fault({ method: 'DELETE', path: '/api/applications/*', drop: 'after' });
    expect(await withIdp((idp) => idp.execute({ op: 'idp.app.delete', app: 'phones', appId: id! }, none))).toEqual({ id, attempts: 2 });
  });
});

describe('x-org-id', () => {
  it('is sent when configured, as a multi-tenant admin needs; without it the error says so', async () => {
    const tenant = await startSandbox({ seed: 'demo', rateLimits: false, multiTenant: true });
    const providers = (orgId?: string) =>
      createProviders(configSchema.parse({ idp: { type: 'jumpcloud', url: tenant.url, apiKey: tenant.apiKey, ...(orgId ? { orgId } : {}) }, applications: {} }), { readOnly: true });
    try {
      const withOrg = providers(tenant.orgId);
      expect((await withOrg.idp.readDirectory({ groupNames: [] })).users.length).toBeGreaterThan(40);
      await withOrg.close();
      const withoutOrg = providers();
      const error = await withoutOrg.idp.readDirectory({ groupNames: [] }).catch((e: unknown) => e);
      await withoutOrg.close();
      expect(error).toMatchObject({ failureClass: 'unauthorized' });
      expect(String(error)).toMatch(/set idp\.orgId when the key belongs to a multi-tenant admin/);
    } finally {
      await tenant.close();
    }
  });
});

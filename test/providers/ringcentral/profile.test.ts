/**
 * The RingCentral profile against the sandbox: account status from the extension list, error
 * classes with what to do, and authentication with the JWT grant.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlatAttributes } from '../../../src/core/model.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { admin, target, wire } from '../support.js';

const none = { appIds: new Map<string, string>() };

let sandbox: Sandbox;
let sb: ReturnType<typeof admin>;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'empty', rateLimits: false, licences: 5 });
  sb = admin(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sb.reset('empty', 5);
});

const person = (email: string, extra: FlatAttributes = {}): FlatAttributes => ({
  userName: email,
  externalId: `idp-${email}`,
  'name.givenName': 'Grace',
  'name.familyName': 'Hopper',
  'emails[type eq "work"].value': email,
  ...extra,
});

async function withProviders<T>(run: (p: ReturnType<typeof wire>) => Promise<T>, options: Parameters<typeof wire>[1] = {}): Promise<T> {
  const providers = wire(sandbox, options);
  try {
    return await run(providers);
  } finally {
    await providers.close();
  }
}

const create = (p: ReturnType<typeof wire>, email: string, extra: FlatAttributes = {}) =>
  target(p).execute({ op: 'scim.create', app: 'ringcentral', userName: email, attributes: person(email, extra) }, none);

describe('account status from the extension list', () => {
  it('tells pending, active and disabled accounts apart and counts free licences, in one read', async () => {
    await withProviders(async (p) => {
      const pending = await create(p, 'pending@example.com');
      const active = await create(p, 'active@example.com');
      const disabled = await create(p, 'disabled@example.com');
      await sb.activate(active.id!);
      await sb.activate(disabled.id!);
      await target(p).execute({ op: 'scim.update', app: 'ringcentral', id: disabled.id!, userName: 'disabled@example.com', set: { active: false }, unset: [] }, none);
      await sb.clearRequests();
      const accounts = await target(p).readAccounts();
      expect(Object.fromEntries(accounts.map((a) => [a.userName, a.state]))).toEqual({
        'pending@example.com': 'pending',
        'active@example.com': 'active',
        'disabled@example.com': 'inactive',
      });
      expect(accounts.every((a) => a.detail === 'list')).toBe(true);
      expect(target(p).freeLicences?.()).toBe(2);
      expect((await sb.requests()).map((r) => `${r.path} ${r.group}`).sort()).toEqual(['/restapi/v1.0/account/~/extension Medium', '/scim/v2/Users Light']);
      void pending;
    });
  });
});

describe('phones and addresses from the extension records (docs/vendors/ringcentral.md §1.2)', () => {
  const address = {
    'addresses[type eq "work"].streetAddress': '1 Main St',
    'addresses[type eq "work"].locality': 'San Francisco',
    'addresses[type eq "work"].region': 'CA',
    'addresses[type eq "work"].postalCode': '94105',
    'addresses[type eq "work"].country': 'US',
  };
  const omitted = (attributes: FlatAttributes) => Object.fromEntries(Object.entries(attributes).filter(([path]) => /^(addresses|phoneNumbers)\[type eq "(work|mobile)"\]/.test(path) && !path.startsWith('phoneNumbers[type eq "work"]')));

  it('an account whose record carries contact.businessAddress and contact.mobilePhone is full from the list, as its detail read shows it', async () => {
    await withProviders(async (p) => {
      const made = await create(p, 'full@example.com', { ...address, 'phoneNumbers[type eq "mobile"].value': '+14155550101' });
      await sb.activate(made.id!);
      const [listed] = await target(p).readAccounts();
      expect(listed?.detail).toBe('full');
      const [read] = await target(p).readAccountDetails([made.id!]);
      expect(omitted(listed!.attributes)).toEqual(omitted(read!.attributes));
      expect(listed!.attributes['addresses[type eq "work"].country']).toBe('United States');
      expect(listed!.attributes['phoneNumbers[type eq "mobile"].value']).toBe('+14155550101');
    });
  });

  it('an account whose record lacks a compared field stays a list item, with the reason', async () => {
    await withProviders(async (p) => {
      const made = await create(p, 'nomobile@example.com', address);
      await sb.activate(made.id!);
      const [listed] = await target(p).readAccounts();
      expect(listed?.detail).toBe('list');
      expect(target(p).listGaps?.().get(made.id!)).toBe('their extension record has no contact.mobilePhone');
      // Compared only where the mapping compares it: addresses alone are in the record.
      const [addressOnly] = await target(p).readAccounts({ compared: ['addresses'] });
      expect(addressOnly?.detail).toBe('full');
      expect(addressOnly?.attributes['addresses[type eq "work"].locality']).toBe('San Francisco');
    });
  });
});

describe('the SCIM list joined to the extension list', () => {
  it('makes every account once, joined, when its pages come before the extension records', async () => {
    await sb.reset({ users: 450, groups: 1, provisioned: true });
    // Every SCIM page is answered while the extension list is still awaited: all of them wait.
    await sb.fault({ method: 'GET', path: '/restapi/v1.0/account/~/extension*', delayMs: 300 });
    await sb.clearRequests();
    const requests: Awaited<ReturnType<typeof sb.requests>> = [];
    await withProviders(async (p) => {
      const accounts = await target(p).readAccounts();
      requests.push(...(await sb.requests()));
      const listed: string[] = [];
      for (let start = 1; start <= 450; start += 100) {
        const page = await fetch(`${sandbox.url}/scim/v2/Users?startIndex=${start}&count=100`, { headers: { authorization: `Bearer ${sandbox.scimToken}` } }).then((r) => r.json());
        listed.push(...page.Resources.map((r: { id: string }) => r.id));
      }
      // Pages are answered in any order; what reads them depends on no order (ownership sorts by id).
      expect(accounts.map((a) => a.id).sort()).toEqual(listed.sort());
      expect(accounts).toHaveLength(450);
      expect(accounts.every((a) => a.detail === 'full' && a.state === 'active')).toBe(true);
    });
    const extension = requests.find((r) => r.path === '/restapi/v1.0/account/~/extension')!;
    const scimPages = requests.filter((r) => r.path === '/scim/v2/Users' && r.method === 'GET');
    expect(scimPages.length).toBeGreaterThan(2);
    expect(scimPages.every((r) => Date.parse(r.time) + r.durationMs < Date.parse(extension.time) + extension.durationMs)).toBe(true);
  });
});

describe('error classes, each with what to do', () => {
  it('licence exhausted', async () => {
    await sb.licences(0);
    const error = await withProviders((p) => create(p, 'nolicence@example.com')).catch((e: unknown) => e);
    expect(error).toMatchObject({ failureClass: 'licence-exhausted' });
    expect(String(error)).toContain('RingCentral has no free licence (DigitalLine): add one in the admin portal, then run apply again');
  });

  it('duplicate email', async () => {
    const error = await withProviders(async (p) => {
      await create(p, 'twice@example.com');
      return create(p, 'twice@example.com');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failureClass: 'duplicate', details: { status: 409 } });
    expect(String(error)).toMatch(/another RingCentral user or call queue already uses this email/);
  });

  it('invalid address', async () => {
    const error = await withProviders((p) => create(p, 'noaddress@example.com', { 'addresses[type eq "work"].locality': 'Springfield' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ failureClass: 'invalid-value', details: { status: 400 } });
    expect(String(error)).toMatch(/businessAddress\.country.*correct it in the IdP/);
  });

  it('pending account', async () => {
    const error = await withProviders(async (p) => {
      const { id } = await create(p, 'notyet@example.com');
      return target(p).execute({ op: 'scim.update', app: 'ringcentral', id: id!, userName: 'notyet@example.com', set: { title: 'CTO' }, unset: [] }, none);
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failureClass: 'pending' });
    expect(String(error)).toMatch(/awaits activation by its owner/);
  });

  it('forbidden: the token lacks User Admin rights', async () => {
    await sb.fault({ method: 'POST', path: '/scim/v2/Users', status: 403, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '403', detail: 'Permissions denied' } });
    const error = await withProviders((p) => create(p, 'forbidden@example.com')).catch((e: unknown) => e);
    expect(error).toMatchObject({ failureClass: 'forbidden' });
    expect(String(error)).toMatch(/needs the User Admin role/);
  });
});

describe('JWT grant', () => {
  it('obtains one access token for all requests of a run, requested in the Auth group', async () => {
    await sb.clearRequests();
    await withProviders(async (p) => {
      await Promise.all([target(p).readAccounts(), target(p).findAccount('a@example.com'), target(p).readAccountDetails(['1', '2'])]);
    });
    const tokenRequests = (await sb.requests()).filter((r) => r.path === '/restapi/oauth/token');
    expect(tokenRequests.map((r) => r.group)).toEqual(['Auth']);
  });

  it('renews the token once on a 401, and before it expires', async () => {
    const shortLived = await startSandbox({ seed: 'empty', rateLimits: false, tokenTtlSeconds: 1 });
    try {
      const providers = wire(shortLived);
      const shortAdmin = admin(shortLived);
      try {
        await target(providers).readAccounts();
        await shortAdmin.fault({ method: 'GET', path: '/scim/v2/Users', status: 401, body: { errorCode: 'OAU-213', message: 'Token not found' } });
        await target(providers).readAccounts();
        // The token lives one second; renewal starts a tenth of it before: this waits past that.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        await target(providers).readAccounts();
      } finally {
        await providers.close();
      }
      const statuses = (await shortAdmin.requests()).map((r) => `${r.path.replace(/^\/(scim\/v2|restapi\/v1\.0\/account\/~)/, '')} ${r.status}`);
      expect(statuses.filter((s) => s.startsWith('/restapi/oauth/token'))).toEqual(['/restapi/oauth/token 200', '/restapi/oauth/token 200', '/restapi/oauth/token 200']);
      expect(statuses.filter((s) => s.endsWith('401'))).toEqual(['/Users 401']);
    } finally {
      await shortLived.close();
    }
  });
});

/**
 * The SCIM client against the sandbox over HTTP: discovery, detail reads, lookups and writes, and
 * the guarantees around lost answers — no duplicate account, no duplicated value, deletes that
 * complete.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { identityNormalizer } from '../../../src/core/compare.js';
import type { FlatAttributes } from '../../../src/core/model.js';
import type { TargetProvider } from '../../../src/core/ports.js';
import { HttpClient } from '../../../src/providers/http/client.js';
import { RINGCENTRAL_CAPABILITIES } from '../../../src/providers/ringcentral/profile.js';
import { ScimTargetProvider } from '../../../src/providers/scim/provider.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { admin, createAccounts, target, wire } from '../support.js';

const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';
const none = { appIds: new Map<string, string>() };

let sandbox: Sandbox;
let sb: ReturnType<typeof admin>;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'empty', rateLimits: false, licences: 100 });
  sb = admin(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sb.reset('empty', 100);
});

function attributes(email: string, extra: FlatAttributes = {}): FlatAttributes {
  return {
    userName: email,
    externalId: `idp-${email}`,
    'name.givenName': 'Ada',
    'name.familyName': 'Lovelace',
    'emails[type eq "work"].value': email,
    ...extra,
  };
}

async function withTarget<T>(run: (t: TargetProvider) => Promise<T>, options: Parameters<typeof wire>[1] = {}): Promise<T> {
  const providers = wire(sandbox, { auth: 'token', ...options });
  try {
    return await run(target(providers));
  } finally {
    await providers.close();
  }
}

async function accountsNamed(userName: string): Promise<number> {
  return withTarget(async (t) => (await t.readAccounts()).filter((a) => a.userName === userName).length);
}

describe('discovery (generic SCIM profile)', () => {
  it('reads ServiceProviderConfig, ResourceTypes and Schemas once, into capabilities', async () => {
    await sb.clearRequests();
    const capabilities = await withTarget(async (t) => {
      await t.readAccounts();
      await t.readAccounts();
      return t.capabilities;
    }, { catalog: 'scim' });
    expect(capabilities).toMatchObject({ patch: true, bulk: false, etag: false, groups: false, maxPageSize: 200 });
    expect(capabilities.attributes).toEqual(expect.arrayContaining(['userName', 'emails', 'addresses', `${DEPARTMENT}`]));
    expect(capabilities.attributes).not.toContain('displayName');
    const discovery = (await sb.requests()).filter((r) => !r.path.endsWith('/Users')).map((r) => r.path);
    expect(discovery).toEqual(['/scim/v2/ServiceProviderConfig', '/scim/v2/ResourceTypes', '/scim/v2/Schemas']);
  });
});

describe('reads', () => {
  it('reads details of the accounts asked for, each once, and skips an id that no longer exists', async () => {
    const ids = await createAccounts(sandbox, 3);
    await sb.clearRequests();
    const details = await withTarget((t) => t.readAccountDetails([ids[0]!, ids[2]!, ids[0]!, '999999']));
    expect(details.map((d) => [d.id, d.detail])).toEqual([
      [ids[0], 'full'],
      [ids[2], 'full'],
    ]);
    expect((await sb.requests()).map((r) => r.path).sort()).toEqual([`/scim/v2/Users/${ids[0]}`, `/scim/v2/Users/${ids[2]}`, '/scim/v2/Users/999999'].sort());
  });

  it('finds an account by userName with one filtered read', async () => {
    await createAccounts(sandbox, 2, 'find');
    await sb.clearRequests();
    const found = await withTarget((t) => t.findAccount('find00001@example.com', 'ext-find-1'));
    expect(found).toMatchObject({ userName: 'find00001@example.com', externalId: 'ext-find-1' });
    expect((await sb.requests()).map((r) => r.query['filter'])).toEqual(['userName eq "find00001@example.com"']);
    expect(await withTarget((t) => t.findAccount('nobody@example.com'))).toBeUndefined();
  });
});

describe('writes', () => {
  it('creates, updates with one PATCH carrying every change, and deletes', async () => {
    const created = await withTarget((t) => t.execute({ op: 'scim.create', app: 'ringcentral', userName: 'ada@example.com', attributes: attributes('ada@example.com') }, none));
    expect(created).toEqual({ id: expect.any(String), attempts: 1 });
    await sb.activate(created.id!);
    await sb.clearRequests();
    const updated = await withTarget((t) =>
      t.execute(
        {
          op: 'scim.update',
          app: 'ringcentral',
          id: created.id!,
          userName: 'ada@example.com',
          set: { active: false, [DEPARTMENT]: 'Research', 'addresses[type eq "work"].country': 'GB', 'addresses[type eq "work"].locality': 'London' },
          unset: ['title'],
          addValues: ['addresses[type eq "work"]'],
        },
        none,
      ),
    );
    expect(updated).toEqual({ id: created.id, attempts: 1 });
    expect((await sb.requests()).map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 200']);
    const [account] = await withTarget((t) => t.readAccountDetails([created.id!]));
    expect(account).toMatchObject({ state: 'inactive', attributes: { [DEPARTMENT]: 'Research', 'addresses[type eq "work"].country': 'United Kingdom' } });

    await withTarget((t) => t.execute({ op: 'scim.update', app: 'ringcentral', id: created.id!, userName: 'ada@example.com', set: { active: true }, unset: [] }, none));
    expect(await withTarget((t) => t.execute({ op: 'scim.delete', app: 'ringcentral', id: created.id!, userName: 'ada@example.com' }, none))).toEqual({ id: created.id, attempts: 1 });
    expect(await accountsNamed('ada@example.com')).toBe(0);
  });

  it('a create whose connection dropped after the account was made is found by lookup, not made twice', async () => {
    await sb.fault({ method: 'POST', path: '/scim/v2/Users', drop: 'after' });
    await sb.clearRequests();
    const result = await withTarget((t) => t.execute({ op: 'scim.create', app: 'ringcentral', userName: 'lost@example.com', attributes: attributes('lost@example.com') }, none));
    expect(result).toMatchObject({ attempts: 1, lookedUp: true });
    expect((await sb.requests()).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 201', 'GET 200']);
    expect(await accountsNamed('lost@example.com')).toBe(1);
  });

  it('a create answered 503 (not processed) is looked up, found absent, and sent again', async () => {
    await sb.fault({ method: 'POST', path: '/scim/v2/Users', status: 503 });
    const result = await withTarget((t) => t.execute({ op: 'scim.create', app: 'ringcentral', userName: 'retry@example.com', attributes: attributes('retry@example.com') }, none));
    expect(result).toEqual({ id: expect.any(String), attempts: 2 });
    expect(await accountsNamed('retry@example.com')).toBe(1);
  });

  it('a create that keeps failing stops after three sends and says the outcome is unknown', async () => {
    await sb.fault({ method: 'POST', path: '/scim/v2/Users', status: 502, times: 5 });
    const error = await withTarget((t) => t.execute({ op: 'scim.create', app: 'ringcentral', userName: 'flaky@example.com', attributes: attributes('flaky@example.com') }, none)).catch((e: unknown) => e);
    expect(error).toMatchObject({ failureClass: 'unavailable', outcomeUnknown: true, details: { attempts: 3 } });
  });

  it('a PATCH that adds a value and lost its answer is checked by reading back, not sent twice', async () => {
    const { id } = await withTarget((t) => t.execute({ op: 'scim.create', app: 'ringcentral', userName: 'patch@example.com', attributes: attributes('patch@example.com') }, none));
    await sb.activate(id!);
    await sb.fault({ method: 'PATCH', path: '/scim/v2/Users/*', drop: 'after' });
    await sb.clearRequests();
    const result = await withTarget((t) =>
      t.execute({ op: 'scim.update', app: 'ringcentral', id: id!, userName: 'patch@example.com', set: { 'phoneNumbers[type eq "mobile"].value': '+14155550100' }, unset: [], addValues: ['phoneNumbers[type eq "mobile"]'] }, none),
    );
    expect(result).toEqual({ id, attempts: 1, lookedUp: true });
    expect((await sb.requests()).map((r) => r.method)).toEqual(['PATCH', 'GET']);
    const [account] = await withTarget((t) => t.readAccountDetails([id!]));
    expect(Object.keys(account!.attributes).filter((k) => k.startsWith('phoneNumbers[type eq "mobile"]'))).toEqual(['phoneNumbers[type eq "mobile"].value']);
  });

  it('a replace-only PATCH and a DELETE whose answers were lost are simply sent again', async () => {
    const { id } = await withTarget((t) => t.execute({ op: 'scim.create', app: 'ringcentral', userName: 'again@example.com', attributes: attributes('again@example.com') }, none));
    await sb.activate(id!);
    await sb.fault({ method: 'PATCH', path: '/scim/v2/Users/*', drop: 'after' });
    const patched = await withTarget((t) => t.execute({ op: 'scim.update', app: 'ringcentral', id: id!, userName: 'again@example.com', set: { 'name.givenName': 'Augusta' }, unset: [] }, none));
    expect(patched).toEqual({ id, attempts: 2 });
    await sb.fault({ method: 'DELETE', path: '/scim/v2/Users/*', drop: 'after' });
    const deleted = await withTarget((t) => t.execute({ op: 'scim.delete', app: 'ringcentral', id: id!, userName: 'again@example.com' }, none));
    expect(deleted).toEqual({ id, attempts: 2 });
  });

  it('without PATCH, an update is GET-merge-PUT of the whole resource', async () => {
    const { id } = await withTarget((t) => t.execute({ op: 'scim.create', app: 'ringcentral', userName: 'put@example.com', attributes: attributes('put@example.com', { title: 'Engineer' }) }, none));
    await sb.activate(id!);
    await sb.clearRequests();
    const http = new HttpClient({ system: 'scim', baseUrl: `${sandbox.url}/scim/v2`, credentials: () => ({ authorization: `Bearer ${sandbox.scimToken}` }) });
    const withoutPatch = new ScimTargetProvider(http, { capabilities: { ...RINGCENTRAL_CAPABILITIES, patch: false }, discover: false, normalizer: identityNormalizer });
    await withoutPatch.execute({ op: 'scim.update', app: 'ringcentral', id: id!, userName: 'put@example.com', set: { [DEPARTMENT]: 'Ops' }, unset: [] }, none);
    await http.close();
    expect((await sb.requests()).map((r) => r.method)).toEqual(['GET', 'PUT']);
    const [account] = await withTarget((t) => t.readAccountDetails([id!]));
    expect(account?.attributes).toMatchObject({ title: 'Engineer', [DEPARTMENT]: 'Ops' });
  });
});

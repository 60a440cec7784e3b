/**
 * SCIM group reads and writes (RFC 7643 §4.2, RFC 7644 §3.4.2, §3.5.2) against the sandbox's
 * generic SCIM 2.0 target over HTTP, wired as the CLI wires a `catalog: scim` application. Every
 * test counts the requests the sandbox received (its request log): members travel in batches, a
 * group's members are read with one request, never one per member.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.js';
import { createProviders, GENERIC_SCIM_CAPABILITIES } from '../../../src/cli/wiring.js';
import { identityNormalizer } from '../../../src/core/compare.js';
import type { MemberRef, Step } from '../../../src/core/change.js';
import type { StepContext, TargetProvider, TransportEvent } from '../../../src/core/ports.js';
import { HttpClient } from '../../../src/providers/http/client.js';
import { ProviderError } from '../../../src/providers/http/errors.js';
import { ScimTargetProvider } from '../../../src/providers/scim/provider.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startStub, type StubRequest } from '../stub-server.js';
import { admin, createAccounts, type LoggedRequest } from '../support.js';

const APP = 'wiki';
const BASE = '/generic-scim/v2';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const none: StepContext = { appIds: new Map() };

let sandbox: Sandbox;
let sb: ReturnType<typeof admin>;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'empty', rateLimits: false });
  sb = admin(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sb.reset('empty');
});

const scimUrl = () => `${sandbox.url}${BASE}`;
const bearer = () => ({ authorization: `Bearer ${sandbox.genericScimToken}`, 'content-type': 'application/scim+json' });

/** The generic target's switches (RFC 7644 capabilities it can be made to lack). */
async function switches(body: { patch?: boolean; ignoreExcludedAttributes?: boolean }): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/generic-scim/switches`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status >= 400) throw new Error(`switches: ${response.status} ${await response.text()}`);
}

/** Users of the generic target created straight over HTTP (setup, not under test); their ids in order. */
const createUsers = (count: number, prefix = 'member', concurrency = 16): Promise<string[]> =>
  createAccounts(sandbox, count, prefix, concurrency, { base: scimUrl(), token: sandbox.genericScimToken });

/** A group created straight over HTTP (setup), as another admin would have made it. */
async function createGroupDirectly(displayName: string, memberIds: readonly string[], externalId?: string): Promise<string> {
  const response = await fetch(`${scimUrl()}/Groups`, {
    method: 'POST',
    headers: bearer(),
    body: JSON.stringify({ schemas: [CORE_GROUP], displayName, ...(externalId ? { externalId } : {}), members: memberIds.map((value) => ({ value })) }),
  });
  if (response.status !== 201) throw new Error(`setup group ${displayName}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** The generic target wired as the CLI wires `catalog: scim` (discovery refines the capabilities). */
async function withTarget<T>(run: (t: TargetProvider) => Promise<T>, events: TransportEvent[] = []): Promise<T> {
  const config = configSchema.parse({
    idp: { type: 'jumpcloud', url: sandbox.url, apiKey: sandbox.apiKey },
    applications: { [APP]: { catalog: 'scim', groups: ['Engineering'], provisioning: { url: scimUrl(), token: sandbox.genericScimToken } } },
  });
  const providers = createProviders(config, { readOnly: false, retry: { baseDelayMs: 5, maxDelayMs: 20 }, onTransport: (event) => events.push(event) });
  try {
    const found = providers.targets.get(APP);
    if (!found) throw new Error('no target wired');
    return await run(found);
  } finally {
    await providers.close();
  }
}

/** Requests to the generic target's groups since the log was last cleared. */
async function groupRequests(): Promise<LoggedRequest[]> {
  return (await sb.requests()).filter((r) => r.path.startsWith(`${BASE}/Groups`));
}

const shape = (requests: readonly LoggedRequest[]) => requests.map((r) => `${r.method} ${r.path.slice(BASE.length)} ${r.status}`);
const refs = (ids: readonly string[]): MemberRef[] => ids.map((id, i) => ({ userName: `member${String(i).padStart(5, '0')}@example.com`, id }));
const sorted = (ids: readonly string[]) => [...ids].sort();

type GroupCreate = Extract<Step, { op: 'scim.group.create' }>;
type GroupUpdate = Extract<Step, { op: 'scim.group.update' }>;
const create = (displayName: string, members: MemberRef[], batchSize: number): GroupCreate => ({ op: 'scim.group.create', app: APP, displayName, externalId: `idp-${displayName}`, members, batchSize });
const update = (id: string, displayName: string, change: Partial<GroupUpdate>): GroupUpdate => ({ op: 'scim.group.update', app: APP, id, displayName, add: [], remove: [], batchSize: 100, ...change });

describe('group writes', () => {
  it('creates a group whose members exceed a batch: one POST with the first batch, then one PATCH per further batch', async () => {
    const ids = await createUsers(25);
    await sb.clearRequests();
    const events: TransportEvent[] = [];
    const result = await withTarget((t) => t.execute(create('Engineering', refs(ids), 10), none), events);
    // 1 POST (10 members) + ceil((25 − 10) / 10) = 2 PATCHes.
    expect(result).toEqual({ id: expect.any(String), attempts: 3 });
    const requests = await groupRequests();
    expect(shape(requests)).toEqual(['POST /Groups 201', `PATCH /Groups/${result.id} 200`, `PATCH /Groups/${result.id} 200`]);
    // The answers leave the members out (RFC 7644 §3.9); writes spend the write rate-limit group.
    expect(requests.map((r) => r.query['excludedAttributes'])).toEqual(['members', 'members', 'members']);
    expect(events.filter((e) => e.kind === 'request' && e.path.includes('/Groups')).map((e) => e.group)).toEqual(['write', 'write', 'write']);
    const [group] = await withTarget((t) => t.readGroupDetails!([result.id!]));
    expect(group).toMatchObject({ id: result.id, displayName: 'Engineering', externalId: 'idp-Engineering', members: sorted(ids) });
  });

  it('updates members in batches of batchSize additions and removals, the rename riding in the first request', async () => {
    const ids = await createUsers(20);
    const id = await createGroupDirectly('Sales', ids.slice(0, 10), 'idp-Sales');
    await sb.clearRequests();
    const add = refs(ids).slice(10, 17);
    const remove = refs(ids).slice(0, 6);
    // 7 additions + 6 removals = 13 member changes at 5 a request: 3 PATCHes.
    const result = await withTarget((t) => t.execute(update(id, 'Sales', { rename: 'Sales EMEA', add, remove, batchSize: 5 }), none));
    expect(result).toEqual({ id, attempts: 3 });
    expect(shape(await groupRequests())).toEqual(Array.from({ length: 3 }, () => `PATCH /Groups/${id} 200`));
    const [group] = await withTarget((t) => t.readGroupDetails!([id]));
    expect(group).toMatchObject({ displayName: 'Sales EMEA', externalId: 'idp-Sales', members: sorted([...ids.slice(6, 10), ...ids.slice(10, 17)]) });
  });

  it('a rename alone is one PATCH; an update with nothing to change sends nothing', async () => {
    const id = await createGroupDirectly('Ops', [], 'idp-Ops');
    await sb.clearRequests();
    expect(await withTarget((t) => t.execute(update(id, 'Ops', { rename: 'Operations' }), none))).toEqual({ id, attempts: 1 });
    expect(await withTarget((t) => t.execute(update(id, 'Operations', {}), none))).toEqual({ id, attempts: 0 });
    expect(shape(await groupRequests())).toEqual([`PATCH /Groups/${id} 200`]);
    expect((await withTarget((t) => t.readGroupDetails!([id])))[0]?.displayName).toBe('Operations');
  });

  it('adopts an unowned group: externalId set by one PATCH, then found by it with one filtered read', async () => {
    const ids = await createUsers(3);
    const id = await createGroupDirectly('Support', ids);
    await sb.clearRequests();
    expect(await withTarget((t) => t.execute(update(id, 'Support', { externalId: 'idp-support' }), none))).toEqual({ id, attempts: 1 });
    await sb.clearRequests();
    const found = await withTarget((t) => t.findGroup!('Someone renamed it', 'idp-support'));
    expect(found).toEqual({ id, displayName: 'Support', externalId: 'idp-support', version: expect.any(String) });
    expect((await groupRequests()).map((r) => r.query['filter'])).toEqual(['externalId eq "idp-support"']);
  });

  it('finds a group by displayName when no group holds the externalId, escaping quotes in the filter', async () => {
    const id = await createGroupDirectly('R&D "core"', []);
    await sb.clearRequests();
    const found = await withTarget((t) => t.findGroup!('r&d "CORE"', 'idp-absent'));
    expect(found?.id).toBe(id);
    expect((await groupRequests()).map((r) => r.query['filter'])).toEqual(['externalId eq "idp-absent"', 'displayName eq "r&d \\"CORE\\""']);
    expect(await withTarget((t) => t.findGroup!('Nobody'))).toBeUndefined();
  });

  it('a target that refuses a filter on groups is searched through its list, and not asked to filter again', async () => {
    const id = await createGroupDirectly('Design', [], 'idp-design');
    await sb.fault({ method: 'GET', path: `${BASE}/Groups`, status: 400, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter', detail: 'no' } });
    await sb.clearRequests();
    const found = await withTarget(async (t) => [await t.findGroup!('Design', 'idp-design'), await t.findGroup!('design')]);
    expect(found.map((g) => g?.id)).toEqual([id, id]);
    expect((await groupRequests()).map((r) => `${r.status} ${r.query['filter'] ?? 'list'}`)).toEqual(['400 externalId eq "idp-design"', '200 list', '200 list']);
  });

  it('deletes a group with one DELETE; a group already gone counts as deleted', async () => {
    const id = await createGroupDirectly('Temp', []);
    await sb.clearRequests();
    const step = { op: 'scim.group.delete', app: APP, id, displayName: 'Temp' } as const;
    expect(await withTarget((t) => t.execute(step, none))).toEqual({ id, attempts: 1 });
    expect(await withTarget((t) => t.execute(step, none))).toEqual({ id, attempts: 1 });
    expect(shape(await groupRequests())).toEqual([`DELETE /Groups/${id} 204`, `DELETE /Groups/${id} 404`]);
    expect(await withTarget((t) => t.readGroupDetails!([id]))).toEqual([]);
  });

  it('without PATCH: an update is one GET and one PUT, keeping the members Roster does not touch', async () => {
    const ids = await createUsers(8);
    const id = await createGroupDirectly('Finance', ids.slice(0, 5), 'idp-Finance');
    await switches({ patch: false });
    await sb.clearRequests();
    // batchSize 1 would be 3 PATCHes; without PATCH the whole update is one PUT.
    const result = await withTarget((t) => t.execute(update(id, 'Finance', { rename: 'Finance & Legal', add: refs(ids).slice(5, 7), remove: refs(ids).slice(0, 1), batchSize: 1 }), none));
    expect(result).toEqual({ id, attempts: 2 });
    expect(shape(await groupRequests())).toEqual([`GET /Groups/${id} 200`, `PUT /Groups/${id} 200`]);
    const [group] = await withTarget((t) => t.readGroupDetails!([id]));
    expect(group).toMatchObject({ displayName: 'Finance & Legal', externalId: 'idp-Finance', members: sorted([...ids.slice(1, 5), ...ids.slice(5, 7)]) });
  });

  it('without PATCH: a create POSTs every member at once', async () => {
    const ids = await createUsers(12);
    await switches({ patch: false });
    await sb.clearRequests();
    const result = await withTarget((t) => t.execute(create('Legal', refs(ids), 5), none));
    expect(result).toEqual({ id: expect.any(String), attempts: 1 });
    expect(shape(await groupRequests())).toEqual(['POST /Groups 201']);
    expect((await withTarget((t) => t.readGroupDetails!([result.id!])))[0]?.members).toEqual(sorted(ids));
  });

  it('resolves a member without an id from the accounts created earlier in the same apply', async () => {
    const [existing] = await createUsers(1);
    const created = await withTarget((t) =>
      t.execute({ op: 'scim.create', app: APP, userName: 'New.Hire@example.com', attributes: { userName: 'New.Hire@example.com', externalId: 'idp-new', 'emails[type eq "work"].value': 'New.Hire@example.com' } }, none),
    );
    const context: StepContext = { appIds: new Map(), createdAccounts: new Map([[APP, new Map([['new.hire@example.com', created.id!]])]]) };
    const result = await withTarget((t) => t.execute(create('Newcomers', [{ userName: 'member00000@example.com', id: existing! }, { userName: 'New.Hire@example.com' }], 100), context));
    expect(result.attempts).toBe(1);
    expect((await withTarget((t) => t.readGroupDetails!([result.id!])))[0]?.members).toEqual(sorted([existing!, created.id!]));
  });

  it('a member that cannot be resolved fails the step naming the application, group and userName, and nothing is sent', async () => {
    const id = await createGroupDirectly('Marketing', [], 'idp-Marketing');
    await withTarget(async (t) => {
      await t.readGroupDetails!([id]);
      await sb.clearRequests();
      const error = await t.execute(update(id, 'Marketing', { add: [{ userName: 'ghost@example.com' }], rename: 'Brand' }), none).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/wiki.*group "Marketing".*ghost@example\.com/);
      const lost = await t.execute(create('Brand', [{ userName: 'ghost@example.com' }], 100), { appIds: new Map(), createdAccounts: new Map([[APP, new Map()]]) }).catch((e: unknown) => e);
      expect((lost as Error).message).toMatch(/wiki.*group "Brand".*ghost@example\.com/);
    });
    expect(await sb.requests()).toEqual([]);
  });

  it('an error names the system, the group and the status', async () => {
    const error = await withTarget((t) => t.execute(update('no-such-group', 'Phantom', { rename: 'Ghost' }), none)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^wiki: group "Phantom": PATCH .*\/Groups\/no-such-group → 404/);
    expect((error as Error).message).not.toContain(sandbox.genericScimToken);
  });

  it('a create whose connection dropped after the group was made is found by externalId, not made twice', async () => {
    const ids = await createUsers(5);
    await sb.fault({ method: 'POST', path: `${BASE}/Groups`, drop: 'after' });
    await sb.clearRequests();
    const http = new HttpClient({ system: APP, baseUrl: scimUrl(), contentType: 'application/scim+json', credentials: () => ({ authorization: `Bearer ${sandbox.genericScimToken}` }) });
    const provider = new ScimTargetProvider(http, { capabilities: GENERIC_SCIM_CAPABILITIES, discover: true, normalizer: identityNormalizer }, { lostAnswerGraceMs: 0 });
    try {
      // 5 members at 2 a request: the POST (lost, found by look-up) and 2 PATCHes.
      const result = await provider.execute(create('Lost', refs(ids), 2), none);
      expect(result).toEqual({ id: expect.any(String), attempts: 3, lookedUp: true });
      expect(shape(await groupRequests())).toEqual(['POST /Groups 201', 'GET /Groups 200', `PATCH /Groups/${result.id} 200`, `PATCH /Groups/${result.id} 200`]);
      const groups = await provider.readGroups!();
      expect(groups.filter((g) => g.displayName === 'Lost').map((g) => g.members)).toEqual([sorted(ids)]);
    } finally {
      await http.close();
    }
  });
});

describe('group reads', () => {
  it('lists groups without members, then reads members with one request per selected group', async () => {
    const ids = await createUsers(6);
    const a = await createGroupDirectly('Alpha', ids.slice(0, 3), 'idp-a');
    const b = await createGroupDirectly('Beta', ids.slice(2, 6));
    const c = await createGroupDirectly('Gamma', []);
    await sb.clearRequests();
    const events: TransportEvent[] = [];
    const groups = await withTarget((t) => t.readGroups!(), events);
    expect(new Set(events.filter((e) => e.kind === 'request').map((e) => e.group))).toEqual(new Set(['read']));
    expect(groups.map((g) => [g.id, g.displayName, g.members])).toEqual(
      expect.arrayContaining([
        [a, 'Alpha', sorted(ids.slice(0, 3))],
        [b, 'Beta', sorted(ids.slice(2, 6))],
        [c, 'Gamma', []],
      ]),
    );
    const requests = await groupRequests();
    expect(requests[0]).toMatchObject({ method: 'GET', path: `${BASE}/Groups`, query: { excludedAttributes: 'members', startIndex: '1' } });
    expect(requests.slice(1).map((r) => [r.path, r.query['attributes']]).sort()).toEqual([a, b, c].map((id) => [`${BASE}/Groups/${id}`, 'members']).sort());

    await sb.clearRequests();
    const selected = await withTarget((t) => t.readGroups!({ withMembers: (g) => g.externalId === 'idp-a' }));
    expect(selected.find((g) => g.id === a)?.members).toEqual(sorted(ids.slice(0, 3)));
    expect(selected.filter((g) => g.id !== a).map((g) => g.members)).toEqual([undefined, undefined]);
    expect(shape(await groupRequests())).toEqual(['GET /Groups 200', `GET /Groups/${a} 200`]);
  });

  it('a target that ignores excludedAttributes: the members in the list are used, no group is read again', async () => {
    const ids = await createUsers(4);
    const a = await createGroupDirectly('Alpha', ids.slice(0, 2));
    const b = await createGroupDirectly('Beta', ids.slice(1, 4));
    const c = await createGroupDirectly('Empty', []);
    await switches({ ignoreExcludedAttributes: true });
    await sb.clearRequests();
    const groups = await withTarget((t) => t.readGroups!());
    expect(Object.fromEntries(groups.map((g) => [g.id, g.members]))).toEqual({ [a]: sorted(ids.slice(0, 2)), [b]: sorted(ids.slice(1, 4)), [c]: [] });
    expect(shape(await groupRequests())).toEqual(['GET /Groups 200']);
  });

  it('reads group details one request each, leaving out ids that no longer exist', async () => {
    const ids = await createUsers(2);
    const a = await createGroupDirectly('Alpha', ids);
    await sb.clearRequests();
    const groups = await withTarget((t) => t.readGroupDetails!([a, 'gone', a]));
    expect(groups).toEqual([{ id: a, displayName: 'Alpha', members: sorted(ids), version: expect.any(String) }]);
    expect((await groupRequests()).map((r) => r.path).sort()).toEqual([`${BASE}/Groups/${a}`, `${BASE}/Groups/gone`].sort());
  });
});

describe('a group of 10,000 members', () => {
  it('is written in 1 + 99 requests at batch 100, read in 2, and 1% added and removed in 2', async () => {
    const ids = await createUsers(10_100, 'big', 32);
    const members = ids.slice(0, 10_000);
    await sb.clearRequests();
    const created = await withTarget((t) => t.execute(create('Everyone', refs(members), 100), none));
    expect(created.attempts).toBe(100);
    const writes = await groupRequests();
    expect(writes.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(writes.filter((r) => r.method === 'PATCH')).toHaveLength(99);

    await sb.clearRequests();
    const [group] = await withTarget((t) => t.readGroups!());
    expect(group?.members).toHaveLength(10_000);
    expect(group?.members).toEqual(sorted(members));
    // One list page (one group) + one member read.
    expect(shape(await groupRequests())).toEqual(['GET /Groups 200', `GET /Groups/${created.id} 200`]);

    await sb.clearRequests();
    const add = refs(ids).slice(10_000, 10_100);
    const remove = refs(ids).slice(0, 100);
    const changed = await withTarget((t) => t.execute(update(created.id!, 'Everyone', { add, remove, batchSize: 100 }), none));
    expect(changed).toEqual({ id: created.id, attempts: 2 });
    expect(await groupRequests()).toHaveLength(2);
    const [after] = await withTarget((t) => t.readGroupDetails!([created.id!]));
    expect(after?.members).toEqual(sorted(ids.slice(100, 10_100)));
  }, 180_000);
});

describe('bounded group lists (a server of this test that misbehaves)', () => {
  const group = (id: string) => ({ schemas: [CORE_GROUP], id, displayName: `Group ${id}` });
  /** A /Groups list with `total` groups that answers every page with groups g1 and g2 (it ignores startIndex). */
  const repeating = (total: number) => (request: StubRequest) =>
    request.url.startsWith('/scim/Groups')
      ? { status: 200, body: JSON.stringify({ totalResults: total, Resources: [group('g1'), group('g2')] }) }
      : { status: 404, body: '{}' };

  async function readFrom(script: (request: StubRequest) => { status: number; body: string }, maxListResources?: number) {
    const stub = await startStub(script);
    const http = new HttpClient({ system: APP, baseUrl: `${stub.url}/scim`, credentials: () => ({ authorization: 'Bearer stub-token-value' }), ...(maxListResources ? { maxListResources } : {}) });
    const provider = new ScimTargetProvider(http, { capabilities: { ...GENERIC_SCIM_CAPABILITIES, groups: true }, discover: false, normalizer: identityNormalizer });
    try {
      const error = await provider.readGroups!().catch((e: unknown) => e);
      return { error: error as Error, lists: stub.requests.filter((r) => r.url.startsWith('/scim/Groups?')).length, members: stub.requests.filter((r) => r.url.startsWith('/scim/Groups/')).length };
    } finally {
      await http.close();
      await stub.close();
    }
  }

  it('a page that repeats a group already read fails the read, and no member is read', async () => {
    const { error, members } = await readFrom(repeating(300));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toMatch(/^wiki: GET http:\/\/127\.0\.0\.1:\d+\/scim\/Groups → 200: the list holds group id "g[12]" more than once/);
    expect(members).toBe(0);
  });

  it('a declared total over the limit fails at the first page', async () => {
    const { error, lists } = await readFrom(repeating(11), 10);
    expect(error.message).toMatch(/totalResults is 11, over the limit of 10 groups per list; no further page was asked for/);
    expect(lists).toBe(1);
  });
});

/**
 * What a plan costs in requests, counted by the sandbox, through the CLI: 1,000 users who all have
 * a linked, activated RingCentral account (`users=1000,groups=1,provisioned`). Counts, not times.
 * SCIM list items omit phones and addresses, but the extension list's records carry them
 * (`contact.businessAddress`, `contact.mobilePhone`: docs/vendors/ringcentral.md §1.2, §3), so a
 * plan reads list pages only, cold cache or warm, and a change in those attributes shows from the
 * lists; an account whose record lacks them costs one detail read, and the plan says why.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeOnePercent } from '../../bench/lib/changes.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { admin, type LoggedRequest } from '../providers/support.js';
import { roster, sandboxEnv } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../../bench/config/', import.meta.url));
const USERS = 1000;
/** RingCentral's SCIM page (the documented default `count`), JumpCloud's largest `limit`, RingCentral's extension page. */
const SCIM_PAGE = 100;
const JUMPCLOUD_PAGE = 100;
const EXTENSION_PAGE = 1000;
/** The sandbox's free licences beside a provisioned seed: unassigned extensions, listed too. */
const FREE_LICENCES = 100;

let sandbox: Sandbox;
let env: Record<string, string>;
let work: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: { users: USERS, groups: 1, provisioned: true }, rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'roster-perf-'));
});

interface Counts {
  readonly scimPages: number;
  readonly detailReads: number;
  readonly directoryPages: number;
  readonly extensionPages: number;
  readonly tokens: number;
  readonly other: number;
}

function countOf(requests: readonly LoggedRequest[]): Counts {
  const count = (test: (r: LoggedRequest) => boolean) => requests.filter(test).length;
  const scim = (r: LoggedRequest) => r.method === 'GET' && r.path === '/scim/v2/Users';
  const detail = (r: LoggedRequest) => r.method === 'GET' && /^\/scim\/v2\/Users\/[^/]+$/.test(r.path);
  const directory = (r: LoggedRequest) => r.method === 'GET' && r.path.startsWith('/api/');
  const extensions = (r: LoggedRequest) => r.method === 'GET' && r.path === '/restapi/v1.0/account/~/extension';
  const token = (r: LoggedRequest) => r.method === 'POST' && r.path === '/restapi/oauth/token';
  return {
    scimPages: count(scim),
    detailReads: count(detail),
    directoryPages: count(directory),
    extensionPages: count(extensions),
    tokens: count(token),
    other: count((r) => ![scim, detail, directory, extensions, token].some((test) => test(r))),
  };
}

/**
 * The directory pages of this directory: the application list, the group list, the users (their
 * total is known after the first page), and the one group's members, read until a short page.
 */
const DIRECTORY_PAGES = 1 + 1 + Math.ceil(USERS / JUMPCLOUD_PAGE) + (Math.floor(USERS / JUMPCLOUD_PAGE) + 1);

/** Only list pages (and the token): what a plan cannot do without. */
const LIST_ONLY: Counts = {
  scimPages: Math.ceil(USERS / SCIM_PAGE),
  detailReads: 0,
  directoryPages: DIRECTORY_PAGES,
  extensionPages: Math.ceil((USERS + FREE_LICENCES) / EXTENSION_PAGE),
  tokens: 1,
  other: 0,
};

async function plan(args: string[] = [], extraEnv: Record<string, string> = {}): Promise<{ code: number; stderr: string; counts: Counts; updates: number }> {
  const sb = admin(sandbox);
  await sb.clearRequests();
  const run = await roster(['plan', '-c', CONFIG, '--format', 'json', '--detailed-exitcode', ...args], { env: { ...env, ...extraEnv }, cwd: work });
  expect(run.code, run.stderr).toBeLessThan(3);
  const counts = countOf(await sb.requests());
  expect((await sb.stats()).total).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
  const updates = run.code === 1 ? 0 : (JSON.parse(run.stdout) as { summary: { update: number } }).summary.update;
  return { code: run.code, stderr: run.stderr, counts, updates };
}

describe('requests of a plan of 1,000 provisioned users', () => {
  it('cold cache and warm: list pages only, with nothing to change', async () => {
    const cache = ['--cache', join(work, 'refresh.json')];
    const cold = await plan(cache);
    expect(cold.code).toBe(0);
    expect(cold.counts).toEqual(LIST_ONLY);

    const warm = await plan(cache);
    expect(warm.code).toBe(0);
    expect(warm.counts).toEqual(LIST_ONLY);
  });

  it('--refresh full reads every account in full, extension records notwithstanding', async () => {
    const cache = ['--cache', join(work, 'refresh.json')];
    await plan(cache);
    expect((await plan([...cache, '--refresh', 'full'])).counts).toEqual({ ...LIST_ONLY, detailReads: USERS });
    expect((await plan(cache)).counts).toEqual(LIST_ONLY);
  });

  it('keeps the cache under .roster/ by default, or where ROSTER_CACHE says', async () => {
    await plan();
    expect((await plan()).counts).toEqual(LIST_ONLY);
    expect(JSON.parse(await readFile(join(work, '.roster', 'cache', 'refresh.json'), 'utf8')).format).toBe('roster-refresh-cache');
    const chosen = { ROSTER_CACHE: join(work, 'chosen.json') };
    expect((await plan([], chosen)).counts).toEqual(LIST_ONLY);
    expect(JSON.parse(await readFile(chosen.ROSTER_CACHE, 'utf8')).format).toBe('roster-refresh-cache');
  });

  it('a corrupt cache file is said once on stderr and costs reads, not a wrong plan', async () => {
    const file = join(work, 'refresh.json');
    await writeFile(file, '{ not json');
    const corrupt = await plan(['--cache', file]);
    expect(corrupt.stderr).toMatch(/refresh\.json is not valid JSON; accounts whose list pages lack compared attributes are read in full/);
    expect(corrupt.code).toBe(0);
    expect(corrupt.counts).toEqual(LIST_ONLY);
    expect((await plan(['--cache', file])).counts).toEqual(LIST_ONLY);
  });

  it('--refresh takes cached or full: anything else is a usage error, before any request', async () => {
    const sb = admin(sandbox);
    await sb.clearRequests();
    const run = await roster(['plan', '-c', CONFIG, '--refresh', 'sometimes'], { env, cwd: work });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--refresh must be cached or full, not "sometimes"/);
    expect((await sb.stats()).total).toBe(0);
  });

  it('a cache made with another credential of the same target is not used', async () => {
    const file = join(work, 'refresh.json');
    await plan(['--cache', file]);
    const tokenConfig = join(work, 'config');
    const yaml = await readFile(join(CONFIG, 'roster.yaml'), 'utf8');
    await (await import('node:fs/promises')).mkdir(tokenConfig);
    await writeFile(join(tokenConfig, 'roster.yaml'), yaml.replace(/auth:\n(\s+\w+: .*\n){3}/, 'token: ${RINGCENTRAL_TOKEN}\n'));
    const sb = admin(sandbox);
    await sb.clearRequests();
    const run = await roster(['plan', '-c', tokenConfig, '--format', 'json', '--cache', file], { env, cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(countOf(await sb.requests())).toEqual({ ...LIST_ONLY, tokens: 0 });
  });
});

// Last: it changes the sandbox the tests above share. The changes are the benchmark's
// (bench/lib/changes.ts): half a new mobile number in the IdP, half edited in RingCentral.
describe('requests of a plan after 1% of the users changed', () => {
  const CHANGED = USERS / 100;

  it('plans their updates from the lists alone', async () => {
    const cache = ['--cache', join(work, 'refresh.json')];
    await plan(cache);
    expect(await changeOnePercent(sandbox, USERS)).toBe(CHANGED);
    const changed = await plan(cache);
    expect(changed.code).toBe(2);
    expect(changed.updates).toBe(CHANGED);
    expect(changed.counts).toEqual(LIST_ONLY);
  });
});

// After the 1% above: users 5 and 6 are not among them.
describe('requests of a plan when extension records show addresses and mobile numbers, or do not', () => {
  const headers = () => ({ authorization: `Bearer ${sandbox.scimToken}`, 'content-type': 'application/scim+json' });
  async function accountId(i: number): Promise<string> {
    const filter = encodeURIComponent(`userName eq "user${String(i).padStart(6, '0')}@example.com"`);
    const found = (await (await fetch(`${sandbox.url}/scim/v2/Users?filter=${filter}`, { headers: headers() })).json()) as { Resources: Array<{ id: string }> };
    return found.Resources[0]!.id;
  }
  async function patch(id: string, operation: Record<string, unknown>): Promise<void> {
    const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [operation] };
    const response = await fetch(`${sandbox.url}/scim/v2/Users/${id}`, { method: 'PATCH', headers: headers(), body: JSON.stringify(body) });
    expect(response.status, await response.text()).toBe(200);
  }
  async function planJson(): Promise<{ counts: Counts; updates: string[]; diagnostics: string[] }> {
    const sb = admin(sandbox);
    await sb.clearRequests();
    const run = await roster(['plan', '-c', CONFIG, '--format', 'json', '--refresh', 'cached', '--cache', join(work, 'refresh.json')], { env, cwd: work });
    expect(run.code, run.stderr).toBe(0);
    const parsed = JSON.parse(run.stdout) as { changes: Array<{ action: string; address: string; fields: Array<{ path: string }> }>; diagnostics: Array<{ message: string }> };
    return {
      counts: countOf(await sb.requests()),
      updates: parsed.changes.filter((c) => c.action === 'update').map((c) => `${c.address} ${c.fields.map((f) => f.path).join(',')}`),
      diagnostics: parsed.diagnostics.map((d) => d.message),
    };
  }

  it('a changed address shows from the extension list, without a detail read', async () => {
    await patch(await accountId(5), { op: 'replace', path: 'addresses[type eq "work"].locality', value: 'Oakland' });
    const changed = await planJson();
    expect(changed.counts).toEqual(LIST_ONLY);
    expect(changed.updates).toContain('ringcentral/user/user000005@example.com addresses[type eq "work"].locality');
  });

  it('an account whose extension record has no contact.businessAddress is read in full, and the plan says so', async () => {
    await patch(await accountId(6), { op: 'remove', path: 'addresses' });
    const read = await planJson();
    expect(read.counts).toEqual({ ...LIST_ONLY, detailReads: 1 });
    expect(read.diagnostics).toContain('ringcentral: 1 account read in full: their extension record has no contact.businessAddress');
    expect(read.updates.some((u) => u.startsWith('ringcentral/user/user000006@example.com addresses[type eq "work"]'))).toBe(true);
  });

  it('an address the IdP user no longer has is removed only once a detail read confirms the account holds it', async () => {
    const jumpcloud = { 'x-api-key': env['JUMPCLOUD_API_KEY']!, 'content-type': 'application/json' };
    const found = (await (await fetch(`${sandbox.url}/api/systemusers?filter=username:$eq:user000007`, { headers: jumpcloud })).json()) as { results: Array<{ _id: string }> };
    const response = await fetch(`${sandbox.url}/api/systemusers/${found.results[0]!._id}`, { method: 'PUT', headers: jumpcloud, body: JSON.stringify({ addresses: [] }) });
    expect(response.status).toBe(200);
    const read = await planJson();
    // Account 6 still lacks its address (above); account 7 is confirmed.
    expect(read.counts).toEqual({ ...LIST_ONLY, detailReads: 2 });
    expect(read.diagnostics).toContain('ringcentral: 1 account read in full: beside the list they show a value their user has none of, which only a full read confirms');
    expect(read.updates.some((u) => u.startsWith('ringcentral/user/user000007@example.com addresses[type eq "work"]'))).toBe(true);
  });
});

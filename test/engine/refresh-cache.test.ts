/**
 * Planning with the refresh cache file, over fake providers whose lists omit phones and
 * addresses: what is read in full, what the file holds, and that whatever happens to the file the
 * plan is the plan a full read gives.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TargetNormalizer } from '../../src/core/compare.js';
import type { DesiredApplication } from '../../src/core/desired.js';
import type { DirectoryUser, TargetAccount } from '../../src/core/model.js';
import type { Plan } from '../../src/core/plan.js';
import type { IdpProvider, TargetProvider } from '../../src/core/ports.js';
import { REFRESH_CACHE_VERSION } from '../../src/core/refresh-cache.js';
import { planLive } from '../../src/engine/planner.js';
import { RefreshCacheStore, type RefreshCacheOptions } from '../../src/engine/refresh-cache.js';
import { accountFor, application, CAPABILITIES, group, provisioning, user } from '../core/fixtures.js';

const LIST_OMITS = ['addresses', 'phoneNumbers'];
const COUNTRY = 'addresses[type eq "work"].country';
const STREET = 'addresses[type eq "work"].streetAddress';
const MOBILE = 'phoneNumbers[type eq "mobile"].value';
const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';

/** The target stores country names; the comparison reads them as codes (as RingCentral's normaliser does). */
const normalizer: TargetNormalizer = (path, value) => (path.endsWith('.country') && value === 'United States' ? 'US' : value);

function person(id: string, mobile: string): DirectoryUser {
  return user(id, {
    addresses: [{ type: 'work', streetAddress: `${id.length} Market Street`, country: 'US' }],
    phoneNumbers: [{ type: 'mobile', number: mobile }],
  });
}

/** The target's ids of the accounts (numeric, as RingCentral's). */
const ID: Record<string, string> = { alice: '1001', bob: '1002', carol: '1003' };

/** The account as the target holds it after Roster created it for `u`, at `version`. */
function heldBy(u: DirectoryUser, version: string, overrides: Record<string, string> = {}): TargetAccount {
  const address = u.addresses[0]!;
  return accountFor(u, { id: ID[u.id]!, version }, { [STREET]: address.streetAddress ?? '', [COUNTRY]: 'United States', [MOBILE]: u.phoneNumbers[0]!.number, ...overrides });
}

const withoutOmitted = (account: TargetAccount): TargetAccount => ({
  ...account,
  detail: 'list',
  attributes: Object.fromEntries(Object.entries(account.attributes).filter(([path]) => !/^(addresses|phoneNumbers)\[/.test(path))),
});

/** A world Roster plans against: the directory, and the accounts the target holds (mutable, like the real ones). */
class World {
  users = [person('alice', '+14155550100'), person('bob', '+14155550101'), person('carol', '+14155550102')];
  accounts = this.users.map((u) => heldBy(u, 'v1'));
  detailReads: string[] = [];

  providers() {
    const idp: IdpProvider = {
      system: 'jumpcloud',
      readDirectory: async () => ({ users: this.users, groups: [group('Sales', this.users.map((u) => u.id))] }),
      readApplications: async () => [],
      execute: async () => {
        throw new Error('plan never writes');
      },
    };
    const target: TargetProvider = {
      system: 'ringcentral',
      capabilities: { ...CAPABILITIES, listOmits: LIST_OMITS },
      normalizer,
      readAccounts: async () => this.accounts.map(withoutOmitted),
      readAccountDetails: async (ids) => {
        this.detailReads.push(...ids);
        return this.accounts.filter((a) => ids.includes(a.id));
      },
      findAccount: async () => undefined,
      execute: async () => {
        throw new Error('plan never writes');
      },
    };
    return { idp, targets: new Map([['ringcentral', target]]) };
  }

  /** Someone edits an account in the target's admin portal: its version moves on. */
  edit(id: string, version: string, attributes: Record<string, string>): void {
    this.accounts = this.accounts.map((a) => (a.id === id ? { ...a, version, attributes: { ...a.attributes, ...attributes } } : a));
  }
}

let dir: string;
let file: string;
const KEYS = new Map([['ringcentral', 'key-of-the-ringcentral-credential']]);
const app = (overrides: Partial<DesiredApplication> = {}) => application(['Sales'], overrides);
const request = (apps = [app()]) => ({ desired: { applications: apps }, configDigest: 'd', now: new Date('2026-01-01T00:00:00Z') });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roster-cache-'));
  file = join(dir, 'cache', 'refresh.json');
});

/** One plan with the cache in `file`, saved afterwards; the ids it read in full. */
async function plan(world: World, options: Partial<RefreshCacheOptions> = {}, apps = [app()]): Promise<{ plan: Plan; reads: string[]; cache: RefreshCacheStore }> {
  world.detailReads = [];
  const cache = await RefreshCacheStore.open({ file, keys: KEYS, ...options });
  const result = await planLive(request(apps), world.providers(), { cache });
  await cache.save();
  return { plan: result, reads: [...world.detailReads].sort(), cache };
}

/** The plan Roster makes without any cache: every compared account read in full. */
async function truth(world: World, apps = [app()]): Promise<Plan> {
  const reads = world.detailReads;
  const result = await planLive(request(apps), world.providers());
  world.detailReads = reads;
  return result;
}

const ALL = ['1001', '1002', '1003'];

/** What a plan decides for each change: all but the snapshot of the account it was computed from. */
const decisions = (p: Plan) => p.changes.map(({ before: _before, precondition: _precondition, ...decision }) => decision);

describe('plans with the refresh cache', () => {
  it('reads every compared account in full without a cache file, then none while nothing changes', async () => {
    const world = new World();
    const first = await plan(world);
    expect(first.reads).toEqual(ALL);
    expect(first.plan.changes).toEqual([]);
    const second = await plan(world);
    expect(second.reads).toEqual([]);
    expect(second.plan).toEqual(await truth(world));
  });

  it('reads the account of a user whose omitted attributes changed in the IdP, and plans the update', async () => {
    const world = new World();
    await plan(world);
    world.users = world.users.map((u) => (u.id === 'bob' ? { ...u, phoneNumbers: [{ type: 'mobile', number: '+14155550199' }] } : u));
    const changed = await plan(world);
    expect(changed.reads).toEqual([ID['bob']!]);
    expect(changed.plan).toEqual(await truth(world));
    expect(changed.plan.changes.map((c) => `${c.action} ${c.address} ${c.fields.map((f) => f.path).join()}`)).toEqual([
      `update ringcentral/user/bob@example.com ${MOBILE}`,
    ]);
  });

  it('reads an account edited in the target since (a new version), and plans putting it back', async () => {
    const world = new World();
    await plan(world);
    world.edit(ID['carol']!, 'v2', { [STREET]: '1 Elsewhere Road' });
    const edited = await plan(world);
    expect(edited.reads).toEqual([ID['carol']!]);
    expect(edited.plan).toEqual(await truth(world));
    expect(edited.plan.changes.map((c) => c.address)).toEqual(['ringcentral/user/carol@example.com']);
  });

  it('keeps reading an account that differs until it holds what is desired', async () => {
    const world = new World();
    world.edit(ID['carol']!, 'v2', { [STREET]: '1 Elsewhere Road' });
    await plan(world);
    expect((await plan(world)).reads).toEqual([ID['carol']!]);
    world.edit(ID['carol']!, 'v3', { [STREET]: '5 Market Street' });
    expect((await plan(world)).reads).toEqual([ID['carol']!]);
    expect((await plan(world)).reads).toEqual([]);
  });

  it('compares attributes lists show from the list, whatever the cache holds; the change says what the list showed', async () => {
    const world = new World();
    await plan(world);
    world.edit(ID['alice']!, 'v1', { [DEPARTMENT]: 'Edited' });
    const result = await plan(world);
    expect(result.reads).toEqual([]);
    const full = await truth(world);
    // The same change, with the same steps; `before` and the precondition hold the account as the list showed it.
    expect(decisions(result.plan)).toEqual(decisions(full));
    expect({ ...result.plan, changes: [], digest: '' }).toEqual({ ...full, changes: [], digest: '' });
    expect(result.plan.changes.map((c) => `${c.action} ${c.address} ${c.fields.map((f) => f.path).join()}`)).toEqual([
      `update ringcentral/user/alice@example.com ${DEPARTMENT}`,
    ]);
    expect(Object.keys(result.plan.changes[0]!.before!).filter((path) => /^(addresses|phoneNumbers)\[/.test(path))).toEqual([]);
  });

  it('--refresh full reads every account and rewrites the cache', async () => {
    const world = new World();
    await plan(world);
    expect((await plan(world, { ignoreStored: true })).reads).toEqual(ALL);
    expect((await plan(world)).reads).toEqual([]);
  });

  it('starts afresh for an application whose mappings changed', async () => {
    const world = new World();
    const noPhones = app({ provisioning: provisioning({ mappings: provisioning().mappings.filter((m) => m.target !== 'phoneNumbers[]') }) });
    await plan(world, {}, [noPhones]);
    expect((await plan(world, {}, [noPhones])).reads).toEqual([]);
    expect((await plan(world)).reads).toEqual(ALL);
  });

  it('is kept per application: a plan keeps the sections of other configured applications, and drops the rest', async () => {
    const world = new World();
    await plan(world);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    saved.applications.wiki = { scope: 'w', rules: 'r', accounts: {} };
    saved.applications.removed = { scope: 'x', rules: 'r', accounts: {} };
    await writeFile(file, JSON.stringify(saved));
    const other = await RefreshCacheStore.open({ file, keys: new Map([...KEYS, ['wiki', 'key-of-the-wiki-credential']]) });
    await planLive(request(), world.providers(), { cache: other });
    await other.save();
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).applications).sort()).toEqual(['ringcentral', 'wiki']);
  });
});

describe('a cache file that cannot be trusted gives the plan of a full read', () => {
  async function planAfter(damage: (world: World) => Promise<void>): Promise<{ reads: string[]; plan: Plan; notice?: string }> {
    const world = new World();
    await plan(world);
    // A change the damaged cache must not hide.
    world.edit(ID['bob']!, 'v1', { [MOBILE]: '+14155550177' });
    await damage(world);
    const result = await plan(world);
    expect(result.plan).toEqual(await truth(world));
    expect(result.plan.changes.map((c) => c.address)).toEqual(['ringcentral/user/bob@example.com']);
    return { reads: result.reads, plan: result.plan, ...(result.cache.notice ? { notice: result.cache.notice } : {}) };
  }

  const rewrite = (edit: (json: { formatVersion: number; applications: Record<string, { scope: string; accounts: Record<string, [string, string]> }> }) => void) => async () => {
    const json = JSON.parse(await readFile(file, 'utf8'));
    edit(json);
    await writeFile(file, JSON.stringify(json));
  };

  it('corrupt: not JSON', async () => {
    const result = await planAfter(async () => writeFile(file, '{"format": "roster-refresh-cache", "formatVe'));
    expect(result.reads).toEqual(ALL);
    expect(result.notice).toMatch(/not valid JSON/);
  });

  it('written by another version of the cache format', async () => {
    const result = await planAfter(rewrite((json) => (json.formatVersion = REFRESH_CACHE_VERSION + 1)));
    expect(result.reads).toEqual(ALL);
    expect(result.notice).toMatch(/version/);
  });

  it('foreign: made for another target or credential', async () => {
    const world = new World();
    await RefreshCacheStore.open({ file, keys: new Map([['ringcentral', 'another-credential']]) }).then(async (foreign) => {
      await planLive(request(), world.providers(), { cache: foreign });
      await foreign.save();
    });
    const result = await plan(world);
    expect(result.reads).toEqual(ALL);
    expect(result.plan).toEqual(await truth(world));
  });

  it('forged: an entry made for the account’s real values, but without the key', async () => {
    const elsewhere = join(dir, 'elsewhere.json');
    const forger = new World();
    const forged = await RefreshCacheStore.open({ file: elsewhere, keys: new Map([['ringcentral', 'a guessed key']]) });
    await planLive(request(), forger.providers(), { cache: forged });
    await forged.save();
    const entry = JSON.parse(await readFile(elsewhere, 'utf8')).applications.ringcentral.accounts[ID['bob']!];
    const result = await planAfter(rewrite((json) => (json.applications['ringcentral']!.accounts[ID['bob']!] = entry)));
    expect(result.reads).toEqual([ID['bob']!]);
  });

  it('moved: the entry of an account with the same version and the same values, copied to another', async () => {
    const world = new World();
    // Alice and Bob share an office and its phone line: the same values in every attribute lists omit.
    const shared = { addresses: world.users[0]!.addresses, phoneNumbers: world.users[0]!.phoneNumbers };
    world.users = world.users.map((u) => (u.id === 'bob' ? { ...u, ...shared } : u));
    world.accounts = world.users.map((u) => heldBy(u, 'v1'));
    await plan(world);
    world.edit(ID['alice']!, 'v2', { [DEPARTMENT]: 'Edited' });
    world.edit(ID['bob']!, 'v2', { [STREET]: '1 Elsewhere Road' });
    expect((await plan(world)).reads).toEqual([ID['alice']!, ID['bob']!]);
    await rewrite((json) => {
      const accounts = json.applications['ringcentral']!.accounts;
      accounts[ID['bob']!] = accounts[ID['alice']!]!;
    })();
    const result = await plan(world);
    expect(result.reads).toEqual([ID['bob']!]);
    expect(decisions(result.plan)).toEqual(decisions(await truth(world)));
  });

  it('stale: older than the account', async () => {
    const result = await planAfter(async (world) => world.edit(ID['bob']!, 'v2', {}));
    expect(result.reads).toEqual([ID['bob']!]);
  });

  it('missing', async () => {
    const { rm } = await import('node:fs/promises');
    const result = await planAfter(async () => rm(file));
    expect(result.reads).toEqual(ALL);
    expect(result.notice).toBeUndefined();
  });
});

describe('the cache file', () => {
  it('holds versions and keyed digests, and no name, email, phone number or address', async () => {
    const world = new World();
    await plan(world);
    const text = await readFile(file, 'utf8');
    for (const u of world.users) {
      for (const value of [u.id, u.email, u.firstname!, u.phoneNumbers[0]!.number, u.addresses[0]!.streetAddress!]) expect(text).not.toContain(value);
    }
    expect(Object.keys(JSON.parse(text).applications.ringcentral.accounts)).toEqual(ALL);
  });

  it('is replaced atomically, leaving no temporary file, and readable by its owner only', async () => {
    const world = new World();
    await Promise.all([plan(world), plan(world), plan(world)]);
    expect(await readdir(join(dir, 'cache'))).toEqual(['refresh.json']);
    expect((await import('node:fs')).statSync(file).mode & 0o777).toBe(0o600);
    expect((await plan(world)).reads).toEqual([]);
  });

  it('leaves the file alone when a plan finds every account as the file has it', async () => {
    const world = new World();
    await plan(world);
    const { mtimeMs, ino } = (await import('node:fs')).statSync(file);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await plan(world)).reads).toEqual([]);
    expect((await import('node:fs')).statSync(file)).toMatchObject({ mtimeMs, ino });
    world.edit(ID['bob']!, 'v2', {});
    await plan(world);
    expect((await import('node:fs')).statSync(file).mtimeMs).not.toBe(mtimeMs);
  });

  it('fails to save where no file can be written, and leaves nothing behind', async () => {
    await writeFile(join(dir, 'blocker'), 'a file where the folder should be');
    const cache = await RefreshCacheStore.open({ file: join(dir, 'blocker', 'refresh.json'), keys: KEYS });
    await planLive(request(), new World().providers(), { cache });
    await expect(cache.save()).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['blocker']);
  });

  it('records what apply reads back after writing, from the directory the plan used', async () => {
    const world = new World();
    const { idp, targets } = world.providers();
    const directory = await idp.readDirectory({ groupNames: ['Sales'] });
    const cache = await RefreshCacheStore.open({ file, keys: KEYS });
    const target = targets.get('ringcentral')!;
    cache.record(request().desired, { directory, targets: { ringcentral: { system: 'ringcentral', accounts: world.accounts, capabilities: target.capabilities, normalizer } } });
    await cache.save();
    expect((await plan(world)).reads).toEqual([]);
  });
});

/**
 * SCIM group provisioning end to end, as users run it: JumpCloud's groups become groups of the
 * sandbox's generic SCIM 2.0 target — created with members whose accounts the same apply
 * creates, written in batches, renamed in place when the IdP group is renamed, adopted when an
 * unowned group has the name, members removed as they leave, deleted only when acknowledged —
 * and the plan after each apply is empty.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';

const config = (groups: string, bound = '[Sales, Support]') => `idp:
  type: jumpcloud
  url: \${ROSTER_IDP_URL}
  apiKey: \${JUMPCLOUD_API_KEY}
applications:
  wiki:
    catalog: scim
    groups: ${bound}
    provisioning:
      url: \${GENERIC_SCIM_URL}
      token: \${GENERIC_SCIM_TOKEN}
      groupBatchSize: 4
${groups}`;

let sandbox: Sandbox;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await admin('POST', '/reset', { seed: 'demo' });
  dir = mkdtempSync(join(tmpdir(), 'roster-groups-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function scim(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${env['GENERIC_SCIM_URL']}${path}`, {
    method,
    headers: { authorization: `Bearer ${env['GENERIC_SCIM_TOKEN']}`, 'content-type': 'application/scim+json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function jumpcloud(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sandbox.url}${path}`, { method, headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function targetGroups(): Promise<Array<{ id: string; displayName: string; externalId?: string; members: string[] }>> {
  const list = await scim('GET', '/Groups?count=200');
  return list.body.Resources.map((g: any) => ({ id: g.id, displayName: g.displayName, externalId: g.externalId, members: (g.members ?? []).map((m: any) => m.value).sort() }));
}

async function userIds(): Promise<Map<string, string>> {
  const list = await scim('GET', '/Users?count=200');
  return new Map(list.body.Resources.map((u: any) => [u.userName as string, u.id as string]));
}

async function idpGroup(name: string): Promise<{ id: string; members: string[] }> {
  const groups = (await jumpcloud('GET', '/api/v2/usergroups?limit=100')) as Array<{ id: string; name: string }>;
  const group = groups.find((g) => g.name === name)!;
  const membership = (await jumpcloud('GET', `/api/v2/usergroups/${group.id}/membership?limit=100`)) as Array<{ id: string }>;
  return { id: group.id, members: membership.map((m) => m.id) };
}

async function run(argv: string[], yaml: string) {
  writeFileSync(join(dir, 'roster.yaml'), yaml);
  return roster([...argv, '-c', dir], { env, cwd: dir });
}

async function planJson(yaml: string): Promise<any> {
  const result = await run(['plan', '--format', 'json'], yaml);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const groupChanges = (plan: any) => plan.changes.filter((c: any) => c.kind === 'scim_group');

async function applied(yaml: string, ...flags: string[]) {
  const journal = join(dir, `journal-${Date.now()}.jsonl`);
  const result = await run(['apply', '--auto-approve', '--journal', journal, ...flags], yaml);
  // A refused apply writes no journal.
  const text = existsSync(journal) ? readFileSync(journal, 'utf8').trim() : '';
  const lines = text ? text.split('\n').map((l) => JSON.parse(l)) : [];
  return { ...result, journal: lines };
}

async function expectEmptyPlan(yaml: string): Promise<void> {
  const again = await run(['plan', '--detailed-exitcode'], yaml);
  expect(again.code, again.stdout + again.stderr).toBe(0);
}

describe('SCIM groups', () => {
  it('creates the bound groups with the accounts created in the same apply, in batches, and then plans nothing', async () => {
    const yaml = config('');
    const plan = await planJson(yaml);
    const groups = groupChanges(plan);
    expect(groups.map((c: any) => [c.address, c.action])).toEqual([
      ['wiki/group/Sales', 'create'],
      ['wiki/group/Support', 'create'],
    ]);
    const sales = await idpGroup('Sales');
    expect(groups[0].members.added.length).toBeGreaterThan(4);

    await admin('DELETE', '/requests');
    const result = await applied(yaml);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.journal.filter((l: any) => l.event_type === 'group_create_provision').map((l: any) => [l.target.group, l.outcome]).sort()).toEqual([
      ['Sales', 'success'],
      ['Support', 'success'],
    ]);

    // Members are the accounts of the IdP group's users with access, by the ids their creates returned.
    const ids = await userIds();
    const target = (await targetGroups()).find((g) => g.displayName === 'Sales')!;
    expect(target.externalId).toBe(sales.id);
    const expected = (groups[0].members.added as string[]).map((userName) => ids.get(userName)).sort();
    expect(target.members).toEqual(expected);

    // One POST with the first 4 members, then one PATCH per further 4 (groupBatchSize: 4).
    const requests = (await admin('GET', '/requests')) as Array<{ method: string; path: string }>;
    const salesWrites = requests.filter((r) => r.path.startsWith('/generic-scim/v2/Groups') && (r.method === 'PATCH' || (r.method === 'POST' && r.path === '/generic-scim/v2/Groups')));
    const both = groups.reduce((sum: number, c: any) => sum + 1 + Math.ceil(Math.max(0, c.members.added.length - 4) / 4), 0);
    expect(salesWrites).toHaveLength(both);
    // The plan's estimate counts exactly the writes apply sent to the target (accounts and groups).
    const targetWrites = requests.filter((r) => r.path.startsWith('/generic-scim/v2/') && r.method !== 'GET');
    const estimated = plan.estimate.apply.entries.filter((e: any) => e.system === 'wiki' && e.group === 'write').reduce((sum: number, e: any) => sum + e.requests, 0);
    expect(targetWrites).toHaveLength(estimated);

    await expectEmptyPlan(yaml);
  }, 60_000);

  it('explain says which target groups a user is in, and through which IdP group', async () => {
    const yaml = config('');
    await applied(yaml);
    const explained = await run(['explain', 'hannah.powell@example.com'], yaml);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toMatch(/Groups in wiki:\n\s+member of Support \(through Support Leads\)/);
    const json = await run(['explain', 'hannah.powell@example.com', '--format', 'json'], yaml);
    const wiki = JSON.parse(json.stdout).applications.find((a: any) => a.app === 'wiki');
    expect(JSON.stringify(wiki.groups)).toContain('Support');
  }, 60_000);

  it('renames the target group when the IdP group is renamed, never making a second one', async () => {
    await applied(config(''));
    const before = (await targetGroups()).find((g) => g.displayName === 'Sales')!;
    const sales = await idpGroup('Sales');
    await jumpcloud('PUT', `/api/v2/usergroups/${sales.id}`, { name: 'Sales EMEA' });
    const yaml = config('', '[Sales EMEA, Support]');
    const changes = groupChanges(await planJson(yaml));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ address: 'wiki/group/Sales EMEA', action: 'update', fields: [{ path: 'displayName', before: 'Sales', after: 'Sales EMEA' }] });
    const result = await applied(yaml);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const after = await targetGroups();
    expect(after.filter((g) => g.externalId === sales.id)).toEqual([{ ...before, displayName: 'Sales EMEA' }]);
    await expectEmptyPlan(yaml);
  }, 60_000);

  it('removes a member who left the IdP group, and keeps members that are not Roster’s', async () => {
    const yaml = config('');
    await applied(yaml);
    const support = await idpGroup('Support');
    const groupBefore = (await targetGroups()).find((g) => g.displayName === 'Support')!;
    // A member the target holds that Roster does not manage.
    const stranger = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'contractor@example.com' });
    expect(stranger.status).toBe(201);
    await scim('PATCH', `/Groups/${groupBefore.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: stranger.body.id }] }] });
    const leaver = support.members[0]!;
    await jumpcloud('POST', `/api/v2/usergroups/${support.id}/members`, { op: 'remove', type: 'user', id: leaver });

    const changes = groupChanges(await planJson(yaml));
    expect(changes.map((c: any) => [c.address, c.action, c.members.added.length, c.members.removed.length])).toEqual([['wiki/group/Support', 'update', 0, 1]]);
    const result = await applied(yaml);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.journal.some((l: any) => l.event_type === 'group_update_provision' && l.outcome === 'success')).toBe(true);
    const groupAfter = (await targetGroups()).find((g) => g.displayName === 'Support')!;
    expect(groupAfter.members).toHaveLength(groupBefore.members.length);
    expect(groupAfter.members).toContain(stranger.body.id);
    await expectEmptyPlan(yaml);
  }, 60_000);

  it('adopts an unowned group with the same displayName instead of creating a second one', async () => {
    const existing = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Support' });
    expect(existing.status).toBe(201);
    const yaml = config('');
    const changes = groupChanges(await planJson(yaml));
    expect(changes.map((c: any) => [c.address, c.action])).toEqual([
      ['wiki/group/Sales', 'create'],
      ['wiki/group/Support', 'adopt'],
    ]);
    const result = await applied(yaml);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const support = (await targetGroups()).filter((g) => g.displayName === 'Support');
    expect(support).toHaveLength(1);
    expect(support[0]!.id).toBe(existing.body.id);
    expect(support[0]!.externalId).toBe((await idpGroup('Support')).id);
    await expectEmptyPlan(yaml);
  }, 60_000);

  it('deletes the groups Roster created once they are no longer provisioned, only with --allow delete-group', async () => {
    await applied(config(''));
    const yaml = config('      groups: none\n');
    const changes = groupChanges(await planJson(yaml));
    expect(changes.map((c: any) => [c.address, c.action])).toEqual([
      ['wiki/group/Sales', 'delete'],
      ['wiki/group/Support', 'delete'],
    ]);
    const refused = await applied(yaml);
    expect(refused.code).toBe(3);
    expect(refused.stdout + refused.stderr).toContain('--allow delete-group:wiki');
    expect(await targetGroups()).toHaveLength(2);
    const result = await applied(yaml, '--allow', 'delete-group:wiki');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.journal.filter((l: any) => l.event_type === 'group_delete_provision').map((l: any) => l.outcome)).toEqual(['success', 'success']);
    expect(await targetGroups()).toEqual([]);
    await expectEmptyPlan(yaml);
  }, 60_000);
});

/**
 * `roster plan` over real HTTP against the sandbox's demo directory: it never writes, every rule
 * of the plan is visible in its output, and its exit codes, formats and files are as documented.
 */
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough, Writable } from 'node:stream';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { runCli } from '../../src/cli/main.js';
import { roster, sandboxEnv } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../../configs/roster.yaml', import.meta.url));
const schema = JSON.parse(await readFile(new URL('../../docs/plan.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allowUnionTypes: true }).compile(schema);

interface JsonChange {
  address: string;
  kind: string;
  action: string;
  blockedAction?: string;
  reason: { code: string; message: string; groups?: string[] };
  problems: Array<{ code: string; hint?: string }>;
  steps: Array<{ op: string }>;
}

let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

/** A configuration folder holding the example configuration, edited. */
async function configWith(edit: (yaml: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'roster-plan-'));
  await writeFile(join(dir, 'roster.yaml'), edit(await readFile(CONFIG, 'utf8')));
  return dir;
}

async function plan(args: string[] = [], config = fileURLToPath(new URL('../../configs/', import.meta.url))) {
  const run = await roster(['plan', '-c', config, '--format', 'json', ...args], { env });
  expect(run.stderr).toBe('');
  return { code: run.code, plan: JSON.parse(run.stdout) as { changes: JsonChange[]; [key: string]: unknown } };
}

const user = (name: string) => `ringcentral/user/${name}@example.com`;
const find = (changes: JsonChange[], address: string) => changes.find((c) => c.address === address);

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, init);
  expect(response.ok, `${init.method ?? 'GET'} ${path}`).toBe(true);
  return response;
}

async function scimAccounts(): Promise<Array<{ id: string; userName: string; active: boolean }>> {
  const response = await fetch(`${sandbox.url}/scim/v2/Users?count=100`, { headers: { authorization: `Bearer ${sandbox.scimToken}` } });
  return ((await response.json()) as { Resources: Array<{ id: string; userName: string; active: boolean }> }).Resources;
}

async function setDirectoryUser(email: string, body: Record<string, unknown>): Promise<void> {
  const headers = { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' };
  const list = await fetch(`${sandbox.url}/api/systemusers?limit=100&filter=email:$eq:${email}`, { headers });
  const found = ((await list.json()) as { results: Array<{ _id: string }> }).results[0]!;
  expect((await fetch(`${sandbox.url}/api/systemusers/${found._id}`, { method: 'PUT', headers, body: JSON.stringify(body) })).status).toBe(200);
}

describe('roster plan against the sandbox', () => {
  it('never writes: every request it makes is a read, apart from the OAuth token exchange', async () => {
    await admin('/requests', { method: 'DELETE' });
    for (const format of ['text', 'markdown', 'json']) {
      expect((await roster(['plan', '-c', fileURLToPath(new URL('../../configs/', import.meta.url)), '--format', format], { env })).code).toBe(0);
    }
    const requests = (await (await admin('/requests')).json()) as Array<{ method: string; path: string }>;
    expect(requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(10);
    expect(requests.some((r) => r.path.startsWith('/scim/v2/Users'))).toBe(true);
    expect(requests.some((r) => r.path.startsWith('/api/systemusers'))).toBe(true);
    expect(requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill('POST /restapi/oauth/token'));
  });

  it('shows the demo directory’s rules: nesting, user states, adoption, target rules, unmanaged accounts', async () => {
    const { plan: first } = await plan();
    expect(validate(first), JSON.stringify(validate.errors)).toBe(true);
    const changes = first.changes;
    expect(find(changes, user('nora.jenkins'))).toMatchObject({ action: 'create', reason: { code: 'access_granted', groups: ['Support'] } });
    expect(find(changes, user('nora.jenkins'))!.reason.message).toContain('through Support Leads');
    for (const notProvisioned of ['henry.brooks', 'ryan.cox', 'daniel.price', 'zoe.cooper', 'margaret.lane', 'aiden.russell']) {
      expect(find(changes, user(notProvisioned)), notProvisioned).toBeUndefined();
    }
    expect(find(changes, user('olivia.bennett'))).toMatchObject({ action: 'adopt', reason: { code: 'matched' } });
    expect(find(changes, user('ethan.walker'))).toMatchObject({ action: 'skip', blockedAction: 'create', problems: [{ code: 'target.address-without-country' }], steps: [] });
    expect(first['applications']).toEqual([
      { app: 'ringcentral', managedAccounts: 0, unmanaged: ['admin@example.com'], activationEmails: 25, deprovisions: 0, deprovisionLimit: 5, renames: 0, renameLimit: 5 },
    ]);
    expect(first['manualSteps']).toMatchObject([{ app: 'ringcentral', address: 'ringcentral/sso' }]);
    expect(first['estimate']).toMatchObject({ apply: { entries: expect.arrayContaining([{ system: 'ringcentral', group: 'heavy', requests: 26, requestsPerMinute: 10, minimumSeconds: 156 }]) } });
  });

  it('applies the target’s rules: userName must be the work email at creation, ignored attributes are reported once', async () => {
    const dir = await configWith((yaml) => yaml.replace('userName: email', 'userName: username\n        displayName: firstname'));
    // The configuration's own checks warn about both mappings; the plan shows what they do to each user.
    const run = await roster(['plan', '-c', dir, '--format', 'json'], { env });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { changes: JsonChange[]; [key: string]: unknown };
    const creates = result.changes.filter((c) => c.kind === 'scim_user' && c.blockedAction === 'create');
    expect(creates.length).toBe(26);
    expect(creates.every((c) => c.action === 'skip' && c.problems.some((p) => p.code === 'target.username-not-work-email'))).toBe(true);
    const diagnostics = result['diagnostics'] as Array<{ code: string; message: string }>;
    expect(diagnostics.filter((d) => d.code === 'mapping.ignored-by-target').map((d) => d.message)).toEqual([
      'ringcentral: the target ignores displayName; it is not sent or compared (30 users)',
    ]);
  });

  it('exits 2 with --detailed-exitcode when there are changes, and 1 with --strict when a change is blocked', async () => {
    expect((await plan(['--detailed-exitcode'])).code).toBe(2);
    const strict = await roster(['plan', '-c', fileURLToPath(new URL('../../configs/', import.meta.url)), '--strict'], { env });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('--strict: 1 change is blocked by a problem (see the plan).\n');
  });

  it('fails on a bound group that does not exist in the IdP, plans no account and saves no plan', async () => {
    const dir = await configWith((yaml) => yaml.replace('groups: [Sales, Support]', 'groups: [Sales, Suport]'));
    const run = await roster(['plan', '-c', dir, '--format', 'json', '-o', 'plan.json'], { env, cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('The plan has 2 errors (see its diagnostics); it was not saved to plan.json.\n');
    await expect(stat(join(dir, 'plan.json'))).rejects.toThrow();
    const result = JSON.parse(run.stdout) as { changes: JsonChange[]; diagnostics: Array<{ code: string; message: string }> };
    expect(result.diagnostics.filter((d) => d.code === 'idp.group-not-found').map((d) => d.message)).toEqual(['ringcentral: user group "Suport" does not exist in the IdP']);
    expect(result.changes.filter((c) => c.kind === 'scim_user')).toEqual([]);
  });

  it('writes the pull-request comment in markdown, summary first', async () => {
    const run = await roster(['plan', '-c', fileURLToPath(new URL('../../configs/', import.meta.url)), '--format', 'markdown'], { env });
    expect(run.code).toBe(0);
    const markdown = run.stdout;
    expect(markdown.startsWith('### Roster plan\n\n**Plan: 29 to create, 1 to adopt, 1 to skip.**')).toBe(true);
    expect(markdown).toContain('**Access gained (25)**');
    expect(markdown).toContain('| `nora.jenkins@example.com` | member of Support (through Support Leads), newly bound |');
    expect(markdown).toContain('**1 change is skipped**');
    expect(markdown).toContain('#### Manual steps');
    expect(markdown).toContain('| apply | ringcentral | heavy | 26 | 10/min | 2m 36s |');
    expect(markdown).toContain('ringcentral: 25 new users receive an activation email.');
  });

  it('redacts emails and phone numbers with --redact, and still saves the full plan with -o', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-plan-'));
    const run = await roster(['plan', '-c', fileURLToPath(new URL('../../configs/', import.meta.url)), '--format', 'markdown', '--redact', '-o', 'plan.json'], { env, cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/[a-z]@example\.com/);
    expect(run.stdout).not.toMatch(/\+1\d{10}/);
    expect(run.stdout).toMatch(/\[email [0-9a-f]{12}\]/);
    const saved = await readFile(join(dir, 'plan.json'), 'utf8');
    expect(saved).toContain('nora.jenkins@example.com');
    expect((await stat(join(dir, 'plan.json'))).mode & 0o777).toBe(0o600);
    expect(validate(JSON.parse(saved))).toBe(true);
  });

  it('lays the text plan out with ink on a terminal, wrapped to its width', async () => {
    let output = '';
    const stdout = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          output += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 72 },
    );
    const code = await runCli(['plan', '-c', fileURLToPath(new URL('../../configs/', import.meta.url))], {
      stdout,
      stderr: new PassThrough(),
      stdin: new PassThrough(),
      env,
      cwd: process.cwd(),
      signal: new AbortController().signal,
    });
    expect(code).toBe(0);
    const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(72);
    expect(output).toContain('Plan: 29 to create, 1 to adopt, 1 to skip.');
  });

  it('makes plans of the same state identical apart from their creation time', async () => {
    const [a, b] = [(await plan()).plan, (await plan()).plan];
    expect({ ...a, createdAt: '' }).toEqual({ ...b, createdAt: '' });
  });

  it('after apply: suspension deactivates, restoration reactivates, and pending accounts are never touched', async () => {
    expect((await roster(['apply', '-c', fileURLToPath(new URL('../../configs/', import.meta.url)), '--auto-approve'], { env })).code).toBe(0);
    expect((await plan(['--detailed-exitcode'])).code).toBe(0);
    const accounts = await scimAccounts();
    const liam = accounts.find((a) => a.userName === 'liam.carter@example.com')!;
    await admin(`/ringcentral/users/${liam.id}/activate`, { method: 'POST' });

    await setDirectoryUser('liam.carter@example.com', { suspended: true });
    await setDirectoryUser('mason.kim@example.com', { suspended: true });
    let changes = (await plan()).plan.changes;
    expect(find(changes, user('liam.carter'))).toMatchObject({ action: 'deactivate', reason: { code: 'suspended' } });
    expect(find(changes, user('mason.kim'))).toMatchObject({ action: 'skip', blockedAction: 'deactivate', problems: [{ code: 'target.pending-cannot-deactivate' }] });

    expect((await roster(['apply', '-c', fileURLToPath(new URL('../../configs/', import.meta.url)), '--auto-approve'], { env })).code).toBe(0);
    await setDirectoryUser('liam.carter@example.com', { suspended: false });
    await setDirectoryUser('mason.kim@example.com', { suspended: false });
    changes = (await plan()).plan.changes;
    expect(find(changes, user('liam.carter'))).toMatchObject({ action: 'reactivate', reason: { code: 'restored' } });
    expect(find(changes, user('mason.kim'))).toBeUndefined();
  });

  it('unbinding a group: deactivations name the group, pending accounts are skips, and safety violations carry their flags', async () => {
    const accounts = await scimAccounts();
    // Olivia's adopted account is active; five more Sales accounts are activated by their owners.
    for (const name of ['mia.schneider', 'lucas.fischer', 'charlotte.evans', 'benjamin.hughes', 'isabella.rossi']) {
      const account = accounts.find((a) => a.userName === `${name}@example.com`)!;
      await admin(`/ringcentral/users/${account.id}/activate`, { method: 'POST' });
    }
    const dir = await configWith((yaml) => yaml.replace('groups: [Sales, Support]', 'groups: [Support]').replace('protect: [admin@example.com]', 'protect: [mia.schneider@example.com]'));
    const run = await roster(['plan', '-c', dir, '--format', 'json'], { env });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { changes: JsonChange[]; violations: Array<{ kind: string; allow: string; count?: number; limit?: number; addresses: string[] }> };
    expect(find(result.changes, 'ringcentral/binding/Sales')).toMatchObject({ action: 'delete' });
    expect(find(result.changes, user('mia.schneider'))).toMatchObject({ action: 'deactivate', reason: { code: 'access_revoked', groups: ['Sales'] } });
    expect(find(result.changes, user('sophia.nguyen'))).toMatchObject({ action: 'skip', blockedAction: 'deactivate' });
    expect(result.changes.filter((c) => c.action === 'deactivate' && c.kind === 'scim_user')).toHaveLength(6);
    expect(result.violations).toEqual([
      expect.objectContaining({ kind: 'deprovision', allow: '--allow deprovision:ringcentral', count: 6, limit: 5 }),
      expect.objectContaining({ kind: 'protected', allow: '--allow protected:ringcentral', addresses: [user('mia.schneider')] }),
    ]);
  });

  it('under policy delete: a deactivated account is reactivated then deleted in one change, a pending one deleted plainly', async () => {
    const dir = await configWith((yaml) => yaml.replace('groups: [Sales, Support]', 'groups: [Support]').replace('deprovision: deactivate', 'deprovision: delete'));
    await setDirectoryUser('lucas.fischer@example.com', { suspended: true });
    expect((await roster(['apply', '-c', fileURLToPath(new URL('../../configs/', import.meta.url)), '--auto-approve'], { env })).code).toBe(0);
    const changes = (await plan([], dir)).plan.changes;
    expect(find(changes, user('lucas.fischer'))).toMatchObject({ action: 'delete', steps: [{ op: 'scim.update' }, { op: 'scim.delete' }] });
    expect(find(changes, user('sophia.nguyen'))).toMatchObject({ action: 'delete', steps: [{ op: 'scim.delete' }] });
  });
});

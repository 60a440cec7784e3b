/**
 * YAML → plan → apply → plan again, over real HTTP against the sandbox: the example
 * configuration converges, and a change in the directory shows as exactly one update.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../../configs/', import.meta.url));
const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';

let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

async function planJson() {
  const run = await roster(['plan', '-c', CONFIG, '--format', 'json'], { env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe('walking skeleton against the sandbox', () => {
  it('plans creates for the members of the bound groups, applies them, and then plans nothing', async () => {
    const first = await planJson();
    expect(first.formatVersion).toBe(1);
    expect(first.summary.create).toBeGreaterThan(20);
    const addresses: string[] = first.changes.map((c: { address: string }) => c.address);
    expect(addresses).toContain('ringcentral/sso');
    expect(addresses).toContain('ringcentral/binding/Sales');
    expect(addresses).toContain('ringcentral/binding/Support');
    const create = first.changes.find((c: { action: string; kind: string }) => c.action === 'create' && c.kind === 'scim_user');
    expect(create.address).toMatch(/^ringcentral\/user\/[a-z.]+@example\.com$/);
    expect(create.fields.some((f: { path: string }) => f.path === 'userName')).toBe(true);

    const apply = await roster(['apply', '-c', CONFIG, '--auto-approve'], { env });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/Apply finished in .*: \d+ changes done/);

    const second = await planJson();
    expect(second.changes.filter((c: { action: string }) => c.action !== 'skip')).toEqual([]);
    const exit = await roster(['plan', '-c', CONFIG, '--detailed-exitcode'], { env });
    expect(exit.code).toBe(0);
  });

  it('shows a department changed in the IdP as exactly one update with before and after', async () => {
    // New RingCentral accounts are pending until their owner activates them; only then can they be updated.
    const scim = await fetch(`${sandbox.url}/scim/v2/Users?filter=${encodeURIComponent('userName eq "sophia.nguyen@example.com"')}`, {
      headers: { authorization: `Bearer ${sandbox.scimToken}` },
    });
    const account = ((await scim.json()) as { Resources: Array<{ id: string }> }).Resources[0]!;
    expect((await fetch(`${sandbox.url}/_sandbox/ringcentral/users/${account.id}/activate`, { method: 'POST' })).status).toBe(200);
    expect((await planJson()).changes.filter((c: { action: string }) => c.action !== 'skip')).toEqual([]);

    const headers = { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' };
    const list = await fetch(`${sandbox.url}/api/systemusers?limit=100&filter=email:$eq:sophia.nguyen@example.com`, { headers });
    const user = ((await list.json()) as { results: Array<{ _id: string; department: string }> }).results[0]!;
    expect(user.department).toBe('Sales');
    const put = await fetch(`${sandbox.url}/api/systemusers/${user._id}`, { method: 'PUT', headers, body: JSON.stringify({ department: 'Partnerships' }) });
    expect(put.status).toBe(200);

    const plan = await planJson();
    const actionable = plan.changes.filter((c: { action: string }) => c.action !== 'skip');
    expect(actionable).toHaveLength(1);
    expect(actionable[0]).toMatchObject({
      address: 'ringcentral/user/sophia.nguyen@example.com',
      kind: 'scim_user',
      action: 'update',
      fields: [{ path: DEPARTMENT, before: 'Sales', after: 'Partnerships' }],
    });
    const exit = await roster(['plan', '-c', CONFIG, '--detailed-exitcode'], { env });
    expect(exit.code).toBe(2);
  });
});

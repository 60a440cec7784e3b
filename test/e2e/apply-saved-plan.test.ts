/**
 * `roster apply plan.json`: exactly the reviewed plan, or nothing. A plan from another
 * configuration, or with a change whose object changed since, is refused as a whole (exit 3,
 * naming the stale objects); `--allow-partial` applies the rest. Applying a plan again after it
 * was applied sends nothing: its changes are recognised as made.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { roster } from '../support/cli.js';
import { configWith, EXAMPLE_CONFIG, events, startWorld, type World } from './apply-support.js';

const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';
const email = (name: string) => `${name}@example.com`;
const address = (name: string) => `ringcentral/user/${email(name)}`;

let world: World;
let saved = 0;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: 1000 });
});
afterAll(async () => {
  await world.close();
});

async function savePlan(config = EXAMPLE_CONFIG): Promise<string> {
  saved += 1;
  const file = join(world.cwd, `plan-${saved}.json`);
  const run = await roster(['plan', '-c', config, '-o', file], { env: world.env, cwd: world.cwd });
  expect(run.code, run.stderr).toBe(0);
  return file;
}

async function scimWrites(): Promise<string[]> {
  return (await world.requests()).filter((r) => r.method !== 'GET' && r.path.startsWith('/scim/') && !r.path.endsWith('/.search')).map((r) => `${r.method} ${r.path}`);
}

/** Changes the account behind Roster's back, in the target. */
async function editInTarget(userName: string, familyName: string): Promise<void> {
  const account = await world.account(userName);
  const response = await fetch(`${world.sandbox.url}/scim/v2/Users/${account!.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${world.sandbox.scimToken}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'name.familyName', value: familyName }] }),
  });
  expect(response.status).toBe(200);
}

describe('roster apply with a saved plan', () => {
  beforeEach(async () => {
    await world.reset('demo');
  });

  it('applies exactly the saved plan, and sends nothing when it is applied again', async () => {
    const plan = await savePlan();
    const first = await world.apply([plan, '--auto-approve']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(await world.pending()).toEqual([]);

    await world.clearRequests();
    const again = await world.apply([plan, '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('already applied');
    expect(await scimWrites()).toEqual([]);
    expect(events(again.journal).every((e) => e.event_type === 'user_lookup_provision' && e.precondition === 'applied')).toBe(true);
    expect(again.stdout).toMatch(/Apply finished in [^:]+: \d+ changes already applied \(nothing sent\)[.,]/);
    expect(again.stdout).not.toMatch(/changes? done/);
  });

  it('counts a change applied again as already applied, not as a done update', async () => {
    expect((await world.apply(['--auto-approve'])).code).toBe(0);
    await world.activate(email('liam.carter'));
    await world.updateDirectoryUser(email('liam.carter'), { department: 'Partnerships' });
    const plan = await savePlan();
    const first = await world.apply([plan, '--auto-approve']);
    expect(first.stdout).toMatch(/Apply finished in [^:]+: 1 change done \(1 update\)[.,]/);

    await world.clearRequests();
    const again = await world.apply([plan, '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(`${address('liam.carter')} (already applied: nothing sent)`);
    expect(again.stdout).toMatch(/Apply finished in [^:]+: 1 change already applied \(nothing sent\)[.,]/);
    expect(again.stdout).not.toMatch(/change done/);
    expect(await scimWrites()).toEqual([]);
  });

  describe('after the objects changed', () => {
    let plan: string;
    beforeEach(async () => {
      expect((await world.apply(['--auto-approve'])).code).toBe(0);
      for (const name of ['liam.carter', 'mason.kim']) {
        await world.activate(email(name));
        await world.updateDirectoryUser(email(name), { department: 'Partnerships' });
      }
      plan = await savePlan();
      await editInTarget(email('liam.carter'), 'Changed');
      await world.clearRequests();
    });

    it('refuses the whole plan, names the stale object and says to plan again', async () => {
      const run = await world.apply([plan, '--auto-approve']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(`${address('liam.carter')} (update): the account changed since the plan was made`);
      expect(run.stderr).toContain('Run roster plan again');
      expect(run.stderr).toContain('--allow-partial');
      expect(run.stderr).not.toContain(address('mason.kim'));
      expect(await scimWrites()).toEqual([]);
    });

    it('with --allow-partial, applies the rest and reports the stale one', async () => {
      const run = await world.apply([plan, '--auto-approve', '--allow-partial']);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(events(run.journal, 'user_update_provision').map((e) => e.address)).toEqual([address('mason.kim')]);
      expect(run.stdout).toContain(`${address('liam.carter')}: the account changed since the plan was made`);
      expect(run.stdout).toContain('left out with --allow-partial');
      expect((await world.pending()).map((c) => [c.address, c.fields.map((f) => f.path)])).toEqual([[address('liam.carter'), ['name.familyName', DEPARTMENT]]]);
    });
  });

  it('refuses a create when an account with its userName appeared since the plan', async () => {
    const plan = await savePlan();
    const response = await fetch(`${world.sandbox.url}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.sandbox.scimToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: email('liam.carter'),
        name: { givenName: 'Liam', familyName: 'Carter' },
        emails: [{ type: 'work', value: email('liam.carter') }],
      }),
    });
    expect(response.status).toBe(201);
    await world.clearRequests();
    const run = await world.apply([plan, '--auto-approve']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`${address('liam.carter')} (create): an account with userName ${email('liam.carter')} exists now`);
    expect(await scimWrites()).toEqual([]);
  });

  it('refuses a plan made from another configuration', async () => {
    const plan = await savePlan();
    const other = await configWith((yaml) => yaml.replace('description: Company phone system', 'description: Phones'));
    await world.clearRequests();
    const run = await world.apply([plan, '--auto-approve'], other);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/was made from another configuration .*: run roster plan again/);
    expect(await world.requests()).toEqual([]);
  });

  it('rejects a file that is not a plan, before reading any system', async () => {
    await world.clearRequests();
    const run = await world.apply([join(world.cwd, 'missing.json'), '--auto-approve']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot read the plan file');
    expect(await world.requests()).toEqual([]);
  });
});

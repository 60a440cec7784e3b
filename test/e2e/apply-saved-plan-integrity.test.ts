/**
 * A saved plan is an unauthenticated file: `roster apply plan.json` sends only what Roster itself
 * plans now. Each test edits a saved plan as an attacker with write access to it could — and
 * rewrites its digest, as anyone can — then checks that apply refuses it with exit 3, names what
 * does not hold, and sends nothing. Also: `--expect-digest`, and the non-convergence report of a
 * plan applied after the directory moved on.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planDigest } from '../../src/core/plan-digest.js';
import { roster } from '../support/cli.js';
import { configWith, EXAMPLE_CONFIG, events, startWorld, type World } from './apply-support.js';

const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';
const email = (name: string) => `${name}@example.com`;
const address = (name: string) => `ringcentral/user/${email(name)}`;
const LEAVERS = ['liam.carter', 'sophia.nguyen', 'noah.patel', 'emma.rodriguez', 'mason.kim', 'ava.thompson'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PlanJson = Record<string, any>;

let world: World;
let saved = 0;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: 1000 });
});
afterAll(async () => {
  await world.close();
});

async function savePlan(config = EXAMPLE_CONFIG): Promise<{ file: string; plan: PlanJson }> {
  saved += 1;
  const file = join(world.cwd, `integrity-${saved}.json`);
  const run = await roster(['plan', '-c', config, '-o', file], { env: world.env, cwd: world.cwd });
  expect(run.code, run.stderr).toBe(0);
  return { file, plan: JSON.parse(await readFile(file, 'utf8')) };
}

/** Writes an edited plan; `reseal` rewrites its digest to match, as a forger would. */
async function writePlan(plan: PlanJson, reseal = true): Promise<string> {
  saved += 1;
  const file = join(world.cwd, `edited-${saved}.json`);
  const content = { ...plan };
  delete content['digest'];
  await writeFile(file, JSON.stringify(reseal ? { ...content, digest: planDigest(content) } : plan));
  return file;
}

/** Every request that changes something, at the IdP or the target. */
async function writes(): Promise<string[]> {
  return (await world.requests())
    .filter((r) => r.method !== 'GET' && !r.path.endsWith('/.search') && !r.path.includes('oauth') && !r.path.includes('/token'))
    .map((r) => `${r.method} ${r.path}`);
}

function changeAt(plan: PlanJson, at: string): PlanJson {
  const change = plan['changes'].find((c: PlanJson) => c['address'] === at);
  expect(change, at).toBeDefined();
  return change;
}

async function refusedUntouched(args: string[], config = EXAMPLE_CONFIG) {
  const before = await world.accounts();
  await world.clearRequests();
  const run = await world.apply(args, config);
  expect(run.code, run.stdout + run.stderr).toBe(3);
  expect(run.stderr).toContain('Nothing was changed');
  expect(await writes()).toEqual([]);
  expect(events(run.journal).filter((e) => e.event_type !== 'user_lookup_provision')).toEqual([]);
  expect(await world.accounts()).toEqual(before);
  return run;
}

describe('roster apply with an edited saved plan', () => {
  beforeEach(async () => {
    await world.reset('demo');
    expect((await world.apply(['--auto-approve'])).code).toBe(0);
  });

  describe('safety violations are computed, never read from the file', () => {
    beforeEach(async () => {
      for (const name of LEAVERS) await world.activate(email(name));
      for (const name of LEAVERS) await world.removeFromGroup(email(name), 'Sales');
    });

    it('refuses a plan whose violations were emptied, digest rewritten', async () => {
      const config = await configWith((yaml) => yaml.replace('protect: [admin@example.com]', `protect: [admin@example.com, ${email('liam.carter')}]`));
      const { plan } = await savePlan(config);
      expect(plan['violations'].map((v: PlanJson) => v['kind'])).toEqual(['deprovision', 'protected']);
      const run = await refusedUntouched([await writePlan({ ...plan, violations: [] }), '--auto-approve'], config);
      expect(run.stderr).toContain('ringcentral: 6 deprovisions are over the limit of 5');
      expect(run.stderr).toContain(`1 protected user would be deprovisioned (${address('liam.carter')})`);
      expect(run.stderr).toContain('--allow deprovision:ringcentral --allow protected:ringcentral');
    });

    it('refuses a plan whose violations were emptied and digest left: the file was edited', async () => {
      const { plan } = await savePlan();
      const run = await refusedUntouched([await writePlan({ ...plan, violations: [] }, false), '--auto-approve']);
      expect(run.stderr).toContain('was edited after Roster wrote it: its content has digest');
    });
  });

  describe('with an update planned', () => {
    let plan: PlanJson;
    let planFile: string;
    beforeEach(async () => {
      // Accounts wait for their owners to activate them after a create; active ones can be updated.
      for (const name of ['liam.carter', 'mason.kim']) await world.activate(email(name));
      await world.updateDirectoryUser(email('liam.carter'), { department: 'Moved' });
      ({ plan, file: planFile } = await savePlan());
      expect(changeAt(plan, address('liam.carter'))['fields']).toEqual([{ path: DEPARTMENT, before: 'Sales', after: 'Moved' }]);
    });

    it('refuses a change whose request body was extended beyond its fields', async () => {
      const change = changeAt(plan, address('liam.carter'));
      const step = change['steps'][0];
      step['set'] = { ...step['set'], userName: 'attacker@example.com', 'emails[type eq "work"].value': 'attacker@example.com', title: 'Owner' };
      const run = await refusedUntouched([await writePlan(plan), '--auto-approve', '--allow-partial']);
      expect(run.stderr).toContain('the saved plan was edited after Roster wrote it');
      expect(run.stderr).toContain(`${address('liam.carter')} (update): its requests are not those its differences imply`);
    });

    it('refuses a change whose address was edited to name another user', async () => {
      const change = changeAt(plan, address('liam.carter'));
      change['address'] = address('mason.kim');
      const liam = await world.account(email('liam.carter'));
      const run = await refusedUntouched([await writePlan(plan), '--auto-approve']);
      expect(run.stderr).toContain(`${address('mason.kim')} (update): its requests are for account ${liam!.id}, which is ${email('liam.carter')}, not the user of its address`);
    });

    it('refuses a change copied in from another plan', async () => {
      await world.updateDirectoryUser(email('mason.kim'), { department: 'Elsewhere' });
      const other = (await savePlan()).plan;
      await world.updateDirectoryUser(email('mason.kim'), { department: 'Sales' });
      const injected = { ...plan, changes: [...plan['changes'], changeAt(other, address('mason.kim'))] };
      const run = await refusedUntouched([await writePlan(injected), '--auto-approve']);
      expect(run.stderr).toContain(`${address('mason.kim')} (update): Roster would not make this change now: it plans no change for this object`);
      expect(run.stderr).not.toContain(`${address('liam.carter')} (update)`);
    });

    it('applies the plan as saved, and with --expect-digest only the plan expected', async () => {
      const { plan: other } = await savePlan(await configWith((yaml) => yaml.replace('description: Company phone system', 'description: Phones')));
      const mine = planFile;
      await world.clearRequests();
      const refused = await world.apply([mine, '--auto-approve', '--expect-digest', other['digest']]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(`is not the plan expected: its digest is ${plan['digest']}, --expect-digest is ${other['digest']}`);
      expect(await world.requests()).toEqual([]);

      const applied = await world.apply([mine, '--auto-approve', '--expect-digest', `sha256:${plan['digest']}`]);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(applied.stdout).toContain(`Plan digest: ${plan['digest']}`);
      expect(events(applied.journal, 'user_update_provision').map((e) => [e.address, e.fields])).toEqual([[address('liam.carter'), [DEPARTMENT]]]);
    });

    it('says the world moved on when the plan, already applied, meets a directory that changed since', async () => {
      const { file } = { file: await writePlan(plan) };
      expect((await world.apply([file, '--auto-approve'])).code).toBe(0);
      await world.updateDirectoryUser(email('liam.carter'), { department: 'Moved2' });
      await world.clearRequests();
      const again = await world.apply([file, '--auto-approve']);
      expect(again.code).toBe(1);
      expect(await writes()).toEqual([]);
      expect(again.stdout).toContain('Not converged — the saved plan’s change is in place, but the directory or the systems changed after the plan was made');
      expect(again.stdout).toContain(`${address('liam.carter')} (update now):`);
      expect(again.stdout).not.toContain('a mapping or a normaliser does not match');
    });
  });

  it('refuses a plan of another configuration whose configuration digest was forged', async () => {
    const other = (await savePlan(await configWith((yaml) => yaml.replace('description: Company phone system', 'description: Phones')))).plan;
    const current = (await savePlan()).plan;
    expect(other['configDigest']).not.toBe(current['configDigest']);
    const run = await refusedUntouched([await writePlan({ ...other, configDigest: current['configDigest'] }), '--auto-approve']);
    expect(run.stderr).toContain('ringcentral/sso (update): Roster would not make this change now');
  });
});

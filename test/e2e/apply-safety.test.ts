/**
 * Safety: a plan that breaks an application's safety rules is refused before anything changes
 * (exit 3), with the numbers and the flag that acknowledges it; each violation needs its own
 * acknowledgement. Apply never waits for a confirmation nobody can give.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { roster } from '../support/cli.js';
import { configWith, EXAMPLE_CONFIG, events, startWorld, type World } from './apply-support.js';

const email = (name: string) => `${name}@example.com`;
const LEAVERS = ['liam.carter', 'sophia.nguyen', 'noah.patel', 'emma.rodriguez', 'mason.kim', 'ava.thompson'];

let world: World;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: 1000 });
});
afterAll(async () => {
  await world.close();
});

async function scimWrites(): Promise<number> {
  return (await world.requests()).filter((r) => r.method !== 'GET' && r.path.startsWith('/scim/')).length;
}

describe('roster apply safety', () => {
  beforeEach(async () => {
    await world.reset('demo');
    expect((await world.apply(['--auto-approve'])).code).toBe(0);
    for (const name of LEAVERS) await world.activate(email(name));
  });

  it('refuses more deprovisions than maxDeprovision allows until acknowledged', async () => {
    for (const name of LEAVERS) await world.removeFromGroup(email(name), 'Sales');
    await world.clearRequests();

    const refused = await world.apply(['--auto-approve']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('ringcentral: 6 deprovisions are over the limit of 5');
    expect(refused.stderr).toContain('--allow deprovision:ringcentral');
    expect(refused.stderr).toContain('Nothing was changed.');
    expect(await scimWrites()).toBe(0);
    expect(refused.journal).toEqual([]);

    const allowed = await world.apply(['--auto-approve', '--allow', 'deprovision:ringcentral']);
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    expect(events(allowed.journal, 'user_deprovision')).toHaveLength(LEAVERS.length);
  });

  it('needs its own acknowledgement to deprovision a protected user', async () => {
    const config = await configWith((yaml) => yaml.replace('protect: [admin@example.com]', `protect: [admin@example.com, ${email('liam.carter')}]`));
    await world.removeFromGroup(email('liam.carter'), 'Sales');

    const refused = await world.apply(['--auto-approve', '--allow', 'deprovision:ringcentral'], config);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`1 protected user would be deprovisioned (ringcentral/user/${email('liam.carter')})`);
    expect(refused.stderr).toContain('--allow protected:ringcentral');

    const allowed = await world.apply(['--auto-approve', '--allow', 'protected:ringcentral'], config);
    expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    expect(events(allowed.journal, 'user_deprovision').map((e) => e.target?.userName)).toEqual([email('liam.carter')]);
  });

  it('does not wait for a confirmation when stdin is not a terminal', async () => {
    await world.updateDirectoryUser(email('liam.carter'), { department: 'Partnerships' });
    await world.clearRequests();
    const run = await world.apply([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('pass --auto-approve');
    expect(await scimWrites()).toBe(0);
  });

  it('changes nothing when it cannot write its journal', async () => {
    await world.updateDirectoryUser(email('liam.carter'), { department: 'Partnerships' });
    const blocker = join(world.cwd, 'not-a-folder');
    await writeFile(blocker, '');
    await world.clearRequests();
    const run = await roster(['apply', '-c', EXAMPLE_CONFIG, '--auto-approve', '--journal', join(blocker, 'journal.jsonl')], { env: world.env, cwd: world.cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot write the journal ${join(blocker, 'journal.jsonl')}`);
    expect(await scimWrites()).toBe(0);
  });

  it('rejects an acknowledgement for an application the configuration does not have', async () => {
    const run = await world.apply(['--auto-approve', '--allow', 'deprovision:zoom']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no application "zoom" in the configuration (ringcentral)');
  });
});

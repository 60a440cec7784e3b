/**
 * Two `./bin/roster apply` processes started together against one application: one applies, the
 * other is refused with exit 3 before it reads or writes anything, naming the holder. Without the
 * lock both created the IdP application and spent one rate-limit budget between them.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, spawnRoster, startWorld, type World } from './apply-support.js';

let world: World;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: 60 });
});
afterAll(async () => {
  await world.close();
});

function spawnApply(name: string) {
  return spawnRoster(world.env, ['apply', '-c', EXAMPLE_CONFIG, '--auto-approve', '--journal', join(world.cwd, `${name}.jsonl`)], world.cwd).exited;
}

describe('two applies at once', () => {
  it('one applies, the other is refused naming the holder, and the IdP holds one application', async () => {
    const [a, b] = await Promise.all([spawnApply('a'), spawnApply('b')]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 3]);
    const refused = a.code === 3 ? a : b;
    expect(refused.stderr).toMatch(/ringcentral: another roster apply is running against this application \(process \d+ on .+, started \d{4}-/);
    expect(refused.stderr).toContain('Nothing was changed.');

    const response = await fetch(`${world.sandbox.url}/api/applications?limit=100`, { headers: { 'x-api-key': world.sandbox.apiKey } });
    const apps = (await response.json()) as { results: Array<{ description?: string }> };
    expect(apps.results.filter((app) => /\[roster app=ringcentral\b/.test(app.description ?? ''))).toHaveLength(1);
    expect((await world.stats()).tooManyRequests).toBe(0);
    expect(await world.pending()).toEqual([]);
  }, 120_000);

  it('the lock is released at the end: the next apply runs', async () => {
    const next = await spawnApply('c');
    expect(next.code).toBe(0);
  }, 60_000);
});

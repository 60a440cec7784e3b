/**
 * An apply started right after an interrupted one: the first run spent RingCentral's heavy window,
 * and the second takes over what it spent (`.roster/pace.json`) instead of provoking a 429 and its
 * penalty with its first write.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, spawnRoster, startWorld, type World } from './apply-support.js';

let world: World;

beforeAll(async () => {
  // Windows of 6 s: 10 heavy requests per 6 s.
  world = await startWorld({ seed: 'demo', timeScale: 10 });
});
afterAll(async () => {
  await world.close();
});

function spawnApply(name: string) {
  return spawnRoster(world.env, ['apply', '-c', EXAMPLE_CONFIG, '--auto-approve', '--journal', join(world.cwd, `${name}.jsonl`)], world.cwd);
}

const creates = async () => (await world.requests()).filter((r) => r.method === 'POST' && r.path === '/scim/v2/Users').length;

describe('pacing after a previous run', () => {
  it('the second apply waits for the window the first one spent: no 429', async () => {
    const first = spawnApply('first');
    const deadline = Date.now() + 30_000;
    while ((await creates()) < 10) {
      if (Date.now() > deadline) throw new Error('the first apply made no 10 creates within 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(1);
    expect(existsSync(join(world.cwd, '.roster', 'pace.json'))).toBe(true);
    const before = (await world.stats()).tooManyRequests;

    const second = spawnApply('second');
    expect((await second.exited).code).toBe(0);
    expect((await world.stats()).tooManyRequests - before).toBe(0);
    expect(await world.pending()).toEqual([]);
  }, 120_000);
});

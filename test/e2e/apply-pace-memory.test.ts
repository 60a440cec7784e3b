/**
 * An apply started right after an interrupted one: the first run spent RingCentral's heavy window,
 * and the second takes over what it spent (`.roster/pace.json`) instead of provoking a 429 and its
 * penalty with its first write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, startWorld, type World } from './apply-support.js';

const BIN = fileURLToPath(new URL('../../bin/roster', import.meta.url));

let world: World;

beforeAll(async () => {
  // Windows of 6 s: 10 heavy requests per 6 s.
  world = await startWorld({ seed: 'demo', timeScale: 10 });
});
afterAll(async () => {
  await world.close();
});

function spawnApply(name: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'apply', '-c', EXAMPLE_CONFIG, '--auto-approve', '--journal', join(world.cwd, `${name}.jsonl`)], {
    cwd: world.cwd,
    env: { ...process.env, ...world.env },
    stdio: 'ignore',
  });
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
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
    expect(await first.exited).toBe(1);
    expect(existsSync(join(world.cwd, '.roster', 'pace.json'))).toBe(true);
    const before = (await world.stats()).tooManyRequests;

    const second = spawnApply('second');
    expect(await second.exited).toBe(0);
    expect((await world.stats()).tooManyRequests - before).toBe(0);
    expect(await world.pending()).toEqual([]);
  }, 120_000);
});

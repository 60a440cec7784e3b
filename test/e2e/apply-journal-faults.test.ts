/**
 * Apply when its files fail: a journal whose disk fills part-way (a small tmpfs, where this
 * machine lets the test mount one), a journal or refresh cache that is a FIFO, a journal folder
 * that cannot be made. Apply stops starting changes, prints its summary, says what failed in
 * words and exits 1 — it never hangs, loops or cuts a line.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
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

function run(args: string[]) {
  return spawnRoster(world.env, [...args, '-c', EXAMPLE_CONFIG], world.cwd).exited;
}

describe('apply with files that fail', () => {
  it('a journal that is a FIFO, or under a folder that cannot be made, is refused before anything changes', async () => {
    const fifo = join(world.cwd, 'journal.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const journal of [fifo, '/proc/nope/j.jsonl']) {
      const result = await run(['apply', '--auto-approve', '--journal', journal]);
      expect(result.code, journal).toBe(1);
      expect(result.stderr).toContain(`Cannot write the journal ${journal}`);
      expect(result.stderr).toContain('Nothing was changed');
    }
    expect((await world.requests()).filter((r) => r.method !== 'GET' && !r.path.includes('oauth'))).toEqual([]);
  }, 60_000);

  it('a refresh cache that is a FIFO is refused, by plan and by apply', async () => {
    const fifo = join(world.cwd, 'cache.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const command of [['plan'], ['apply', '--auto-approve']]) {
      const result = await run([...command, '--cache', fifo]);
      expect(result.code, command[0]).toBe(1);
      expect(result.stderr).toContain(`the refresh cache ${fifo} is a FIFO (named pipe)`);
    }
  }, 60_000);

  it('a journal whose disk fills part-way: no further change starts, the summary is printed, exit 1, every line whole', async (context) => {
    const dir = join(world.cwd, 'small-disk');
    mkdirSync(dir);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', dir], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      console.log(`skipped: mount -t tmpfs was refused (${(mounted.stderr || mounted.error?.message || '').trim()}); the full-disk apply test needs root`);
      context.skip();
      return;
    }
    try {
      const journal = join(dir, 'run.jsonl');
      const result = await run(['apply', '--auto-approve', '--journal', journal]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`The journal could not be written: ${journal}: no space left on device (ENOSPC)`);
      expect(result.stderr).toMatch(/^journal: \{.*"event_type":"user_create_provision"/m);
      expect(result.stdout).toMatch(/not started/);
      const lines = readFileSync(journal, 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      execFileSync('umount', [dir]);
    }
    // The next run, with room for its journal, finishes the work: no account made twice.
    expect((await run(['apply', '--auto-approve', '--journal', join(world.cwd, 'next.jsonl')])).code).toBe(0);
    const names = (await world.accounts()).map((a) => a.userName);
    expect(new Set(names).size).toBe(names.length);
    expect(await world.pending()).toEqual([]);
  }, 120_000);
});

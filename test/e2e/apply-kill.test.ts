/**
 * Crash safety: a real `./bin/roster apply` process is killed with SIGKILL part-way — after its
 * first create, in the middle of the run, and while creates are in flight at the server (so that
 * the server makes accounts whose answers nobody reads). Each run starts again from live state;
 * the last one converges, with every account made exactly once and nothing left to do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, readJournal, startWorld, type World } from './apply-support.js';

const BIN = fileURLToPath(new URL('../../bin/roster', import.meta.url));
/** Heavy window of one second: 10 creates a second, so a run lasts a few seconds. */
const TIME_SCALE = 60;

let world: World;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: TIME_SCALE });
});
afterAll(async () => {
  await world.close();
});

interface Spawned {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly journalPath: string;
}

let runs = 0;

function spawnApply(): Spawned {
  runs += 1;
  const journalPath = join(world.cwd, `killed-${runs}.jsonl`);
  const child = spawn(process.execPath, [BIN, 'apply', '-c', EXAMPLE_CONFIG, '--auto-approve', '--journal', journalPath], {
    cwd: world.cwd,
    env: { ...process.env, ...world.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, journalPath };
}

async function createsSeen(): Promise<number> {
  return (await world.requests()).filter((r) => r.method === 'POST' && r.path === '/scim/v2/Users').length;
}

/** Kills the process with SIGKILL `delayMs` after the server has answered `count` creates in all. */
async function killAfterCreates(run: Spawned, count: number, delayMs = 0): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await createsSeen()) < count) {
    if (Date.now() > deadline) throw new Error(`no ${count} creates within 20 s`);
    if (run.child.exitCode !== null) throw new Error(`apply ended (exit ${run.child.exitCode}) before ${count} creates`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, delayMs));
  run.child.kill('SIGKILL');
  expect((await run.exited).signal).toBe('SIGKILL');
}

describe('roster apply killed part-way', () => {
  it('converges on the next run with every account made once, whenever it was killed', { timeout: 90_000 }, async () => {
    await world.clearRequests();
    const wanted = (await world.pending()).filter((c) => c.kind === 'scim_user' && c.action === 'create').map((c) => c.address.split('/user/')[1]!);
    expect(wanted.length).toBeGreaterThan(20);

    await killAfterCreates(spawnApply(), 1);
    await killAfterCreates(spawnApply(), 12);

    // Creates held at the server for 1.5 s each: once the first ones are answered, each worker
    // sends its next create at once, and the kill lands while those are in flight.
    await world.fault({ method: 'POST', path: '/scim/v2/Users', delayMs: 1500, times: 100 });
    const inFlight = spawnApply();
    await killAfterCreates(inFlight, (await createsSeen()) + 2, 300);
    const atKill = await createsSeen();
    await new Promise((r) => setTimeout(r, 2000));
    await world.clearFaults();
    expect(await createsSeen(), 'creates the server finished after the kill').toBeGreaterThan(atKill);
    // Lines are whole even when the process dies: each parses, and the run never wrote its end.
    const journal = await readJournal(inFlight.journalPath);
    expect(journal.length).toBeGreaterThan(0);
    expect(journal.some((e) => e.event_type === 'roster_apply_end')).toBe(false);

    const last = await world.apply(['--auto-approve']);
    expect(last.code, last.stdout + last.stderr).toBe(0);
    expect(await world.pending()).toEqual([]);
    const accounts = await world.accounts();
    for (const userName of wanted) expect(accounts.filter((a) => a.userName === userName), userName).toHaveLength(1);
    expect(accounts.length).toBe(new Set(accounts.map((a) => a.userName)).size);
    // No create was ever refused as a duplicate: each was looked up before it was sent.
    expect((await world.requests()).filter((r) => r.status === 409)).toEqual([]);
  });
});

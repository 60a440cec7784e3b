/**
 * Ctrl+C in an interactive apply, on a real pseudo-terminal (util-linux `script`): the first
 * stops the run as SIGINT does without a terminal — no new change starts, changes waiting for a
 * rate-limit window are abandoned, the summary and the journal's end line are written, exit 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, EXAMPLE_CONFIG, spawnRoster, startWorld, type World } from './apply-support.js';

let world: World;

beforeAll(async () => {
  // Real-time limits: the run lasts minutes, so Ctrl+C lands while creates wait for their window.
  world = await startWorld({ seed: 'demo', timeScale: 1 });
});
afterAll(async () => {
  await world.close();
});

/**
 * An apply a failed test left running would hold the world's apply lock and fail every later test
 * of this file: each test's child is killed after it.
 */
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** A terminal user's environment: the tests' own CI variables (CI runs them) are not the user's. */
function terminalEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...world.env, TERM: 'xterm-256color', COLUMNS: '120', LINES: '40', ...extra };
  if (!('CI' in extra)) delete env['CI'];
  delete env['CONTINUOUS_INTEGRATION'];
  return env;
}

/** Each run starts from the seed, with fresh rate-limit windows and a folder of its own (no pace memory of the last run). */
let cwd: string;
beforeEach(async () => {
  await world.reset('demo');
  cwd = mkdtempSync(join(world.cwd, 'run-'));
});

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

interface TerminalRun {
  readonly code: number | null;
  readonly screen: string;
  readonly elapsedMs: number;
}

/** Runs apply on a pseudo-terminal, answers "yes", and types Ctrl+C `times` once creates have begun. */
async function interruptOnTerminal(journal: string, times: number, whenInFlight = false, env = terminalEnv()): Promise<TerminalRun> {
  const command = 'exec ' + [process.execPath, BIN, 'apply', '-c', EXAMPLE_CONFIG, '--journal', journal].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let screen = '';
  child.stdout!.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (screen += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = async (test: () => boolean | Promise<boolean>, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!(await test())) {
      if (Date.now() > deadline) throw new Error(`no ${what} within 30 s; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until(() => screen.includes('Only "yes" is accepted'), 'prompt');
  child.stdin!.write('yes\r');
  // The sandbox logs a request once answered; with delayed answers, "Applying" on screen is the cue.
  if (whenInFlight) await until(() => screen.includes('Applying'), 'live view');
  else await until(async () => (await world.requests()).some((r) => r.method === 'POST' && r.path === '/scim/v2/Users'), 'first create');
  if (whenInFlight) await new Promise((r) => setTimeout(r, 1000));
  const started = Date.now();
  for (let i = 0; i < times; i++) {
    child.stdin!.write('\x03');
    await new Promise((r) => setTimeout(r, 50));
  }
  const code = await exited;
  return { code, screen, elapsedMs: Date.now() - started };
}

function journalLines(path: string): Array<{ event_type: string; run_info?: { status?: string; exitCode?: number } }> {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('Ctrl+C in an interactive apply', () => {
  it('stops cleanly: the summary, the journal end line, exit 1, without waiting for rate-limit windows', async () => {
    const journal = join(world.cwd, 'ctrl-c.jsonl');
    const run = await interruptOnTerminal(journal, 1);
    expect(run.code, run.screen).toBe(1);
    expect(run.screen).toMatch(/not started/);
    const lines = journalLines(journal);
    expect(lines.at(-1)?.event_type).toBe('roster_apply_end');
    expect(lines.at(-1)?.run_info?.exitCode).toBe(1);
    // Creates waiting for RingCentral's heavy window (a minute at real-time limits) were abandoned.
    expect(run.elapsedMs).toBeLessThan(30_000);
  }, 120_000);

  it('a second Ctrl+C exits at once, after the journal’s end line', async () => {
    const journal = join(world.cwd, 'ctrl-c-twice.jsonl');
    // Creates answered after 20 s: the first Ctrl+C would wait for the ones in flight.
    await world.fault({ method: 'POST', path: '/scim/v2/Users', delayMs: 20_000 });
    const run = await interruptOnTerminal(journal, 2, true);
    await world.clearFaults();
    expect(run.code, run.screen).toBe(130);
    expect(run.elapsedMs).toBeLessThan(10_000);
    const end = journalLines(journal).at(-1);
    expect(end).toMatchObject({ event_type: 'roster_apply_end', run_info: { status: 'interrupted', exitCode: 130 } });
  }, 120_000);

  it('in CI on a terminal, progress is a line per change (the live view would draw nothing until the end)', async () => {
    const journal = join(world.cwd, 'ci-terminal.jsonl');
    const run = await interruptOnTerminal(journal, 1, false, terminalEnv({ CI: 'true' }));
    expect(run.code, run.screen).toBe(1);
    expect(run.screen).toMatch(/\[ *1\/\d+\] done +create +ringcentral\/sso/);
    expect(run.screen).not.toMatch(/ETA/);
  }, 120_000);
});

describe('SIGTERM without a terminal', () => {
  it('stops as soon as the changes in flight are answered: creates waiting for a window are not started', async () => {
    const journal = join(world.cwd, 'sigterm.jsonl');
    const { child, exited } = spawnRoster(world.env, ['apply', '-c', EXAMPLE_CONFIG, '--auto-approve', '--journal', journal], cwd);
    children.push(child);
    const deadline = Date.now() + 30_000;
    const creates = async () => (await world.requests()).filter((r) => r.method === 'POST' && r.path === '/scim/v2/Users').length;
    const before = await creates();
    while ((await creates()) === before) {
      if (Date.now() > deadline) throw new Error('no create within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    const sentAt = Date.now();
    child.kill('SIGTERM');
    const { code, stdout } = await exited;
    expect(code).toBe(1);
    expect(Date.now() - sentAt).toBeLessThan(30_000);
    expect(stdout).toMatch(/not started/);
    expect(journalLines(journal).at(-1)).toMatchObject({ event_type: 'roster_apply_end', run_info: { exitCode: 1 } });
  }, 120_000);
});

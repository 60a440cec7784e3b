/**
 * Apply on a terminal: it asks before changing anything (only "yes" goes on), and shows its
 * progress as a live view, then the summary.
 */
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/command.js';
import { EXAMPLE_CONFIG, startWorld, type World } from './apply-support.js';

let world: World;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: 1000 });
});
afterAll(async () => {
  await world.close();
});

/** Runs apply with a terminal on both ends, typing `answer` at the prompt. */
async function onTerminal(answer: string): Promise<{ code: number; screen: string }> {
  const chunks: Buffer[] = [];
  const stdout = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    }),
    { isTTY: true, columns: 120, rows: 40 },
  );
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const io: CliIO = { stdout, stderr: stdout, stdin, env: world.env, cwd: world.cwd, signal: new AbortController().signal };
  const running = runCli(['apply', '-c', EXAMPLE_CONFIG, '--journal', `${world.cwd}/terminal.jsonl`], io);
  // The answer is typed once the prompt is on the screen.
  while (!Buffer.concat(chunks).toString().includes('Only "yes" is accepted')) await new Promise((r) => setTimeout(r, 5));
  stdin.write(`${answer}\n`);
  const code = await running;
  return { code, screen: Buffer.concat(chunks).toString() };
}

describe('roster apply on a terminal', () => {
  it('changes nothing unless the answer is "yes"', async () => {
    await world.clearRequests();
    const { code, screen } = await onTerminal('y');
    expect(code).toBe(1);
    expect(screen).toContain('Apply cancelled; nothing was changed.');
    expect((await world.requests()).filter((r) => r.method !== 'GET' && r.path.startsWith('/scim/v2/Users') && !r.path.endsWith('.search'))).toEqual([]);
  });

  it('applies after "yes", with a live view of the progress and then the summary', async () => {
    const { code, screen } = await onTerminal('yes');
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/Applying \d+\/\d+ changes/);
    expect(screen).toMatch(/create +\d+\/\d+/);
    expect(screen).toMatch(/Apply finished in .*: \d+ changes done/);
    expect(await world.pending()).toEqual([]);
  });
});

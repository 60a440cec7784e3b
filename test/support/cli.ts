/**
 * Runs Roster's CLI in-process with captured output, against a sandbox's URL and credentials.
 */
import { PassThrough, Writable } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/command.js';
import { sandboxEnvironment } from '../../src/cli/commands/sandbox.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function capture(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The environment the example configuration expects, pointing at this sandbox. */
export const sandboxEnv = sandboxEnvironment;

export async function roster(argv: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const out = capture();
  const err = capture();
  const io: CliIO = {
    stdout: out.stream,
    stderr: err.stream,
    stdin: new PassThrough(),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: new AbortController().signal,
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

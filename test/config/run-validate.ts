/**
 * Runs `roster validate -c <dir>` in-process and returns what a user sees: exit code, stdout and
 * stderr, as one text for snapshots.
 */
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

export interface ValidateRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runValidate(dir: string, cwd: string, env: Record<string, string> = {}): Promise<ValidateRun> {
  const stdout = collect();
  const stderr = collect();
  const exitCode = await runCli(['validate', '-c', dir], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: new PassThrough(),
    env,
    cwd,
    signal: new AbortController().signal,
  });
  return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

export function transcript(run: ValidateRun): string {
  return `exit code: ${run.exitCode}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
}

/**
 * `npm start`: the demo. Starts the sandbox in-process on a free port, then runs
 * plan → apply → plan on the example configuration with the sandbox's URL and credentials.
 * The second plan must show no changes; the demo exits non-zero otherwise.
 */
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/index.js';
import { ExitCode, type CliIO } from './command.js';
import { sandboxEnvironment } from './commands/sandbox.js';
import { runCli } from './main.js';

const CONFIG_DIR = fileURLToPath(new URL('../../configs/', import.meta.url));

function banner(io: CliIO, title: string): void {
  io.stdout.write(`\n━━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}\n\n`);
}

export async function runDemo(io: CliIO): Promise<number> {
  // RingCentral's rate limits on, with time running 60 times faster: a minute's window lasts a
  // second, so the demo is paced as production would be, only quicker.
  const sandbox = await startSandbox({ seed: 'demo', timeScale: 60 });
  try {
    const env = { ...io.env, ...sandboxEnvironment(sandbox) };
    const demoIo: CliIO = { ...io, env };
    io.stdout.write(`Roster demo — the sandbox (local JumpCloud and RingCentral stand-ins) is serving ${sandbox.url}\n`);
    io.stdout.write(`Configuration: ${CONFIG_DIR}\n`);

    banner(io, '1. roster plan: what would change');
    const first = await runCli(['plan', '-c', CONFIG_DIR, '--detailed-exitcode'], demoIo);
    if (first !== ExitCode.changes) return ExitCode.error;

    banner(io, '2. roster apply --auto-approve: make it so');
    if ((await runCli(['apply', '-c', CONFIG_DIR, '--auto-approve'], demoIo)) !== ExitCode.ok) return ExitCode.error;

    banner(io, '3. roster plan again: nothing left to change');
    const last = await runCli(['plan', '-c', CONFIG_DIR, '--detailed-exitcode'], demoIo);
    if (last !== ExitCode.ok) {
      io.stderr.write('The plan after apply is not empty: Roster did not converge.\n');
      return ExitCode.error;
    }
    io.stdout.write('\nDone. Try it yourself: `./bin/roster sandbox --seed demo` prints the variables to export.\n');
    return ExitCode.ok;
  } finally {
    await sandbox.close();
  }
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry) {
  const controller = new AbortController();
  runDemo({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}

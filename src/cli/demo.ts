/**
 * `npm start`: the demo. Starts the sandbox in-process on a free port, then runs
 * plan → apply → plan on the example configuration with the sandbox's URL and credentials: the
 * plan is saved and shown once, apply applies that saved plan (as CI does), and the second plan
 * must show no changes; the demo exits non-zero otherwise.
 *
 * By default each change is one line: the attribute values of the plan and apply's line for each
 * change done are left out, so that the whole demo reads on a screen or two; `npm start --
 * --verbose` keeps them. Apply's copy of the plan is never printed: it is the plan just shown.
 * The commands' output is captured as plain text (as in CI) and, on a terminal, wrapped at word
 * boundaries.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { formatDuration } from '../render/words.js';
import { wrapText } from '../render/wrap.js';
import { startSandbox } from '../sandbox/index.js';
import { ExitCode, type CliIO } from './command.js';
import { sandboxEnvironment } from './commands/sandbox.js';
import { runCli } from './main.js';

const EXAMPLE_CONFIG = fileURLToPath(new URL('../../configs/roster.yaml', import.meta.url));
/** A second application, on the sandbox's generic SCIM 2.0 target, whose bound groups become groups there. */
const SECOND_APPLICATION = fileURLToPath(new URL('../../examples/wiki.yaml', import.meta.url));

/** The sandbox's clock runs this many times faster than the real one. */
const TIME_SCALE = 60;

export interface DemoOptions {
  /** Print the commands' whole output: every attribute of every change. */
  readonly verbose?: boolean;
}

interface Captured {
  readonly code: number;
  readonly text: string;
}

/**
 * Runs a command with its stdout captured (plain text, as in CI); stderr goes through. With
 * `stream`, each complete line from the first one `from` matches on is handed on as it comes, and
 * what came before is dropped.
 */
async function capture(argv: string[], io: CliIO, stream?: { readonly from: RegExp; readonly write: (text: string) => void }): Promise<Captured> {
  let text = '';
  let sent = -1;
  const forward = (final: boolean) => {
    if (!stream) return;
    if (sent < 0) {
      const start = text.search(stream.from);
      if (start < 0) return;
      sent = start;
    }
    const end = final ? text.length : text.lastIndexOf('\n') + 1;
    if (end > sent) {
      stream.write(text.slice(sent, end));
      sent = end;
    }
  };
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      forward(false);
      done();
    },
  });
  const code = await runCli(argv, { ...io, stdout });
  forward(true);
  // Nothing matched (a refusal, an error): everything the command said.
  if (stream && sent < 0) stream.write(text);
  return { code, text };
}

/**
 * The plan, one line per change: the attribute lines under a change (indented by 8) are left out,
 * its problems and their hints stay; the manual steps are left to apply's summary, which lists
 * those the applied changes make due.
 */
export function briefPlan(text: string): string {
  const rows: string[] = [];
  let inManualSteps = false;
  for (const row of text.split('\n')) {
    if (row === 'Manual steps') {
      inManualSteps = true;
      rows.push('Manual steps: apply lists them at its end, once they are due.');
      continue;
    }
    if (inManualSteps) {
      if (row === '') inManualSteps = false;
      else continue;
    }
    if (!/^ {8}/.test(row) || /^ {8}(error|warning|hint):/.test(row)) rows.push(row);
  }
  return rows.join('\n');
}

/** Apply's line for each change done (the summary counts them); failures and skips stay. */
const DONE_LINES = /^\[ *\d+\/\d+\] done .*\n/gm;

function minimumSeconds(planFile: string): number | undefined {
  try {
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { estimate?: { apply?: { minimumSeconds?: number } } };
    return plan.estimate?.apply?.minimumSeconds;
  } catch {
    return undefined;
  }
}

export const TIME_SCALE_NOTE =
  `The sandbox runs at time scale ${TIME_SCALE}: its rate-limit windows are ${TIME_SCALE}× shorter than the real ones (RingCentral's one-minute window lasts a second), ` +
  `so the estimates, made at the real limits, are ${TIME_SCALE}× the time the demo takes here.\n`;

/** The plan's estimate at the real limits, and what it comes to at the sandbox's time scale. */
function scaledEstimate(applySeconds: number): string {
  return `At time scale ${TIME_SCALE}, apply's "at least ${formatDuration(applySeconds)}" at the real rate limits takes about ${formatDuration(Math.max(1, Math.ceil(applySeconds / TIME_SCALE)))} here.\n`;
}

export async function runDemo(io: CliIO, options: DemoOptions = {}): Promise<number> {
  const out = (text: string) => io.stdout.write(io.stdout.isTTY ? wrapText(text, io.stdout.columns || 80) : text);
  const banner = (title: string) => out(`\n━━━ ${title} ${'━'.repeat(Math.max(0, 70 - title.length))}\n\n`);
  const plan = (text: string) => (options.verbose ? text : briefPlan(text));
  // RingCentral's rate limits on, with time running 60 times faster: a minute's window lasts a
  // second, so the demo is paced as production would be, only quicker.
  const sandbox = await startSandbox({ seed: 'demo', timeScale: TIME_SCALE });
  const work = mkdtempSync(join(tmpdir(), 'roster-demo-'));
  const planFile = join(work, 'plan.json');
  // The example configuration with the second application beside it: one configuration folder.
  const CONFIG_DIR = join(work, 'config');
  mkdirSync(CONFIG_DIR);
  copyFileSync(EXAMPLE_CONFIG, join(CONFIG_DIR, 'roster.yaml'));
  copyFileSync(SECOND_APPLICATION, join(CONFIG_DIR, 'wiki.yaml'));
  try {
    const env = { ...io.env, ...sandboxEnvironment(sandbox) };
    const demoIo: CliIO = { ...io, env };
    out(`Roster demo — the sandbox (local JumpCloud, RingCentral and generic SCIM 2.0 stand-ins) is serving ${sandbox.url}\n`);
    out(`Configuration: ${EXAMPLE_CONFIG} (RingCentral), with ${SECOND_APPLICATION} (a wiki on a generic SCIM 2.0 target, with groups)\n`);
    out(TIME_SCALE_NOTE);
    if (!options.verbose) out('Attribute values, and apply\'s line for each change done, are left out below: `npm start -- --verbose` shows them.\n');

    banner('1. roster plan -o plan.json: what would change');
    const first = await capture(['plan', '-c', CONFIG_DIR, '--detailed-exitcode', '-o', planFile], demoIo);
    out(plan(first.text));
    if (first.code !== ExitCode.changes) return ExitCode.error;
    const seconds = minimumSeconds(planFile);
    if (seconds) out(`\n${scaledEstimate(seconds)}`);

    banner('2. roster apply plan.json --auto-approve: make it so');
    // Apply prints the plan first: the one shown above, so its progress on is what is shown.
    out('(the saved plan above, checked again against the systems as they are now)\n\n');
    const progress = (text: string) => (options.verbose ? text : text.replace(DONE_LINES, ''));
    const applied = await capture(['apply', planFile, '-c', CONFIG_DIR, '--auto-approve'], demoIo, { from: /^Applying /m, write: (text) => out(progress(text)) });
    if (applied.code !== ExitCode.ok) return ExitCode.error;

    banner('3. roster plan again: nothing left to change');
    const last = await capture(['plan', '-c', CONFIG_DIR, '--detailed-exitcode'], demoIo);
    out(plan(last.text));
    if (last.code !== ExitCode.ok) {
      io.stderr.write('The plan after apply is not empty: Roster did not converge.\n');
      return ExitCode.error;
    }
    out('\nDone. Try it yourself: `./bin/roster sandbox --seed demo` prints the variables to export.\n');
    return ExitCode.ok;
  } finally {
    rmSync(work, { recursive: true, force: true });
    await sandbox.close();
  }
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry) {
  const controller = new AbortController();
  const verbose = process.argv.slice(2).some((arg) => arg === '--verbose' || arg === '-v');
  runDemo({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd(), signal: controller.signal }, { verbose }).then(
    (code) => {
      process.exitCode = code;
    },
  );
}

/**
 * Roster's command-line entry: argv in, exit code out. The only module that touches `process`.
 */
import { readFileSync } from 'node:fs';
import { ExitCode, type CliIO, type Command } from './command.js';
import { applyCommand } from './commands/apply.js';
import { checkCommand } from './commands/check.js';
import { completionCommand } from './commands/completion.js';
import { explainCommand } from './commands/explain.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { metadataCommand } from './commands/metadata.js';
import { planCommand } from './commands/plan.js';
import { sandboxCommand } from './commands/sandbox.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { nearest } from '../config/suggest.js';
import { UsageError } from './options.js';
import { redactKnownSecrets } from '../providers/http/errors.js';
import { printable } from '../render/printable.js';

export const COMMANDS: readonly Command[] = [initCommand, validateCommand, planCommand, applyCommand, importCommand, checkCommand, explainCommand, metadataCommand, sandboxCommand, schemaCommand, completionCommand(() => COMMANDS)];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Roster: identity-as-code for SSO applications.

Usage: roster <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`roster help <command>\` (or \`roster <command> --help\`) for a command's options,
\`roster version\` (or \`roster --version\`) for the version.
Every command takes --no-color: no colours on a terminal (as with NO_COLOR set).
Exit codes: 0 success, 1 error, 2 changes (plan --detailed-exitcode), 3 apply refused, 4 time budget reached.
`;
}

/**
 * Roster's version, from its package.json: two levels above this module, whether it runs compiled
 * (dist/cli/) or bundled (dist/bundle/). Read only when asked for.
 */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(manifest.version);
}

/** Runs one command with the given IO; never throws. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  // Global options, taken anywhere before a `--`.
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const globals = new Set<string>(argv.slice(0, end).filter((a) => a === '--debug' || a === '--no-color'));
  const [name, ...rest] = [...argv.slice(0, end).filter((a) => !globals.has(a)), ...argv.slice(end)];
  if (globals.has('--no-color')) io = { ...io, noColor: true };
  const debug = globals.has('--debug');
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`roster ${version()}\n`);
    return ExitCode.ok;
  }
  // `roster help CMD` is `roster CMD --help`.
  const helped = name === 'help' && rest[0] !== undefined ? rest[0] : undefined;
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && helped === undefined)) {
    io.stdout.write(usage());
    return name === undefined ? ExitCode.error : ExitCode.ok;
  }
  const commandName = helped ?? name;
  const command = COMMANDS.find((c) => c.name === commandName);
  if (!command) {
    const near = nearest(commandName, [...COMMANDS.map((c) => c.name), 'help', 'version']);
    io.stderr.write(
      near !== undefined
        ? `roster: unknown command "${commandName}"; did you mean ${near}?\nRun \`roster --help\` for the commands.\n`
        : `roster: unknown command "${commandName}"\n\n${usage()}`,
    );
    return ExitCode.error;
  }
  try {
    return await command.run(helped !== undefined ? ['--help'] : rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`roster ${commandName}: ${error.message}\n`);
      return ExitCode.error;
    }
    // A defect in Roster, not a user mistake: one line, the stack only with --debug.
    // Even a defect's message may quote what a system sent: escaped, and without any known secret.
    io.stderr.write(`roster ${commandName}: internal error: ${printable(redactKnownSecrets((error as Error).message ?? String(error)))}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write('Run again with --debug for details.\n');
    return ExitCode.error;
  }
}

/**
 * The first SIGINT/SIGTERM asks the command to stop cleanly; a second one exits at once (130), after
 * the command's `forced` listeners. The handlers stay installed for the whole run: with none, the
 * signal-exit hook of the terminal view would re-raise the signal and kill the process mid-run.
 */
export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const forced = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals += 1;
    if (signals === 1) return controller.abort();
    forced.abort();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runCli(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      cwd: process.cwd(),
      signal: controller.signal,
      forced: forced.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

import { createInterface } from 'node:readline/promises';
import { hasChanges } from '../../core/plan.js';
import { applyChanges } from '../../engine/applier.js';
import type { ApplyEvent } from '../../engine/events.js';
import { planLive } from '../../engine/planner.js';
import { renderText } from '../../render/text.js';
import { ExitCode, type CliIO, type Command } from '../command.js';
import { configOption, parseOptions } from '../options.js';
import { createProviders } from '../wiring.js';
import { describeFailure, loadOrReport } from './common.js';

async function confirm(io: CliIO): Promise<boolean> {
  const prompt = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await prompt.question('Apply these changes? Only "yes" is accepted: ');
    return answer.trim() === 'yes';
  } finally {
    prompt.close();
  }
}

function progressLine(event: ApplyEvent): string | undefined {
  switch (event.type) {
    case 'change-succeeded':
      return `  done     ${event.change.action.padEnd(10)} ${event.change.address}`;
    case 'change-failed':
      return `  FAILED   ${event.change.action.padEnd(10)} ${event.change.address}: ${event.error}`;
    case 'change-skipped':
      return `  skipped  ${event.change.address}: ${event.why}`;
    case 'change-started':
      return undefined;
  }
}

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Plan, then make the applications match the configuration',
  help: `Usage: roster apply [-c DIR] [--auto-approve]

Plans, shows the plan, asks for confirmation on a terminal, then applies: SSO applications and
group bindings in the IdP first, then accounts in each application.

Options:
  -c, --config DIR   configuration folder (default: configs)
      --auto-approve apply without asking (required when not on a terminal, e.g. in CI)
  -h, --help         show this help

Exit codes: 0 applied, 1 error or failed changes.`,
  async run(argv, io) {
    const { values } = parseOptions('apply', argv, { ...configOption, 'auto-approve': { type: 'boolean', default: false } });
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    const loaded = await loadOrReport(io, values.config, true);
    if (!loaded) return ExitCode.error;
    const providers = createProviders(loaded.config, { readOnly: false });
    try {
      const plan = await planLive({ desired: loaded.desired, configDigest: loaded.digest, now: new Date() }, providers);
      io.stdout.write(renderText(plan));
      if (plan.diagnostics.some((d) => d.severity === 'error')) {
        io.stderr.write('The plan has errors; nothing was changed.\n');
        return ExitCode.error;
      }
      if (!hasChanges(plan)) return ExitCode.ok;
      if (!values['auto-approve']) {
        if (!io.stdin.isTTY) {
          io.stderr.write('Not on a terminal: pass --auto-approve to apply without confirmation. Nothing was changed.\n');
          return ExitCode.error;
        }
        if (!(await confirm(io))) {
          io.stderr.write('Apply cancelled; nothing was changed.\n');
          return ExitCode.error;
        }
      }
      const result = await applyChanges(plan.changes, providers, (event) => {
        const line = progressLine(event);
        if (line) io.stdout.write(`${line}\n`);
      });
      io.stdout.write(`Applied: ${result.succeeded.length} done, ${result.failed.length} failed, ${result.skipped.length} skipped.\n`);
      return result.failed.length > 0 ? ExitCode.error : ExitCode.ok;
    } catch (error) {
      const message = describeFailure(error);
      if (!message) throw error;
      io.stderr.write(`${message}\n`);
      return ExitCode.error;
    } finally {
      await providers.close();
    }
  },
};

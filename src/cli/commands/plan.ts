import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hasChanges } from '../../core/plan.js';
import { planLive } from '../../engine/planner.js';
import { isPlanFormat, PLAN_FORMATS } from '../../render/formats.js';
import { renderJson } from '../../render/json.js';
import { ExitCode, type Command } from '../command.js';
import { configOption, parseOptions, UsageError } from '../options.js';
import { createProviders } from '../wiring.js';
import { describeFailure, loadOrReport } from './common.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show what apply would change, without changing anything',
  help: `Usage: roster plan [-c DIR] [--format text|json] [-o FILE] [--detailed-exitcode]

Reads the IdP and every provisioned application, and shows who gains and loses access and
which attributes and SSO settings change. Plan never writes: its HTTP clients refuse every
request but reads.

Options:
  -c, --config DIR       configuration folder (default: configs)
      --format FORMAT    text (default) or json
  -o, --out FILE         also save the plan as JSON, for \`roster apply FILE\`
      --detailed-exitcode  exit 2 when there are changes, 0 when there are none
  -h, --help             show this help

Exit codes: 0 success (with --detailed-exitcode: no changes), 1 error, 2 changes.`,
  async run(argv, io) {
    const { values } = parseOptions('plan', argv, {
      ...configOption,
      format: { type: 'string', default: 'text' },
      out: { type: 'string', short: 'o' },
      'detailed-exitcode': { type: 'boolean', default: false },
    });
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    if (!isPlanFormat(values.format)) throw new UsageError(`unknown format "${values.format}"; use one of: ${Object.keys(PLAN_FORMATS).join(', ')}`);
    const loaded = await loadOrReport(io, values.config, true);
    if (!loaded) return ExitCode.error;
    const providers = createProviders(loaded.config, { readOnly: true });
    try {
      const plan = await planLive({ desired: loaded.desired, configDigest: loaded.digest, now: new Date() }, providers);
      io.stdout.write(PLAN_FORMATS[values.format](plan));
      if (values.out) await writeFile(resolve(io.cwd, values.out), renderJson(plan), { mode: 0o600 });
      if (plan.diagnostics.some((d) => d.severity === 'error')) return ExitCode.error;
      return values['detailed-exitcode'] && hasChanges(plan) ? ExitCode.changes : ExitCode.ok;
    } catch (error) {
      const message = describeFailure(error);
      if (!message) throw error;
      io.stderr.write(`${message}\nNothing was changed.\n`);
      return ExitCode.error;
    } finally {
      await providers.close();
    }
  },
};

import { hasFailures } from '../../core/check.js';
import { CHECK_FORMATS, isCheckFormat } from '../../render/check.js';
import { checkJumpCloud } from '../check/jumpcloud.js';
import { checkTarget } from '../check/target.js';
import { ExitCode, type Command } from '../command.js';
import { configOption, parseOptions, UsageError } from '../options.js';
import { loadOrReport } from './common.js';

const OPTIONS = { ...configOption, format: { type: 'string', default: 'text' } } as const;

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check that every configured system is reachable, and the credentials and permissions work',
  help: `Usage: roster check [-c DIR] [--format text|json]

For the IdP and every application with provisioning: reachability and TLS, credentials (and, for
JumpCloud, the organisation), read and write permissions, the target's capabilities and
rate-limit groups, and RingCentral's free licences. One line per check — ok, warn, fail, or skip
when an earlier check of the same system failed — with the fix for anything that is wrong.

Check never writes: it reads one page of each kind of object Roster uses. Write permissions are
known only where the system says without a write (RingCentral: the app's permissions in its
OAuth token).

Options:
  -c, --config DIR     configuration folder (default: configs)
      --format FORMAT  text (default) or json (docs/reports.md)
  -h, --help           show this help

Example:
  roster check

Exit codes: 0 every check passed (warnings allowed), 1 a check failed or the configuration has errors.`,
  options: OPTIONS,
  async run(argv, io) {
    const { values } = parseOptions('check', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    if (!isCheckFormat(values.format)) throw new UsageError(`unknown format "${values.format}"; use one of: ${Object.keys(CHECK_FORMATS).join(', ')}`);
    const loaded = await loadOrReport(io, values.config, true);
    if (!loaded) return ExitCode.error;
    const { config } = loaded;
    const targets = Object.entries(config.applications).flatMap(([app, application]) =>
      application.provisioning?.enabled ? [{ app, catalog: application.catalog, provisioning: application.provisioning }] : [],
    );
    const results = (await Promise.all([checkJumpCloud(config.idp), ...targets.map((target) => checkTarget(target))])).flat();
    io.stdout.write(CHECK_FORMATS[values.format](results));
    return hasFailures(results) ? ExitCode.error : ExitCode.ok;
  },
};

import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hasErrors } from '../../core/diagnostics.js';
import { hasChanges, hasProblems, type Plan } from '../../core/plan.js';
import { fnvRedactionHash, redact, type RedactionHash } from '../../core/redact.js';
import { planFromState, type PlanRequest } from '../../engine/planner.js';
import { readActualState } from '../../engine/refresh.js';
import { isPlanFormat, PLAIN_FORMATS } from '../../render/plain-formats.js';
import { planRenderer } from '../../render/plan-renderer.js';
import { renderJson } from '../../render/json.js';
import { samlSide } from '../saml-side.js';
import { APP_SCOPE_HELP, scopeToApps } from '../app-scope.js';
import { colorEnabled } from '../color.js';
import { ExitCode, type CliIO, type Command } from '../command.js';
import { appScopeOption, configOption, parseOptions, refreshOptions, UsageError } from '../options.js';
import { openRefreshCache, REFRESH_HELP, refreshSettings, saveRefreshCache } from '../refresh-cache.js';
import { readProgress } from '../progress.js';
import { createProviders } from '../wiring.js';
import { describeFailure, loadOrReport } from './common.js';
import { assertRegularOrAbsent } from '../../engine/files.js';
import { paceMemoryPath, recallPace, rememberPace } from '../pace-memory.js';

/** With a key, redaction tokens are keyed hashes: nobody without the key can confirm a guessed address. */
export const REDACT_KEY_VARIABLE = 'ROSTER_REDACT_KEY';

function redactionHash(env: CliIO['env']): RedactionHash {
  const key = env[REDACT_KEY_VARIABLE];
  if (!key) return fnvRedactionHash;
  return (value) => createHmac('sha256', key).update(value).digest('hex').slice(0, 12);
}

/** The exit code of a plan: errors first, then `--strict` problems, then `--detailed-exitcode` changes. */
function exitCodeOf(plan: Plan, strict: boolean, detailed: boolean): number {
  if (hasErrors(plan.diagnostics)) return ExitCode.error;
  if (strict && hasProblems(plan)) return ExitCode.error;
  return detailed && hasChanges(plan) ? ExitCode.changes : ExitCode.ok;
}

const OPTIONS = {
  ...configOption,
  format: { type: 'string', default: 'text' },
  out: { type: 'string', short: 'o' },
  'detailed-exitcode': { type: 'boolean', default: false },
  strict: { type: 'boolean', default: false },
  redact: { type: 'boolean', default: false },
  'show-unmanaged': { type: 'boolean', default: false },
  ...appScopeOption,
  ...refreshOptions,
} as const;

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show what apply would change, without changing anything',
  help: `Usage: roster plan [-c DIR] [--format text|markdown|json] [-o FILE] [--detailed-exitcode]
                   [--strict] [--redact] [--show-unmanaged] [--app NAME]...
                   [--refresh cached|full] [--cache FILE] [--no-color]

Reads the IdP and every provisioned application, and shows who gains and loses access and
which attributes and SSO settings change. Plan never writes: its HTTP clients refuse every
request but reads.

Options:
  -c, --config DIR       configuration folder (default: configs)
      --format FORMAT    text (default; colours on a terminal), markdown (a pull-request
                         comment, under 60,000 characters) or json (docs/plan-format.md)
  -o, --out FILE         also save the full plan as JSON, for \`roster apply FILE\`; never
                         redacted, and not saved when the plan has errors
      --detailed-exitcode  exit 2 when there are changes, 0 when there are none
      --strict           exit 1 when any change is blocked by a problem (shown as a skip)
      --redact           replace email addresses and phone numbers by stable tokens, for public
                         pull requests; with ${REDACT_KEY_VARIABLE} set, the tokens are keyed hashes
      --show-unmanaged   list the accounts Roster does not manage, not only count them
${APP_SCOPE_HELP}
${REFRESH_HELP}
      --no-color         no colours on a terminal (as with NO_COLOR set)
  -h, --help             show this help

Options take two dashes (--out plan.json or --out=plan.json); -o plan.json and -o=plan.json
work too.

Exit codes: 0 success (with --detailed-exitcode: no changes), 1 error (or a problem with
--strict), 2 changes (with --detailed-exitcode).`,
  options: OPTIONS,
  async run(argv, io) {
    const { values } = parseOptions('plan', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    if (!isPlanFormat(values.format)) throw new UsageError(`unknown format "${values.format}"; use one of: ${Object.keys(PLAIN_FORMATS).join(', ')}`);
    const refresh = refreshSettings(values, io);
    const loaded = await loadOrReport(io, values.config, true);
    if (!loaded) return ExitCode.error;
    const request: PlanRequest = scopeToApps({ desired: loaded.desired, configDigest: loaded.digest, now: new Date() }, values.app);
    const cache = await openRefreshCache(refresh, io, loaded.config);
    // What the last run spent of the rate-limit budgets still counts.
    const paceMemory = paceMemoryPath(io.cwd);
    recallPace(paceMemory);
    const progress = readProgress(io, 'Reading the IdP and the applications');
    const providers = createProviders(loaded.config, { readOnly: true, ...(progress.listener ? { onTransport: progress.listener } : {}) });
    try {
      // The SAML side (certificate and metadata diffs) reviews the SSO applications configured and
      // those found in the IdP: it loads while the reads wait when the configuration has any, after
      // them when only the IdP does, and not at all for a plan of provisioning alone.
      const configuredSso = request.desired.applications.some((app) => app.sso !== undefined);
      if (configuredSso) samlSide().catch(() => {}); // awaited below, where a failure shows
      const actual = await readActualState(request.desired, providers, { cache });
      const reviewsSso = configuredSso || actual.idpApplications.length > 0;
      const plan = planFromState({ ...request, ...(reviewsSso ? { ssoReviewer: (await samlSide()).reviewSso } : {}) }, providers.idp, actual);
      progress.done();
      await saveRefreshCache(cache, io);
      const shown = values.redact ? redact(plan, redactionHash(io.env)) : plan;
      const render = await planRenderer(values.format, io.stdout.isTTY === true);
      io.stdout.write(
        render(shown, {
          showUnmanaged: values['show-unmanaged'],
          // A terminal that reports no width (0 columns) is laid out at 80.
          ...(io.stdout.isTTY ? { terminalColumns: io.stdout.columns || 80, color: colorEnabled(io, io.stdout) } : {}),
        }),
      );
      const errors = plan.diagnostics.filter((d) => d.severity === 'error').length;
      if (errors > 0) {
        // A plan with errors is incomplete (e.g. accounts not planned): it is never saved for apply.
        io.stderr.write(`The plan has ${errors} error${errors === 1 ? '' : 's'} (see its diagnostics)${values.out ? `; it was not saved to ${values.out}` : ''}.\n`);
      } else if (values.out) {
        const out = resolve(io.cwd, values.out);
        // A FIFO would block the write forever, a device would swallow the plan.
        assertRegularOrAbsent(out);
        await writeFile(out, renderJson(plan), { mode: 0o600 });
      }
      const code = exitCodeOf(plan, values.strict, values['detailed-exitcode']);
      if (values.strict && errors === 0 && hasProblems(plan)) {
        const blocked = plan.changes.filter((c) => c.problems.length > 0).length;
        io.stderr.write(`--strict: ${blocked} change${blocked === 1 ? ' is' : 's are'} blocked by a problem (see the plan).\n`);
      }
      return code;
    } catch (error) {
      progress.done();
      const message = describeFailure(error);
      if (!message) throw error;
      io.stderr.write(`${message}\nNothing was changed.\n`);
      return ExitCode.error;
    } finally {
      progress.done();
      await providers.close();
      rememberPace(paceMemory);
    }
  },
};

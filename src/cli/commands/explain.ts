import { explainUser } from '../../core/explain.js';
import { planFromState } from '../../engine/planner.js';
import { EXPLAIN_FORMATS, isExplainFormat, type RequestView } from '../../render/explain.js';
import { ExitCode, type Command } from '../command.js';
import { readForExplain } from '../explain/read.js';
import { scimRequestsFor } from '../explain/requests.js';
import { configOption, parseOptions, UsageError } from '../options.js';
import { withReadOnlyProviders } from '../read-only.js';
import { loadOrReport } from './common.js';

const OPTIONS = { ...configOption, app: { type: 'string' }, format: { type: 'string', default: 'text' } } as const;

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Explain why a user has or lacks access, and what Roster would send',
  help: `Usage: roster explain USER [--app NAME] [-c DIR] [--format text|json]

USER is an IdP user's email, username or id. For each application (or only NAME): why the user
has access — which bound group, nested through which groups — or lacks it, or which IdP state
blocks it (STAGED, suspended, password expired); the SCIM resource Roster sends for the user;
the SAML attributes the user receives; the user's account in the application; and what the
plan changes in it, with the requests it would send.

Explain writes nothing anywhere: its HTTP clients refuse every request but reads.

Options:
  -c, --config DIR     configuration folder (default: configs)
      --app NAME       only this application
      --format FORMAT  text (default) or json (docs/reports.md)
  -h, --help           show this help

Example:
  roster explain nora.jenkins@example.com --app ringcentral

Exit codes: 0 success, 1 error (including no such user).`,
  options: OPTIONS,
  async run(argv, io) {
    const { values, positionals } = parseOptions('explain', argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    const [query, ...extra] = positionals;
    if (!query || extra.length > 0) throw new UsageError('name one user: roster explain USER (an email, username or IdP id)');
    if (!isExplainFormat(values.format)) throw new UsageError(`unknown format "${values.format}"; use one of: ${Object.keys(EXPLAIN_FORMATS).join(', ')}`);
    const format = values.format;
    const loaded = await loadOrReport(io, values.config, true);
    if (!loaded) return ExitCode.error;
    const applications = loaded.desired.applications.filter((a) => values.app === undefined || a.name === values.app);
    if (applications.length === 0) {
      const known = loaded.desired.applications.map((a) => a.name).join(', ') || 'none';
      io.stderr.write(`roster explain: no application "${values.app}" in the configuration (configured: ${known}).\n`);
      return ExitCode.error;
    }
    const desired = { ...loaded.desired, applications };
    return withReadOnlyProviders(io, loaded.config, 'Reading the IdP and the applications', async (providers, readsDone) => {
      const state = await readForExplain(desired, providers, query);
      readsDone();
      if (!state.user) {
        io.stderr.write(`roster explain: no IdP user has the id, email or username "${query}".\n`);
        return ExitCode.error;
      }
      const plan = planFromState({ desired, configDigest: loaded.digest, now: new Date() }, providers.idp, state);
      const explanation = explainUser({
        user: state.user,
        applications,
        directory: state.directory,
        idpApplications: state.idpApplications,
        accounts: Object.fromEntries(Object.entries(state.targets).map(([app, target]) => [app, target.accounts])),
        targetGroups: Object.fromEntries(Object.entries(state.targets).flatMap(([app, target]) => (target.groups ? [[app, target.groups]] : []))),
        changes: plan.changes,
      });
      const requests: Record<string, RequestView[]> = {};
      for (const app of explanation.applications) {
        const target = state.targets[app.app];
        if (!target) continue;
        for (const change of app.changes) requests[change.address] = scimRequestsFor(change, target.capabilities, target.accounts);
      }
      io.stdout.write(EXPLAIN_FORMATS[format]({ explanation, requests }));
      return ExitCode.ok;
    });
  },
};

import { buildImportReport } from '../../core/import.js';
import { renderApplicationSnippet } from '../../render/import-yaml.js';
import { IMPORT_FORMATS, isImportFormat, type ImportView } from '../../render/import.js';
import { ExitCode, type Command } from '../command.js';
import { findDeclaration } from '../declaration.js';
import { configOption, parseOptions, UsageError } from '../options.js';
import { withReadOnlyProviders } from '../read-only.js';
import { loadOrReport } from './common.js';

const OPTIONS = { ...configOption, app: { type: 'string' }, format: { type: 'string', default: 'text' } } as const;

export const importCommand: Command = {
  name: 'import',
  summary: "Match an application's existing accounts to IdP users and suggest group bindings",
  help: `Usage: roster import --app NAME [-c DIR] [--format text|json|yaml]

Reads every account of the application and every IdP user and user group, and reports each
account as linked (its externalId is an IdP user's id), adoptable (its userName or work email
matches exactly one IdP user), disputed (it could belong to several), orphaned (its IdP user was
deleted) or unmanaged (it matches nobody). Accounts disabled in the application are left out.
Then it suggests the existing user groups to bind so that the matched users keep their access,
and prints the application's declaration with those bindings.

Import writes nothing anywhere: its HTTP clients refuse every request but reads.

Options:
  -c, --config DIR     configuration folder (default: configs)
      --app NAME       the application, as named under \`applications:\` (required)
      --format FORMAT  text (default), json (docs/reports.md), or yaml (only the application's
                       declaration, with the suggested groups, ready to replace the one in the
                       configuration)
  -h, --help           show this help

Example:
  roster import --app ringcentral
  roster import --app ringcentral --format yaml > suggested.yaml

Exit codes: 0 success, 1 error.`,
  options: OPTIONS,
  async run(argv, io) {
    const { values } = parseOptions('import', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    if (!values.app) throw new UsageError('--app NAME is required: the application whose accounts to import');
    if (!isImportFormat(values.format)) throw new UsageError(`unknown format "${values.format}"; use one of: ${Object.keys(IMPORT_FORMATS).join(', ')}`);
    const format = values.format;
    const loaded = await loadOrReport(io, values.config, true);
    if (!loaded) return ExitCode.error;
    const app = loaded.desired.applications.find((a) => a.name === values.app);
    if (!app) {
      const known = loaded.desired.applications.map((a) => a.name).join(', ') || 'none';
      io.stderr.write(`roster import: no application "${values.app}" in the configuration (configured: ${known}).\n`);
      return ExitCode.error;
    }
    if (!app.provisioning?.enabled) {
      io.stderr.write(`roster import: ${app.name} has no provisioning, so Roster cannot read its accounts; configure applications.${app.name}.provisioning first.\n`);
      return ExitCode.error;
    }
    const provisioning = app.provisioning;
    return withReadOnlyProviders(io, loaded.config, `Reading the IdP and ${app.name}`, async (providers, readsDone) => {
      const target = providers.targets.get(app.name)!;
      const [directory, accounts] = await Promise.all([providers.idp.readDirectory({ groupNames: [], allGroups: true }), target.readAccounts()]);
      readsDone();
      const pattern = providers.idp.userIdPattern;
      const report = buildImportReport({
        app: app.name,
        provisioning,
        directory,
        accounts,
        ...(pattern !== undefined ? { idpUserIdPattern: pattern } : {}),
      });
      const declaration = await findDeclaration(values.config, io.cwd, app.name);
      const groups = report.cover.suggested.map((c) => c.group);
      // Without a suggestion there is nothing to paste: an empty `groups` would revoke everyone's access.
      const snippet =
        declaration && groups.length > 0
          ? renderApplicationSnippet({
              sourceText: declaration.text,
              app: app.name,
              groups,
              comment: `suggested by roster import: covers ${report.cover.suggested.reduce((n, c) => n + c.covers, 0)} of ${report.cover.matchedUsers} matched users`,
            })
          : undefined;
      const view: ImportView = {
        report,
        configuredGroups: app.groups,
        ...(snippet ? { snippet } : {}),
        ...(declaration ? { declaredIn: declaration.file } : {}),
      };
      io.stdout.write(IMPORT_FORMATS[format](view));
      return ExitCode.ok;
    });
  },
};

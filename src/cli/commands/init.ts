import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { hasErrors } from '../../core/diagnostics.js';
import { declareFoundApplications, type FoundDeclaration } from '../../core/init.js';
import { CATALOG_NAMES } from '../../config/catalog.js';
import { displayPath } from '../../config/files.js';
import { evaluateConfigFiles } from '../../config/load.js';
import { APPLICATION_NAME, SECRET_REFERENCE } from '../../config/schema.js';
import { isSecretPath } from '../../config/schema-walk.js';
import { formatDiagnostics } from '../../render/diagnostics.js';
import { renderInitConfig } from '../../render/init-yaml.js';
import { ExitCode, type CliIO, type Command } from '../command.js';
import { parseOptions, UsageError } from '../options.js';
import { withReadOnlyProviders } from '../read-only.js';
import { readExampleConfig, readExampleWorkflow } from '../scaffold.js';
import { schemaText } from './schema.js';

/** What init writes, relative to DIR, in the order it reports them. */
export const INIT_FILES = {
  config: 'configs/roster.yaml',
  schema: 'schema.json',
  workflow: '.github/workflows/roster.yml',
  gitignore: '.gitignore',
} as const;

/** The options init parses, besides `--help`. */
export const INIT_OPTIONS = { force: { type: 'boolean', default: false } } as const;

/** The refresh cache and journal (.roster/), and the sandbox's credentials (sandbox.env). */
const GITIGNORE = `# Roster's refresh cache and apply journal: local state, never committed.
.roster/
# Credentials printed by \`roster sandbox\`.
sandbox.env
`;

/** The recipe names Roster's action as `YOUR-ORG/roster@…` until its user says whose copy to run. */
const PLACEHOLDER_OWNER = /uses: YOUR-ORG\/roster@/;

/** The generic catalog: every IdP application of a kind Roster has no catalog for. */
const GENERIC_CATALOG = 'scim';

const HELP = `Usage: roster init [DIR] [--force]

Scaffolds a GitOps repository for Roster in DIR (default: the current directory):

  configs/roster.yaml           the configuration, pointing editors at schema.json
  schema.json                   the JSON Schema of the configuration (as \`roster schema\`)
  .github/workflows/roster.yml  the GitHub Actions workflow: plans in pull requests, apply after
                                merge, a daily drift check (docs/ci.md)
  .gitignore                    .roster/ (Roster's local state) and sandbox.env

With the IdP's credentials in the environment (JUMPCLOUD_API_KEY, and ROSTER_IDP_URL for another
API URL: the variables the configuration reads), configs/roster.yaml declares the SSO
applications found in the IdP with the user groups bound to them, and lists every user group;
reading, as \`roster import\` does, with clients that refuse anything but reads. Without them,
it is Roster's example configuration. Secrets stay environment references.

Init changes nothing when any of these files exists: it names every one and exits 1.

Options:
      --force   replace the files that exist
  -h, --help    show this help

Example:
  roster init my-identity && cd my-identity && roster validate

Exit codes: 0 written, 1 error (files exist, an unreadable IdP).`;

/** The variables the example's IdP credentials read (\`apiKey: \${JUMPCLOUD_API_KEY}\`). */
function idpCredentialVariables(templateText: string): string[] {
  const idp = parseDocument(templateText).toJS() as { idp?: Record<string, unknown> } | null;
  return Object.entries(idp?.idp ?? {}).flatMap(([key, value]) =>
    isSecretPath(['idp', key]) && typeof value === 'string' && SECRET_REFERENCE.test(value) ? [value.slice(2, -1)] : [],
  );
}

/** The example's `idp` block alone: the configuration that import's read-only providers take. */
function idpOnly(templateText: string): string {
  const doc = parseDocument(templateText);
  if (isMap(doc.contents)) doc.delete('applications');
  return doc.toString();
}

type IdpRead = { readonly applications: readonly FoundDeclaration[]; readonly groups: readonly string[] };

/** The applications and user groups in the IdP, or an exit code after reporting why not. */
async function readIdp(io: CliIO, templateText: string, configFile: string): Promise<IdpRead | number> {
  const evaluated = evaluateConfigFiles([{ display: displayPath(configFile, io.cwd), path: configFile, text: idpOnly(templateText) }], { cwd: io.cwd, env: io.env });
  if (evaluated.diagnostics.length > 0) io.stderr.write(`${formatDiagnostics(evaluated.diagnostics)}\n`);
  if (!evaluated.loaded || hasErrors(evaluated.diagnostics)) {
    io.stderr.write('roster init: the IdP settings from the environment are not usable; nothing was written.\n');
    return ExitCode.error;
  }
  let read: IdpRead | undefined;
  const code = await withReadOnlyProviders(io, evaluated.loaded.config, 'Reading the IdP', async (providers, readsDone) => {
    const [found, directory] = await Promise.all([
      providers.idp.readEveryApplication ? providers.idp.readEveryApplication() : Promise.resolve([]),
      providers.idp.readDirectory({ groupNames: [], allGroups: true }),
    ]);
    readsDone();
    read = {
      applications: declareFoundApplications({ applications: found, catalogs: CATALOG_NAMES, generic: GENERIC_CATALOG, namePattern: APPLICATION_NAME }),
      groups: directory.groups.map((g) => g.name).sort((a, b) => a.localeCompare(b)),
    };
    return ExitCode.ok;
  });
  return read ?? code;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const initCommand: Command = {
  name: 'init',
  summary: 'Scaffold a GitOps repository: configuration, schema, GitHub Actions workflow',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseOptions('init', argv, INIT_OPTIONS, true);
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.ok;
    }
    if (positionals.length > 1) throw new UsageError(`one folder at most, not ${positionals.length}\nRun \`roster init --help\` for usage.`);
    const root = resolve(io.cwd, positionals[0] ?? '.');
    const path = (file: string) => join(root, file);
    const shown = (file: string) => displayPath(path(file), io.cwd);

    const files = Object.values(INIT_FILES);
    const present = (await Promise.all(files.map(async (file) => ((await exists(path(file))) ? [file] : [])))).flat();
    if (present.length > 0 && !values.force) {
      io.stderr.write(
        `roster init: ${present.map(shown).join(', ')} already exist${present.length === 1 ? 's' : ''}; nothing was written.\nRun with --force to replace ${present.length === 1 ? 'it' : 'them'}.\n`,
      );
      return ExitCode.error;
    }

    const [templateText, workflow] = await Promise.all([readExampleConfig(), readExampleWorkflow()]);
    const credentials = idpCredentialVariables(templateText);
    const fromIdp = credentials.length > 0 && credentials.every((name) => (io.env[name] ?? '') !== '');
    let found: IdpRead | undefined;
    if (fromIdp) {
      const read = await readIdp(io, templateText, path(INIT_FILES.config));
      if (typeof read === 'number') return read;
      found = read;
    }

    const contents: Record<string, string> = {
      [INIT_FILES.config]: renderInitConfig({ templateText, ...(found ? { found } : {}) }),
      [INIT_FILES.schema]: schemaText(),
      [INIT_FILES.workflow]: workflow,
      [INIT_FILES.gitignore]: GITIGNORE,
    };
    for (const file of files) {
      await mkdir(dirname(path(file)), { recursive: true });
      await writeFile(path(file), contents[file] ?? '');
    }

    const source = !found
      ? 'the example configuration'
      : found.applications.length > 0
        ? `${plural(found.applications.length, 'SSO application')} and ${plural(found.groups.length, 'user group')} read from the IdP`
        : `no SSO application in the IdP yet: the example application, and the IdP's ${plural(found.groups.length, 'user group')}`;
    const notes: Record<string, string> = {
      [INIT_FILES.config]: source,
      [INIT_FILES.schema]: 'the configuration schema, for editors',
      [INIT_FILES.workflow]: 'plans in pull requests, apply after merge, drift checks',
      [INIT_FILES.gitignore]: '.roster/ and sandbox.env',
    };
    const width = Math.max(...files.map((f) => shown(f).length));
    const into = relative(io.cwd, root) === '' ? undefined : displayPath(root, io.cwd);
    io.stdout.write(
      [
        ...files.map((file) => `${present.includes(file) ? 'Replaced' : 'Wrote   '} ${shown(file).padEnd(width)}  ${notes[file]}`),
        '',
        'Next steps:',
        ...(into !== undefined ? [`  cd ${/^[A-Za-z0-9_.\/@%+=,-]+$/.test(into) ? into : `'${into.replace(/'/g, `'\\''`)}'`}`] : []),
        '  roster validate     # check the configuration; no network needed',
        '  roster plan         # with the credentials exported: who gains and loses access',
        '  git init && git add . && git commit -m "Roster configuration"',
        ...(PLACEHOLDER_OWNER.test(workflow) ? [`  In ${INIT_FILES.workflow}, replace YOUR-ORG with the owner of the Roster repository you use, and pin it.`] : []),
        '  Then set the secrets the workflow reads in GitHub: docs/ci.md.',
        '',
      ].join('\n'),
    );
    return ExitCode.ok;
  },
};

/**
 * `roster init` through bin/roster, as users run it (the bundle: `npm run build` first): the
 * repository it scaffolds in an empty folder, its refusal to overwrite (every existing file named,
 * not one byte or timestamp changed), `--force`, and a configuration `roster validate` accepts.
 * With the IdP's credentials pointing at the sandbox, the configuration declares the sandbox's
 * SSO applications with their bound groups and lists its user groups, having only read.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { sandboxEnv } from '../support/cli.js';
import { world, writesIn, type World } from '../support/world.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROSTER = join(ROOT, 'bin/roster');
const FILES = ['configs/roster.yaml', 'schema.json', '.github/workflows/roster.yml', '.gitignore'];
const MODELINE = '# yaml-language-server: $schema=../schema.json\n';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** bin/roster in `cwd`, with only PATH from this process's environment (no credentials leak in). */
function roster(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [ROSTER, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'roster-init-'));

/** Every file under `dir` with its bytes and modification time. */
function snapshot(dir: string): Record<string, { bytes: string; mtimeMs: number }> {
  const entries: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    const info = statSync(path);
    entries[name] = info.isFile() ? { bytes: readFileSync(path, 'base64'), mtimeMs: info.mtimeMs } : { bytes: '(folder)', mtimeMs: info.mtimeMs };
  }
  return entries;
}

describe('roster init without IdP credentials', () => {
  let dir: string;
  let first: Run;

  beforeAll(async () => {
    dir = freshDir();
    first = await roster(['init', 'repo'], dir);
  });

  it('writes the example configuration, the schema, the workflow and .gitignore', async () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const repo = join(dir, 'repo');
    for (const file of FILES) expect(existsSync(join(repo, file)), file).toBe(true);

    const config = readFileSync(join(repo, 'configs/roster.yaml'), 'utf8');
    expect(config.startsWith(MODELINE)).toBe(true);
    expect(config).toBe(readFileSync(join(ROOT, 'configs/roster.yaml'), 'utf8'));

    const schema = await roster(['schema'], dir);
    expect(readFileSync(join(repo, 'schema.json'), 'utf8')).toBe(schema.stdout);

    // Copied from the recipe as shipped, which uses Roster's own GitHub Action.
    const workflow = readFileSync(join(repo, '.github/workflows/roster.yml'), 'utf8');
    expect(workflow).toBe(readFileSync(join(ROOT, 'examples/github-actions/roster.yml'), 'utf8'));
    expect(workflow).toMatch(/uses: [A-Za-z0-9-]+\/roster@v0\b/);

    const ignored = readFileSync(join(repo, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('.roster/');
    expect(ignored).toContain('sandbox.env');
  });

  it('prints what it wrote and the next steps', () => {
    for (const file of FILES) expect(first.stdout).toContain(join('repo', file));
    expect(first.stdout).toContain('the example configuration');
    expect(first.stdout).toMatch(/Next steps:\n {2}cd repo\n {2}roster validate .*\n {2}roster plan /);
  });

  it('scaffolds a configuration roster validate accepts', async () => {
    const run = await roster(['validate'], join(dir, 'repo'));
    expect(run).toEqual({ code: 0, stdout: 'Configuration is valid: 1 application.\n', stderr: '' });
  });

  it('refuses to overwrite, naming every file that exists, and changes nothing', async () => {
    const repo = join(dir, 'repo');
    const before = snapshot(repo);
    const again = await roster(['init'], repo);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    for (const file of FILES) expect(again.stderr).toContain(file);
    expect(again.stderr).toContain('--force');
    expect(snapshot(repo)).toEqual(before);
  });

  it('names only the files that exist, and creates none of the others', async () => {
    const repo = freshDir();
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
    const before = snapshot(repo);
    const run = await roster(['init'], repo);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('roster init: .gitignore already exists; nothing was written.\nRun with --force to replace it.\n');
    expect(snapshot(repo)).toEqual(before);
  });

  it('replaces the files with --force', async () => {
    const repo = freshDir();
    mkdirSync(join(repo, 'configs'));
    writeFileSync(join(repo, 'configs/roster.yaml'), 'idp: {}\n');
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
    const run = await roster(['init', '--force'], repo);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Replaced configs\/roster\.yaml/);
    expect(run.stdout).toMatch(/Replaced \.gitignore/);
    expect(run.stdout).toMatch(/Wrote {4}schema\.json/);
    expect(run.stdout).not.toContain('cd ');
    expect(readFileSync(join(repo, 'configs/roster.yaml'), 'utf8')).toBe(readFileSync(join(ROOT, 'configs/roster.yaml'), 'utf8'));
    expect(readFileSync(join(repo, '.gitignore'), 'utf8')).toContain('sandbox.env');
  });

  it('documents itself', async () => {
    const help = await roster(['init', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: roster init \[DIR\] \[--force\]/);
    const usage = await roster(['--help'], dir);
    expect(usage.stdout).toMatch(/\n {2}init +Scaffold a GitOps repository/);
    const extra = await roster(['init', 'a', 'b'], dir);
    expect(extra.code).toBe(1);
  });
});

describe('roster init with IdP credentials, against the sandbox', () => {
  let sandbox: Sandbox;
  let w: World;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
    w = world(sandbox);
    // Only the IdP's: init reads nothing else.
    const all = sandboxEnv(sandbox);
    env = { ROSTER_IDP_URL: all['ROSTER_IDP_URL']!, JUMPCLOUD_API_KEY: all['JUMPCLOUD_API_KEY']! };
    const jc = async (method: string, path: string, body: unknown) => {
      const response = await fetch(`${sandbox.url}${path}`, { method, headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
      return response.status === 204 ? undefined : ((await response.json()) as { _id: string });
    };
    // Two applications an administrator set up by hand: RingCentral for Sales and Support, and a
    // wiki from no catalog of Roster's, for Engineering.
    const ringcentral = await jc('POST', '/api/applications', { name: 'ringcentral', displayLabel: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral', config: {} });
    const wiki = await jc('POST', '/api/applications', {
      name: 'custom-saml',
      displayLabel: 'Team Wiki',
      description: 'Engineering notes',
      ssoUrl: 'https://sso.jumpcloud.com/saml2/team-wiki',
      config: { acsUrl: { value: 'https://wiki.example.com/saml/acs' }, spEntityId: { value: 'https://wiki.example.com' } },
    });
    const bind = (app: string, group: string) => jc('POST', `/api/v2/applications/${app}/associations`, { op: 'add', type: 'user_group', id: group });
    await bind(ringcentral!._id, await w.groupId('Sales'));
    await bind(ringcentral!._id, await w.groupId('Support'));
    await bind(wiki!._id, await w.groupId('Engineering'));
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('declares the IdP applications with their bound groups, lists the user groups, and only reads', async () => {
    const repo = freshDir();
    await w.clearRequests();
    const run = await roster(['init'], repo, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 SSO applications and 4 user groups read from the IdP');
    expect(writesIn(await w.requests())).toEqual([]);

    const text = readFileSync(join(repo, 'configs/roster.yaml'), 'utf8');
    expect(text.startsWith(MODELINE)).toBe(true);
    expect(text).toContain('# User groups in the IdP: Engineering, Sales, Support, Support Leads.');
    const config = parse(text) as { idp: Record<string, string>; applications: Record<string, Record<string, unknown>> };
    expect(config.idp).toEqual({ type: 'jumpcloud', url: '${ROSTER_IDP_URL:-https://console.jumpcloud.com}', apiKey: '${JUMPCLOUD_API_KEY}' });
    expect(Object.keys(config.applications)).toEqual(['ringcentral', 'team-wiki']);
    expect(config.applications['ringcentral']).toMatchObject({
      catalog: 'ringcentral',
      label: 'RingCentral',
      groups: ['Sales', 'Support'],
      sso: { ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral' },
      provisioning: { auth: { clientId: '${RINGCENTRAL_CLIENT_ID}', clientSecret: '${RINGCENTRAL_CLIENT_SECRET}', jwt: '${RINGCENTRAL_JWT}' } },
    });
    expect(config.applications['team-wiki']).toEqual({
      catalog: 'scim',
      label: 'Team Wiki',
      description: 'Engineering notes',
      portal: 'visible',
      groups: ['Engineering'],
      sso: { ssoUrl: 'https://sso.jumpcloud.com/saml2/team-wiki', acsUrl: 'https://wiki.example.com/saml/acs', spEntityId: 'https://wiki.example.com' },
    });
    // Secrets stay references: the API key is in no file and no output.
    for (const file of FILES) expect(readFileSync(join(repo, file), 'utf8')).not.toContain(sandbox.apiKey);
    expect(run.stdout + run.stderr).not.toContain(sandbox.apiKey);

    const validate = await roster(['validate'], repo);
    expect(validate).toEqual({ code: 0, stdout: 'Configuration is valid: 2 applications.\n', stderr: '' });
  });

  it('refuses before reading the IdP when a file exists', async () => {
    const repo = freshDir();
    mkdirSync(join(repo, '.github/workflows'), { recursive: true });
    writeFileSync(join(repo, '.github/workflows/roster.yml'), 'name: mine\n');
    await w.clearRequests();
    const run = await roster(['init'], repo, env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('.github/workflows/roster.yml already exists');
    expect(await w.requests()).toEqual([]);
    expect(existsSync(join(repo, 'configs'))).toBe(false);
  });
});

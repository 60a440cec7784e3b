/**
 * The package a user installs: `npm pack` makes roster-<version>.tgz, which installs with
 * `npm install --global` into an empty prefix and runs every command from there — the bundle,
 * the catalogs, schema.json, the example configuration and workflow, and `roster-github` all
 * inside the tarball. Nothing runs from the clone: the commands run by the installed bin's
 * absolute path, in a folder outside the clone, with a PATH that does not lead to it, and against
 * a sandbox started from the same install.
 *
 * Slow by nature: the install downloads the dependencies and builds better-sqlite3 (about 80 s
 * when no prebuilt binary is available); npm's cache in HOME is shared with the clone's.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const INSTALL_TIMEOUT = 600_000;

let work: string;
let prefix: string;
let roster: string;
let tarball: string;
let packedFiles: string[];
let sandbox: ChildProcess | undefined;
let sandboxEnv: Record<string, string> = {};

/** Only the system's programs and Node: no folder of the clone (node_modules/.bin) on PATH. */
const PATH = [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
/**
 * The machine's environment (the network's proxy and CA settings reach npm), without what points
 * at the clone — npm's per-project variables set by `npm exec`/`npm test` — or configures Roster.
 */
const OF_THE_CLONE = /^(npm_package_|npm_lifecycle_|npm_config_(local_prefix|prefix|global_prefix)$|INIT_CWD$|ROSTER_|JUMPCLOUD_|RINGCENTRAL_)/i;
const baseEnv = (): Record<string, string> => ({
  ...(Object.fromEntries(Object.entries(process.env).filter(([key, value]) => value !== undefined && !OF_THE_CLONE.test(key))) as Record<string, string>),
  PATH,
  LANG: 'C.UTF-8',
});

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(roster, args, { cwd: work, env: { ...baseEnv(), ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** `roster sandbox` from the install: its export lines, once it serves. */
function startSandbox(): Promise<Record<string, string>> {
  const child = spawn(roster, ['sandbox', '--seed', 'demo', '--rate-limits', 'off'], { cwd: work, env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  sandbox = child;
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    // The export lines go to stdout; "Serving" (to stderr when stdout is not a terminal) follows them.
    const ready = () => {
      if (!`${out}${err}`.includes('Serving')) return;
      const env: Record<string, string> = {};
      for (const match of out.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) env[match[1]!] = match[2]!;
      resolve(env);
    };
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      ready();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      ready();
    });
    child.on('exit', (code) => reject(new Error(`roster sandbox exited (${code}): ${err}`)));
  });
}

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'roster-user-'));
  const packs = mkdtempSync(join(tmpdir(), 'roster-pack-'));
  prefix = mkdtempSync(join(tmpdir(), 'roster-prefix-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(packs, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path);
  // From a folder outside the clone, so that nothing resolves to it.
  await exec('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel', 'error', tarball], {
    cwd: work,
    env: baseEnv(),
    timeout: INSTALL_TIMEOUT,
    maxBuffer: 64 * 1024 * 1024,
  });
  roster = join(prefix, 'bin/roster');
  mkdirSync(join(work, 'configs'));
  copyFileSync(join(ROOT, 'configs/roster.yaml'), join(work, 'configs/roster.yaml'));
}, INSTALL_TIMEOUT + 60_000);

afterAll(() => {
  sandbox?.kill('SIGTERM');
});

describe('the packed package, installed globally into an empty prefix', { timeout: 120_000 }, () => {
  it(`is roster-${version}.tgz, with the bundle, the catalogs, schema.json and the example files, and nothing of the tests or the TypeScript sources`, () => {
    expect(tarball.endsWith(`roster-${version}.tgz`)).toBe(true);
    const files = packedFiles;
    for (const file of ['bin/roster', 'bin/roster-github', 'dist/bundle/main.js', 'schema.json', 'src/config/catalog/ringcentral.yaml', 'src/config/catalog/scim.yaml', 'configs/roster.yaml', 'examples/github-actions/roster.yml', 'package.json']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => f.startsWith('test/') || /^src\/.*\.tsx?$/.test(f))).toEqual([]);
  });

  it('puts roster and roster-github in the prefix, outside the clone', () => {
    expect(existsSync(roster)).toBe(true);
    expect(existsSync(join(prefix, 'bin/roster-github'))).toBe(true);
    expect(work.startsWith(ROOT)).toBe(false);
    expect(prefix.startsWith(ROOT)).toBe(false);
  });

  it('prints its version', async () => {
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: `roster ${version}\n` });
  });

  it('validates the example configuration with the catalogs it ships', async () => {
    expect(await run(['validate'])).toMatchObject({ code: 0, stdout: 'Configuration is valid: 1 application.\n' });
  });

  it('prints the schema it ships', async () => {
    const { code, stdout } = await run(['schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, 'schema.json'), 'utf8')));
  });

  it('scaffolds a repository with the configuration and the workflow it ships', async () => {
    const { code } = await run(['init', 'scaffolded']);
    expect(code).toBe(0);
    expect(readFileSync(join(work, 'scaffolded/.github/workflows/roster.yml'), 'utf8')).toBe(readFileSync(join(ROOT, 'examples/github-actions/roster.yml'), 'utf8'));
    expect(existsSync(join(work, 'scaffolded/configs/roster.yaml'))).toBe(true);
  });

  it('runs roster-github', async () => {
    const { stdout } = await exec(join(prefix, 'bin/roster-github'), ['--help'], { cwd: work, env: baseEnv() });
    expect(stdout).toContain('Usage: roster-github <command>');
  });

  it('serves the sandbox, and checks, imports, plans, explains and applies against it', async () => {
    sandboxEnv = await startSandbox();
    expect(sandboxEnv['ROSTER_IDP_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const check = await run(['check'], sandboxEnv);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const imported = await run(['import', '--app', 'ringcentral'], sandboxEnv);
    expect(imported.code, imported.stderr).toBe(0);

    const plan = await run(['plan', '--detailed-exitcode'], sandboxEnv);
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('ringcentral');
    const explained = await run(['explain', 'nora.jenkins@example.com', '--app', 'ringcentral'], sandboxEnv);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toContain('nora.jenkins@example.com');

    const applied = await run(['apply', '--auto-approve'], sandboxEnv);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const metadata = await run(['metadata', 'ringcentral'], sandboxEnv);
    expect(metadata.code, metadata.stderr).toBe(0);
    expect(metadata.stdout).toContain('EntityDescriptor');
    expect(await run(['plan', '--detailed-exitcode'], sandboxEnv)).toMatchObject({ code: 0 });

    // No credential of the sandbox in anything the commands printed.
    const printed = [check, imported, plan, explained, applied].map((r) => r.stdout + r.stderr).join('\n');
    for (const name of ['JUMPCLOUD_API_KEY', 'RINGCENTRAL_CLIENT_SECRET', 'RINGCENTRAL_JWT']) expect(printed).not.toContain(sandboxEnv[name]);
  });
});

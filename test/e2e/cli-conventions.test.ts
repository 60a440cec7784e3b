/**
 * Command-line conventions through bin/roster, as users run it: options a Terraform user types,
 * `help CMD`, `version`, misspelt commands, shell completion, NO_COLOR and --no-color on a real
 * terminal (a pty from util-linux `script`), and `--app` partial plans against the sandbox.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxEnvironment } from '../../src/cli/commands/sandbox.js';
import { VIOLATION_KINDS } from '../../src/core/safety.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

const ROSTER = fileURLToPath(new URL('../../bin/roster', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../configs/roster.yaml', import.meta.url));
const SGR = /\u001b\[[0-9;]*m/;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function roster(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ROSTER, ...args], { env: { PATH: process.env['PATH'] ?? '', ...options.env }, cwd: options.cwd ?? tmpdir() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs bin/roster on a pseudo-terminal, as a user at a terminal does. */
function onTerminal(args: string[], env: Record<string, string>): Promise<string> {
  const command = [process.execPath, ROSTER, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', `stty cols 120; ${command}`, '/dev/null'], { env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm-256color', ...env }, cwd: tmpdir() }, (error, stdout) => {
      if (error && !stdout) reject(error);
      else resolve(stdout);
    });
  });
}

let sandbox: Sandbox;
let env: Record<string, string>;
let twoApps: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnvironment(sandbox);
  twoApps = await mkdtemp(join(tmpdir(), 'roster-conventions-'));
  const wiki = `  wiki:
    catalog: scim
    label: Wiki
    groups: [Support]
    sso:
      ssoUrl: https://sso.jumpcloud.com/saml2/wiki
      acsUrl: https://wiki.example.com/saml/acs
      spEntityId: https://wiki.example.com
`;
  await writeFile(join(twoApps, 'roster.yaml'), `${(await readFile(EXAMPLE, 'utf8')).trimEnd()}\n${wiki}`);
});
afterAll(async () => {
  await sandbox.close();
});

describe('options as Terraform users type them', () => {
  it('refuses -out=FILE with the option meant, and writes no file', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'roster-out-'));
    const run = await roster(['plan', '-c', twoApps, '-out=plan.json'], { env, cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('did you mean --out=plan.json?');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('saves the plan with -o=FILE, -o FILE, --out FILE and --out=FILE alike', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'roster-out-'));
    for (const [i, args] of [['-o=a.json'], ['-o', 'b.json'], ['--out', 'c.json'], ['--out=d.json']].entries()) {
      const run = await roster(['plan', '-c', twoApps, '--format', 'json', ...args], { env, cwd });
      expect(run.code, `${i}: ${run.stderr}`).toBe(0);
    }
    expect((await readdir(cwd)).filter((f) => f.endsWith('.json')).sort()).toEqual(['a.json', 'b.json', 'c.json', 'd.json']);
  });

  it('suggests the nearest option of the command, and --app for -target', async () => {
    expect((await roster(['apply', '-auto-approve'])).stderr).toContain('did you mean --auto-approve?');
    expect((await roster(['plan', '--fromat', 'json'])).stderr).toContain('did you mean --format?');
    expect((await roster(['plan', '-target=wiki'])).stderr).toContain('did you mean --app=wiki?');
    expect((await roster(['sandbox', '-port=8080'])).stderr).toContain('did you mean --port=8080?');
  });
});

describe('help, version and commands', () => {
  it('roster help CMD is roster CMD --help', async () => {
    const help = await roster(['help', 'plan']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await roster(['plan', '--help'])).stdout);
    expect(help.stdout).toContain('--app NAME');
    expect(help.stdout).toContain('--no-color');
  });

  it('apply --help names every kind of safety acknowledgement', async () => {
    const help = (await roster(['apply', '--help'])).stdout.replace(/\s+/g, ' ');
    for (const kind of VIOLATION_KINDS) expect(help).toMatch(new RegExp(`[ ,]${kind}[ ,]`));
  });

  it('roster version is roster --version', async () => {
    const run = await roster(['version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe((await roster(['--version'])).stdout);
  });

  it('a misspelt command gets the command meant, with the usage error exit code', async () => {
    const run = await roster(['plna']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('unknown command "plna"; did you mean plan?');
    expect((await roster(['help', 'aply'])).stderr).toContain('did you mean apply?');
  });

  it('prints completion scripts for bash, zsh and fish, and bash completes commands and options', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const run = await roster(['completion', shell]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('detailed-exitcode');
    }
    expect((await roster(['completion', 'tcsh'])).code).toBe(1);
    const script = join(await mkdtemp(join(tmpdir(), 'roster-completion-')), 'roster.bash');
    await writeFile(script, (await roster(['completion', 'bash'])).stdout);
    const complete = (words: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile(
          'bash',
          ['-c', `source '${script}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _roster; echo "\${COMPREPLY[*]}"`],
          (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
        ),
      );
    expect(await complete(['roster', 'pl'])).toBe('plan');
    expect(await complete(['roster', 'plan', '--det'])).toBe('--detailed-exitcode');
    expect((await complete(['roster', 'apply', '--a'])).split(' ')).toEqual(expect.arrayContaining(['--auto-approve', '--allow', '--app']));
  });
});

describe('colours on a terminal', () => {
  it('colours the plan on a terminal, and not with NO_COLOR or --no-color', async () => {
    const coloured = await onTerminal(['plan', '-c', twoApps], env);
    expect(coloured).toContain('Plan:');
    expect(coloured).toMatch(SGR);
    for (const [args, extra] of [[[], { NO_COLOR: '1' }], [['--no-color'], {}]] as const) {
      const plain = await onTerminal(['plan', '-c', twoApps, ...args], { ...env, ...extra });
      expect(plain).toContain('Plan:');
      expect(plain).not.toMatch(SGR);
    }
  });
});

describe('--app', () => {
  it('plans only the named applications and says the plan is partial, in every format', async () => {
    const json = await roster(['plan', '-c', twoApps, '--app', 'wiki', '--format', 'json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout) as { partial?: { applications: string[] }; changes: Array<{ app: string }> };
    expect(plan.partial).toEqual({ applications: ['wiki'] });
    expect(new Set(plan.changes.map((c) => c.app))).toEqual(new Set(['wiki']));
    for (const format of ['text', 'markdown']) {
      expect((await roster(['plan', '-c', twoApps, '--app', 'wiki', '--format', format], { env })).stdout).toContain('Partial plan: only wiki (--app)');
    }
    const full = JSON.parse((await roster(['plan', '-c', twoApps, '--format', 'json'], { env })).stdout) as { partial?: unknown };
    expect(full.partial).toBeUndefined();
  });

  it('refuses an unknown application with the name meant', async () => {
    const run = await roster(['plan', '-c', twoApps, '--app', 'wik'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no application "wik" in the configuration; did you mean wiki?');
  });

  it('applies only the named application, and a later partial plan of another deletes nothing', async () => {
    const applied = await roster(['apply', '-c', twoApps, '--app', 'wiki', '--auto-approve'], { env, cwd: twoApps });
    expect(applied.code, applied.stderr).toBe(0);
    const after = JSON.parse((await roster(['plan', '-c', twoApps, '--format', 'json'], { env })).stdout) as { changes: Array<{ app: string; action: string }> };
    // wiki converged; ringcentral was not touched.
    expect(after.changes.filter((c) => c.app === 'wiki' && c.action !== 'skip')).toEqual([]);
    expect(after.changes.some((c) => c.app === 'ringcentral' && c.action === 'create')).toBe(true);
    // To a plan of ringcentral alone, wiki's IdP application is not "removed from the configuration".
    const other = JSON.parse((await roster(['plan', '-c', twoApps, '--app', 'ringcentral', '--format', 'json'], { env })).stdout) as { changes: Array<{ app: string; action: string }> };
    expect(other.changes.filter((c) => c.app === 'wiki')).toEqual([]);
    expect(other.changes.filter((c) => c.action === 'delete')).toEqual([]);
  });
});

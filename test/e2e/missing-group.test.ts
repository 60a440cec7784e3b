/**
 * `roster plan` against the sandbox's demo directory (groups Sales, Support, Support Leads,
 * Engineering) with bound groups it does not have: each error names the file, line and column of
 * the group's entry and the IdP group it was likely meant to be.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../../configs/roster.yaml', import.meta.url));

let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

describe('roster plan with a bound group the IdP does not have', () => {
  it('names where the group is written and suggests the IdP’s group: same name in another case first, else the nearest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-missing-group-'));
    const yaml = (await readFile(CONFIG, 'utf8')).replace('groups: [Sales, Support]', 'groups: [sales, Suport, Finance]');
    await writeFile(join(dir, 'roster.yaml'), yaml);
    const line = yaml.split('\n').findIndex((l) => l.includes('groups: [sales')) + 1;
    const column = (name: string) => yaml.split('\n')[line - 1]!.indexOf(name) + 1;

    const run = await roster(['plan', '-c', '.'], { env, cwd: dir });
    expect(run.code).toBe(1);
    const output = run.stdout + run.stderr;
    expect(output).toContain(
      [
        `roster.yaml:${line}:${column('sales')}: error: ringcentral: user group "sales" does not exist in the IdP`,
        '  at applications.ringcentral.groups',
        '  hint: did you mean "Sales"? Group names are case-sensitive. Write it as the IdP does, or create the group first',
      ].join('\n'),
    );
    expect(output).toContain(
      [
        `roster.yaml:${line}:${column('Suport')}: error: ringcentral: user group "Suport" does not exist in the IdP`,
        '  at applications.ringcentral.groups',
        '  hint: did you mean "Support"? Write it as the IdP does, or create the group first',
      ].join('\n'),
    );
    expect(output).toContain(`roster.yaml:${line}:${column('Finance')}: error: ringcentral: user group "Finance" does not exist in the IdP\n  at applications.ringcentral.groups\n  hint: check the spelling against the IdP’s user groups, or create the group first`);

    const json = await roster(['plan', '-c', '.', '--format', 'json'], { env, cwd: dir });
    const diagnostics = (JSON.parse(json.stdout) as { diagnostics: Array<{ code: string; origin?: unknown }> }).diagnostics.filter((d) => d.code === 'idp.group-not-found');
    expect(diagnostics.map((d) => d.origin)).toEqual(['sales', 'Suport', 'Finance'].map((name) => ({ file: 'roster.yaml', line, column: column(name) })));
  });
});

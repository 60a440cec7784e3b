/**
 * README.md agrees with the program: its command table has a row for every command, and the quick
 * start's words match what its commands do.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const rows = README.split('\n').filter((line) => line.startsWith('| `roster '));
const step = (n: number) => README.slice(README.indexOf(`**${n}. `), README.indexOf(`**${n + 1}. `));

describe('README.md', () => {
  it('has a row in the command table for every command, and only for commands', () => {
    const named = rows.map((row) => /^\| `roster ([a-z]+)/.exec(row)![1]!);
    expect(named.filter((name) => !COMMANDS.some((c) => c.name === name) && name !== 'help' && name !== 'version')).toEqual([]);
    expect(COMMANDS.map((c) => c.name).filter((name) => !named.includes(name))).toEqual([]);
  });

  it('runs in the quick start every command the first plan tells the user to run', () => {
    const quickStart = step(3);
    expect(quickStart).toMatch(/\.\/bin\/roster metadata ringcentral > ringcentral-idp\.xml/);
    for (const [, name] of quickStart.matchAll(/\.\/bin\/roster ([a-z]+)/g)) expect(COMMANDS.map((c) => c.name)).toContain(name);
  });

  it('says where the sandbox runs as its commands do: backgrounded in the same shell', () => {
    const quickStart = step(3);
    expect(quickStart).toMatch(/roster sandbox .*&\s+#/);
    expect(quickStart).toMatch(/kill %1/);
    expect(quickStart).not.toMatch(/second terminal|another terminal/);
    expect(quickStart).toMatch(/background of the same shell/);
  });
});

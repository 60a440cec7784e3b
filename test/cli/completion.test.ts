/**
 * Completion scripts are generated from the command table and each command's option table: every
 * command and every option the parser accepts is in every shell's script.
 */
import { describe, expect, it } from 'vitest';
import { completionScript, SHELLS } from '../../src/cli/completion.js';
import { COMMANDS } from '../../src/cli/main.js';

describe('completionScript', () => {
  it.each(SHELLS)('%s completes every command and every option of each', (shell) => {
    const script = completionScript(shell, COMMANDS);
    for (const command of COMMANDS) {
      expect(script).toContain(command.name);
      for (const option of Object.keys(command.options ?? {})) expect(script, `${command.name} --${option}`).toMatch(new RegExp(`(--|-l )${option}\\b`));
    }
    for (const word of ['help', 'version', 'completion', 'no-color']) expect(script).toContain(word);
  });

  it('has an option table for every command, apart from those that take none', () => {
    expect(COMMANDS.filter((c) => c.options === undefined).map((c) => c.name)).toEqual(['init']);
  });
});

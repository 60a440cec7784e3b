/**
 * Broken and hostile input that cannot live in the fixtures folder (too large, special files,
 * symlink loops): each gets a clear diagnostic, never a crash or a hang.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CONFIG_FILE_BYTES } from '../../src/config/files.js';
import { runValidate, transcript } from './run-validate.js';

const VALID = 'idp:\n  type: jumpcloud\n  apiKey: ${JUMPCLOUD_API_KEY}\n';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'roster-config-'));
  mkdirSync(join(cwd, 'configs'));
});
afterEach(() => {
  chmodSync(cwd, 0o700);
  rmSync(cwd, { recursive: true, force: true });
});

const write = (name: string, text: string | Buffer) => writeFileSync(join(cwd, 'configs', name), text);
const validate = async (dir = 'configs') => transcript(await runValidate(dir, cwd));

describe('hostile input', () => {
  it('refuses a file over the size limit without reading it', async () => {
    write('roster.yaml', VALID);
    write('huge.yaml', `# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`);
    expect(await validate()).toMatchInlineSnapshot(`
      "exit code: 1
      --- stdout
      --- stderr
      configs/huge.yaml:1:1: error: configs/huge.yaml is 1048579 bytes; configuration files are limited to 1048576 bytes
        hint: split the configuration over several files
      Configuration has 1 error; nothing was read or changed.
      "
    `);
  });

  it('skips a folder reached twice through a symlink loop, and reports a link to itself', async () => {
    write('roster.yaml', VALID);
    symlinkSync('.', join(cwd, 'configs', 'loop'));
    symlinkSync('self.yaml', join(cwd, 'configs', 'self.yaml'));
    expect(await validate()).toMatchInlineSnapshot(`
      "exit code: 1
      --- stdout
      --- stderr
      warning: configs/loop leads back to a folder already read (symlink loop); skipped
      configs/self.yaml:1:1: error: configs/self.yaml is a symlink loop; skipped
      Configuration has 1 error; nothing was read or changed.
      "
    `);
  });

  it('does not block on a FIFO named like a configuration file', async () => {
    write('roster.yaml', VALID);
    execFileSync('mkfifo', [join(cwd, 'configs', 'pipe.yaml')]);
    expect(await validate()).toMatchInlineSnapshot(`
      "exit code: 1
      --- stdout
      --- stderr
      configs/pipe.yaml:1:1: error: configs/pipe.yaml is not a regular file; skipped
      Configuration has 1 error; nothing was read or changed.
      "
    `);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', async () => {
    write('roster.yaml', VALID);
    write('secret.yaml', VALID);
    chmodSync(join(cwd, 'configs', 'secret.yaml'), 0o000);
    expect(await validate()).toContain('configs/secret.yaml:1:1: error: configs/secret.yaml cannot be read: permission denied');
  });

  it('reports a missing folder, and a file given instead of a folder', async () => {
    write('roster.yaml', VALID);
    expect(await validate('nowhere')).toMatchInlineSnapshot(`
      "exit code: 1
      --- stdout
      --- stderr
      error: configuration folder nowhere does not exist
        hint: pass the folder with -c DIR (default: configs/)
      Configuration has 1 error; nothing was read or changed.
      "
    `);
    expect(await validate('configs/roster.yaml')).toMatchInlineSnapshot(`
      "exit code: 1
      --- stdout
      --- stderr
      error: configuration folder configs/roster.yaml is not a folder
        hint: pass the folder that holds the file: -c DIR
      Configuration has 1 error; nothing was read or changed.
      "
    `);
  });

  it('survives nesting that would overflow the stack, also one file after another', async () => {
    write('a.yaml', '['.repeat(100_000));
    write('b.yaml', `${'- '.repeat(50_000)}x\n`);
    write('c.yaml', `key: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`);
    expect(await validate()).toMatchInlineSnapshot(`
      "exit code: 1
      --- stdout
      --- stderr
      configs/a.yaml:1:33: error: nested more than 32 levels deep
        hint: configuration needs only a few levels; check the indentation and the brackets
      configs/b.yaml:1:65: error: nested more than 32 levels deep
        hint: configuration needs only a few levels; check the indentation and the brackets
      configs/c.yaml:1:130: error: nested more than 32 levels deep
        hint: configuration needs only a few levels; check the indentation and the brackets
      Configuration has 3 errors; nothing was read or changed.
      "
    `);
  });

  it('refuses a large alias bomb quickly', async () => {
    const levels = Array.from({ length: 12 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`);
    write('bomb.yaml', `l0: &l0 [lol]\n${levels.join('\n')}\n`);
    const started = Date.now();
    expect(await validate()).toMatchInlineSnapshot(`
      "exit code: 1
      --- stdout
      --- stderr
      configs/bomb.yaml:2:10: error: aliases expand to too many values
        hint: aliases may expand to at most 100 values; write the values out instead
      Configuration has 1 error; nothing was read or changed.
      "
    `);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports the first YAML errors of a badly broken file and counts the rest', async () => {
    write('roster.yaml', Array.from({ length: 30 }, (_, i) => `key${i}: "unclosed\n  - : ]`).join('\n'));
    const output = await validate();
    expect(output.match(/error:/g)?.length).toBeLessThanOrEqual(11);
    expect(output).toMatch(/\d+ more YAML errors in this file/);
  });
});

/**
 * `bin/roster`, the command users run: the bundle `npm ci` builds (scripts/bundle.mjs) starts,
 * finds what it reads relative to itself, and answers `--version` from package.json.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROSTER = fileURLToPath(new URL('../../bin/roster', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('bin/roster', () => {
  it('prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const { stdout } = await run(process.execPath, [ROSTER, flag]);
      expect(stdout).toBe(`roster ${version}\n`);
    }
  });

  it('validates the example configuration, reading the catalogs shipped beside the bundle', async () => {
    const config = fileURLToPath(new URL('../../configs/', import.meta.url));
    const { stdout } = await run(process.execPath, [ROSTER, 'validate', '-c', config]);
    expect(stdout).toBe('Configuration is valid: 1 application.\n');
  });
});

/**
 * Every folder under test/fixtures/config is a configuration; `expected.txt` next to its YAML is
 * what `roster validate -c <folder>` prints, with its exit code. Folders named `valid-*` must
 * pass (warnings allowed), `invalid-*` must fail.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runValidate, transcript } from './run-validate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/config');
const fixtures = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('configuration fixtures', () => {
  it('has valid and invalid fixtures, and nothing else', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.filter((name) => !/^(valid|invalid)-/.test(name))).toEqual([]);
  });

  it.each(fixtures)('%s', async (name) => {
    const run = await runValidate(name, root);
    await expect(transcript(run)).toMatchFileSnapshot(join(root, name, 'expected.txt'));
    expect(run.exitCode).toBe(name.startsWith('valid-') ? 0 : 1);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack traces
  });
});

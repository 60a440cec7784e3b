/**
 * docs/reports.md documents the JSON output of `check`, `import` and `explain`: every field those
 * commands print against the sandbox's demo company is named in the page, so that a new field
 * cannot ship undocumented.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../../configs/', import.meta.url));
const DOC = readFileSync(fileURLToPath(new URL('../../docs/reports.md', import.meta.url)), 'utf8');

let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

/** The JSON printed by a command, which must succeed. */
async function json(args: string[]): Promise<Record<string, unknown>> {
  const run = await roster([...args, '-c', CONFIG, '--format', 'json'], { env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** Keys of the objects at `path` ("applications[]" walks an array). */
function keysAt(value: unknown, path: string[]): string[] {
  if (path.length === 0) {
    const objects = Array.isArray(value) ? value : [value];
    return [...new Set(objects.flatMap((o) => (o && typeof o === 'object' ? Object.keys(o) : [])))];
  }
  const [head, ...rest] = path;
  const array = head!.endsWith('[]');
  const next = (value as Record<string, unknown>)[array ? head!.slice(0, -2) : head!];
  return array ? (next as unknown[]).flatMap((item) => keysAt(item, rest)) : keysAt(next, rest);
}

const undocumented = (keys: string[]) => keys.filter((key) => !DOC.includes(`\`${key}\``) && !DOC.includes(`.${key}\``) && !DOC.includes(`${key}[]`));

describe('docs/reports.md', () => {
  it('names every field of roster check --format json', async () => {
    const output = await json(['check']);
    expect(output['formatVersion']).toBe(1);
    expect(undocumented([...keysAt(output, []), ...keysAt(output, ['results[]'])])).toEqual([]);
  });

  it('lists every check roster check performs, for each system', async () => {
    const row = DOC.split('\n').find((line) => line.startsWith('| `results[].check` |')) ?? '';
    const results = (await json(['check']))['results'] as Array<{ system: string; check: string }>;
    const checks = [...new Set(results.map((r) => r.check))];
    expect(checks).toEqual(expect.arrayContaining(['reachable', 'credentials', 'organisation', 'permissions', 'read access', 'write access', 'capabilities', 'rate limits', 'licences']));
    expect(checks.filter((check) => !row.includes(`\`${check}\``))).toEqual([]);
    // Checks the sandbox (plain http) does not show, named where the check command makes them.
    const source = ['src/cli/check/target.ts', 'src/cli/check/jumpcloud.ts', 'src/core/check.ts'].map((path) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8')).join('\n');
    const named = [...source.matchAll(/(?:check: |findings\.add\(|result\()'([a-z ]+)'/g), ...source.matchAll(/AFTER_CREDENTIALS = \[([^\]]+)\]/g)].flatMap((m) => (m[1]!.includes("'") ? [...m[1]!.matchAll(/'([a-z ]+)'/g)].map((n) => n[1]!) : [m[1]!]));
    expect(named.length).toBeGreaterThan(8);
    expect([...new Set(named)].filter((check) => !row.includes(`\`${check}\``))).toEqual([]);
  });

  it('names every field of roster import --format json', async () => {
    const output = await json(['import', '--app', 'ringcentral']);
    expect(output['formatVersion']).toBe(1);
    expect(undocumented([...keysAt(output, []), ...keysAt(output, ['accounts[]']), ...keysAt(output, ['cover'])])).toEqual([]);
  });

  it('names every field of roster explain --format json', async () => {
    const output = await json(['explain', 'nora.jenkins@example.com']);
    expect(output['formatVersion']).toBe(1);
    const fields = [...keysAt(output, []), ...keysAt(output, ['user']), ...keysAt(output, ['applications[]']), ...keysAt(output, ['applications[]', 'access'])];
    expect(fields).toContain('saml');
    expect(undocumented(fields)).toEqual([]);
  });
});

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

/**
 * A userName is what a user signs in with (and, for RingCentral, the email SSO matches on), so a
 * default or a mapping edit that renames accounts must never pass quietly. Against the sandbox's
 * demo directory, whose RingCentral accounts are named by work email as RingCentral requires.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../../configs/roster.yaml', import.meta.url));

interface JsonChange {
  address: string;
  action: string;
  fields: Array<{ path: string; before?: unknown; after?: unknown }>;
  problems: Array<{ code: string; message: string }>;
}

let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

/** The example configuration with its provisioning `mappings` block replaced. */
async function configWithMappings(mappings: string): Promise<string> {
  const example = await readFile(CONFIG, 'utf8');
  const edited = example.replace(/      mappings:\n        # RingCentral requires userName to equal the work email.\n        userName: email\n/, mappings);
  expect(edited).not.toBe(example);
  const dir = await mkdtemp(join(tmpdir(), 'roster-rename-'));
  await writeFile(join(dir, 'roster.yaml'), edited);
  return dir;
}

async function plan(dir: string, format = 'json') {
  return roster(['plan', '-c', dir, '--format', format], { env });
}

const renames = (changes: JsonChange[]) => changes.filter((c) => c.fields.some((f) => f.path === 'userName' && f.before !== undefined && f.before !== f.after));

describe('renames', () => {
  it('the ringcentral catalog’s default mapping keeps every account’s userName', async () => {
    const run = await plan(await configWithMappings(''));
    const parsed = JSON.parse(run.stdout) as { changes: JsonChange[]; violations: unknown[] };
    expect(parsed.changes.length).toBeGreaterThan(0);
    expect(renames(parsed.changes)).toEqual([]);
    expect(parsed.changes.flatMap((c) => c.problems).filter((p) => p.code === 'target.username-not-work-email')).toEqual([]);
  });

  it('an override that breaks RingCentral’s rule blocks every rename with the rule’s error, and apply sends none', async () => {
    const dir = await configWithMappings('      mappings:\n        userName: username\n');
    const run = await plan(dir);
    const parsed = JSON.parse(run.stdout) as { changes: JsonChange[] };
    const broken = parsed.changes.filter((c) => c.problems.some((p) => p.code === 'target.username-not-work-email'));
    expect(broken.length).toBeGreaterThan(0);
    for (const change of broken) expect(change.action).toBe('skip');
    expect(renames(parsed.changes.filter((c) => c.action !== 'skip'))).toEqual([]);

    const before = await accounts();
    const applied = await roster(['apply', '-c', dir, '--auto-approve'], { env });
    expect(applied.stdout + applied.stderr).toContain('must equal the work email');
    const after = await accounts();
    for (const account of after) {
      const was = before.find((a) => a.id === account.id);
      if (was) expect(account.userName).toBe(was.userName);
    }
  });
});

async function accounts(): Promise<Array<{ id: string; userName: string }>> {
  const response = await fetch(`${sandbox.url}/scim/v2/Users?count=1000`, { headers: { authorization: `Bearer ${sandbox.scimToken}` } });
  return ((await response.json()) as { Resources: Array<{ id: string; userName: string }> }).Resources;
}

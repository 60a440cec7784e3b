/**
 * Apply keeps the refresh cache: what it changed and read back in full is recorded, so the plan
 * after an apply reads list pages only — not every changed account again.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../../configs/', import.meta.url));
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
});
afterAll(async () => {
  await sandbox.close();
});

/** SCIM requests for one account (detail reads), from the sandbox's request log. */
async function detailReads(): Promise<string[]> {
  const log = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as Array<{ method: string; path: string }>;
  return log.filter((r) => r.method === 'GET' && /^\/scim\/v2\/Users\/[^/.]+$/.test(r.path)).map((r) => r.path);
}

it('records the accounts it changed, so the next plan makes no detail read', async () => {
  const env = sandboxEnv(sandbox);
  const cache = join(await mkdtemp(join(tmpdir(), 'roster-cache-')), 'refresh.json');

  // The adopted account is active, so its phones and addresses are compared: the first plan reads it in full.
  expect((await roster(['apply', '-c', CONFIG, '--auto-approve', '--cache', cache], { env })).code).toBe(0);

  await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
  const plan = await roster(['plan', '-c', CONFIG, '--detailed-exitcode', '--cache', cache], { env });
  expect(plan.code).toBe(0);
  expect(await detailReads()).toEqual([]);

  // Without the cache the same plan reads that account again.
  await fetch(`${sandbox.url}/_sandbox/requests`, { method: 'DELETE' });
  expect((await roster(['plan', '-c', CONFIG, '--refresh', 'full', '--cache', cache], { env })).code).toBe(0);
  expect(await detailReads()).toHaveLength(1);
});

/**
 * A user deleted from the IdP loses their account: the account's externalId has JumpCloud's id
 * shape but names no user any more, so the plan deprovisions it (and counts it toward safety).
 */
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

it('deprovisions the account of a user deleted from the IdP, with that reason', async () => {
  const env = sandboxEnv(sandbox);
  expect((await roster(['apply', '-c', CONFIG, '--auto-approve'], { env })).code).toBe(0);

  // The adopted account is active (the other new accounts are still pending activation).
  const headers = { 'x-api-key': sandbox.apiKey };
  const found = await fetch(`${sandbox.url}/api/systemusers?filter=email:$eq:olivia.bennett@example.com`, { headers });
  const user = ((await found.json()) as { results: Array<{ _id: string }> }).results[0]!;
  expect((await fetch(`${sandbox.url}/api/systemusers/${user._id}`, { method: 'DELETE', headers })).status).toBe(200);

  const run = await roster(['plan', '-c', CONFIG, '--format', 'json'], { env });
  expect(run.code).toBe(0);
  const plan = JSON.parse(run.stdout) as { changes: Array<{ address: string; action: string; reason: { code: string } }> };
  const actionable = plan.changes.filter((c) => c.action !== 'skip');
  expect(actionable).toEqual([
    expect.objectContaining({ address: 'ringcentral/user/olivia.bennett@example.com', action: 'deactivate', reason: expect.objectContaining({ code: 'idp_user_deleted' }) }),
  ]);
});

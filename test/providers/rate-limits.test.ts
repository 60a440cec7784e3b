/**
 * Pacing against the sandbox with RingCentral's rate limits on, time running 1000 times faster:
 * reading 2,000 accounts and writing 200 provokes no 429 (the sandbox's own count), and every
 * group's requests are what the work needs, no more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlatAttributes } from '../../src/core/model.js';
import { mapConcurrent } from '../../src/providers/http/concurrency.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { admin, createAccounts, target, wire } from './support.js';

const ACCOUNTS = 2000;
const none = { appIds: new Map<string, string>() };

let dir: string;
let sandbox: Sandbox;
let ids: string[];

beforeAll(async () => {
  // Filling RingCentral takes one create per account: done once with limits off, kept in a file.
  dir = mkdtempSync(join(tmpdir(), 'roster-rate-'));
  const data = join(dir, 'sandbox.db');
  const filling = await startSandbox({ seed: 'empty', data, rateLimits: false, licences: ACCOUNTS + 150 });
  ids = await createAccounts(filling, ACCOUNTS, 'member', 16);
  await filling.close();
  sandbox = await startSandbox({ seed: 'empty', data, timeScale: 1000 });
}, 120_000);

afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

const person = (email: string): FlatAttributes => ({
  userName: email,
  externalId: `idp-${email}`,
  'name.givenName': 'New',
  'name.familyName': 'Hire',
  'emails[type eq "work"].value': email,
});

describe('rate limits on', () => {
  it('reads 2,000 accounts and writes 200 without a single 429', async () => {
    const sb = admin(sandbox);
    const toUpdate = ids.slice(0, 100);
    for (const id of toUpdate) await sb.activate(id);
    await sb.clearRequests();

    const providers = wire(sandbox);
    try {
      const rc = target(providers);
      const accounts = await rc.readAccounts();
      expect(accounts).toHaveLength(ACCOUNTS);
      await rc.readAccountDetails(ids.slice(0, 200));
      // Four writers at once, as a stress beyond the applier's one at a time.
      const writes = [
        ...Array.from({ length: 100 }, (_, i) => ({ op: 'scim.create' as const, app: 'ringcentral', userName: `hire${i}@example.com`, attributes: person(`hire${i}@example.com`) })),
        ...toUpdate.map((id, i) => ({ op: 'scim.update' as const, app: 'ringcentral', id, userName: `member${i}@example.com`, set: { title: 'Member' }, unset: [] })),
      ];
      const results = await mapConcurrent(writes, 4, (step) => rc.execute(step, none));
      expect(results.every((r) => r.attempts === 1)).toBe(true);

      const stats = await sb.stats();
      expect(stats.tooManyRequests).toBe(0);
      expect(stats.byGroup).toEqual({ Auth: 1, Light: 20 + 200, Medium: 3, Heavy: 200 });
      const ours = providers.stats()['ringcentral'];
      expect(ours?.['heavy']).toMatchObject({ requests: 200, retries: 0, tooManyRequests: 0 });
      // The budget was the constraint: pacing held requests back rather than provoke 429s.
      expect(ours?.['heavy']?.waits).toBeGreaterThan(0);
    } finally {
      await providers.close();
    }
  }, 60_000);
});

/**
 * Apply within the target's rate limits, against the sandbox with RingCentral's limits on and
 * time scaled down: 100 creates provoke no 429, make one write each, and take at least as long as
 * the Heavy group's window arithmetic requires — the writes are paced, not sent past the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith, events, startWorld, type World } from './apply-support.js';

const TIME_SCALE = 200;
/** RingCentral's Heavy group: 10 writes per 60 s window (docs/vendors/ringcentral.md §4), scaled. */
const HEAVY_LIMIT = 10;
const HEAVY_WINDOW_MS = 60_000 / TIME_SCALE;
const CREATES = 100;

let world: World;

beforeAll(async () => {
  // Group 1 of this directory has 100 members, all creatable.
  world = await startWorld({ seed: { users: 2 * CREATES, groups: 2 }, timeScale: TIME_SCALE });
});
afterAll(async () => {
  await world.close();
});

describe('roster apply within the rate limits', () => {
  it(`makes ${CREATES} creates with no 429, one write each, no faster than the Heavy window allows`, async () => {
    const config = await configWith((yaml) => yaml.replace('groups: [Sales, Support]', 'groups: [Group 1]'));
    await world.clearRequests();

    const run = await world.apply(['--auto-approve'], config);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(events(run.journal, 'user_create_provision').filter((e) => e.outcome === 'success')).toHaveLength(CREATES);

    const stats = await world.stats();
    expect(stats.tooManyRequests).toBe(0);
    expect(stats.byGroup['Heavy']).toBe(CREATES);
    const writes = (await world.requests()).filter((r) => r.method === 'POST' && r.path === '/scim/v2/Users');
    expect(writes).toHaveLength(CREATES);
    // A sliding window lets HEAVY_LIMIT writes through at once, then HEAVY_LIMIT per window.
    const spanMs = Date.parse(writes.at(-1)!.time) - Date.parse(writes[0]!.time);
    expect(spanMs).toBeGreaterThanOrEqual((Math.ceil(CREATES / HEAVY_LIMIT) - 1) * HEAVY_WINDOW_MS);
    expect(await world.pending(config)).toEqual([]);
  });
});

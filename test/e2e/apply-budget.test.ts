/**
 * The time budget, against the sandbox with RingCentral's limits on (time-scaled so that the
 * Heavy group allows 10 writes per 3 s): a budget too short for the whole run stops starting
 * changes, exits 4 and says what remains; the next run continues from live state and makes
 * exactly what remained, nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, startWorld, type World } from './apply-support.js';

let world: World;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: 20 });
});
afterAll(async () => {
  await world.close();
});

describe('roster apply --time-budget', () => {
  it('exits 4 with what remains, and the next run continues without repeating anything', { timeout: 60_000 }, async () => {
    const wanted = (await world.pending()).filter((c) => c.kind === 'scim_user').length;
    // 26 account writes at 10 per 3 s need more than 6 s: a 4 s budget cannot hold them all.
    const stopped = await world.apply(['--auto-approve', '--time-budget', '4s']);
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(4);
    const first = events(stopped.journal).filter((e) => e.event_type === 'user_create_provision' || e.event_type === 'user_update_provision');
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(wanted);
    expect(first.every((e) => e.outcome === 'success')).toBe(true);
    const remaining = wanted - first.length;
    expect(stopped.stdout).toContain(`Time budget reached: ${remaining} changes were not started`);
    expect(stopped.stdout).toContain('Run apply again to continue from live state');
    expect(stopped.journal.at(-1)).toMatchObject({ event_type: 'roster_apply_end', run_info: { status: 'budget', exitCode: 4 } });
    // The CI log counts what was not started in one line; the journal's end line names each.
    expect(stopped.stdout.match(/could not finish within the time budget/g)).toHaveLength(1);
    expect(stopped.stdout).toMatch(new RegExp(`not done  ${remaining} changes \\(\\d+ create`));
    const notStarted = (stopped.journal.at(-1)?.run_info as { notStarted?: string[] } | undefined)?.notStarted ?? [];
    expect(notStarted).toHaveLength(remaining);
    expect(notStarted.every((address) => address.startsWith('ringcentral/user/'))).toBe(true);
    expect((await world.pending()).filter((c) => c.kind === 'scim_user')).toHaveLength(remaining);

    const continued = await world.apply(['--auto-approve']);
    expect(continued.code, continued.stdout + continued.stderr).toBe(0);
    const second = events(continued.journal).filter((e) => e.event_type === 'user_create_provision' || e.event_type === 'user_update_provision');
    expect(second).toHaveLength(remaining);
    const firstNames = new Set(first.map((e) => e.target?.userName));
    expect(second.filter((e) => firstNames.has(e.target?.userName))).toEqual([]);
    expect(await world.pending()).toEqual([]);
    expect((await world.requests()).filter((r) => r.status === 409 || r.status === 429)).toEqual([]);
  });
});

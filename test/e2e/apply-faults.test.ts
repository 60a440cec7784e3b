/**
 * Apply under faults, over HTTP against the sandbox: a create whose answer is lost is found by
 * lookup and never made twice; bursts of 503s and 429s are retried and converge, with the retries
 * in the journal; a target out of licences stops further creates, says so once, and updates go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, startWorld, type World } from './apply-support.js';

const email = (name: string) => `${name}@example.com`;

let world: World;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: 1000 });
});
afterAll(async () => {
  await world.close();
});

/** Every userName has exactly one account. */
async function expectNoDuplicates(): Promise<void> {
  const names = (await world.accounts()).map((a) => a.userName.toLowerCase());
  expect(names.length).toBe(new Set(names).size);
}

describe('roster apply under faults', () => {
  it('finds a create whose connection dropped after it was processed, and makes exactly one account', async () => {
    await world.reset('demo');
    await world.fault({ method: 'POST', path: '/scim/v2/Users', drop: 'after' });
    const run = await world.apply(['--auto-approve']);
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const creates = events(run.journal, 'user_create_provision');
    const recovered = creates.filter((e) => e.lookedUp);
    expect(recovered).toHaveLength(1);
    const userName = recovered[0]!.target!.userName!;
    expect(events(run.journal, 'user_lookup_provision').filter((e) => e.target?.userName === userName && e.target.id === recovered[0]!.target!.id)).toHaveLength(1);
    // The lost create was not sent again: one POST per account created.
    const posts = (await world.requests()).filter((r) => r.method === 'POST' && r.path === '/scim/v2/Users');
    expect(posts).toHaveLength(creates.length);
    expect((await world.accounts()).filter((a) => a.userName === userName)).toHaveLength(1);
    await expectNoDuplicates();
    expect(await world.pending()).toEqual([]);
  });

  it('retries through bursts of 503s and 429s, converges, and shows the retries in the journal', async () => {
    await world.reset('demo');
    expect((await world.apply(['--auto-approve'])).code).toBe(0);
    for (const name of ['liam.carter', 'mason.kim', 'emma.rodriguez']) await world.activate(email(name));
    for (const name of ['liam.carter', 'mason.kim']) await world.updateDirectoryUser(email(name), { department: 'Partnerships' });
    await world.removeFromGroup(email('emma.rodriguez'), 'Sales');
    await world.addToGroup(email('aiden.russell'), 'Sales');
    await world.clearRequests();
    const retryAfter = { 'Retry-After': '0.05' };
    await world.fault({ method: 'POST', path: '/scim/v2/Users', status: 503, headers: retryAfter, times: 2 });
    await world.fault({ method: 'PATCH', path: '/scim/v2/Users/*', status: 503, headers: retryAfter, times: 3 });
    await world.fault({ method: 'GET', path: '/scim/v2/Users/*', status: 429, headers: retryAfter, times: 2 });

    const run = await world.apply(['--auto-approve']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // The create answered 503 twice: each time it was looked up, not found, and sent again.
    expect(events(run.journal, 'user_create_provision')).toMatchObject([{ target: { userName: email('aiden.russell') }, outcome: 'success', attempts: 3 }]);
    // Three 503s answered the PATCHes (two updates, one deactivation): they count as attempts.
    const patches = events(run.journal).filter((e) => e.event_type === 'user_update_provision' || e.event_type === 'user_deprovision');
    expect(patches.map((e) => e.target?.userName).sort()).toEqual([email('emma.rodriguez'), email('liam.carter'), email('mason.kim')]);
    expect(patches.every((e) => e.outcome === 'success')).toBe(true);
    expect(patches.reduce((sum, e) => sum + (e.attempts ?? 0), 0)).toBe(patches.length + 3);
    const statuses = (await world.requests()).map((r) => r.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(await world.pending()).toEqual([]);
    await expectNoDuplicates();
  });

  it('with 3 licences for 5 creates: creates 3, reports the other 2 with one licence message, and still applies the updates', async () => {
    await world.reset('demo');
    expect((await world.apply(['--auto-approve'])).code).toBe(0);
    for (const name of ['liam.carter', 'mason.kim']) {
      await world.activate(email(name));
      await world.updateDirectoryUser(email(name), { department: 'Partnerships' });
    }
    const newcomers = ['aiden.russell', 'layla.griffin', 'matthew.hayes', 'aria.myers', 'david.ford'];
    for (const name of newcomers) await world.addToGroup(email(name), 'Sales');
    await world.setLicences(3);

    const run = await world.apply(['--auto-approve']);
    expect(run.code).toBe(1);
    const created = newcomers.filter((name) => events(run.journal, 'user_create_provision').some((e) => e.target?.userName === email(name) && e.outcome === 'success'));
    expect(created).toHaveLength(3);
    const accounts = await world.accounts();
    expect(newcomers.filter((name) => accounts.some((a) => a.userName === email(name)))).toHaveLength(3);
    const notCreated = newcomers.filter((name) => !created.includes(name));
    // Said once as the run goes, once in the summary that lists both accounts.
    expect(run.stdout.match(/ringcentral: no free licence left/g)).toHaveLength(1);
    const summary = run.stdout.slice(run.stdout.indexOf('Apply finished'));
    for (const name of notCreated) expect(summary).toContain(email(name));
    // One fix for both licence failures; the blocked change of the plan (no country) has its own.
    const fixes = summary.match(/fix: .*/g) ?? [];
    expect(fixes.filter((fix) => /licen/i.test(fix))).toHaveLength(1);
    expect(fixes.filter((fix) => !/licen/i.test(fix))).toEqual(["fix: set the country of this user's work address in the IdP"]);
    // Updates were made all the same.
    expect(events(run.journal, 'user_update_provision').filter((e) => e.outcome === 'success').map((e) => e.target?.userName).sort()).toEqual([
      email('liam.carter'),
      email('mason.kim'),
    ]);
    await expectNoDuplicates();
  });
});

/**
 * The whole account lifecycle on the demo directory, over HTTP against the sandbox with its rate
 * limits on (time-scaled): create → activate → change attributes → suspend → expire a password →
 * remove from a group → policy `delete` (reactivate, then delete). After every apply the plan is
 * empty, and the journal names each action as Directory Insights does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith, events, startWorld, type World } from './apply-support.js';

const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';
const email = (name: string) => `${name}@example.com`;
const address = (name: string) => `ringcentral/user/${email(name)}`;

let world: World;

beforeAll(async () => {
  world = await startWorld({ seed: 'demo', timeScale: 1000 });
});
afterAll(async () => {
  await world.close();
});

async function applyAndConverge(config?: string) {
  const run = await world.apply(['--auto-approve'], config);
  expect(run.stderr).toBe('');
  expect(run.code, run.stdout).toBe(0);
  expect(await world.pending(config)).toEqual([]);
  return run;
}

describe('roster apply through the account lifecycle', () => {
  it('creates the accounts, the SSO application and its bindings, and then plans nothing', async () => {
    const run = await applyAndConverge();
    const creates = events(run.journal, 'user_create_provision');
    expect(creates.length).toBeGreaterThan(20);
    expect(creates.every((e) => e.outcome === 'success' && e.target?.id && e.target.userName && e.attempts === 1)).toBe(true);
    // The SSO application, and Roster's provisioning of it recorded on it.
    expect(events(run.journal, 'application_create').map((e) => e.address)).toEqual(['ringcentral/sso']);
    expect(events(run.journal, 'idm_integration_activate').map((e) => e.address)).toEqual(['ringcentral/provisioning']);
    expect(events(run.journal, 'group_create_provision').map((e) => e.target?.group)).toEqual(['Sales', 'Support']);
    // Every account change's object was looked up right before it was made (the creates and one adoption).
    expect(events(run.journal, 'user_lookup_provision')).toHaveLength(creates.length + 1);
    expect(run.journal[0]?.event_type).toBe('roster_apply_start');
    expect(run.journal.at(-1)).toMatchObject({ event_type: 'roster_apply_end', run_info: { status: 'converged', exitCode: 0 } });
    expect(run.stdout).toMatch(/Apply finished in .*: \d+ changes done/);
    expect(run.stdout).toContain(`Journal: ${run.journalPath}`);
    const text = JSON.stringify(run.journal);
    for (const secret of [world.sandbox.apiKey, world.sandbox.scimToken, world.sandbox.clientSecret, world.sandbox.jwt]) expect(text).not.toContain(secret);
  });

  it('updates an activated account whose attributes changed in the IdP, with one request', async () => {
    for (const name of ['liam.carter', 'sophia.nguyen', 'noah.patel', 'emma.rodriguez']) await world.activate(email(name));
    expect(await world.pending()).toEqual([]);
    await world.updateDirectoryUser(email('liam.carter'), { department: 'Partnerships', lastname: 'Carter-Lee' });
    await world.clearRequests();

    const run = await applyAndConverge();
    const updates = events(run.journal, 'user_update_provision');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ address: address('liam.carter'), outcome: 'success', attempts: 1, fields: ['name.familyName', DEPARTMENT] });
    const writes = (await world.requests()).filter((r) => r.method !== 'GET' && r.path.startsWith('/scim/'));
    expect(writes.map((r) => r.method)).toEqual(['PATCH']);
  });

  it('deactivates a suspended user, a user whose password expired and a user removed from the group', async () => {
    await world.updateDirectoryUser(email('sophia.nguyen'), { suspended: true });
    await world.expirePassword(email('noah.patel'));
    await world.removeFromGroup(email('emma.rodriguez'), 'Sales');

    const run = await applyAndConverge();
    expect(events(run.journal, 'user_deprovision').map((e) => e.address).sort()).toEqual([address('emma.rodriguez'), address('noah.patel'), address('sophia.nguyen')]);
    for (const name of ['sophia.nguyen', 'noah.patel', 'emma.rodriguez']) expect((await world.account(email(name)))?.active).toBe(false);
  });

  it('under policy delete, reactivates then deletes the account of a user who lost access, as one change', async () => {
    const deleting = await configWith((yaml) => yaml.replace('deprovision: deactivate', 'deprovision: delete'));
    const planned = await world.pending(deleting);
    // Suspended users and expired passwords keep their deactivated accounts: only lost access deletes.
    expect(planned.map((c) => [c.address, c.action, c.steps.map((s) => s.op)])).toEqual([[address('emma.rodriguez'), 'delete', ['scim.update', 'scim.delete']]]);

    const run = await applyAndConverge(deleting);
    expect(events(run.journal).filter((e) => e.event_type !== 'user_lookup_provision').map((e) => [e.event_type, e.address])).toEqual([
      ['user_update_provision', address('emma.rodriguez')],
      ['user_delete_provision', address('emma.rodriguez')],
    ]);
    expect(await world.account(email('emma.rodriguez'))).toBeUndefined();
    for (const name of ['sophia.nguyen', 'noah.patel']) expect((await world.account(email(name)))?.active).toBe(false);
  });
});

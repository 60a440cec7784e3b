/**
 * The apply engine against in-memory providers: order and dependencies, units, licence stops,
 * preconditions, bounded concurrency, the time budget, interruption, the journal and the
 * convergence check, each in isolation.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { applyPlan, type ApplyInput } from '../../src/engine/applier.js';
import { applyStatus } from '../../src/engine/status.js';
import type { ApplyEvent, ApplyReport, ChangeOutcome } from '../../src/engine/events.js';
import type { Journal, JournalEntry } from '../../src/engine/journal.js';
import { PaceTracker } from '../../src/engine/pace.js';
import {
  account,
  accountChange,
  actualOf,
  APP,
  bindingCreate,
  createChange,
  DESIRED,
  FakeIdp,
  FakeTarget,
  planOf,
  providerError,
  ssoCreate,
  type Person,
} from './fakes.js';

interface Run {
  readonly report: ApplyReport;
  readonly events: ApplyEvent[];
  readonly journal: JournalEntry[];
}

function memoryJournal(): Journal & { entries: JournalEntry[] } {
  const entries: JournalEntry[] = [];
  return { entries, record: (entry) => entries.push({ time: '2025-01-01T00:00:00.000Z', run: 'test', ...entry }), close() {} };
}

async function run(
  changes: readonly Change[],
  world: { target?: FakeTarget; idp?: FakeIdp; people?: readonly Person[] },
  options: Partial<Pick<ApplyInput, 'parallelism' | 'deadline' | 'signal' | 'now'>> & { onEvent?: (event: ApplyEvent) => void } = {},
): Promise<Run> {
  const target = world.target ?? new FakeTarget();
  const idp = world.idp ?? new FakeIdp();
  const actual = actualOf(target, idp, world.people);
  const events: ApplyEvent[] = [];
  const journal = memoryJournal();
  const now = options.now ?? Date.now;
  const report = await applyPlan({
    plan: planOf(changes),
    request: { desired: DESIRED, configDigest: 'test', now: new Date(0) },
    actual,
    providers: { idp, targets: new Map([[APP, target]]) },
    journal,
    pace: new PaceTracker(now),
    now,
    parallelism: options.parallelism ?? 1,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    listener: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { report, events, journal: journal.entries };
}

const outcomeOf = (report: ApplyReport, address: string): ChangeOutcome | undefined => report.outcomes.find((o) => o.change.address === address);
const kinds = (report: ApplyReport) => Object.fromEntries(report.outcomes.map((o) => [o.change.address, o.kind === 'skipped' ? `skipped:${o.cause}` : o.kind]));

describe('applyPlan', () => {
  it('makes the SSO application, then its bindings, then the accounts', async () => {
    const idp = new FakeIdp();
    const target = new FakeTarget();
    const order: string[] = [];
    const { report } = await run([createChange('a@example.com'), bindingCreate('Staff'), ssoCreate()], { idp, target, people: [{ userName: 'a@example.com', staff: true }] }, {
      onEvent: (e) => e.type === 'change-started' && order.push(e.change.address),
    });
    expect(order).toEqual([`${APP}/sso`, `${APP}/binding/Staff`, `${APP}/user/a@example.com`]);
    expect(applyStatus(report, false)).toBe('converged');
  });

  it('skips the bindings of an SSO application that failed, and nothing else', async () => {
    const idp = new FakeIdp();
    idp.fail = (step) => (step.op === 'idp.app.create' ? providerError('rejected', 400, 'bad label') : undefined);
    const { report } = await run([ssoCreate(), bindingCreate('Staff'), createChange('a@example.com')], { idp, people: [{ userName: 'a@example.com', staff: true }] });
    expect(kinds(report)).toEqual({
      [`${APP}/sso`]: 'failed',
      [`${APP}/binding/Staff`]: 'skipped:dependency',
      [`${APP}/user/a@example.com`]: 'done',
    });
    expect(applyStatus(report, false)).toBe('failed');
  });

  it('stops creates when the target has no licence left, says so once, and keeps every other change', async () => {
    const old = account('old@example.com');
    const target = new FakeTarget([old]);
    let created = 0;
    target.fail = (step) => (step.op === 'scim.create' && ++created > 2 ? providerError('licence-exhausted', 403, 'License limit has been reached.') : undefined);
    const creates = ['a', 'b', 'c', 'd'].map((n) => createChange(`${n}@example.com`));
    const { report, events } = await run([...creates, accountChange(old, 'deactivate', { active: false })], { target });
    expect(events.filter((e) => e.type === 'licence-exhausted')).toHaveLength(1);
    expect(kinds(report)).toEqual({
      [`${APP}/user/old@example.com`]: 'done',
      [`${APP}/user/a@example.com`]: 'done',
      [`${APP}/user/b@example.com`]: 'done',
      [`${APP}/user/c@example.com`]: 'failed',
      [`${APP}/user/d@example.com`]: 'skipped:licence',
    });
    expect(report.licenceExhausted).toEqual([APP]);
  });

  it('deactivates an account again when its delete fails after the reactivation', async () => {
    const leaver = account('leaver@example.com', {}, 'inactive');
    const target = new FakeTarget([leaver]);
    target.fail = (step) => (step.op === 'scim.delete' ? providerError('unavailable', 503) : undefined);
    const { report, journal } = await run([accountChange(leaver, 'delete')], { target });
    const outcome = outcomeOf(report, `${APP}/user/leaver@example.com`);
    expect(outcome).toMatchObject({ kind: 'failed', compensation: { done: true } });
    expect(target.accounts.get(leaver.id)?.state).toBe('inactive');
    expect(journal.filter((e) => e.event_type !== 'user_lookup_provision').map((e) => [e.event_type, e.outcome])).toEqual([
      ['user_update_provision', 'success'],
      ['user_delete_provision', 'failure'],
      ['user_deprovision', 'success'],
    ]);
  });

  it('does not make a change whose account changed since the plan, and makes the others', async () => {
    const moved = account('moved@example.com', { 'name.familyName': 'Old' });
    const kept = account('kept@example.com', { 'name.familyName': 'Old' });
    const target = new FakeTarget([moved, kept]);
    const changes = [accountChange(moved, 'update', { 'name.familyName': 'New' }), accountChange(kept, 'update', { 'name.familyName': 'New' })];
    target.accounts.set(moved.id, { ...moved, attributes: { ...moved.attributes, 'name.familyName': 'Someone else' } });
    const { report, journal } = await run(changes, { target });
    expect(kinds(report)).toEqual({ [`${APP}/user/moved@example.com`]: 'skipped:stale', [`${APP}/user/kept@example.com`]: 'done' });
    expect(target.accounts.get(moved.id)?.attributes['name.familyName']).toBe('Someone else');
    expect(journal.find((e) => e.address === `${APP}/user/moved@example.com`)).toMatchObject({ event_type: 'user_lookup_provision', precondition: 'stale' });
    expect(applyStatus(report, false)).toBe('failed');
    expect(applyStatus(report, true)).toBe('converged');
  });

  it('recognises a change already made, and a create already made, and sends nothing for them', async () => {
    const done = account('done@example.com', { 'name.familyName': 'New' });
    const made = account('made@example.com');
    const target = new FakeTarget([done, made]);
    const update = accountChange({ ...done, attributes: { ...done.attributes, 'name.familyName': 'Old' } }, 'update', { 'name.familyName': 'New' });
    const { report } = await run([update, createChange('made@example.com')], { target });
    expect(report.outcomes.map((o) => o.kind === 'done' && o.alreadyApplied)).toEqual([true, true]);
    expect(target.executed).toEqual([]);
  });

  it('never creates over an account that is not Roster’s', async () => {
    const target = new FakeTarget([{ ...account('taken@example.com'), externalId: 'someone-else' }]);
    const { report } = await run([createChange('taken@example.com')], { target });
    expect(report.outcomes[0]).toMatchObject({ kind: 'skipped', cause: 'stale', why: expect.stringContaining('exists now') });
    expect(target.executed).toEqual([]);
  });

  it('fails a change whose account cannot be read again, and sends nothing for it', async () => {
    const clerk = account('clerk@example.com');
    const target = new FakeTarget([clerk]);
    target.readAccountDetails = async () => {
      throw providerError('unavailable', 503, 'try later');
    };
    const { report, journal } = await run([accountChange(clerk, 'update', { title: 'Manager' })], { target });
    expect(report.outcomes[0]).toMatchObject({ kind: 'failed', failure: { failureClass: 'unavailable', status: 503 } });
    expect(target.executed).toEqual([]);
    expect(journal).toEqual([expect.objectContaining({ event_type: 'user_lookup_provision', outcome: 'failure', error: expect.objectContaining({ status: 503 }) })]);
  });

  it('keeps at most `parallelism` changes in flight per target', async () => {
    const target = new FakeTarget();
    target.delayMs = 15;
    await run(
      Array.from({ length: 9 }, (_, i) => createChange(`u${i}@example.com`)),
      { target },
      { parallelism: 3 },
    );
    expect(target.executed).toHaveLength(9);
    expect(target.maxInFlight).toBe(3);
  });

  it('starts no change that cannot finish within the time budget, nor any after it', async () => {
    let clock = 0;
    const target = new FakeTarget();
    const slow = target.execute.bind(target);
    target.execute = async (step) => {
      clock += 10_000;
      return slow(step);
    };
    const changes = ['a', 'b', 'c', 'd'].map((n) => createChange(`${n}@example.com`));
    const { report, events } = await run(changes, { target }, { now: () => clock, deadline: 25_000 });
    // The first takes 10 s; the second is expected to take as long and ends at 20 s; a third would end at 30 s.
    expect(report.outcomes.map((o) => (o.kind === 'skipped' ? o.cause : o.kind))).toEqual(['done', 'done', 'budget', 'budget']);
    expect(events.filter((e) => e.type === 'budget-reached')).toHaveLength(1);
    expect(applyStatus(report, false)).toBe('budget');
  });

  it('lets the changes in flight finish when interrupted, and starts no other', async () => {
    const controller = new AbortController();
    const changes = ['a', 'b', 'c'].map((n) => createChange(`${n}@example.com`));
    const { report } = await run(changes, {}, { signal: controller.signal, onEvent: (e) => e.type === 'change-finished' && controller.abort() });
    expect(report.outcomes.map((o) => (o.kind === 'skipped' ? o.cause : o.kind))).toEqual(['done', 'interrupted', 'interrupted']);
    expect(report.unverified).toMatch(/interrupted/);
  });

  it('journals each action with its Directory Insights name, target, outcome, attempts and error', async () => {
    const target = new FakeTarget();
    target.fail = (step) => (step.op === 'scim.create' && step.userName.startsWith('bad') ? providerError('invalid-value', 400, 'Parameter [x] value is invalid.') : undefined);
    const { journal } = await run([createChange('good@example.com'), createChange('bad@example.com')], { target });
    expect(journal.filter((e) => e.event_type === 'user_create_provision')).toEqual([
      expect.objectContaining({
        target: { userName: 'bad@example.com' },
        outcome: 'failure',
        attempts: 1,
        error: expect.objectContaining({ status: 400, detail: 'Parameter [x] value is invalid.', failureClass: 'invalid-value' }),
      }),
      expect.objectContaining({ app: APP, target: { id: 'new-1', userName: 'good@example.com' }, outcome: 'success', attempts: 1, fields: ['active', 'externalId', 'userName'] }),
    ]);
  });

  it('reports an attribute the target did not keep as non-convergence, with its values', async () => {
    const clerk = account('clerk@example.com', { title: 'Clerk' });
    const target = new FakeTarget([clerk]);
    target.drops.add('title');
    const { report } = await run([accountChange(clerk, 'update', { title: 'Manager' })], { target, people: [{ userName: 'clerk@example.com', title: 'Manager', staff: true }] });
    expect(report.nonConverged).toEqual([{ address: `${APP}/user/clerk@example.com`, action: 'update', fields: [{ path: 'title', before: 'Clerk', after: 'Manager' }] }]);
    expect(applyStatus(report, false)).toBe('failed');
  });

  it('finds nothing to report when every change landed', async () => {
    const clerk = account('clerk@example.com', { title: 'Clerk' });
    const target = new FakeTarget([clerk]);
    const { report } = await run([accountChange(clerk, 'update', { title: 'Manager' })], { target, people: [{ userName: 'clerk@example.com', title: 'Manager', staff: true }] });
    expect(report.nonConverged).toEqual([]);
    expect(applyStatus(report, false)).toBe('converged');
  });
});

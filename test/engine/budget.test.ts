/** Durations, the cost of a change, the pace model and the budget's admission rule. */
import { describe, expect, it } from 'vitest';
import type { TransportEvent } from '../../src/core/ports.js';
import { changeCost, parseDuration, TimeBudget, type ChangeCost } from '../../src/engine/budget.js';
import { PaceTracker } from '../../src/engine/pace.js';
import { account, accountChange, APP, CAPABILITIES, createChange, ssoCreate } from './fakes.js';

const target = { system: 'fake', capabilities: CAPABILITIES };

describe('parseDuration', () => {
  it.each([
    ['50m', 3_000_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['1500ms', 1500],
    ['0.5s', 500],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '50', 'm', '5 minutes', '0s', '1h 30m', '-5m'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('changeCost', () => {
  it('counts the precondition read and one write per step', () => {
    expect(changeCost(createChange('a@example.com'), 'idp', target).requests).toEqual([
      { system: 'fake', group: 'light', count: 1 },
      { system: 'fake', group: 'heavy', count: 1 },
    ]);
    expect(changeCost(accountChange(account('b@example.com', {}, 'inactive'), 'delete'), 'idp', target).requests[1]).toEqual({ system: 'fake', group: 'heavy', count: 2 });
  });

  it('adds the read of GET-merge-PUT where the target has no PATCH', () => {
    const change = accountChange(account('b@example.com'), 'update', { title: 'x' });
    expect(changeCost(change, 'idp', { ...target, capabilities: { ...CAPABILITIES, patch: false } }).requests[0]).toEqual({ system: 'fake', group: 'light', count: 2 });
  });

  it('counts IdP changes against the IdP even when the application is provisioned', () => {
    expect(changeCost(ssoCreate(), 'idp', target).requests).toEqual([{ system: 'idp', group: 'api', count: 2 }]);
  });
});

describe('PaceTracker', () => {
  const event = (e: Partial<TransportEvent>): TransportEvent => ({ kind: 'request', system: 'fake', group: 'heavy', method: 'POST', path: '/Users', ms: 5, ...e });

  it('sends at once while the window has room, then a window’s worth each time the window slides', () => {
    let now = 0;
    const pace = new PaceTracker(() => now);
    pace.declare('fake', 'heavy', 10);
    expect(pace.queueMs('fake', 'heavy', 0, 10)).toBe(0);
    expect(pace.queueMs('fake', 'heavy', 9, 2)).toBe(60_000);
    expect(pace.queueMs('fake', 'heavy', 0, 25)).toBe(120_000);
    pace.observe(event({ limit: 10, windowMs: 3000 }));
    now = 1000;
    // One answered at 0 holds its slot until 3000; the other nine are free.
    expect(pace.queueMs('fake', 'heavy', 0, 9)).toBe(0);
    expect(pace.queueMs('fake', 'heavy', 0, 10)).toBe(2000);
    expect(pace.queueMs('fake', 'heavy', 9, 2)).toBe(3000);
    now = 3001;
    expect(pace.queueMs('fake', 'heavy', 9, 2)).toBe(3000);
  });

  it('adds the wait pacing announced', () => {
    const now = 1000;
    const pace = new PaceTracker(() => now);
    pace.observe(event({ kind: 'wait', ms: 4000, reason: 'penalty', limit: 10, windowMs: 60_000 }));
    expect(pace.queueMs('fake', 'heavy', 0, 1)).toBe(4000);
  });

  it('takes a group without a known limit as unpaced', () => {
    expect(new PaceTracker(() => 0).queueMs('idp', 'api', 100, 5)).toBe(0);
  });
});

describe('TimeBudget', () => {
  const cost: ChangeCost = { app: APP, requests: [{ system: 'fake', group: 'heavy', count: 1 }], verification: [{ system: 'fake', group: 'light', count: 1 }] };

  it('starts changes while they fit, counting those in flight ahead of them and the reads kept for the check', () => {
    const pace = new PaceTracker(() => 0);
    pace.declare('fake', 'heavy', 1); // one a minute: the second request waits 60 s
    pace.declare('fake', 'light', 60); // one a second
    const budget = new TimeBudget(pace, () => 0, 61_000, []);
    expect(budget.tryStart(cost)).toBe(true);
    // The second write goes one interval (60 s) after the first: it fits; a third would need 120 s.
    expect(budget.tryStart(cost)).toBe(true);
    expect(budget.tryStart(cost)).toBe(false);
    budget.finish(cost);
    expect(budget.estimateMs(cost)).toBe(60_000);
  });

  it('always starts changes without a deadline', () => {
    const pace = new PaceTracker(() => 0);
    pace.declare('fake', 'heavy', 1);
    const budget = new TimeBudget(pace, () => 0, undefined, []);
    for (let i = 0; i < 5; i++) expect(budget.tryStart(cost)).toBe(true);
  });

  it('estimates the time left from the changes not started, at the current pace', () => {
    const pace = new PaceTracker(() => 0);
    pace.declare('fake', 'heavy', 10);
    const planned = Array.from({ length: 25 }, () => ({ ...cost }));
    const budget = new TimeBudget(pace, () => 0, undefined, planned);
    // 25 writes at 10 a minute: 10 at once, 10 a minute later, the last 5 a minute after that.
    expect(budget.etaMs(1)).toBe(120_000);
    budget.drop(planned[0]!);
    expect(budget.tryStart(planned[1]!)).toBe(true);
    expect(budget.pendingChanges).toBe(23);
    expect(budget.etaMs(1)).toBe(120_000);
    for (const cost of planned.slice(2, 6)) budget.drop(cost);
    expect(budget.etaMs(1)).toBe(60_000);
  });
});

/**
 * The pacer on a virtual clock: what it admits, when, and why it holds requests back.
 */
import { describe, expect, it } from 'vitest';
import { GroupPacer, PaceAbandoned, PacerRegistry, type PaceWait } from '../../../src/providers/http/pacer.js';
import { virtualClock } from '../support.js';

const headers = (limit: number, remaining: number, windowMs = 60_000) => ({ rateLimit: { limit, remaining, windowMs } });

/** Admits a request and reports whether it was admitted before the next microtasks ran out. */
async function admittedAtOnce(pacer: GroupPacer, waits: PaceWait[] = []) {
  let admitted = false;
  const ticket = pacer.admit((w) => waits.push(w)).then((t) => ((admitted = true), t));
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return { admitted, ticket };
}

describe('GroupPacer', () => {
  it('sends one request alone before the first answer of a documented group, then uses the headers', async () => {
    const clock = virtualClock();
    const pacer = new GroupPacer(clock, 50);
    const first = await pacer.admit(() => {});
    const second = await admittedAtOnce(pacer);
    expect(second.admitted).toBe(false);
    pacer.settle(first, headers(50, 49));
    await second.ticket;
    expect(clock.sleeps).toEqual([]);
  });

  it('admits no more than Remaining allows, and waits one window after the answer that spent the last', async () => {
    const clock = virtualClock();
    const pacer = new GroupPacer(clock, 10);
    const waits: PaceWait[] = [];
    for (let remaining = 9; remaining >= 7; remaining--) {
      const ticket = await pacer.admit((w) => waits.push(w));
      pacer.settle(ticket, headers(10, remaining));
    }
    // Another client spent 7 more (Remaining 0 after our third): the next request must wait.
    const ticket = await pacer.admit((w) => waits.push(w));
    pacer.settle(ticket, headers(10, 0));
    const start = clock.now();
    await pacer.admit((w) => waits.push(w));
    expect(waits).toEqual([{ ms: 60_000, reason: 'rate-limit' }]);
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });

  it('frees room as its own answers age out of the sliding window', async () => {
    const clock = virtualClock();
    const pacer = new GroupPacer(clock, 2);
    const a = await pacer.admit(() => {});
    pacer.settle(a, headers(2, 1, 1000));
    await clock.sleep(400);
    const b = await pacer.admit(() => {});
    pacer.settle(b, headers(2, 0, 1000));
    const waits: PaceWait[] = [];
    await pacer.admit((w) => waits.push(w));
    // The first answer leaves the window 1000 ms after it came, 600 ms from now.
    expect(waits[0]?.ms).toBe(600);
  });

  it('holds the whole group for the penalty after a 429', async () => {
    const clock = virtualClock();
    const pacer = new GroupPacer(clock);
    const ticket = await pacer.admit(() => {});
    pacer.settle(ticket, { penaltyMs: 1500 });
    const waits: PaceWait[] = [];
    await pacer.admit((w) => waits.push(w));
    expect(waits[0]).toEqual({ ms: 1500, reason: 'penalty' });
  });

  it('goes unpaced when answers carry no headers, and keeps the documented limit after a 429 without them', async () => {
    const clock = virtualClock();
    const pacer = new GroupPacer(clock, 2);
    const first = await pacer.admit(() => {});
    pacer.settle(first);
    for (let i = 0; i < 5; i++) pacer.settle(await pacer.admit(() => {}));
    expect(clock.sleeps).toEqual([]);

    pacer.settle(await pacer.admit(() => {}), { penaltyMs: 30_000 });
    const waits: PaceWait[] = [];
    pacer.settle(await pacer.admit((w) => waits.push(w)));
    pacer.settle(await pacer.admit((w) => waits.push(w)));
    await pacer.admit((w) => waits.push(w));
    // After the penalty, 2 per minute: the refused request is counted too, to be safe.
    expect(waits.map((w) => w.reason)).toEqual(['penalty', 'rate-limit', 'rate-limit']);
  });

  it('admits in arrival order', async () => {
    const clock = virtualClock();
    const pacer = new GroupPacer(clock, 1);
    const order: number[] = [];
    const first = await pacer.admit(() => {});
    const queued = [1, 2, 3].map((n) => pacer.admit(() => {}).then((t) => (order.push(n), pacer.settle(t, headers(1, 0, 100)))));
    pacer.settle(first, headers(1, 0, 100));
    await Promise.all(queued);
    expect(order).toEqual([1, 2, 3]);
  });

  it('gives up a request that must wait for room once the run is stopped, and holds up no later one', async () => {
    const clock = virtualClock();
    const pacer = new GroupPacer(clock, 1);
    pacer.settle(await pacer.admit(() => {}), headers(1, 0));
    const stop = new AbortController();
    stop.abort();
    await expect(pacer.admit(() => {}, stop.signal)).rejects.toBeInstanceOf(PaceAbandoned);
    const start = clock.now();
    await pacer.admit(() => {});
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });
});

describe('PacerRegistry memory', () => {
  it('a run that starts right after another waits for the room the other spent, instead of sending at once', async () => {
    const clock = virtualClock();
    const before = new PacerRegistry(clock);
    const spent = before.pacerFor('origin budget', 'heavy', 10);
    for (let remaining = 9; remaining >= 0; remaining--) spent.settle(await spent.admit(() => {}), headers(10, remaining));
    const memory = JSON.parse(JSON.stringify(before.remember()));
    expect(memory).toHaveLength(1);
    expect(memory[0]).toMatchObject({ budget: 'origin budget', group: 'heavy', limit: 10, windowMs: 60_000 });

    const after = new PacerRegistry(clock);
    after.recall(memory);
    const waits: PaceWait[] = [];
    const start = clock.now();
    await after.pacerFor('origin budget', 'heavy', 10).admit((w) => waits.push(w));
    expect(waits.map((w) => w.reason)).toEqual(['rate-limit']);
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });

  it('without memory the first request goes at once, and an expired memory holds nothing', async () => {
    const clock = virtualClock();
    const fresh = new PacerRegistry(clock);
    expect((await admittedAtOnce(fresh.pacerFor('b', 'heavy', 10))).admitted).toBe(true);
    const old = new PacerRegistry(clock);
    old.recall([{ budget: 'b', group: 'heavy', limit: 10, windowMs: 60_000, sentAt: Array.from({ length: 10 }, () => clock.now() - 61_000) }]);
    expect((await admittedAtOnce(old.pacerFor('b', 'heavy', 10))).admitted).toBe(true);
  });
});

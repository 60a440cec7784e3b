/**
 * Apply's progress as it reads on a terminal and in CI: counts without the plan's own skips, the
 * plan's estimate in the header, the ETA and the elapsed time, the changes in flight beyond those
 * shown, repeated waits and the time budget's leftovers said once, and the blocked changes named
 * in the summary.
 */
import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action, type Change } from '../../src/core/change.js';
import type { ApplyEvent, ApplyReport, ChangeOutcome, Progress } from '../../src/engine/events.js';
import { createApplyLines } from '../../src/render/apply-lines.js';
import { renderApplySummary } from '../../src/render/apply-summary.js';
import { INITIAL_VIEW, reduceApplyView, type ApplyViewState } from '../../src/render/apply-view-state.js';
import { ApplyView } from '../../src/render/apply-view.js';
import { wrapText } from '../../src/render/wrap.js';
import { createChange } from '../engine/fakes.js';

const counts = (values: Partial<Record<Action, number>>): Record<Action, number> => Object.fromEntries(ACTIONS.map((a) => [a, values[a] ?? 0])) as Record<Action, number>;

const blockedChange: Change = {
  ...createChange('ethan@example.com'),
  action: 'skip',
  blockedAction: 'create',
  steps: [],
  problems: [{ severity: 'error', code: 'target.address-without-country', message: 'the work address has no country', hint: "set the country of this user's work address in the IdP" }],
};
const blocked: ChangeOutcome = { kind: 'skipped', change: blockedChange, cause: 'planned', why: 'the work address has no country' };

/** 30 changes to make, one more blocked by the plan. */
const at = (done: number, extra: Partial<Progress> = {}): Progress => ({
  changes: 31,
  done: counts({ create: done }),
  total: counts({ create: 30 }),
  failed: 0,
  skipped: 1,
  planned: 1,
  ...extra,
});

const fold = (events: readonly ApplyEvent[], now: number, state: ApplyViewState = INITIAL_VIEW) => events.reduce((s, e) => reduceApplyView(s, e, now), state);

describe('the CI lines of an apply', () => {
  it('count the changes to make, start with the plan’s estimate in its words, and leave blocked changes uncounted', () => {
    const lines = createApplyLines();
    const out = [
      lines({ type: 'apply-started', progress: at(0, { skipped: 0, planned: 0 }), estimate: { requests: 32, minimumSeconds: 156 } }),
      lines({ type: 'change-finished', outcome: blocked, progress: at(0) }),
      lines({ type: 'change-finished', outcome: { kind: 'done', change: createChange('a@example.com'), results: [], ms: 1 }, progress: at(1) }),
    ];
    expect(out.join('\n')).toMatchInlineSnapshot(`
      "Applying 30 changes: 32 requests, at least 2m 36s at the rate limits; 1 blocked by a problem in the plan, not counted.
              skipped   create      phones/user/ethan@example.com: the work address has no country
      [ 1/30] done      create      phones/user/a@example.com"
    `);
  });

  it('say a repeated wait once until something else is printed', () => {
    const lines = createApplyLines();
    const wait: ApplyEvent = { type: 'rate-limit-wait', system: 'ringcentral', group: 'heavy', ms: 60_000, reason: 'rate-limit' };
    const out = [
      lines(wait),
      lines({ ...wait, ms: 59_000 }),
      lines(wait),
      lines({ type: 'change-finished', outcome: { kind: 'done', change: createChange('a@example.com'), results: [], ms: 1 }, progress: at(1) }),
      lines(wait),
      lines(wait),
    ].filter((l) => l !== undefined);
    expect(out).toEqual([
      'waiting 1m for ringcentral heavy requests: the rate-limit window is full',
      '[ 1/30] done      create      phones/user/a@example.com',
      'waiting 1m for ringcentral heavy requests: the rate-limit window is full',
    ]);
  });

  it('count the changes the time budget left in one line per run, with counts per action', () => {
    const lines = createApplyLines();
    const out: (string | undefined)[] = [lines({ type: 'budget-reached', remaining: 60 })];
    for (let i = 0; i < 60; i += 1) {
      const change = i < 55 ? createChange(`u${i}@example.com`) : { ...createChange(`u${i}@example.com`), action: 'update' as const };
      out.push(lines({ type: 'change-finished', outcome: { kind: 'skipped', change, cause: 'budget', why: 'not started: it could not finish within the time budget' }, progress: at(10, { total: counts({ create: 70 }), skipped: 1 + i + 1 }) }));
    }
    out.push(lines({ type: 'verifying', objects: 10 }));
    expect(out.filter((l) => l !== undefined).join('\n')).toMatchInlineSnapshot(`
      "Time budget reached: 60 changes are not started.
      [70/70] not done  60 changes (55 create, 5 update): not started, they could not finish within the time budget; the journal lists them
      Reading back 10 changed objects to check that they match the configuration…"
    `);
  });
});

describe('the live view', () => {
  const running = Array.from({ length: 10 }, (_, i) => createChange(`w${i}@example.com`));
  const started = fold(
    [{ type: 'apply-started', progress: at(0, { skipped: 0, planned: 0, etaMs: 100_000 }) }, { type: 'change-finished', outcome: blocked, progress: at(0, { etaMs: 100_000 }) }, ...running.map((change): ApplyEvent => ({ type: 'change-started', change }))],
    0,
  );

  it('counts without the plan’s skips, shows the elapsed time, the ETA in seconds under 2 minutes, and the workers beyond those shown', () => {
    expect(renderToString(<ApplyView state={started} now={30_000} color={false} />, { columns: 100 })).toMatchInlineSnapshot(`
      "Applying 0/30 changes  ·  elapsed 30s  ·  ETA 70s
        create      0/30
        … phones/user/w0@example.com
        … phones/user/w1@example.com
        … phones/user/w2@example.com
        … phones/user/w3@example.com
        … +6 more
        skipped   create      phones/user/ethan@example.com: the work address has no country"
    `);
  });

  it('counts the ETA down between events, in minutes and seconds above 2 minutes', () => {
    const long = fold([{ type: 'apply-started', progress: at(0, { skipped: 0, planned: 0, etaMs: 300_000 }) }], 0);
    expect(renderToString(<ApplyView state={long} now={0} color={false} />)).toContain('ETA 5m');
    expect(renderToString(<ApplyView state={long} now={1_000} color={false} />)).toContain('ETA 4m 59s');
    expect(renderToString(<ApplyView state={long} now={181_000} color={false} />)).toContain('ETA 119s');
  });

  it('keeps an ETA while work remains, in the last window too', () => {
    const last = fold(
      [
        { type: 'change-finished', outcome: { kind: 'done', change: createChange('a@example.com'), results: [], ms: 1 }, progress: at(29, { etaMs: 0 }) },
        { type: 'rate-limit-wait', system: 'ringcentral', group: 'heavy', ms: 42_000, reason: 'rate-limit' },
      ],
      40_000,
      started,
    );
    expect(renderToString(<ApplyView state={last} now={41_000} color={false} />)).toContain('ETA 41s');
    expect(renderToString(<ApplyView state={last} now={90_000} color={false} />)).toContain('ETA 1s');
    const finished = fold([{ type: 'change-finished', outcome: { kind: 'done', change: createChange('b@example.com'), results: [], ms: 1 }, progress: at(30, { etaMs: 0 }) }], 95_000, last);
    expect(renderToString(<ApplyView state={finished} now={95_000} color={false} />)).not.toContain('ETA');
  });
});

describe('the summary', () => {
  it('names every change blocked by a problem in the plan, with its fix', () => {
    const report: ApplyReport = {
      outcomes: [blocked, { kind: 'done', change: createChange('a@example.com'), results: [], ms: 1 }],
      nonConverged: [],
      licenceExhausted: [],
      budgetReached: false,
      elapsedMs: 3_000,
    };
    expect(renderApplySummary(report, { allowPartial: false })).toMatchInlineSnapshot(`
      "Apply finished in 3s: 1 change done (1 create), 1 blocked by a problem in the plan.

      Blocked by a problem in the plan, so not attempted:
        phones/user/ethan@example.com (create): the work address has no country
          fix: set the country of this user's work address in the IdP
      "
    `);
  });
});

describe('wrapping for a terminal', () => {
  it('breaks at word boundaries and hangs continuation lines under the list marker', () => {
    const text = '       - login policy: choose "Allow users to log in with SSO or RingCentral credential" and save';
    const wrapped = wrapText(text, 40);
    expect(wrapped).toBe(['       - login policy: choose "Allow', '         users to log in with SSO or', '         RingCentral credential" and', '         save'].join('\n'));
    for (const row of wrapped.split('\n')) expect(row.length).toBeLessThanOrEqual(40);
    expect(wrapText('short', 40)).toBe('short');
  });
});

/**
 * Apply's outputs: the CI lines, the summary with reasons and fixes, the refusals, and the live
 * view's state and frame.
 */
import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../src/core/change.js';
import type { ApplyEvent, ApplyReport, ChangeOutcome, Progress } from '../../src/engine/events.js';
import { applyLine } from '../../src/render/apply-lines.js';
import { renderSafetyRefusal, renderStaleRefusal } from '../../src/render/apply-refusal.js';
import { renderApplySummary } from '../../src/render/apply-summary.js';
import { INITIAL_VIEW, reduceApplyView } from '../../src/render/apply-view-state.js';
import { ApplyView } from '../../src/render/apply-view.js';
import { account, accountChange, bindingCreate, createChange, ssoCreate } from '../engine/fakes.js';

const counts = (values: Partial<Record<Action, number>>): Record<Action, number> => Object.fromEntries(ACTIONS.map((a) => [a, values[a] ?? 0])) as Record<Action, number>;
const progress: Progress = { changes: 9, done: counts({ create: 2, update: 1 }), total: counts({ create: 6, update: 2, deactivate: 1 }), failed: 1, skipped: 2, etaMs: 95_000 };

const clerk = account('clerk@example.com', { title: 'Clerk' });
const outcomes: ChangeOutcome[] = [
  { kind: 'done', change: createChange('a@example.com'), results: [{ id: '1', attempts: 1 }], ms: 5 },
  { kind: 'done', change: createChange('b@example.com'), results: [{ id: '2', attempts: 3 }], ms: 5 },
  { kind: 'done', change: accountChange(clerk, 'update', { title: 'Manager' }), results: [], alreadyApplied: true, ms: 1 },
  { kind: 'failed', change: ssoCreate(), failure: { message: 'idp: POST /api/applications → 400: bad label', failureClass: 'rejected', status: 400 }, results: [], ms: 3 },
  { kind: 'skipped', change: bindingCreate('Staff'), cause: 'dependency', why: 'phones/sso was not applied' },
  {
    kind: 'failed',
    change: createChange('c@example.com'),
    failure: { message: 'fake: POST /Users → 403: License limit has been reached.', failureClass: 'licence-exhausted', detail: 'License limit has been reached.', hint: 'add a licence, then run apply again' },
    results: [],
    ms: 2,
  },
  { kind: 'skipped', change: createChange('d@example.com'), cause: 'licence', why: 'phones has no free licence left' },
  { kind: 'skipped', change: accountChange(account('moved@example.com'), 'deactivate', { active: false }), cause: 'stale', why: 'the account changed since the plan was made' },
  { kind: 'skipped', change: createChange('e@example.com'), cause: 'budget', why: 'not started: it could not finish within the time budget' },
];
const report: ApplyReport = {
  outcomes,
  nonConverged: [{ address: 'phones/user/clerk@example.com', action: 'update', fields: [{ path: 'title', before: 'Clerk', after: 'Manager' }] }],
  licenceExhausted: ['phones'],
  budgetReached: true,
  elapsedMs: 61_000,
};

describe('the apply summary', () => {
  it('says what was done, and for everything else why and what to do', () => {
    expect(renderApplySummary(report, { journalPath: '/ci/.roster/journal/run.jsonl', allowPartial: false })).toMatchInlineSnapshot(`
      "Apply finished in 1m 1s: 2 changes done (2 create), 1 already applied, 2 failed, 3 not done, 1 stale.

      Failed:
        phones/sso (create): idp: POST /api/applications → 400: bad label
          fix: the system refused the request as sent (see the detail): correct the configuration or the directory, then run apply again

      phones has no free licence left: 2 creates were not made.
        phones/user/c@example.com: refused (License limit has been reached.)
        phones/user/d@example.com: not attempted
          fix: add a licence, then run apply again

      Not done because a change they depend on was not applied:
        phones/binding/Staff: phones/sso was not applied

      Stale — changed since the plan was made, so not changed:
        phones/user/moved@example.com: the account changed since the plan was made
          fix: run roster plan again to see what the change is now

      Not converged — still different after the change (a mapping or a normaliser does not match what the target stores):
        phones/user/clerk@example.com (update again):
          title: "Clerk" → "Manager"

      Time budget reached: 1 change was not started (1 create). Run apply again to continue from live state; nothing done is repeated.

      Journal: /ci/.roster/journal/run.jsonl
      "
    `);
  });
});

describe('the CI lines', () => {
  it('prints one line per change with a counter, each stop once, and only long waits', () => {
    const events: ApplyEvent[] = [
      { type: 'apply-started', progress, budgetMs: 3_000_000 },
      { type: 'change-started', change: outcomes[0]!.change },
      ...outcomes.map((outcome): ApplyEvent => ({ type: 'change-finished', outcome, progress })),
      { type: 'licence-exhausted', app: 'phones', failure: { message: 'x', detail: 'License limit has been reached.' } },
      { type: 'rate-limit-wait', system: 'ringcentral', group: 'heavy', ms: 2000, reason: 'rate-limit' },
      { type: 'rate-limit-wait', system: 'ringcentral', group: 'heavy', ms: 54_000, reason: 'penalty' },
      { type: 'budget-reached', remaining: 1 },
      { type: 'verifying', objects: 3 },
      { type: 'apply-finished', report },
    ];
    expect(events.map(applyLine).filter((l) => l !== undefined).join('\n')).toMatchInlineSnapshot(`
      "Applying 9 changes: time budget 50m.
      [6/9] done      create      phones/user/a@example.com
      [6/9] done      create      phones/user/b@example.com (3 requests)
      [6/9] done      update      phones/user/clerk@example.com (already applied: nothing sent)
      [6/9] FAILED    create      phones/sso: idp: POST /api/applications → 400: bad label
      [6/9] not done  create      phones/binding/Staff: phones/sso was not applied
      [6/9] FAILED    create      phones/user/c@example.com: fake: POST /Users → 403: License limit has been reached.
      [6/9] not done  create      phones/user/d@example.com: phones has no free licence left
      [6/9] stale     deactivate  phones/user/moved@example.com: the account changed since the plan was made
      [6/9] not done  create      phones/user/e@example.com: not started: it could not finish within the time budget
      phones: no free licence left (License limit has been reached.): no further creates in this run; updates and deprovisions go on.
      waiting 54s for ringcentral heavy requests: a penalty after a 429 runs
      Time budget reached: 1 change is not started.
      Reading back 3 changed objects to check that they match the configuration…"
    `);
  });
});

describe('the refusals', () => {
  it('name the numbers, the addresses and the flag', () => {
    const addresses = Array.from({ length: 12 }, (_, i) => `phones/user/u${i}@example.com`);
    expect(
      renderSafetyRefusal([
        { app: 'phones', kind: 'deprovision', message: 'phones: 12 deprovisions are over the limit of 5 (10% of 48 managed accounts, raised to the minimum of 5): acknowledge with --allow deprovision:phones', allow: '--allow deprovision:phones', addresses },
      ]),
    ).toMatchInlineSnapshot(`
      "Apply refused: the plan breaks 1 safety rule that must be acknowledged. Nothing was changed.
        phones: 12 deprovisions are over the limit of 5 (10% of 48 managed accounts, raised to the minimum of 5): acknowledge with --allow deprovision:phones
            phones/user/u0@example.com, phones/user/u1@example.com, phones/user/u2@example.com, phones/user/u3@example.com, phones/user/u4@example.com, phones/user/u5@example.com, phones/user/u6@example.com, phones/user/u7@example.com, phones/user/u8@example.com, phones/user/u9@example.com and 2 more
      Review the changes above; to apply them, run apply again with: --allow deprovision:phones
      "
    `);
    expect(renderStaleRefusal([{ change: outcomes[7]!.change, why: 'the account changed since the plan was made' }], '2025-01-01T00:00:00.000Z')).toMatchInlineSnapshot(`
      "Apply refused: 1 change of the saved plan (made 2025-01-01T00:00:00.000Z) is stale — its object changed since, or Roster would not make it now. Nothing was changed.
        phones/user/moved@example.com (deactivate): the account changed since the plan was made
      Run roster plan again and review the new plan, or apply the rest of this one with --allow-partial.
      "
    `);
  });
});

describe('the live view', () => {
  it('shows progress per action, the wait and its reason, what is in flight and the failures', () => {
    let state = INITIAL_VIEW;
    const events: ApplyEvent[] = [
      { type: 'apply-started', progress, budgetMs: 3_000_000 },
      { type: 'change-started', change: createChange('f@example.com') },
      { type: 'change-finished', outcome: outcomes[3]!, progress },
      { type: 'rate-limit-wait', system: 'ringcentral', group: 'heavy', ms: 42_000, reason: 'rate-limit' },
      { type: 'licence-exhausted', app: 'phones', failure: { message: 'x' } },
    ];
    for (const event of events) state = reduceApplyView(state, event, 1_000);
    expect(state.running).toEqual(['phones/user/f@example.com']);
    expect(state.failureCount).toBe(1);
    expect(renderToString(<ApplyView state={state} now={2_000} />, { columns: 100 })).toMatchInlineSnapshot(`
      "Applying 6/9 changes  ·  elapsed 1s  ·  ETA 94s  ·  budget 50m
        create      2/6
        update      1/2
        deactivate  0/1
        waiting 41s for ringcentral heavy requests: the rate-limit window is full
        … phones/user/f@example.com
        1 failed:
          FAILED    create      phones/sso: idp: POST /api/applications → 400: bad label
        phones: no free licence left — no further creates in this run; updates and deprovisions go on
        FAILED    create      phones/sso: idp: POST /api/applications → 400: bad label"
    `);
  });
});

describe('a create whose answer was lost', () => {
  const found: ChangeOutcome = { kind: 'done', change: createChange('late@example.com'), results: [{ id: '7', attempts: 1, lookedUp: true }], ms: 5 };
  const notFound: ChangeOutcome = {
    kind: 'failed',
    change: createChange('gone@example.com'),
    failure: {
      message: "fake: POST /Users: the create's answer was lost and the account was not found; run apply again (looked up by userName and externalId 5 s after the connection closed)",
      failureClass: 'timeout',
      hint: 'nothing was sent again; if the create landed late, the next plan finds the account and does not make it twice',
    },
    results: [],
    ms: 5,
  };
  const lostProgress: Progress = { changes: 2, done: counts({ create: 1 }), total: counts({ create: 2 }), failed: 1, skipped: 0 };

  it('says on the CI line whether the look-up found the account', () => {
    expect(applyLine({ type: 'change-finished', outcome: found, progress: lostProgress } as ApplyEvent)).toBe('[2/2] done      create      phones/user/late@example.com (answer lost; found by look-up)');
    expect(applyLine({ type: 'change-finished', outcome: notFound, progress: lostProgress } as ApplyEvent)).toContain("FAILED    create      phones/user/gone@example.com: fake: POST /Users: the create's answer was lost and the account was not found; run apply again");
  });

  it('lists them in the summary: found by look-up, or failed as not found', () => {
    const summary = renderApplySummary({ outcomes: [found, notFound], nonConverged: [], licenceExhausted: [], budgetReached: false, elapsedMs: 9_000 }, { allowPartial: false });
    expect(summary).toContain('Answers lost — found by look-up, not sent again:\n  phones/user/late@example.com (create): answer lost; found by look-up\n');
    expect(summary).toContain("phones/user/gone@example.com (create): fake: POST /Users: the create's answer was lost and the account was not found; run apply again");
    expect(summary).toContain('fix: nothing was sent again; if the create landed late, the next plan finds the account and does not make it twice');
  });
});

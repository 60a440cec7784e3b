/**
 * Counting an apply's outcomes for the progress events: done per action against the plan's
 * totals, failures and skips, and the time left as the budget's pace model estimates it.
 */
import { ACTIONS, type Action } from '../core/change.js';
import type { Plan } from '../core/plan.js';
import type { ChangeOutcome, Progress } from './events.js';

const zeroCounts = (): Record<Action, number> => Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>;

export class ProgressCount {
  private readonly total = zeroCounts();
  private readonly done = zeroCounts();
  private failed = 0;
  private skipped = 0;
  private planned = 0;

  constructor(
    private readonly plan: Pick<Plan, 'changes'>,
    /** The estimated time left for what has not started yet. */
    private readonly etaMs: () => number,
  ) {
    for (const change of plan.changes) if (change.action !== 'skip') this.total[change.action] += 1;
  }

  count(outcome: ChangeOutcome): void {
    if (outcome.kind === 'done') this.done[outcome.change.action] += 1;
    else if (outcome.kind === 'failed') this.failed += 1;
    else {
      this.skipped += 1;
      if (outcome.cause === 'planned') this.planned += 1;
    }
  }

  snapshot(): Progress {
    return { changes: this.plan.changes.length, done: { ...this.done }, total: this.total, failed: this.failed, skipped: this.skipped, planned: this.planned, etaMs: this.etaMs() };
  }
}

/**
 * How an apply ended, for the exit code (docs/apply.md "Command line"): converged (0), failed (1), or stopped by
 * its time budget with work left (4).
 */
import type { ApplyReport } from './events.js';

export type ApplyStatus = 'converged' | 'failed' | 'budget';

/**
 * Work left by the time budget comes first: running again continues it, and retries what failed.
 * Stale changes left out with `--allow-partial` were allowed; any other stale change, failure,
 * change not made, non-convergence or unverified change is a failure.
 */
export function applyStatus(report: ApplyReport, allowPartial: boolean): ApplyStatus {
  if (report.budgetReached && report.outcomes.some((o) => o.kind === 'skipped' && o.cause === 'budget')) return 'budget';
  const unfinished = report.outcomes.some(
    (o) => o.kind === 'failed' || (o.kind === 'skipped' && o.cause !== 'planned' && (o.cause !== 'stale' || !allowPartial)),
  );
  return unfinished || report.nonConverged.length > 0 || report.unverified !== undefined ? 'failed' : 'converged';
}

/**
 * Apply's progress where the output is not a terminal (CI logs): one plain line per change as it
 * ends, each stop said once, and long rate-limit waits, so that a quiet log never looks stuck.
 * Counts leave out the plan's own skips (blocked by a problem): `[n/total]` counts the changes
 * apply makes, as the header and the summary do.
 */
import { ACTIONS, type Action } from '../core/change.js';
import type { ApplyEvent, ChangeOutcome, Progress, StartEstimate } from '../engine/events.js';
import { printable } from './printable.js';
import { formatDuration, plural } from './words.js';

/** Waits shorter than this are routine pacing and not worth a line. */
const REPORTED_WAIT_MS = 10_000;

const COLUMN = 11;

/** Why pacing holds requests back, in words (the HTTP layer's reasons). */
export function waitReason(reason: string): string {
  return reason === 'rate-limit' ? 'the rate-limit window is full' : reason === 'penalty' ? 'a penalty after a 429 runs' : reason;
}

export function seconds(ms: number): string {
  return formatDuration(Math.max(0, Math.ceil(ms / 1000)));
}

/** Changes to make: the plan's skips left out. */
export function changesToMake(progress: Progress): number {
  return Object.values(progress.total).reduce((a, b) => a + b, 0);
}

/** Changes to make that have ended (done, failed, or not done), the plan's skips left out. */
export function changesEnded(progress: Progress): number {
  return Object.values(progress.done).reduce((a, b) => a + b, 0) + progress.failed + progress.skipped - (progress.planned ?? 0);
}

/** `[ 7/30]`: padded to the total's width, so that the columns after it line up. */
function counter(progress: Progress): string {
  const total = String(changesToMake(progress));
  return `[${String(changesEnded(progress)).padStart(total.length)}/${total}]`;
}

/** The plan's estimate in the plan's words: `32 requests, at least 2m 36s at the rate limits`. */
export function estimateWords(estimate: StartEstimate): string {
  return `${plural(estimate.requests, 'request')}${estimate.minimumSeconds > 0 ? `, at least ${formatDuration(estimate.minimumSeconds)} at the rate limits` : ''}`;
}

/** `12 create, 3 update`, in the order of the actions. */
export function countsOfActions(actions: Iterable<Action>): string {
  const counts = new Map<Action, number>();
  for (const a of actions) counts.set(a, (counts.get(a) ?? 0) + 1);
  return ACTIONS.filter((a) => counts.has(a))
    .map((a) => `${counts.get(a)} ${a}`)
    .join(', ');
}

/** One printable line (printable.ts): a failure quoting a vendor's answer cannot add lines or drive the terminal. */
export function outcomeLine(outcome: ChangeOutcome): string {
  return printable(outcomeText(outcome));
}

function outcomeText(outcome: ChangeOutcome): string {
  const { change } = outcome;
  const head = (word: string) => `${word.padEnd(9)} ${(change.blockedAction ?? change.action).padEnd(COLUMN)} ${change.address}`;
  switch (outcome.kind) {
    case 'done': {
      const attempts = outcome.results.reduce((sum, r) => sum + r.attempts, 0);
      const notes = [
        ...(outcome.results.some((r) => r.lookedUp) ? ['answer lost; found by look-up'] : []),
        ...(!outcome.alreadyApplied && attempts > outcome.results.length ? [plural(attempts, 'request')] : []),
      ];
      const note = outcome.alreadyApplied ? ' (already applied: nothing sent)' : notes.length > 0 ? ` (${notes.join('; ')})` : '';
      return `${head('done')}${note}`;
    }
    case 'failed': {
      const undo = outcome.compensation ? `; ${outcome.compensation.message}` : '';
      return `${head('FAILED')}: ${outcome.failure.message}${undo}`;
    }
    case 'skipped':
      return `${head(outcome.cause === 'planned' ? 'skipped' : outcome.cause === 'stale' ? 'stale' : 'not done')}: ${outcome.why}`;
  }
}

/** The line an event prints, if any. */
export function applyLine(event: ApplyEvent): string | undefined {
  switch (event.type) {
    case 'apply-started': {
      const blocked = event.progress.changes - changesToMake(event.progress);
      const parts = [
        ...(event.estimate ? [estimateWords(event.estimate)] : []),
        ...(blocked > 0 ? [`${blocked} blocked by a problem in the plan, not counted`] : []),
        ...(event.budgetMs !== undefined ? [`time budget ${seconds(event.budgetMs)}`] : []),
      ];
      return `Applying ${plural(changesToMake(event.progress), 'change')}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}.`;
    }
    case 'change-started':
      return undefined;
    case 'change-finished':
      // The plan's own skips are not among the changes counted: blanks where the counter goes.
      return event.outcome.kind === 'skipped' && event.outcome.cause === 'planned'
        ? `${' '.repeat(counter(event.progress).length)} ${outcomeLine(event.outcome)}`
        : `${counter(event.progress)} ${outcomeLine(event.outcome)}`;
    case 'licence-exhausted':
      return printable(`${event.app}: no free licence left (${event.failure.detail ?? event.failure.message}): no further creates in this run; updates and deprovisions go on.`);
    case 'rate-limit-wait':
      return event.ms >= REPORTED_WAIT_MS ? printable(`waiting ${seconds(event.ms)} for ${event.system} ${event.group} requests: ${waitReason(event.reason)}`) : undefined;
    case 'budget-reached':
      return `Time budget reached: ${plural(event.remaining, 'change is', 'changes are')} not started.`;
    case 'verifying':
      return `Reading back ${plural(event.objects, 'changed object')} to check that they match the configuration…`;
    case 'apply-finished':
      return undefined;
  }
}

/**
 * The CI lines of one apply, with what a single event cannot know: a wait is printed once until
 * another line is, and the changes the time budget left are one line with counts per action
 * (their addresses are in the journal's end line), printed before the read-back or the end.
 */
export function createApplyLines(): (event: ApplyEvent) => string | undefined {
  let lastWait: string | undefined;
  const notStarted: Action[] = [];
  let atBudget: Progress | undefined;
  const flush = (): string[] => {
    if (notStarted.length === 0 || !atBudget) return [];
    const line = `${counter(atBudget)} ${'not done'.padEnd(9)} ${plural(notStarted.length, 'change')} (${countsOfActions(notStarted)}): not started, they could not finish within the time budget; the journal lists them`;
    notStarted.length = 0;
    return [line];
  };
  return (event) => {
    if (event.type === 'change-finished' && event.outcome.kind === 'skipped' && event.outcome.cause === 'budget') {
      notStarted.push(event.outcome.change.blockedAction ?? event.outcome.change.action);
      atBudget = event.progress;
      return undefined;
    }
    if (event.type === 'change-finished' && atBudget) atBudget = event.progress;
    const before = event.type === 'verifying' || event.type === 'apply-finished' ? flush() : [];
    let line = applyLine(event);
    if (event.type === 'rate-limit-wait' && line !== undefined) {
      const key = `${event.system} ${event.group} ${event.reason}`;
      if (key === lastWait) line = undefined;
      else lastWait = key;
    } else if (line !== undefined || before.length > 0) lastWait = undefined;
    const lines = [...before, ...(line !== undefined ? [line] : [])];
    return lines.length > 0 ? lines.join('\n') : undefined;
  };
}

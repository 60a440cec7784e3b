/**
 * Apply's progress where the output is not a terminal (CI logs): one plain line per change as it
 * ends, each stop said once, and long rate-limit waits, so that a quiet log never looks stuck.
 */
import type { ApplyEvent, ChangeOutcome, Progress } from '../engine/events.js';
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

function counter(progress: Progress): string {
  const finished = Object.values(progress.done).reduce((a, b) => a + b, 0) + progress.failed + progress.skipped;
  return `[${finished}/${progress.changes}]`;
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
      const changes = Object.values(event.progress.total).reduce((a, b) => a + b, 0);
      const eta = event.progress.etaMs ? `; about ${seconds(event.progress.etaMs)} at the rate limits` : '';
      const budget = event.budgetMs !== undefined ? `; time budget ${seconds(event.budgetMs)}` : '';
      return `Applying ${plural(changes, 'change')}${eta}${budget}.`;
    }
    case 'change-started':
      return undefined;
    case 'change-finished':
      return `${counter(event.progress)} ${outcomeLine(event.outcome)}`;
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

/**
 * The end of an apply, for terminals and CI alike: what was done, and for everything that was
 * not — failures, licence stops, changes blocked by a problem in the plan, stale changes, changes
 * left by the time budget, objects that still differ after the change — each named, with the
 * reason and the fix (the time budget's are counted per action; the journal lists them). Ends with where the journal is.
 */
import { ACTIONS, type Action } from '../core/change.js';
import type { ManualStep } from '../core/manual-steps.js';
import type { ApplyReport, ChangeOutcome, FailureReport } from '../engine/events.js';
import { seconds } from './apply-lines.js';
import { printable } from './printable.js';
import { formatField, plural } from './words.js';

export interface SummaryOptions {
  readonly journalPath?: string;
  /** Stale changes were allowed to be left out. */
  readonly allowPartial: boolean;
  /** The plan's manual steps: those of the changes applied are printed last. */
  readonly manualSteps?: readonly ManualStep[];
}

/** The fix for a failure the provider gave no hint for, by its class. */
const FIXES: Readonly<Record<string, string>> = {
  'licence-exhausted': 'free a licence in the application (an unassigned extension with a digital line on RingCentral) or buy one, then run apply again',
  duplicate: 'another account holds this userName or email: remove it, or let Roster adopt it (run plan again to see)',
  'invalid-value': 'correct the value in the IdP (the detail names it), then run apply again',
  pending: 'the account waits for its owner to activate it; the change is planned again after that',
  unauthorized: 'check the credentials in the environment',
  forbidden: 'give the credentials the missing permission (see the detail)',
  'not-found': 'the object was removed meanwhile: run plan again',
  rejected: 'the system refused the request as sent (see the detail): correct the configuration or the directory, then run apply again',
  'rate-limited': 'a rate limit held longer than the retries allowed: run apply again',
  unavailable: 'the service was unavailable longer than the retries allowed: run apply again',
  timeout: 'no answer in time: run apply again (a create whose answer was lost is found by lookup, never made twice)',
  network: 'the service could not be reached: check the URL and the network, then run apply again',
};
const DEFAULT_FIX = 'run apply again; if it fails the same way, run it with --debug and report the output';

function fixFor(failure: FailureReport): string {
  return failure.hint ?? (failure.failureClass !== undefined ? FIXES[failure.failureClass] : undefined) ?? DEFAULT_FIX;
}

function countsByAction(outcomes: readonly ChangeOutcome[]): string {
  const counts = new Map<Action, number>();
  for (const o of outcomes) counts.set(o.change.action, (counts.get(o.change.action) ?? 0) + 1);
  return ACTIONS.filter((a) => counts.has(a))
    .map((a) => `${counts.get(a)} ${a}`)
    .join(', ');
}

const skippedBy = (report: ApplyReport, cause: Extract<ChangeOutcome, { kind: 'skipped' }>['cause']) =>
  report.outcomes.filter((o): o is Extract<ChangeOutcome, { kind: 'skipped' }> => o.kind === 'skipped' && o.cause === cause);

export function renderApplySummary(report: ApplyReport, options: SummaryOptions): string {
  const done = report.outcomes.filter((o) => o.kind === 'done');
  const failed = report.outcomes.filter((o): o is Extract<ChangeOutcome, { kind: 'failed' }> => o.kind === 'failed');
  // Creates refused for want of a licence are told with the licence stop, once per application.
  const refusedForLicence = (o: ChangeOutcome) => o.kind === 'failed' && o.failure.failureClass === 'licence-exhausted' && report.licenceExhausted.includes(o.change.app);
  const licence = skippedBy(report, 'licence');
  const dependency = skippedBy(report, 'dependency');
  const stale = skippedBy(report, 'stale');
  const budget = skippedBy(report, 'budget');
  const planned = skippedBy(report, 'planned');
  const interrupted = skippedBy(report, 'interrupted');

  // Saved-plan changes found already made: this run sent nothing for them, so they are not counted as done.
  const sent = done.filter((o) => !o.alreadyApplied);
  const alreadyApplied = done.length - sent.length;
  const head =
    sent.length === 0 && alreadyApplied > 0
      ? [`${plural(alreadyApplied, 'change')} already applied (nothing sent)`]
      : [`${plural(sent.length, 'change')} done${sent.length > 0 ? ` (${countsByAction(sent)})` : ''}`, ...(alreadyApplied > 0 ? [`${alreadyApplied} already applied`] : [])];
  if (failed.length > 0) head.push(`${failed.length} failed`);
  const notDone = licence.length + dependency.length + budget.length + interrupted.length;
  if (notDone > 0) head.push(`${notDone} not done`);
  if (stale.length > 0) head.push(`${stale.length} stale`);
  if (planned.length > 0) head.push(`${planned.length} blocked by a problem in the plan`);
  const lines = [`Apply finished in ${seconds(report.elapsedMs)}: ${head.join(', ')}.`];

  // A write whose answer was lost and whose object a look-up then found: told, since nothing else shows it.
  const foundByLookup = done.filter((o) => o.results.some((r) => r.lookedUp));
  if (foundByLookup.length > 0) {
    lines.push('', 'Answers lost — found by look-up, not sent again:');
    for (const { change } of foundByLookup) lines.push(`  ${change.address} (${change.action}): answer lost; found by look-up`);
  }

  const otherFailures = failed.filter((o) => !refusedForLicence(o));
  if (otherFailures.length > 0) {
    lines.push('', 'Failed:');
    for (const { change, failure, compensation } of otherFailures) {
      lines.push(`  ${change.address} (${change.action}): ${failure.message}`);
      if (compensation) lines.push(`    ${compensation.message}`);
      lines.push(`    fix: ${fixFor(failure)}`);
    }
  }
  for (const app of report.licenceExhausted) {
    const refused = failed.filter((o) => o.change.app === app && refusedForLicence(o));
    const held = licence.filter((o) => o.change.app === app);
    lines.push('', `${app} has no free licence left: ${plural(refused.length + held.length, 'create was', 'creates were')} not made.`);
    for (const o of refused) lines.push(`  ${o.change.address}: refused (${o.failure.detail ?? o.failure.message})`);
    for (const o of held) lines.push(`  ${o.change.address}: not attempted`);
    lines.push(`    fix: ${refused[0] ? fixFor(refused[0].failure) : FIXES['licence-exhausted']}`);
  }
  if (planned.length > 0) {
    lines.push('', 'Blocked by a problem in the plan, so not attempted:');
    for (const o of planned) {
      lines.push(`  ${o.change.address} (${o.change.blockedAction ?? o.change.action}): ${o.why}`);
      const hint = o.change.problems.find((p) => p.hint)?.hint;
      if (hint) lines.push(`    fix: ${hint}`);
    }
  }
  if (dependency.length > 0) {
    lines.push('', 'Not done because a change they depend on was not applied:');
    for (const o of dependency) lines.push(`  ${o.change.address}: ${o.why}`);
  }
  if (stale.length > 0) {
    lines.push('', `Stale — changed since the plan was made, so not changed${options.allowPartial ? ' (left out with --allow-partial)' : ''}:`);
    for (const o of stale) lines.push(`  ${o.change.address}: ${o.why}`);
    lines.push('    fix: run roster plan again to see what the change is now');
  }
  const movedOn = report.nonConverged.filter((n) => n.changedSincePlan);
  const nonConverged = report.nonConverged.filter((n) => !n.changedSincePlan);
  if (movedOn.length > 0) {
    lines.push('', 'Not converged — the saved plan’s change is in place, but the directory or the systems changed after the plan was made, and the configuration now asks for more:');
    for (const n of movedOn) {
      lines.push(`  ${n.address} (${n.action} now):`);
      for (const field of n.fields) lines.push(`    ${formatField(field)}`);
    }
    lines.push('    fix: run roster plan again and apply the new plan');
  }
  if (nonConverged.length > 0) {
    lines.push('', 'Not converged — still different after the change (a mapping or a normaliser does not match what the target stores):');
    for (const n of nonConverged) {
      lines.push(`  ${n.address} (${n.action} again):`);
      for (const field of n.fields) lines.push(`    ${formatField(field)}`);
    }
  }
  if (report.unverified) lines.push('', `Not verified: ${report.unverified}; run roster plan to check.`);
  if (budget.length > 0) {
    lines.push('', `Time budget reached: ${plural(budget.length, 'change was', 'changes were')} not started (${countsByAction(budget)}). Run apply again to continue from live state; nothing done is repeated.`);
  }
  if (interrupted.length > 0) {
    lines.push('', `Interrupted: ${plural(interrupted.length, 'change was', 'changes were')} not started. Run apply again to continue from live state.`);
  }
  // The application's side of SSO has no API: what the applied changes require there comes last.
  const applied = new Set(done.map((o) => o.change.address));
  const manual = (options.manualSteps ?? []).filter((step) => applied.has(step.address));
  if (manual.length > 0) {
    lines.push('', 'Manual steps — do these now in the application’s admin portal:');
    manual.forEach((step, i) => {
      lines.push(`  ${i + 1}. ${step.app}: ${step.title}`);
      for (const instruction of step.instructions) lines.push(`       - ${instruction}`);
    });
  }
  if (options.journalPath) lines.push('', `Journal: ${options.journalPath}`);
  // Failure messages quote the vendors' answers: each entry is one printable line (printable.ts).
  return `${lines.map(printable).join('\n')}\n`;
}

/**
 * The plain-text plan: grouped per application, attribute-level before → after, and the summary
 * line reviewers look for. Used in CI logs and wherever the output is not a terminal.
 */
import { ACTIONS, type Action, type Change, type FieldDiff } from '../core/change.js';
import type { AttributeValue } from '../core/model.js';
import { hasChanges, type Plan } from '../core/plan.js';
import { formatDiagnostic } from './diagnostics.js';

const SYMBOLS: Record<Action, string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  adopt: '>',
  deactivate: '-',
  reactivate: '^',
  delete: 'x',
  skip: '!',
};

const SUMMARY_WORDS: Record<Action, string> = {
  create: 'to create',
  update: 'to update',
  replace: 'to replace',
  adopt: 'to adopt',
  deactivate: 'to deactivate',
  reactivate: 'to reactivate',
  delete: 'to delete',
  skip: 'to skip',
};

export function formatValue(value: AttributeValue | undefined): string {
  return value === undefined ? '(none)' : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function formatField(field: FieldDiff): string {
  if (field.before === undefined) return `${field.path}: ${formatValue(field.after)}`;
  if (field.after === undefined) return `${field.path}: ${formatValue(field.before)} → (removed)`;
  return `${field.path}: ${formatValue(field.before)} → ${formatValue(field.after)}`;
}

export function summaryLine(plan: Pick<Plan, 'summary' | 'changes'>): string {
  const skipped = plan.summary.skip;
  if (!hasChanges(plan)) {
    return skipped === 0
      ? 'No changes. The applications match the configuration.'
      : `No changes to apply; ${skipped} change${skipped === 1 ? ' is' : 's are'} blocked by a problem (see above).`;
  }
  const parts = ACTIONS.filter((a) => plan.summary[a] > 0).map((a) => `${plan.summary[a]} ${SUMMARY_WORDS[a]}`);
  return `Plan: ${parts.join(', ')}.`;
}

function formatChange(change: Change): string[] {
  const action = change.action === 'skip' && change.blockedAction ? `skip (${change.blockedAction})` : change.action;
  const lines = [`  ${SYMBOLS[change.action].padEnd(3)} ${action.padEnd(10)} ${change.address}  — ${change.reason.message}`];
  for (const field of change.fields) lines.push(`        ${formatField(field)}`);
  for (const problem of change.problems) {
    lines.push(`        ${problem.severity}: ${problem.message}`);
    if (problem.hint) lines.push(`        hint: ${problem.hint}`);
  }
  return lines;
}

export function renderText(plan: Plan): string {
  const lines: string[] = [];
  const apps = [...new Set(plan.changes.map((c) => c.app))];
  for (const app of apps) {
    lines.push(app);
    for (const change of plan.changes.filter((c) => c.app === app)) lines.push(...formatChange(change));
    lines.push('');
  }
  for (const unmanaged of plan.unmanaged) {
    lines.push(`${unmanaged.app}: ${unmanaged.count} unmanaged account${unmanaged.count === 1 ? '' : 's'} left untouched (not linked to an IdP user).`);
  }
  if (plan.activationEmails > 0) lines.push(`${plan.activationEmails} new user${plan.activationEmails === 1 ? '' : 's'} will receive an activation email.`);
  for (const entry of plan.estimate.entries.filter((e) => e.requestsPerMinute)) {
    lines.push(`${entry.system} ${entry.group}: ${entry.requests} request${entry.requests === 1 ? '' : 's'} at ${entry.requestsPerMinute}/min ≥ ${formatDuration(entry.minimumSeconds)}.`);
  }
  for (const diagnostic of plan.diagnostics) lines.push(formatDiagnostic(diagnostic));
  lines.push(summaryLine(plan));
  return `${lines.join('\n')}\n`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${seconds % 60 ? ` ${seconds % 60}s` : ''}`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

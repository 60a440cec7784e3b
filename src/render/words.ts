/**
 * The vocabulary every plan output shares: action symbols and words, values, durations, counts.
 * One place, so that text, terminal and markdown say the same thing the same way.
 */
import { ACTIONS, type Action, type Change, type FieldDiff } from '../core/change.js';
import type { AttributeValue } from '../core/model.js';
import { hasChanges, type Plan } from '../core/plan.js';
import { isRename } from '../core/safety.js';

export const SYMBOLS: Record<Action, string> = {
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

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

function formatValue(value: AttributeValue | undefined): string {
  return value === undefined ? '(none)' : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** `path: before → after`, `path: value` for an added value, `path: before → (removed)`. */
export function formatField(field: FieldDiff): string {
  if (field.before === undefined) return `${field.path}: ${formatValue(field.after)}`;
  if (field.after === undefined) return `${field.path}: ${formatValue(field.before)} → (removed)`;
  return `${field.path}: ${formatValue(field.before)} → ${formatValue(field.after)}`;
}

/** The action as reviewers read it: a skip names what it blocked. */
export function actionLabel(change: Change): string {
  return change.action === 'skip' && change.blockedAction ? `skip (${change.blockedAction})` : change.action;
}

/** `Plan: 12 to create, 3 to update, 2 to deactivate, 1 to skip.` */
/** What a partial plan (`--app`) leaves out, said wherever its summary is. */
export function partialNote(plan: Pick<Plan, 'partial'>): string {
  const apps = plan.partial?.applications;
  return apps ? ` Partial plan: only ${apps.join(', ')} (--app); other applications were not read or planned.` : '';
}

export function summaryLine(plan: Pick<Plan, 'summary' | 'changes' | 'partial'>): string {
  return `${changesLine(plan)}${partialNote(plan)}`;
}

function changesLine(plan: Pick<Plan, 'summary' | 'changes'>): string {
  const skipped = plan.summary.skip;
  if (!hasChanges(plan)) {
    return skipped === 0
      ? 'No changes. The applications match the configuration.'
      : `No changes to apply; ${plural(skipped, 'change is', 'changes are')} blocked by a problem.`;
  }
  const parts = ACTIONS.filter((a) => plan.summary[a] > 0).map((a) => `${plan.summary[a]} ${SUMMARY_WORDS[a]}`);
  // A rename is an update, but the one a reviewer must not miss: it changes what the user signs in with.
  const renames = plan.changes.filter(isRename).length;
  const renamed = renames > 0 ? `; ${plural(renames, 'account gets', 'accounts get')} a new userName` : '';
  return `Plan: ${parts.join(', ')}${renamed}.`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${seconds % 60 ? ` ${seconds % 60}s` : ''}`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

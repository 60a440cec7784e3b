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

/** What a partial plan (`--app`) leaves out, said wherever its summary is. */
export function partialNote(plan: Pick<Plan, 'partial'>): string {
  const apps = plan.partial?.applications;
  return apps ? ` Partial plan: only ${apps.join(', ')} (--app); other applications were not read or planned.` : '';
}

/** `Plan: 12 to create, 3 to update, 2 to deactivate, 1 to skip.` */
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

/** `+12 −3`: the members a group change adds and removes. */
export function membersCount(members: NonNullable<Change['members']>): string {
  return `+${members.added.length} −${members.removed.length}`;
}

/**
 * One application's group changes in a line: `wiki: 2 groups to create, 1 to update; 35
 * memberships added, 3 removed`. Memberships count what apply sends: a skipped change adds none.
 * Undefined when the application has no group change.
 */
export function groupsLine(app: string, changes: readonly Change[]): string | undefined {
  const groups = changes.filter((c) => c.app === app && c.kind === 'scim_group');
  if (groups.length === 0) return undefined;
  const counts = ACTIONS.map((a) => [a, groups.filter((c) => c.action === a).length] as const).filter(([, n]) => n > 0);
  const actions = counts.map(([a, n], i) => (i === 0 ? `${plural(n, 'group')} ${SUMMARY_WORDS[a]}` : `${n} ${SUMMARY_WORDS[a]}`));
  const applied = groups.filter((c) => c.action !== 'skip');
  const added = applied.reduce((sum, c) => sum + (c.members?.added.length ?? 0), 0);
  const removed = applied.reduce((sum, c) => sum + (c.members?.removed.length ?? 0), 0);
  const memberships = added + removed > 0 ? `; ${plural(added, 'membership')} added, ${removed} removed` : '';
  return `${app}: ${actions.join(', ')}${memberships}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${seconds % 60 ? ` ${seconds % 60}s` : ''}`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/**
 * The text plan as styled lines: the same document is printed plain in CI and with colours on a
 * terminal (ink). Layout, grouped per application:
 *
 *   ringcentral
 *     +   create     ringcentral/user/alice@example.com  — member of Sales
 *           userName: "alice@example.com"
 *     ~   update     ringcentral/user/bob@example.com  — the account differs from what the mapping yields
 *           urn:…:department: "Sales" → "Support"
 *     +   create     ringcentral/group/Sales  — IdP group Sales is provisioned to ringcentral
 *           displayName: "Sales"
 *           members: +12 −0
 *             + alice@example.com
 *             … and 2 more
 *     1 gains access, 0 lose access. 48 managed accounts; 1 unmanaged account left untouched.
 *     ringcentral: 1 group to create; 12 memberships added, 0 removed.
 *
 * A group change lists at most MEMBERS_SHOWN added and as many removed userNames; the JSON plan
 * holds them all.
 *
 *   Safety, Manual steps, Activation emails, Estimate, Diagnostics, then the summary line.
 */
import type { Action, Change } from '../core/change.js';
import type { Plan } from '../core/plan.js';
import { formatDiagnostic } from './diagnostics.js';
import { printable } from './printable.js';
import { appViews, foldNames, type AppView } from './plan-view.js';
import { actionLabel, formatDuration, formatField, groupsLine, membersCount, plural, summaryLine, SYMBOLS } from './words.js';
import type { EstimatePhase } from '../core/plan.js';

export type Tone = 'heading' | 'add' | 'change' | 'remove' | 'adopt' | 'skip' | 'muted' | 'error' | 'warning';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
}

export interface Line {
  readonly indent: number;
  readonly segments: readonly Segment[];
}

export interface DocumentOptions {
  /** List unmanaged accounts by userName, not only count them. */
  readonly showUnmanaged?: boolean;
}

const ACTION_TONES: Record<Action, Tone> = {
  create: 'add',
  reactivate: 'add',
  update: 'change',
  adopt: 'adopt',
  replace: 'remove',
  deactivate: 'remove',
  delete: 'remove',
  skip: 'skip',
};

const line = (indent: number, ...segments: Segment[]): Line => ({ indent, segments });
/** Every segment is printable (printable.ts): directory or target data cannot move the cursor or recolour a log. */
const text = (value: string, tone?: Tone): Segment => (tone ? { text: printable(value), tone } : { text: printable(value) });

/** A unified diff, each line coloured by its sign; the file headers name the document. */
function documentLines(diff: string): Line[] {
  return diff
    .replace(/\n$/, '')
    .split('\n')
    .map((row) => line(8, text(row, row.startsWith('+') && !row.startsWith('+++') ? 'add' : row.startsWith('-') && !row.startsWith('---') ? 'remove' : 'muted')));
}

/** `members: +12 −3`, then the added userNames (green `+`) and the removed (red `-`), each folded. */
function memberLines(members: NonNullable<Change['members']>): Line[] {
  if (members.added.length + members.removed.length === 0) return [];
  const side = (names: readonly string[], sign: string, tone: Tone): Line[] => {
    const { shown, more } = foldNames(names);
    return [...shown.map((name) => line(10, text(`${sign} ${name}`, tone))), ...(more > 0 ? [line(10, text(`… and ${more} more`, 'muted'))] : [])];
  };
  return [line(8, text(`members: ${membersCount(members)}`)), ...side(members.added, '+', 'add'), ...side(members.removed, '-', 'remove')];
}

function changeLines(change: Change): Line[] {
  const tone = ACTION_TONES[change.action];
  const lines = [
    line(2, text(`${SYMBOLS[change.action].padEnd(3)} ${actionLabel(change).padEnd(10)} ${change.address}`, tone), text(`  — ${change.reason.message}`, 'muted')),
  ];
  for (const field of change.fields) lines.push(line(8, text(formatField(field))));
  if (change.members) lines.push(...memberLines(change.members));
  for (const document of change.documents ?? []) lines.push(...documentLines(document.diff));
  for (const problem of change.problems) {
    lines.push(line(8, text(`${problem.severity}: ${problem.message}`, problem.severity === 'error' ? 'error' : 'warning')));
    if (problem.hint) lines.push(line(8, text(`hint: ${problem.hint}`, 'muted')));
  }
  return lines;
}

function accessLine(view: AppView, options: DocumentOptions): Line[] {
  const parts = [`${plural(view.gained.length, 'user gains', 'users gain')} access`, `${plural(view.lost.length, 'user loses', 'users lose')} access`];
  if (view.adopted.length > 0) parts.push(`${plural(view.adopted.length, 'account')} adopted`);
  if (view.renamed.length > 0) parts.push(`${plural(view.renamed.length, 'account')} renamed`);
  const changed = view.gained.length + view.lost.length + view.adopted.length + view.renamed.length > 0;
  const lines = changed ? [line(2, text(`${parts.join(', ')}.`))] : [];
  const summary = view.summary;
  if (summary) {
    const unmanaged = summary.unmanaged.length;
    const listed = options.showUnmanaged && unmanaged > 0 ? `: ${summary.unmanaged.join(', ')}` : unmanaged > 0 ? ' (--show-unmanaged lists them)' : '';
    lines.push(line(2, text(`${plural(summary.managedAccounts, 'managed account')}; ${plural(unmanaged, 'unmanaged account')} left untouched${listed}.`, 'muted')));
  }
  return lines;
}

function phaseLines(title: string, phase: EstimatePhase): Line[] {
  const requests = phase.entries.reduce((sum, e) => sum + e.requests, 0);
  if (requests === 0) return [];
  const at = phase.minimumSeconds > 0 ? `, at least ${formatDuration(phase.minimumSeconds)}` : '';
  const lines = [line(2, text(`${title}: ${plural(requests, 'request')}${at}`))];
  for (const e of phase.entries) {
    const limit = e.requestsPerMinute ? ` at ${e.requestsPerMinute}/min, at least ${formatDuration(e.minimumSeconds)}` : ' (no documented rate limit)';
    lines.push(line(4, text(`${e.system} ${e.group}: ${plural(e.requests, 'request')}${limit}`, 'muted')));
  }
  return lines;
}

export function planDocument(plan: Plan, options: DocumentOptions = {}): Line[] {
  const lines: Line[] = [];
  for (const view of appViews(plan)) {
    lines.push(line(0, text(view.app, 'heading')));
    for (const change of [...view.idp, ...view.groups, ...view.accounts]) lines.push(...changeLines(change));
    const groups = groupsLine(view.app, view.groups);
    lines.push(...accessLine(view, options), ...(groups ? [line(2, text(`${groups}.`))] : []), line(0));
  }
  if (plan.violations.length > 0) {
    lines.push(line(0, text(`Safety: apply refuses ${plan.violations.length === 1 ? 'this' : 'these'} unless acknowledged`, 'error')));
    for (const v of plan.violations) lines.push(line(2, text(`! ${v.message}`, 'error')));
    lines.push(line(0));
  }
  if (plan.manualSteps.length > 0) {
    lines.push(line(0, text('Manual steps', 'heading')));
    plan.manualSteps.forEach((step, i) => {
      lines.push(line(2, text(`${i + 1}. ${step.app}: ${step.title}`)));
      for (const instruction of step.instructions) lines.push(line(6, text(`- ${instruction}`)));
    });
    lines.push(line(0));
  }
  for (const app of plan.applications.filter((a) => a.activationEmails > 0)) {
    lines.push(line(0, text(`${app.app}: ${plural(app.activationEmails, 'new user receives', 'new users receive')} an activation email.`)));
  }
  const estimate = [...phaseLines('Apply', plan.estimate.apply), ...phaseLines('Next plan', plan.estimate.nextPlan)];
  if (estimate.length > 0) lines.push(line(0, text('Estimate', 'heading')), ...estimate);
  for (const diagnostic of plan.diagnostics) {
    const tone: Tone = diagnostic.severity === 'error' ? 'error' : diagnostic.severity === 'warning' ? 'warning' : 'muted';
    for (const part of formatDiagnostic(diagnostic).split('\n')) lines.push(line(0, text(part, tone)));
  }
  lines.push(line(0, text(summaryLine(plan), 'heading')));
  // What a reviewer approves and `apply --expect-digest` checks (plan-digest.ts).
  lines.push(line(0, text(`Plan digest: ${plan.digest}`, 'muted')));
  return lines;
}

/**
 * The plan as a pull-request comment. Summary first (counts per application, a line per application
 * with group changes, then safety violations and skipped changes, which block or need a decision),
 * then per application who gains and who loses access and through which group, adoptions, renames,
 * the target's groups (members folded in `<details>`), the SSO side, and the attribute-level
 * changes folded in `<details>`; then manual steps and the estimate.
 *
 * GitHub refuses comments over 65,536 characters. The comment stays under MARKDOWN_LIMIT: the
 * summary, violations, manual steps and estimate are always shown; lists are cut, least important
 * last (attribute details first), and the comment says how much was cut and that the JSON plan
 * holds everything.
 *
 * A plan with errors is incomplete: it opens with a `[!CAUTION]` banner naming them, before
 * the summary line, so that nobody reviews it as the whole plan.
 *
 * Every piece of text is escaped by construction (markdown-text.ts): a department named `<img>`,
 * `|` or `` `x` `` is shown as it is and cannot change the comment's layout.
 */
import { ACTIONS, type Action, type Change } from '../core/change.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { EstimatePhase, Plan } from '../core/plan.js';
import { diagnosticPlace } from './diagnostics.js';
import { printable } from './printable.js';
import { htmlText, markdownCode, markdownProse, markdownText as escapeText } from './markdown-text.js';
import { appViews, foldNames, type AccessLine, type AppView } from './plan-view.js';
import type { AttributeValue } from '../core/model.js';
import { actionLabel, formatDuration, groupsLine, membersCount, plural, summaryLine, SYMBOLS } from './words.js';

export const MARKDOWN_LIMIT = 60_000;

/** Room kept for the section headers, "not shown" lines and the closing note when lists are cut. */
const SECTION_RESERVE = 400;
const NOTE_RESERVE = 600;

export interface MarkdownOptions {
  /** List unmanaged accounts by userName, not only count them. */
  readonly showUnmanaged?: boolean;
  /** The size limit; MARKDOWN_LIMIT unless a test asks for less. */
  readonly limit?: number;
}

/** A value shown verbatim; in a table cell its pipes are escaped too. */
const code = (value: string) => markdownCode(value);
const cellCode = (value: string) => markdownCode(value, { inTable: true });

/** An attribute value in a table: verbatim, or a dash when absent. */
function cellValue(value: AttributeValue | undefined): string {
  return value === undefined ? '—' : cellCode(String(value));
}

/** Errors first shown at the top of the comment; the rest are under Diagnostics. */
const ERRORS_SHOWN = 3;

/** Where a diagnostic is, as markdown: its file position or address, else its configuration path. */
function place(d: Diagnostic): string {
  const where = diagnosticPlace(d) ?? d.path;
  return where !== undefined ? `${code(where)}: ` : '';
}

function errorLine(d: Diagnostic): string {
  return `> - ${place(d)}${markdownProse(d.message)}`;
}

/** The banner of a plan with errors: it is incomplete, never saved for apply, and says why. */
function errorsBlock(plan: Plan): string {
  const errors = plan.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return '';
  const rest = errors.length - ERRORS_SHOWN;
  return [
    '> [!CAUTION]',
    `> **The plan has ${plural(errors.length, 'error')}: it is incomplete and cannot be applied.** Fix ${errors.length === 1 ? 'it' : 'them'} and plan again.`,
    '>',
    ...errors.slice(0, ERRORS_SHOWN).map(errorLine),
    ...(rest > 0 ? ['>', `> _… and ${rest} more under Diagnostics._`] : []),
    '',
    '',
  ].join('\n');
}

/** A list the budget may shorten: `render(items)` is called with the items that fit. */
interface Section {
  readonly items: readonly string[];
  render(items: readonly string[], omitted: number): string;
}

function more(omitted: number): string {
  return omitted > 0 ? `\n_… and ${omitted} more, in the JSON plan._\n` : '';
}

function table(head: string, rows: readonly string[], omitted: number): string {
  if (rows.length === 0) return omitted === 0 ? '' : `${more(omitted).trim()}\n\n`;
  return `${head}\n${rows.join('\n')}\n${more(omitted)}\n`;
}

function accessSection(title: string, lines: readonly AccessLine[], columns: 'action and cause' | 'through' | 'match' | 'userName'): Section {
  const head = columns === 'action and cause' ? '| user | action | cause |\n|---|---|---|' : `| user | ${columns} |\n|---|---|`;
  return {
    items: lines.map((l) => (columns === 'action and cause' ? `| ${cellCode(l.user)} | ${l.action} | ${escapeText(l.cause)} |` : `| ${cellCode(l.user)} | ${escapeText(l.cause)} |`)),
    render: (rows, omitted) => (lines.length === 0 ? '' : `**${title} (${lines.length})**\n\n${table(head, rows, omitted)}`),
  };
}

function changeHeadline(change: Change): string {
  return `${code(`${SYMBOLS[change.action]} ${actionLabel(change)}`)} ${code(change.address)} — ${escapeText(change.reason.message)}`;
}

/** A unified diff in a fence longer than any run of backticks in it, folded under its document's name. */
function documentBlock(name: string, diff: string): string {
  const longest = Math.max(2, ...(diff.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `  <details><summary>${htmlText(name)}</summary>\n\n  ${fence}diff\n${diff.replace(/\n$/, '').replace(/^/gm, '  ')}\n  ${fence}\n\n  </details>`;
}

function idpSection(view: AppView): Section {
  return {
    items: view.idp.map((c) => {
      const fields = c.fields.map((f) => `  - ${code(f.path)}: ${cellValue(f.before)} → ${cellValue(f.after)}`);
      const documents = (c.documents ?? []).map((d) => documentBlock(d.name, d.diff));
      return [`- ${changeHeadline(c)}`, ...fields, ...documents].join('\n');
    }),
    render: (items, omitted) => (view.idp.length === 0 ? '' : `**SSO application and group bindings**\n\n${items.join('\n')}\n${more(omitted)}\n`),
  };
}

/** Text in a fenced code block: the fence is longer than any run of backticks in it; control characters are shown escaped. */
function fenced(info: string, rows: readonly string[], indent: string): string {
  const body = rows.map(printable);
  const longest = Math.max(2, ...body.flatMap((row) => row.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${info}`, ...body, fence].map((row) => `${indent}${row}`).join('\n');
}

/**
 * A group change's members, folded under `members: +12 −3`: a `diff` block of the added (`+`) and
 * removed (`-`) userNames, at most MEMBERS_SHOWN of each, then how many more the JSON plan holds.
 */
function membersBlock(members: NonNullable<Change['members']>): string {
  if (members.added.length + members.removed.length === 0) return '';
  const side = (names: readonly string[], sign: string) => {
    const { shown, more } = foldNames(names);
    return [...shown.map((name) => `${sign} ${name}`), ...(more > 0 ? [`  … and ${more} more`] : [])];
  };
  const rows = [...side(members.added, '+'), ...side(members.removed, '-')];
  return `  <details><summary>members: ${htmlText(membersCount(members))}</summary>\n\n${fenced('diff', rows, '  ')}\n\n  </details>`;
}

/** The target's groups: each change with its displayName and externalId changes, and its members folded (a skip's problems are under the skips). */
function groupSection(view: AppView): Section {
  return {
    items: view.groups.map((c) => {
      const fields = c.fields.map((f) => `  - ${code(f.path)}: ${cellValue(f.before)} → ${cellValue(f.after)}`);
      const members = c.members ? membersBlock(c.members) : '';
      return [`- ${changeHeadline(c)}`, ...fields, ...(members ? [members] : [])].join('\n');
    }),
    render: (items, omitted) => (view.groups.length === 0 ? '' : `**Groups (${view.groups.length})**\n\n${items.join('\n')}\n${more(omitted)}\n`),
  };
}

function detailSection(view: AppView): Section {
  const attributeFields = (c: Change) => c.fields.filter((f) => f.path !== 'active');
  return {
    items: view.detailed.map((c) => {
      const rows = attributeFields(c).map((f) => `| ${cellCode(f.path)} | ${cellValue(f.before)} | ${cellValue(f.after)} |`);
      return `${changeHeadline(c)}\n\n| attribute | before | after |\n|---|---|---|\n${rows.join('\n')}\n`;
    }),
    render: (items, omitted) =>
      view.detailed.length === 0
        ? ''
        : items.length === 0
          ? `_Attribute changes of ${plural(view.detailed.length, 'account')} are not shown here: they are in the JSON plan._\n\n`
          : `<details><summary>Attribute changes (${plural(view.detailed.length, 'account')})</summary>\n\n${items.join('\n')}${more(omitted)}\n</details>\n\n`,
  };
}

function skipSection(plan: Plan): Section {
  const skips = plan.changes.filter((c) => c.action === 'skip');
  return {
    items: skips.map((c) => {
      const problems = c.problems.map((p) => `${markdownProse(p.message)}${p.hint ? ` — _${markdownProse(p.hint)}_` : ''}`).join('; ');
      return `> - ${code(c.address)} (${c.blockedAction ?? 'skip'}): ${problems}`;
    }),
    render: (items, omitted) =>
      skips.length === 0
        ? ''
        : `> [!WARNING]\n> **${plural(skips.length, 'change is', 'changes are')} skipped**: blocked by a problem, nothing is sent for ${skips.length === 1 ? 'it' : 'them'}.\n>\n${items.join('\n')}\n${omitted > 0 ? `>\n> _… and ${omitted} more, in the JSON plan._\n` : ''}\n`,
  };
}

function diagnosticsSection(plan: Plan): Section {
  return {
    items: plan.diagnostics.map((d) => `- **${d.severity}**: ${place(d)}${markdownProse(d.message)}${d.hint ? ` — _${markdownProse(d.hint)}_` : ''}`),
    render: (items, omitted) => (plan.diagnostics.length === 0 ? '' : `#### Diagnostics\n\n${items.join('\n')}\n${more(omitted)}\n`),
  };
}

function unmanagedSection(plan: Plan, show: boolean): Section {
  const apps = plan.applications.filter((a) => a.unmanaged.length > 0);
  const items = show ? apps.flatMap((a) => a.unmanaged.map((u) => `| ${escapeText(a.app)} | ${cellCode(u)} |`)) : [];
  return {
    items,
    render: (rows, omitted) => {
      if (apps.length === 0) return '';
      const counts = apps.map((a) => `${escapeText(a.app)}: ${plural(a.unmanaged.length, 'unmanaged account')} left untouched (not linked to an IdP user).`).join(' ');
      return show ? `${counts}\n\n${table('| application | account |\n|---|---|', rows, omitted)}` : `${counts}\n\n`;
    },
  };
}

function summaryTable(plan: Plan): string {
  const actions = ACTIONS.filter((a) => plan.summary[a] > 0);
  if (actions.length === 0) return '';
  const apps = [...new Set(plan.changes.map((c) => c.app))];
  const count = (app: string, action: Action) => plan.changes.filter((c) => c.app === app && c.action === action).length;
  const rows = apps.map((app) => `| ${escapeText(app)} | ${actions.map((a) => count(app, a)).join(' | ')} |`);
  return `| application | ${actions.join(' | ')} |\n|---|${actions.map(() => '--:').join('|')}|\n${rows.join('\n')}\n\n`;
}

/** `- wiki: 2 groups to create, 1 to update; 35 memberships added, 3 removed.`, per application with group changes. */
function groupsSummary(plan: Plan): string {
  const apps = [...new Set(plan.changes.filter((c) => c.kind === 'scim_group').map((c) => c.app))];
  const lines = apps.flatMap((app) => {
    const groups = groupsLine(app, plan.changes);
    return groups ? [`- ${escapeText(`${groups}.`)}`] : [];
  });
  return lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
}

function violationsBlock(plan: Plan): string {
  if (plan.violations.length === 0) return '';
  const items = plan.violations.map((v) => `> - **${v.kind}** — ${markdownProse(v.message)}`);
  return `> [!CAUTION]\n> **Safety: apply refuses ${plan.violations.length === 1 ? 'this' : 'these'} unless acknowledged**\n>\n${items.join('\n')}\n\n`;
}

function manualStepsBlock(plan: Plan): string {
  if (plan.manualSteps.length === 0) return '';
  const steps = plan.manualSteps.map(
    (s, i) => `${i + 1}. **${escapeText(s.app)}: ${markdownProse(s.title)}**\n${s.instructions.map((line) => `   - ${markdownProse(line)}`).join('\n')}`,
  );
  return `#### Manual steps\n\n${steps.join('\n')}\n\n`;
}

function estimateRows(title: string, phase: EstimatePhase): string[] {
  return phase.entries.map(
    (e) =>
      `| ${title} | ${escapeText(e.system)} | ${escapeText(e.group)} | ${e.requests} | ${e.requestsPerMinute ? `${e.requestsPerMinute}/min` : 'none documented'} | ${e.requestsPerMinute ? formatDuration(e.minimumSeconds) : '—'} |`,
  );
}

function estimateBlock(plan: Plan): string {
  const rows = [...estimateRows('apply', plan.estimate.apply), ...estimateRows('next plan', plan.estimate.nextPlan)];
  const emails = plan.applications.filter((a) => a.activationEmails > 0).map((a) => `${escapeText(a.app)}: ${plural(a.activationEmails, 'new user receives', 'new users receive')} an activation email.`);
  if (rows.length === 0 && emails.length === 0) return '';
  const total = plan.estimate.apply.minimumSeconds > 0 ? `Apply takes at least **${formatDuration(plan.estimate.apply.minimumSeconds)}** at the documented rate limits.\n\n` : '';
  const body = rows.length > 0 ? `| phase | system | rate-limit group | requests | limit | at least |\n|---|---|---|--:|--:|--:|\n${rows.join('\n')}\n\n` : '';
  return `#### Estimate\n\n${total}${body}${emails.length > 0 ? `${emails.join(' ')}\n\n` : ''}`;
}

/** How many items of each section fit, filling sections in priority order. */
function fit(sections: readonly Section[], priority: readonly number[], budget: number): number[] {
  const kept = sections.map(() => 0);
  let left = budget;
  for (const index of priority) {
    const section = sections[index]!;
    for (const item of section.items) {
      if (item.length + 1 > left) return kept;
      left -= item.length + 1;
      kept[index]! += 1;
    }
  }
  return kept;
}

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const views = appViews(plan);
  const head = `${errorsBlock(plan)}### Roster plan\n\n**${escapeText(summaryLine(plan))}**\n\n${summaryTable(plan)}${groupsSummary(plan)}${violationsBlock(plan)}`;
  const tail = `${manualStepsBlock(plan)}${estimateBlock(plan)}`;
  const footer = `<sub>Roster plan format ${plan.formatVersion} · configuration ${code(plan.configDigest)} · plan digest ${code(plan.digest)} · ${escapeText(plan.createdAt)}</sub>\n`;

  // Display order: skips, then per application (access lost, gained, adopted, renamed, groups, SSO, details), then diagnostics, unmanaged.
  const sections: Section[] = [skipSection(plan)];
  const appSections = views.map((view) => {
    const start = sections.length;
    sections.push(
      accessSection('Access lost', view.lost, 'action and cause'),
      accessSection('Access gained', view.gained, 'through'),
      accessSection('Adopted', view.adopted, 'match'),
      accessSection('Renamed', view.renamed, 'userName'),
      groupSection(view),
      idpSection(view),
      detailSection(view),
    );
    return { view, start };
  });
  const diagnostics = sections.push(diagnosticsSection(plan)) - 1;
  const unmanaged = sections.push(unmanagedSection(plan, options.showUnmanaged ?? false)) - 1;
  // Cut order, most important kept first: skips, access lost, gained, adopted, renamed, groups, SSO, diagnostics, unmanaged, details.
  const priority = [0, ...[0, 1, 2, 3, 4, 5].flatMap((offset) => appSections.map((a) => a.start + offset)), diagnostics, unmanaged, ...appSections.map((a) => a.start + 6)];
  const budget = limit - head.length - tail.length - footer.length - NOTE_RESERVE - SECTION_RESERVE * sections.length;
  const kept = fit(sections, priority, Math.max(0, budget));
  const rendered = sections.map((s, i) => s.render(s.items.slice(0, kept[i]), s.items.length - kept[i]!));
  const omitted = sections.reduce((sum, s, i) => sum + s.items.length - kept[i]!, 0);

  const body = [rendered[0]];
  for (const { view, start } of appSections) {
    const parts = rendered.slice(start, start + 7).join('');
    if (parts) body.push(`#### ${escapeText(view.app)}\n\n${parts}`);
  }
  body.push(rendered[diagnostics], rendered[unmanaged]);
  const note =
    omitted > 0
      ? `> [!NOTE]\n> This comment is shortened to stay under ${limit.toLocaleString('en-US')} characters: ${plural(omitted, 'entry is', 'entries are')} not shown. The JSON plan (\`roster plan --format json\`, or the file saved with \`-o\`) holds everything.\n\n`
      : '';
  return `${head}${note}${body.join('')}${tail}${footer}`;
}

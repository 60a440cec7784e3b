/**
 * `roster import` output: text for people, JSON for tools (`formatVersion`ed like the plan), and
 * the YAML snippet on its own (import-yaml.ts). The text says, for each class of account, what
 * Roster will do with it, lists every account, then the groups to bind and what they imply.
 * Every line of the text is printable (printable.ts): a userName or group name from the target or
 * the IdP cannot forge a line or drive the terminal; the JSON says the same with JSON escapes.
 */
import type { GroupChoice } from '../core/group-cover.js';
import { IMPORT_CLASSES, type ImportClass, type ImportedAccount, type ImportReport } from '../core/import.js';
import { printable, printableJson } from './printable.js';
import { plural } from './words.js';

const IMPORT_FORMAT_VERSION = 1;

/** The report plus what only the command knows: the snippet and the file it replaces. */
export interface ImportView {
  readonly report: ImportReport;
  /** The application with the suggested bindings, when its declaration was found. */
  readonly snippet?: string;
  /** The configuration file that declares the application. */
  readonly declaredIn?: string;
  /** The groups the configuration binds today. */
  readonly configuredGroups: readonly string[];
}

const MEANING: Record<ImportClass, string> = {
  linked: "externalId is an IdP user's id: already Roster's",
  adoptable: 'exact match of one IdP user: adopted by the first plan in which that user has access',
  disputed: 'could belong to several IdP users: never adopted until resolved by hand',
  orphaned: 'externalId names an IdP user who no longer exists: the plan deprovisions it',
  unmanaged: 'matches no IdP user: Roster never changes it',
};

function who(account: ImportedAccount): string {
  switch (account.class) {
    case 'linked':
      return `→ ${account.users.map((u) => `${u.username} (${u.id})`).join('')}`;
    case 'adoptable':
      return `→ ${account.users.map((u) => u.username).join('')}, same ${(account.matchedOn ?? []).join(' and ')}`;
    case 'disputed':
      return `→ one of ${account.users.map((u) => u.email).join(', ')}`;
    case 'orphaned':
    case 'unmanaged':
      return '';
  }
}

function choiceLine(choice: GroupChoice, width: number): string {
  const adds = choice.adds === 0 ? 'nobody else gets an account' : `${plural(choice.adds, 'more person gets', 'more people get')} an account`;
  return `  ${printable(choice.group).padEnd(width)}  covers ${choice.covers}; ${adds}`;
}

function coverSection(view: ImportView): string[] {
  const { cover } = view.report;
  const lines: string[] = [];
  const covered = cover.suggested.reduce((n, c) => n + c.covers, 0);
  const candidates = cover.matchedUsers - cover.staged.length;
  if (cover.suggested.length === 0) {
    lines.push(`No existing group covers the ${plural(candidates, 'matched user')} without giving more people an account than it covers.`);
  } else {
    lines.push(`Groups to bind: ${cover.suggested.length}, covering ${covered} of ${plural(candidates, 'matched user')}${cover.exact ? ' — exactly them, nobody else' : ''}:`);
    const width = Math.max(...cover.suggested.map((c) => printable(c.group).length));
    for (const choice of cover.suggested) lines.push(choiceLine(choice, width));
  }
  if (cover.uncovered.length > 0) lines.push(`Not covered by any suggested group (${cover.uncovered.length}): ${cover.uncovered.join(', ')}`);
  for (const avoided of cover.avoided) {
    lines.push(`Avoided ${avoided.group}: it covers ${avoided.covers} of them but would give ${plural(avoided.adds, 'person', 'people')} without an account one.`);
  }
  if (cover.staged.length > 0) lines.push(`STAGED in the IdP, so no binding gives them access yet (${cover.staged.length}): ${cover.staged.join(', ')}`);
  if (cover.inactiveInIdp.length > 0) {
    lines.push(`Suspended or password expired in the IdP: once bound, their accounts are deactivated (${cover.inactiveInIdp.length}): ${cover.inactiveInIdp.join(', ')}`);
  }
  if (view.configuredGroups.length > 0) lines.push(`The configuration binds today: ${view.configuredGroups.join(', ')}.`);
  return lines;
}

function renderImportText(view: ImportView): string {
  const { report } = view;
  const total = report.accounts.length + report.disabled.length;
  const lines = [`Import of ${report.app}: ${plural(total, 'account')} read, ${plural(report.disabled.length, 'disabled account')} left out.`, ''];
  const width = Math.max(...IMPORT_CLASSES.map((c) => c.length));
  for (const cls of IMPORT_CLASSES) lines.push(`  ${cls.padEnd(width)}  ${String(report.counts[cls]).padStart(5)}  ${MEANING[cls]}`);
  if (report.accounts.length > 0) {
    lines.push('', 'Accounts:');
    const nameWidth = Math.min(40, Math.max(...report.accounts.map((a) => printable(a.userName).length)));
    for (const account of report.accounts) {
      const pending = account.state === 'pending' ? ' (pending activation)' : '';
      lines.push(`  ${account.class.padEnd(width)}  ${printable(account.userName).padEnd(nameWidth)}  ${who(account)}${pending}`.trimEnd());
    }
  }
  if (report.disabled.length > 0) lines.push('', `Disabled in ${report.app}, not imported: ${report.disabled.join(', ')}`);
  lines.push('', ...coverSection(view));
  if (view.snippet) {
    const where = view.declaredIn ? ` (it replaces the declaration in ${view.declaredIn})` : '';
    lines.push('', `The application with these bindings${where}:`, '', ...view.snippet.trimEnd().split('\n'));
  }
  // Each entry is one line: data cannot add one, as its line breaks are shown escaped.
  return `${lines.map(printable).join('\n')}\n`;
}

function renderImportJson(view: ImportView): string {
  const { report } = view;
  return `${printableJson(
    {
      formatVersion: IMPORT_FORMAT_VERSION,
      app: report.app,
      counts: report.counts,
      accounts: report.accounts,
      disabled: report.disabled,
      cover: report.cover,
      configuredGroups: view.configuredGroups,
      ...(view.declaredIn ? { declaredIn: view.declaredIn } : {}),
      ...(view.snippet ? { snippet: view.snippet } : {}),
    },
  )}\n`;
}

/** Only the application, ready to replace its declaration. */
function renderImportYaml(view: ImportView): string {
  return view.snippet ?? '';
}

export const IMPORT_FORMATS = { text: renderImportText, json: renderImportJson, yaml: renderImportYaml } as const satisfies Record<string, (view: ImportView) => string>;

export type ImportFormat = keyof typeof IMPORT_FORMATS;

export function isImportFormat(value: string): value is ImportFormat {
  return Object.hasOwn(IMPORT_FORMATS, value);
}

/**
 * `roster check` output: one line per check — status, system, check, what was found and, for a
 * failure or a warning, the fix — then a closing count. JSON carries the same results for tools.
 * A detail may quote a vendor's answer: every line is printable (printable.ts).
 */
import { hasFailures, type CheckResult, type CheckStatus } from '../core/check.js';
import { printable, printableJson } from './printable.js';
import { plural } from './words.js';

const CHECK_FORMAT_VERSION = 1;

function renderCheckText(results: readonly CheckResult[]): string {
  const systemWidth = Math.max(0, ...results.map((r) => r.system.length));
  const checkWidth = Math.max(0, ...results.map((r) => r.check.length));
  const lines = results.map((r) => {
    const fix = r.fix ? `${/[.!?]$/.test(r.detail) ? '' : '.'} Fix: ${r.fix}.` : '';
    return printable(`${r.status.padEnd(4)}  ${r.system.padEnd(systemWidth)}  ${r.check.padEnd(checkWidth)}  ${r.detail}${fix}`);
  });
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  const failed = count('fail');
  const notes = [count('warn') > 0 ? plural(count('warn'), 'warning') : '', count('skip') > 0 ? `${count('skip')} not checked` : ''].filter(Boolean).join(', ');
  const closing = failed > 0 ? `${plural(failed, 'check')} failed` : `All ${plural(results.length - count('skip'), 'check')} passed`;
  lines.push('', `${closing}${notes ? ` (${notes})` : ''}.`);
  return `${lines.join('\n')}\n`;
}

function renderCheckJson(results: readonly CheckResult[]): string {
  return `${printableJson({ formatVersion: CHECK_FORMAT_VERSION, ok: !hasFailures(results), results })}\n`;
}

export const CHECK_FORMATS = { text: renderCheckText, json: renderCheckJson } as const satisfies Record<string, (results: readonly CheckResult[]) => string>;

export type CheckFormat = keyof typeof CHECK_FORMATS;

export function isCheckFormat(value: string): value is CheckFormat {
  return Object.hasOwn(CHECK_FORMATS, value);
}

/**
 * Escaping for the markdown plan, by construction: every piece of text in the comment goes through
 * `markdownText` (prose and data alike), `markdownCode` (a value shown verbatim) or `markdownProse`
 * (Roster's own sentences, where `…` marks a command or a value). What they return is a literal
 * for CommonMark and GitHub: no emphasis, link, image, HTML, entity, table cell break, math,
 * mention or block marker can come out of the data, and control characters are shown escaped
 * (printable.ts). HTML entities are never used: inside a code span they would be shown literally.
 */
import { printable } from './printable.js';

/**
 * ASCII punctuation that can start or end markup in CommonMark or GitHub's extensions: emphasis,
 * code, links and images, raw HTML and autolinks, entities, tables, strikethrough, headings,
 * and math (`$`). CommonMark lets any of them be escaped with a backslash. An `@` is escaped
 * where it could start a mention (not after a letter or digit, so `alice@example.com` stays).
 */
const MARKUP = /[\\`*_[\]<>&|~#!$]/g;

/** Text as a literal: shown as it is, whatever its characters, in a paragraph, list item or table cell. */
export function markdownText(value: string): string {
  return (
    printable(value)
      .replace(MARKUP, '\\$&')
      .replace(/(?<![\p{L}\p{N}_])@/gu, '\\@')
      // At the start of a line these would open a list, a heading underline or a numbered list.
      .replace(/^(\s*)([+\-=])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
  );
}

export interface CodeOptions {
  /** In a GFM table cell, where a pipe ends the cell even inside a code span unless escaped. */
  readonly inTable?: boolean;
}

/**
 * A value shown verbatim as a code span (CommonMark §6.1): the fence is one backtick longer than
 * the longest run of backticks in the value, and a space pads a value that starts or ends with a
 * backtick, or with spaces at both ends, since one space is stripped from each end.
 */
export function markdownCode(value: string, options: CodeOptions = {}): string {
  const shown = printable(value);
  const content = options.inTable ? shown.replace(/\|/g, '\\|') : shown;
  if (content.trim() === '') return `\`${content || ' '}\``;
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * One of Roster's own sentences (a diagnostic, a manual step), in which `…` marks a command or a
 * value: those parts become code spans, the rest text. Whatever the sentence quotes, each part is
 * escaped as above, so a stray backtick only changes which part is code.
 */
export function markdownProse(value: string, options: CodeOptions = {}): string {
  return value
    .split(/(`[^`]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? markdownCode(part.slice(1, -1), options) : markdownText(part)))
    .join('');
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text inside the comment's own HTML (a `<summary>` line), where markdown escapes do not apply and
 * the browser decodes entities: the only place the comment uses them.
 */
export function htmlText(value: string): string {
  return printable(value).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * YAML syntax errors worded for people: each names the likely fix. Two mistakes get their own
 * wording because the parser's words mislead:
 *  - a plain value holding `: ` (`description: Phones: main line`) reads as a nested mapping;
 *    the hint shows the line with the value quoted;
 *  - a line indented unlike its neighbours makes every later line an error; only the first is
 *    reported, naming that line and the one above it, and the errors that follow are counted.
 */
import type { LineCounter, YAMLError } from 'yaml';
import type { Diagnostic } from '../core/diagnostics.js';
import type { ConfigFile } from './files.js';

/** YAML errors reported per file; the rest are counted. A broken file rarely needs more. */
export const MAX_SYNTAX_ERRORS = 10;

/** Next steps for the YAML errors people make most. */
const SYNTAX_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'check the indentation of this line and of the lines above',
  MISSING_CHAR: 'close the bracket or quote opened before',
  BLOCK_AS_IMPLICIT_KEY: 'a key must fit on one line; check the indentation of the lines above',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; is a colon or a quote missing?',
  UNEXPECTED_TOKEN: 'check for a missing colon, quote or dash',
};

interface Line {
  readonly number: number;
  readonly start: number;
  readonly text: string;
}

function lineAt(text: string, lineCounter: LineCounter, offset: number): Line {
  const { line } = lineCounter.linePos(offset);
  const start = lineCounter.lineStarts[line - 1] ?? 0;
  const end = text.indexOf('\n', start);
  return { number: line, start, text: text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '') };
}

const indentOf = (line: Line) => line.text.length - line.text.trimStart().length;
const isContent = (line: Line) => line.text.trim() !== '' && !line.text.trimStart().startsWith('#');

/** The nearest line before (`step` -1) or after (+1) holding something other than a comment. */
function contentLine(text: string, lineCounter: LineCounter, from: Line, step: 1 | -1): Line | undefined {
  for (let number = from.number + step; number >= 1 && number <= lineCounter.lineStarts.length; number += step) {
    const line = lineAt(text, lineCounter, lineCounter.lineStarts[number - 1]!);
    if (isContent(line)) return line;
  }
  return undefined;
}

/**
 * The line with a plain value holding `: `, quoted, when that is what a "nested mapping" error
 * is about: `description: "Phones: main line"`.
 */
function quotedValueLine(text: string, lineCounter: LineCounter, error: YAMLError): string | undefined {
  if (error.code !== 'BLOCK_AS_IMPLICIT_KEY') return undefined;
  const line = lineAt(text, lineCounter, error.pos[0]);
  const column = error.pos[0] - line.start;
  const key = line.text.slice(0, column);
  const value = line.text.slice(column).replace(/\s+#.*$/, '').trimEnd();
  if (!/:\s*$/.test(key) || !/:(\s|$)/.test(value) || /^["'[{|>&*!]/.test(value)) return undefined;
  return `${key.trimStart()}${JSON.stringify(value)}`;
}

/** Items of one collection that do not line up; other BAD_INDENT errors are about flow collections. */
const isUnaligned = (error: YAMLError) => error.code === 'BAD_INDENT' && /must start at the same column/.test(error.message);

/**
 * The line whose indentation breaks the structure, when an error is about indentation: the line
 * an error points at, or, for a key that runs onto the next line, that next line when it is
 * indented further (it was meant as a key of its own).
 */
function misindentedLine(text: string, lineCounter: LineCounter, error: YAMLError): Line | undefined {
  const line = lineAt(text, lineCounter, error.pos[0]);
  // An unaligned item is reported from the end of what precedes it: blank lines and comments.
  if (isUnaligned(error)) return isContent(line) ? line : contentLine(text, lineCounter, line, 1);
  if (error.code !== 'BLOCK_AS_IMPLICIT_KEY' && error.code !== 'MULTILINE_IMPLICIT_KEY') return undefined;
  const next = contentLine(text, lineCounter, line, 1);
  return next && indentOf(next) > indentOf(line) && /^[^\s#][^#]*:(\s|$)/.test(next.text.trimStart()) ? next : undefined;
}

const spaces = (count: number) => `${count} space${count === 1 ? '' : 's'}`;

function indentationDiagnostic(file: ConfigFile, lineCounter: LineCounter, line: Line, following: number, position: (offset: number) => Diagnostic['origin']): Diagnostic {
  const above = contentLine(file.text, lineCounter, line, -1);
  const compared = above ? `, line ${above.number} above it ${spaces(indentOf(above))}` : '';
  const more = following > 0 ? `; the ${following === 1 ? 'error' : `${following} errors`} after it follow${following === 1 ? 's' : ''} from it` : '';
  return {
    severity: 'error',
    code: 'config.yaml-indentation',
    message: `inconsistent indentation: line ${line.number} is indented ${spaces(indentOf(line))}${compared}`,
    hint: `keys of one mapping start in the same column, nested keys 2 spaces further right${more}`,
    origin: position(line.start + indentOf(line)),
  };
}

/** One diagnostic per YAML error, except that an indentation cascade is reported once. */
export function syntaxDiagnostics(file: ConfigFile, lineCounter: LineCounter, errors: readonly YAMLError[]): Diagnostic[] {
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: file.display, line, column: col };
  };
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const cascade = sorted.findIndex((error) => quotedValueLine(file.text, lineCounter, error) === undefined && misindentedLine(file.text, lineCounter, error) !== undefined);
  const shown = cascade >= 0 ? sorted.slice(0, cascade) : sorted;
  const diagnostics = shown.slice(0, MAX_SYNTAX_ERRORS).map((error): Diagnostic => {
    const quoted = quotedValueLine(file.text, lineCounter, error);
    const hint = quoted ? `a value holding ": " must be quoted: \`${quoted}\`` : SYNTAX_HINTS[error.code];
    return {
      severity: 'error',
      code: 'config.yaml-syntax',
      message: quoted ? 'a colon followed by a space in a plain value starts a mapping' : error.message.split('\n')[0]!,
      ...(hint ? { hint } : {}),
      origin: position(error.pos[0]),
    };
  });
  if (shown.length > MAX_SYNTAX_ERRORS) {
    diagnostics.push({
      severity: 'error',
      code: 'config.yaml-syntax',
      message: `${shown.length - MAX_SYNTAX_ERRORS} more YAML errors in this file`,
      hint: 'fix the first ones; later errors often follow from them',
      origin: position(shown[MAX_SYNTAX_ERRORS]!.pos[0]),
    });
  }
  const first = sorted[cascade];
  if (first) diagnostics.push(indentationDiagnostic(file, lineCounter, misindentedLine(file.text, lineCounter, first)!, sorted.length - cascade - 1, position));
  return diagnostics;
}

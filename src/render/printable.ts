/**
 * Text from outside Roster (directory and target data: userNames, group and application names,
 * display names, error bodies) is shown as data, never obeyed by the terminal, the log viewer or
 * the editor showing it. Every renderer passes such text through `printable`: control characters
 * (C0, DEL, C1, so every ESC sequence, OSC-8 hyperlinks included, BEL, CR and LF), bidirectional
 * overrides and isolates, and line and paragraph separators are shown as visible escapes:
 *
 *   "\x1b[2J"  → `\x1b[2J`     "a\nFAKE: b" → `a\nFAKE: b`     "x\u202ey" → `x\u202ey`
 *
 * Every other character, the backslash included, is kept as it is: ordinary text reads the same,
 * and applying `printable` twice changes nothing more.
 */

/** The characters `printable` escapes. */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw of those: it escapes C0 itself, and its line breaks are its own layout. */
const LEFT_RAW_BY_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCharacter(c: string): string {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** The text with every control character, bidi control and line separator shown escaped. */
export function printable(value: string): string {
  return value.replace(UNPRINTABLE, escapeCharacter);
}

/**
 * JSON text that is safe on a terminal and still the same JSON: JSON.stringify already escapes
 * C0 characters; DEL, C1, bidi controls and separators, which it leaves raw, are written as `\u`
 * escapes too (they can only occur inside strings, where the escape means the same character).
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(LEFT_RAW_BY_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

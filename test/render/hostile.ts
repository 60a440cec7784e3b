/**
 * Hostile strings, as a directory or a target could hold them in a userName, a group name, a
 * department or an error body, and plans that carry them in every place a plan shows data.
 */
import { expect } from 'vitest';
import { buildPlan, type Plan } from '../../src/core/plan.js';
import { accountFor, application, group, planInput, unownedAccount, user } from '../core/fixtures.js';

export const HOSTILE: ReadonlyArray<readonly [label: string, value: string]> = [
  ['ESC sequence and CR', 'evil\u001b[2K\rFAKE: line'],
  ['OSC title and BEL', 'bell\u0007\u001b]0;owned\u0007'],
  ['OSC-8 hyperlink', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\'],
  ['LF', 'a\nFAKE: line'],
  ['CRLF', 'a\r\nFAKE: line'],
  ['C1 CSI', 'c1\u009b31mred'],
  ['DEL and NUL and tab', 'del\u007f nul\u0000 tab\t'],
  ['bidi override', 'admin\u202egpj.exe'],
  ['bidi isolates', '\u2066isolated\u2069 \u202aembedded\u202c'],
  ['line and paragraph separators', 'line\u2028FAKE: sep\u2029FAKE: para'],
  ['HTML', '<img src=x onerror=alert(1)> <!-- c --> <details>'],
  ['emphasis and links', '**bold** _em_ [link](https://evil.example) ![i](x) ~~s~~'],
  ['table pipes', 'a | b \\| c'],
  ['backticks', '`tick` ``two`` ```fence'],
  ['entities', '&amp; &#96; &gt; &lt; &quot;'],
  ['block markers', '# heading'],
  ['list marker', '- item'],
  ['numbered list', '1. one'],
  ['mention and math', '@org/team $x^2$'],
  ['backslashes', 'C:\\path\\ end\\'],
  ['long with LF', `${'x'.repeat(60)}\nFAKE: long line`],
];

/** Every C0, DEL, C1, bidi control and separator a terminal could obey. */
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Output for a terminal or a log: no raw control character, and no line forged by the data. */
export function expectTerminalSafe(output: string, name: string): void {
  expect(output, name).not.toMatch(RAW_CONTROL);
  for (const line of output.split('\n')) expect(line.trimStart(), name).not.toMatch(/^FAKE/);
}

/**
 * Plans showing `value` in every place a plan shows data: a group name (bound, and in the
 * reasons), a department (created and updated), a userName (an unmanaged account), an SSO label
 * (manual steps), and a bound group missing from the IdP (an error diagnostic quoting it).
 */
export function hostilePlans(value: string): Plan[] {
  const alice = user('alice', { department: value });
  const bob = user('bob', { department: value });
  const groups = [group(`Sales ${value}`, ['alice', 'bob'])];
  const sso = { enabled: true, settings: { label: value, ssoUrl: `https://sso.example/${value}`, 'attributes.email': 'email' } };
  const accounts = [accountFor(user('bob')), unownedAccount(`${value}@example.com`)];
  return [
    buildPlan(planInput({ users: [alice, bob], groups, accounts, apps: [application([`Sales ${value}`], { sso })] })),
    buildPlan(planInput({ users: [alice, bob], groups, accounts, apps: [application([`Sales ${value}`, `Missing ${value}`])] })),
  ];
}

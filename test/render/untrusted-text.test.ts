/**
 * Text from the directory and the targets is shown as data in every output: a table of hostile
 * strings (terminal escapes, OSC-8 links, CR/LF, C1, bidi overrides, separators) through each
 * renderer, none of which prints a raw control character or lets the data forge a line.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { explainUser } from '../../src/core/explain.js';
import { buildImportReport } from '../../src/core/import.js';
import { outcomeLine } from '../../src/render/apply-lines.js';
import { renderApplySummary } from '../../src/render/apply-summary.js';
import { renderSafetyRefusal } from '../../src/render/apply-refusal.js';
import { CHECK_FORMATS } from '../../src/render/check.js';
import { formatDiagnostic } from '../../src/render/diagnostics.js';
import { EXPLAIN_FORMATS } from '../../src/render/explain.js';
import { renderApplicationSnippet } from '../../src/render/import-yaml.js';
import { IMPORT_FORMATS, type ImportView } from '../../src/render/import.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { printable, printableJson } from '../../src/render/printable.js';
import { renderTerminal } from '../../src/render/terminal.js';
import { renderText } from '../../src/render/text.js';
import { accountFor, application, group, provisioning, unownedAccount, user } from '../core/fixtures.js';
import { expectTerminalSafe, HOSTILE, hostilePlans, RAW_CONTROL } from './hostile.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('printable', () => {
  it.each([
    ['\u001b[2J', '\\x1b[2J'],
    ['a\nb\r\tc', 'a\\nb\\r\\tc'],
    ['\u0007\u0000\u007f\u009b', '\\x07\\x00\\x7f\\x9b'],
    ['x\u202ey\u2066z\u2069', 'x\\u202ey\\u2066z\\u2069'],
    ['a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['plain text, ünïcödé, emoji 👩‍💻, C:\\path', 'plain text, ünïcödé, emoji 👩‍💻, C:\\path'],
  ])('shows %j as %j', (value, shown) => {
    expect(printable(value)).toBe(shown);
  });

  it.each(HOSTILE)('leaves nothing raw of %s, and a second pass changes nothing', (_, value) => {
    const shown = printable(value);
    expect(shown).not.toMatch(RAW_CONTROL);
    expect(shown).not.toContain('\n');
    expect(printable(shown)).toBe(shown);
  });

  it.each(HOSTILE)('keeps JSON the same value: %s', (_, value) => {
    const json = printableJson({ value });
    expect(json).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json)).toEqual({ value });
  });
});

describe.each(HOSTILE)('every renderer shows %s as data', (_, value) => {
  const plans = hostilePlans(value);

  it('plan: text, terminal and JSON', () => {
    for (const plan of plans) {
      expectTerminalSafe(renderText(plan), 'text');
      expectTerminalSafe(renderTerminal(plan, { columns: 400 }).replace(ANSI, ''), 'terminal');
      const json = renderJson(plan);
      expectTerminalSafe(json, 'json');
      expect(JSON.parse(json)).toEqual(plan);
    }
    expect(renderText(plans[0]!)).toContain(`member of Sales ${printable(value)}`);
  });

  it('plan: markdown', () => {
    for (const plan of plans) expectTerminalSafe(renderMarkdown(plan), 'markdown');
  });

  it('diagnostics', () => {
    const diagnostic: Diagnostic = { severity: 'error', code: 'test', message: `group "${value}"`, hint: value, address: `ringcentral/user/${value}`, path: value };
    const formatted = formatDiagnostic(diagnostic);
    expectTerminalSafe(formatted, 'diagnostic');
    expect(formatted.split('\n')).toHaveLength(3);
  });

  it('import: text, JSON and the YAML snippet, which reads back as the same group name', () => {
    const alice = user('alice');
    const report = buildImportReport({
      app: 'ringcentral',
      provisioning: provisioning(),
      directory: { users: [alice, user('bob')], groups: [group(value, ['alice']), group(`Everyone ${value}`, ['alice', 'bob'])] },
      accounts: [{ ...accountFor(alice), externalId: undefined }, unownedAccount(`${value}@example.com`)],
    });
    const snippet = renderApplicationSnippet({ sourceText: 'applications:\n  ringcentral:\n    groups: [Sales] # today\n', app: 'ringcentral', groups: [value], comment: `suggested ${value}` });
    expect(snippet).toBeDefined();
    const view: ImportView = { report, snippet: snippet!, configuredGroups: [value], declaredIn: `configs/${value}.yaml` };
    expectTerminalSafe(IMPORT_FORMATS.text(view), 'import text');
    expectTerminalSafe(IMPORT_FORMATS.json(view), 'import json');
    expect(JSON.parse(IMPORT_FORMATS.json(view)).accounts.map((a: { userName: string }) => a.userName)).toContain(`${value}@example.com`);
    const yaml = IMPORT_FORMATS.yaml(view);
    expectTerminalSafe(yaml, 'import yaml');
    expect(parse(yaml)).toEqual({ applications: { ringcentral: { groups: [value] } } });
  });

  it('explain: text and JSON', () => {
    const alice = user('alice', { department: value, username: value });
    const explanation = explainUser({
      user: alice,
      applications: [application([value])],
      directory: { users: [alice], groups: [group(value, ['alice'])] },
      idpApplications: [],
      accounts: { ringcentral: [accountFor(user('alice', { department: value }))] },
      changes: [],
    });
    const view = { explanation, requests: {} };
    expectTerminalSafe(EXPLAIN_FORMATS.text(view), 'explain text');
    expectTerminalSafe(EXPLAIN_FORMATS.json(view), 'explain json');
    expect(JSON.parse(EXPLAIN_FORMATS.json(view)).user.username).toBe(value);
    expect(EXPLAIN_FORMATS.text(view)).toContain(`IdP user ${printable(value)}`);
  });

  it('check: text and JSON', () => {
    const results: CheckResult[] = [{ system: 'ringcentral', check: 'credentials', status: 'fail', detail: `401: ${value}`, fix: value }];
    expectTerminalSafe(CHECK_FORMATS.text(results), 'check text');
    expectTerminalSafe(CHECK_FORMATS.json(results), 'check json');
  });

  it('apply: progress lines, the summary and the refusal', () => {
    const change = plans[0]!.changes.find((c) => c.kind === 'scim_user')!;
    const failure = { message: `POST /Users → 400: ${value}`, detail: value };
    const failed = { kind: 'failed' as const, change, failure, results: [], ms: 1 };
    expectTerminalSafe(outcomeLine(failed), 'apply line');
    const report = { outcomes: [failed], nonConverged: [], licenceExhausted: [], budgetReached: false, elapsedMs: 1 };
    expectTerminalSafe(renderApplySummary(report, { allowPartial: false }), 'apply summary');
    expectTerminalSafe(renderSafetyRefusal([{ kind: 'deprovision', message: value, allow: '--allow deprovision:ringcentral', addresses: [value], app: 'ringcentral' } as never]), 'refusal');
  });
});

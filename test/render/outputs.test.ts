/**
 * The text, terminal and markdown outputs of one fixed scenario, as reviewed snapshots, and the
 * rules every output keeps.
 */
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact.js';
import { PLAN_FORMATS } from '../../src/render/formats.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { INK_LINE_LIMIT, renderTerminal } from '../../src/render/terminal.js';
import { buildPlan } from '../../src/core/plan.js';
import { group, planInput, user } from '../core/fixtures.js';
import { renderText } from '../../src/render/text.js';
import { scenarioPlan } from './scenario.js';

const ANSI = /\u001b\[[0-9;]*m/g;

describe('plan outputs of the fixed scenario', () => {
  const plan = scenarioPlan();

  it('text', async () => {
    await expect(renderText(plan)).toMatchFileSnapshot('./__snapshots__/scenario.txt');
  });

  it('markdown', async () => {
    await expect(renderMarkdown(plan)).toMatchFileSnapshot('./__snapshots__/scenario.md');
  });

  it('text lists unmanaged accounts only with --show-unmanaged', () => {
    expect(renderText(plan)).toContain('1 unmanaged account left untouched (--show-unmanaged lists them).');
    expect(renderText(plan, { showUnmanaged: true })).toContain('1 unmanaged account left untouched: admin@example.com.');
    expect(renderMarkdown(plan, { showUnmanaged: true })).toContain('| ringcentral | `admin@example.com` |');
    expect(renderMarkdown(plan)).not.toContain('`admin@example.com`');
  });

  it('plain text carries no colour codes; the terminal view says the same lines, wrapped to its width', () => {
    const plain = renderText(plan);
    expect(plain).not.toMatch(ANSI);
    const terminal = renderTerminal(plan, { columns: 400 }).replace(ANSI, '');
    const lines = (text: string) => text.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
    expect(lines(terminal)).toEqual(lines(plain));
    const narrow = renderTerminal(plan, { columns: 60 }).replace(ANSI, '');
    expect(Math.max(...narrow.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
  });

  it('a plan too long for ink is coloured line by line, with the same words', () => {
    const users = Array.from({ length: 600 }, (_, i) => user(`user${i}`));
    const large = buildPlan(planInput({ users, groups: [group('Sales', users.map((u) => u.id))] }));
    const terminal = renderTerminal(large, { columns: 80 });
    expect(terminal.split('\n').length).toBeGreaterThan(INK_LINE_LIMIT);
    expect(terminal).toMatch(ANSI);
    expect(terminal.replace(ANSI, '')).toBe(renderText(large));
  });

  it('every output shows the estimate, the violations and the summary', () => {
    for (const [name, render] of Object.entries(PLAN_FORMATS)) {
      const output = render(plan, {});
      expect(output, name).toContain('--allow deprovision:ringcentral');
      expect(output, name).toContain('--allow protected:ringcentral');
      expect(output, name).toMatch(/heavy/);
    }
    expect(renderText(plan)).toMatch(/^Plan: 3 to create, 2 to update, 1 to adopt, 3 to deactivate, 1 to delete, 1 to skip\.$/m);
  });

  it('redacted outputs show no email address or phone number, and keep the rest', () => {
    const redacted = redact(plan);
    for (const [name, render] of Object.entries(PLAN_FORMATS)) {
      const output = render(redacted, {});
      expect(output, name).not.toMatch(/@example\.com/);
      expect(output, name).not.toContain('+14155550100');
      expect(output, name).toContain('[email ');
    }
    expect(renderText(redacted)).toContain('[phone ');
  });
});

describe('text output safety', () => {
  it('shows control characters from the directory escaped, so they cannot rewrite a terminal or a log', () => {
    const plan = buildPlan(planInput({ users: [user('alice')], groups: [group('Sales\u001b[2J', ['alice'])] }));
    const output = renderText(plan);
    expect(output).not.toContain('\u001b');
    expect(output).toContain('member of Sales\\x1b[2J');
  });
});

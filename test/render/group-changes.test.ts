/**
 * Group changes (`scim_group`) in the text, terminal and markdown plans: the displayName and
 * externalId as field lines, members as `members: +N −M` with at most ten userNames a side, the
 * line per application that counts them, and a section of their own in markdown. Display names
 * and userNames come from the IdP and the target: they are shown as data.
 */
import { Parser, type Node } from 'commonmark';
import { describe, expect, it } from 'vitest';
import { planDocument } from '../../src/render/document.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { printable } from '../../src/render/printable.js';
import { INK_LINE_LIMIT, renderTerminal } from '../../src/render/terminal.js';
import { renderText } from '../../src/render/text.js';
import { groupsLine } from '../../src/render/words.js';
import { buildPlan } from '../../src/core/plan.js';
import { accountFor, application, CAPABILITIES, planInput, user } from '../core/fixtures.js';
import { groupAdopt, groupCreate, groupDelete, groupPlan, groupUpdate, names } from './group-fixtures.js';
import { expectTerminalSafe, HOSTILE } from './hostile.js';

const ANSI = /\u001b\[[0-9;]*m/g;
const GREEN = '\u001b[32m';
const RED = '\u001b[31m';

const sales = groupCreate('wiki', 'Sales', names('amelia', 12));
const support = groupUpdate('wiki', 'Support', ['a@example.com'], ['b@example.com', 'c@example.com']);
const plan = groupPlan([sales, support, groupAdopt('wiki', 'Ops', 'ops', []), groupDelete('wiki', 'Old')]);

/** The lines of one change's block in the text plan: its headline and what is indented under it. */
function block(text: string, address: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(address));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith('        '));
  return [lines[start]!, ...rest.slice(0, end)];
}

interface Read {
  readonly texts: string[];
  readonly codes: string[];
  readonly html: string[];
  readonly links: number;
}

function read(markdown: string): Read {
  const walker = new Parser().parse(markdown).walker();
  const result = { texts: [] as string[], codes: [] as string[], html: [] as string[], links: 0 };
  for (let event = walker.next(); event; event = walker.next()) {
    const node: Node = event.node;
    if (node.type === 'text' && event.entering) result.texts.push(node.literal ?? '');
    else if ((node.type === 'code' || node.type === 'code_block') && event.entering) result.codes.push(node.literal ?? '');
    else if ((node.type === 'html_inline' || node.type === 'html_block') && event.entering) result.html.push(node.literal ?? '');
    else if ((node.type === 'link' || node.type === 'image') && event.entering) result.links += 1;
  }
  return result;
}

/** The comment's own HTML: folds and the footer. */
const OWN_HTML = [/^\s*<details><summary>[^<>]*<\/summary>\s*$/, /^\s*<\/details>\s*$/, /^<sub>$/, /^<\/sub>$/];

describe('text: a group change', () => {
  const text = renderText(plan);

  it('shows the displayName as a field line, then the members counted and listed', () => {
    expect(block(text, 'wiki/group/Sales')).toEqual([
      '  +   create     wiki/group/Sales  — IdP group Sales is provisioned to wiki',
      '        displayName: "Sales"',
      '        members: +12 −0',
      ...names('amelia', 10).map((n) => `          + ${n}`),
      '          … and 2 more',
    ]);
  });

  it('shows a membership-only update as its members alone, removed after added', () => {
    expect(block(text, 'wiki/group/Support')).toEqual([
      '  ~   update     wiki/group/Support  — members of IdP group Support differ',
      '        members: +1 −2',
      '          + a@example.com',
      '          - b@example.com',
      '          - c@example.com',
    ]);
  });

  it('shows an adoption’s rename and externalId, and a delete by its headline', () => {
    expect(block(text, 'wiki/group/Ops')).toEqual(['  >   adopt      wiki/group/Ops  — an unowned group matches IdP group Ops', '        displayName: "ops" → "Ops"', '        externalId: "g-ext"']);
    expect(block(text, 'wiki/group/Old')).toEqual(['  x   delete     wiki/group/Old  — IdP group Old is no longer provisioned to wiki']);
  });

  it('folds each side at ten names and counts the rest; exactly ten needs no count', () => {
    const many = renderText(groupPlan([groupUpdate('wiki', 'All', names('new', 25), names('old', 10))]));
    const lines = block(many, 'wiki/group/All');
    expect(lines[1]).toBe('        members: +25 −10');
    expect(lines.filter((l) => l.startsWith('          + '))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('          - '))).toHaveLength(10);
    expect(lines).toContain('          … and 15 more');
    expect(lines.filter((l) => l.includes('more'))).toHaveLength(1);
    expect(many).not.toContain('new11@example.com');
    expect(many).toContain('old10@example.com');
  });

  it('says per application how many groups change and how many memberships, beside the access line', () => {
    expect(text).toContain('\n  wiki: 1 group to create, 1 to update, 1 to adopt, 1 to delete; 13 memberships added, 2 removed.\n');
  });

  it('the JSON plan keeps every member', () => {
    const json = JSON.parse(renderJson(groupPlan([groupUpdate('wiki', 'All', names('new', 25), [])])));
    expect(json.changes[0].members.added).toHaveLength(25);
  });
});

describe('terminal: a group change', () => {
  const terminal = renderTerminal(plan, { columns: 200 });

  it('says the same lines as plain text', () => {
    const lines = (t: string) => t.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
    expect(lines(terminal.replace(ANSI, ''))).toEqual(lines(renderText(plan)));
  });

  it('colours added members green and removed members red, as diffs are', () => {
    const tones = new Map(planDocument(plan).flatMap((l) => l.segments.map((s) => [s.text, s.tone] as const)));
    expect(tones.get('+ a@example.com')).toBe('add');
    expect(tones.get('- b@example.com')).toBe('remove');
    expect(tones.get('… and 2 more')).toBe('muted');
    // Past INK_LINE_LIMIT the lines are coloured one by one, with the same tones.
    const large = groupPlan(Array.from({ length: 260 }, (_, i) => groupUpdate('wiki', `G${i}`, names(`a${i}u`, 10), [`gone${i}@example.com`])));
    const coloured = renderTerminal(large, { columns: 200 });
    expect(coloured.split('\n').length).toBeGreaterThan(INK_LINE_LIMIT);
    expect(coloured).toContain(`${GREEN}+ a0u01@example.com`);
    expect(coloured).toContain(`${RED}- gone0@example.com`);
  });
});

describe('the groups line', () => {
  it('is absent for an application without group changes', () => {
    expect(groupsLine('wiki', [])).toBeUndefined();
    expect(renderText(groupPlan([]))).not.toContain('groups to');
  });

  it('names one group in the singular, leaves memberships out when none change, and counts no member of a skip', () => {
    expect(groupsLine('wiki', [groupDelete('wiki', 'Old')])).toBe('wiki: 1 group to delete');
    const skipped = { ...groupUpdate('wiki', 'Blocked', ['x@example.com'], []), action: 'skip' as const, blockedAction: 'update' as const, steps: [] };
    expect(groupsLine('wiki', [support, skipped])).toBe('wiki: 1 group to update, 1 to skip; 1 membership added, 2 removed');
  });

  it('counts each application on its own', () => {
    const two = groupPlan([sales, groupCreate('crm', 'Sales', ['z@example.com'])]);
    const text = renderText(two);
    expect(text).toContain('  wiki: 1 group to create; 12 memberships added, 0 removed.');
    expect(text).toContain('  crm: 1 group to create; 1 membership added, 0 removed.');
  });
});

describe('markdown: a group change', () => {
  const markdown = renderMarkdown(plan);

  it('counts the group changes per application under the summary table', () => {
    const head = markdown.slice(0, markdown.indexOf('#### wiki'));
    expect(head).toContain('- wiki: 1 group to create, 1 to update, 1 to adopt, 1 to delete; 13 memberships added, 2 removed.\n');
  });

  it('has a Groups section of its own, apart from the accounts', () => {
    expect(markdown).toContain('**Groups (4)**\n\n- `+ create` `wiki/group/Sales` — IdP group Sales is provisioned to wiki\n  - `displayName`: — → `Sales`\n');
    expect(markdown).toContain('- `> adopt` `wiki/group/Ops` — an unowned group matches IdP group Ops\n  - `displayName`: `ops` → `Ops`\n  - `externalId`: — → `g-ext`');
    expect(markdown).not.toContain('Attribute changes');
    expect(markdown).not.toContain('Access gained');
  });

  it('folds the members in a details block, as a diff of at most ten names a side', () => {
    expect(markdown).toContain('  <details><summary>members: +1 −2</summary>\n\n  ```diff\n  + a@example.com\n  - b@example.com\n  - c@example.com\n  ```\n\n  </details>');
    const doc = read(markdown);
    const diff = doc.codes.find((c) => c.startsWith('+ amelia01'))!;
    expect(diff.split('\n').filter((l) => l.startsWith('+ '))).toHaveLength(10);
    expect(diff).toContain('… and 2 more');
    expect(diff).not.toContain('amelia11');
  });

  it('reads through CommonMark with no HTML but its own folds, and no link', () => {
    const doc = read(markdown);
    for (const html of doc.html) expect(OWN_HTML.some((own) => own.test(html)), html).toBe(true);
    expect(doc.html.filter((h) => h.includes('<details>'))).toHaveLength(2);
    expect(doc.links).toBe(0);
  });

  it('keeps the groups before the SSO side, and cuts group entries before the access lists when room runs out', () => {
    const big = groupPlan(Array.from({ length: 300 }, (_, i) => groupCreate('wiki', `Team ${String(i).padStart(3, '0')}`, names(`t${i}u`, 12))));
    const cut = renderMarkdown(big, { limit: 20_000 });
    expect(cut.length).toBeLessThan(20_000);
    expect(cut).toContain('**Groups (300)**');
    expect(cut).toMatch(/_… and \d+ more, in the JSON plan\._/);
    expect(cut).toContain('- wiki: 300 groups to create; 3600 memberships added, 0 removed.');
  });
});

describe('a plan the core builds', () => {
  const users = ['alice', 'bob', 'carol'].map((id) => user(id));
  const groups = [{ id: 'g-Sales', name: 'Sales', members: [{ userId: 'alice', via: ['Support Leads'] }, { userId: 'bob', via: [] }] }];
  const base = planInput({ users, groups, accounts: [accountFor(users[1]!), accountFor(users[2]!)], apps: [application(['Sales'], { name: 'wiki' })], capabilities: { ...CAPABILITIES, groups: true } });
  const built = buildPlan({ ...base, targets: { wiki: { ...base.targets['wiki']!, groups: [{ id: 'tg', displayName: 'Sales', externalId: 'g-Sales', members: ['rc-bob', 'rc-carol'] }] } } });

  it('text: the group before the accounts, with its members, and the groups line', () => {
    const text = renderText(built);
    expect(block(text, 'wiki/group/Sales').slice(1)).toEqual(['        members: +1 −1', '          + alice@example.com', '          - carol@example.com']);
    expect(text.indexOf('wiki/group/Sales')).toBeLessThan(text.indexOf('wiki/user/alice@example.com'));
    expect(text).toContain('  1 user gains access, 1 user loses access.\n  2 managed accounts; 0 unmanaged accounts left untouched.\n  wiki: 1 group to update; 1 membership added, 1 removed.\n');
  });

  it('markdown: the group in its section, not among the attribute changes of accounts', () => {
    const markdown = renderMarkdown(built);
    expect(markdown).toContain('- wiki: 1 group to update; 1 membership added, 1 removed.');
    expect(markdown).toContain('**Groups (1)**');
    expect(markdown).toContain('<details><summary>Attribute changes (1 account)</summary>');
  });
});

describe.each(HOSTILE)('a hostile displayName and userName (%s) are shown as data', (_, value) => {
  const hostile = groupPlan([
    groupCreate('wiki', `Sales ${value}`, [`${value}@example.com`, 'plain@example.com']),
    groupUpdate('wiki', 'Support', [], [`gone ${value}`], [{ path: 'displayName', before: value, after: 'Support' }]),
  ]);
  const shown = printable(value);

  it('text and terminal: nothing raw, no forged line, the value escaped', () => {
    const text = renderText(hostile);
    expectTerminalSafe(text, 'text');
    expectTerminalSafe(renderTerminal(hostile, { columns: 400 }).replace(ANSI, ''), 'terminal');
    expect(text).toContain(`wiki/group/Sales ${shown}`);
    expect(text).toContain(`          + ${shown}@example.com`);
    expect(text).toContain(`          - gone ${shown}`);
  });

  it('markdown: nothing raw, no HTML or link from the data, each value read back verbatim', () => {
    const markdown = renderMarkdown(hostile);
    expectTerminalSafe(markdown, 'markdown');
    const doc = read(markdown);
    for (const html of doc.html) expect(OWN_HTML.some((own) => own.test(html)), JSON.stringify(html)).toBe(true);
    expect(doc.links).toBe(0);
    expect(doc.codes).toContain(`wiki/group/Sales ${shown}`);
    expect(doc.codes.some((c) => c.split('\n').includes(`+ ${shown}@example.com`))).toBe(true);
    expect(doc.codes.some((c) => c.split('\n').includes(`- gone ${shown}`))).toBe(true);
    expect(doc.codes.map((c) => c.replace(/\\\|/g, '|'))).toContain(shown);
  });

  it('JSON: the same values, nothing raw', () => {
    const json = renderJson(hostile);
    expectTerminalSafe(json, 'json');
    expect(JSON.parse(json).changes[0].members.added).toContain(`${value}@example.com`);
  });
});

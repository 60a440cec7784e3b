/**
 * The pull-request comment as CommonMark reads it: every plan the render tests build, and the
 * hostile strings, rendered and parsed. No entity text (`&#96;`, `&amp;`, `&gt;`) reaches what a
 * reader sees, no HTML comes from data, no link or image appears, and values read back verbatim.
 * Also: code spans (CommonMark §6.1) and the banner of a plan with errors.
 */
import { Parser, type Node } from 'commonmark';
import { describe, expect, it } from 'vitest';
import { buildPlan, type Plan } from '../../src/core/plan.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { markdownCode, markdownProse, markdownText } from '../../src/render/markdown-text.js';
import { printable } from '../../src/render/printable.js';
import { accountFor, application, group, planInput, user } from '../core/fixtures.js';
import { HOSTILE, hostilePlans } from './hostile.js';
import { scenarioPlan } from './scenario.js';

/** The comment's own HTML: folds and the footer. Data never adds any. */
const OWN_HTML = [/^\s*<details><summary>[^<>]*<\/summary>\s*$/, /^\s*<\/details>\s*$/, /^<sub>$/, /^<\/sub>$/];

interface Read {
  readonly texts: string[];
  readonly codes: string[];
  readonly html: string[];
  readonly links: number;
}

function read(markdown: string): Read {
  const walker = new Parser().parse(markdown).walker();
  const result: Read = { texts: [], codes: [], html: [], links: 0 };
  let links = 0;
  for (let event = walker.next(); event; event = walker.next()) {
    const node: Node = event.node;
    if (!event.entering && node.type !== 'text' && node.type !== 'code' && node.type !== 'code_block') continue;
    if (node.type === 'text') result.texts.push(node.literal ?? '');
    else if (node.type === 'code' || node.type === 'code_block') result.codes.push(node.literal ?? '');
    else if (node.type === 'html_inline' || node.type === 'html_block') result.html.push(node.literal ?? '');
    else if (node.type === 'link' || node.type === 'image') links += 1;
  }
  return { ...result, links };
}

const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** `shown`: a value the plan holds that looks like an entity, shown as it is. */
function expectSafe(markdown: string, name: string, shown?: string): Read {
  const doc = read(markdown);
  const own = (text: string) => (shown ? text.split(shown).join('') : text);
  expect(own(doc.texts.join('')), name).not.toMatch(ENTITY);
  for (const code of doc.codes) expect(own(gfmCode(code)), name).not.toMatch(ENTITY);
  for (const html of doc.html) expect(OWN_HTML.some((own) => own.test(html)), `${name}: ${JSON.stringify(html)}`).toBe(true);
  expect(doc.links, name).toBe(0);
  return doc;
}

/** What GitHub shows of a code span in a table cell: `\|` is a pipe there (GFM), CommonMark keeps the backslash. */
const gfmCode = (literal: string) => literal.replace(/\\\|/g, '|');

function ssoCreatePlan(): Plan {
  const sso = { enabled: true, settings: { label: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral', 'attributes.email': 'email' } };
  return buildPlan(planInput({ users: [user('alice')], groups: [group('Sales', ['alice'])], apps: [application(['Sales'], { sso })] }));
}

function errorPlan(missing: readonly string[]): Plan {
  return buildPlan(planInput({ users: [user('alice')], groups: [group('Sales', ['alice'])], apps: [application(['Sales', ...missing])] }));
}

const PLANS: ReadonlyArray<readonly [string, Plan, string?]> = [
  ['the fixed scenario', scenarioPlan()],
  ['a new SSO application with manual steps', ssoCreatePlan()],
  ['a plan with errors', errorPlan(['Ghosts'])],
  ['a department with markup', buildPlan(planInput({ users: [user('alice', { department: '<img src=x> | **bold** `tick`' })], groups: [group('Sales', ['alice'])] }))],
  ['a group with a terminal escape', buildPlan(planInput({ users: [user('alice')], groups: [group('Sales\u001b[2J', ['alice'])] }))],
  ['accounts to deprovision', buildPlan(planInput({ users: [user('alice')], groups: [group('Sales', ['alice'])], accounts: [accountFor(user('bob')), accountFor(user('carol'))] }))],
  ...HOSTILE.flatMap(([label, value]) => hostilePlans(value).map((plan, i) => [`${label} (${i + 1})`, plan, printable(value)] as const)),
];

describe('the markdown plan through CommonMark', () => {
  it.each(PLANS.map(([name, plan, shown]) => ({ name, plan, shown })))('$name: no entity text, no HTML from data, no link', ({ name, plan, shown }) => {
    expectSafe(renderMarkdown(plan), name, shown);
  });

  it.each(HOSTILE)('%s: shown verbatim, in code and in text', (_, value) => {
    const [sso, missing] = hostilePlans(value).map((plan) => read(renderMarkdown(plan)));
    const shown = printable(value);
    // The department, as an attribute value in a table cell.
    expect(sso!.codes.map(gfmCode)).toContain(shown);
    // The group, in the access table's cause (text).
    expect(sso!.texts.join('')).toContain(`member of Sales ${shown}`);
    // The missing group, quoted by the error banner and the diagnostics. Roster's sentences mark
    // code with backticks, so backticks in a value they quote pair up as code (still escaped).
    if (!value.includes('`')) expect(missing!.texts.join('')).toContain(`user group "Missing ${shown}" does not exist in the IdP`);
  });

  it('writes the manual steps’ commands as code spans, never as entities', () => {
    const markdown = renderMarkdown(ssoCreatePlan());
    expect(markdown).toContain('after apply, run `roster metadata ringcentral > ringcentral-idp.xml`: it writes the IdP metadata');
    expect(markdown).not.toMatch(/&\\?#96;|&gt;/);
    expect(read(markdown).codes).toContain('roster metadata ringcentral > ringcentral-idp.xml');
  });
});

describe('markdown escaping functions', () => {
  it.each([
    ['plain', '`plain`'],
    ['one `tick`', '`` one `tick` ``'],
    ['`starts', '`` `starts ``'],
    ['ends`', '`` ends` ``'],
    ['``two`` and `one`', '``` ``two`` and `one` ```'],
    [' padded ', '`  padded  `'],
    ['', '` `'],
    ['a\nb', '`a\\nb`'],
  ])('a code span of %j is %j, and reads back', (value, span) => {
    expect(markdownCode(value)).toBe(span);
    if (value.trim() !== '') expect(read(span).codes).toEqual([printable(value)]);
  });

  it('escapes pipes in a code span only in a table cell', () => {
    expect(markdownCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(markdownCode('a|b')).toBe('`a|b`');
  });

  it.each(HOSTILE)('text of %s reads back as itself', (_, value) => {
    const doc = read(`x ${markdownText(value)}`);
    expect(doc.texts.join('')).toBe(`x ${printable(value)}`);
    expect(doc.html).toEqual([]);
  });

  it('makes code of the backticked parts of Roster’s sentences, text of the rest', () => {
    expect(markdownProse('run `roster plan -o a&b.json` **now**')).toBe('run `roster plan -o a&b.json` \\*\\*now\\*\\*');
    expect(markdownProse('a stray ` backtick')).toBe('a stray \\` backtick');
  });
});

describe('a plan with errors', () => {
  it('opens with a CAUTION banner naming the errors and their places, before the summary line', () => {
    const markdown = renderMarkdown(errorPlan(['Ghosts']));
    expect(markdown.startsWith('> [!CAUTION]\n> **The plan has 2 errors: it is incomplete and cannot be applied.**')).toBe(true);
    expect(markdown).toContain('> - `applications.ringcentral.groups`: ringcentral: user group "Ghosts" does not exist in the IdP');
    expect(markdown.indexOf('[!CAUTION]')).toBeLessThan(markdown.indexOf('**No changes.') === -1 ? markdown.indexOf('**Plan:') : markdown.indexOf('**No changes.'));
    // The full list stays under Diagnostics.
    expect(markdown).toMatch(/#### Diagnostics\n\n- \*\*error\*\*/);
  });

  it('names the first three errors and counts the rest', () => {
    const markdown = renderMarkdown(errorPlan(['G1', 'G2', 'G3', 'G4']));
    const banner = markdown.slice(0, markdown.indexOf('### Roster plan'));
    expect(banner).toContain('**The plan has 5 errors');
    expect(banner.match(/^> - /gm)).toHaveLength(3);
    expect(banner).toContain('> _… and 2 more under Diagnostics._');
  });

  it('has no banner when the plan has no error', () => {
    expect(renderMarkdown(scenarioPlan())).toMatch(/^### Roster plan\n/);
  });
});

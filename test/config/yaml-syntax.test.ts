/** YAML syntax errors worded for the likely fix: a colon in a plain value, an indentation cascade. */
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/config/yaml-source.js';

function syntax(text: string): string[] {
  const { diagnostics } = parseYamlSource({ path: '/c/roster.yaml', display: 'roster.yaml', text });
  return diagnostics.map((d) => `${d.origin?.line}:${d.origin?.column} ${d.code}: ${d.message} | ${d.hint ?? ''}`);
}

const QUOTE_HINT = (line: string) => `a value holding ": " must be quoted: \`${line}\``;

describe('YAML syntax hints', () => {
  it.each([
    ['a value', 'app:\n  description: Phones: main line\n', '2:16', 'description: "Phones: main line"'],
    ['a value before a comment', 'app:\n  description: Phones: main line  # the switchboard\n', '2:16', 'description: "Phones: main line"'],
    ['a value ending in a colon', 'app:\n  label: "ok"\n  description: Phones:\n', '3:16', 'description: "Phones:"'],
    ['a list item', 'groups:\n  - Sales: East: West\n', '2:12', '- Sales: "East: West"'],
    ['a value with quotes in it', 'app:\n  description: Say "hi": twice\n', '2:16', 'description: "Say \\"hi\\": twice"'],
  ])('a colon in %s: quote it, showing the line quoted', (_, text, at, quoted) => {
    expect(syntax(text)).toEqual([`${at} config.yaml-syntax: a colon followed by a space in a plain value starts a mapping | ${QUOTE_HINT(quoted)}`]);
  });

  it.each([
    ['a key dedented to no level', 'a:\n  b:\n    c: 1\n   d: 2\n    e: 3\n    f: 4\na2: 1\n', '4:4 config.yaml-indentation: inconsistent indentation: line 4 is indented 3 spaces, line 3 above it 4 spaces'],
    ['a key indented under a value', 'a:\n  b:\n   c: 1\n    d: 2\n    e: 3\n   f: 4\n', '4:5 config.yaml-indentation: inconsistent indentation: line 4 is indented 4 spaces, line 3 above it 3 spaces'],
    ['the last key, one space too far', 'a:\n  b:\n    c: x\n     d: y\n', '4:6 config.yaml-indentation: inconsistent indentation: line 4 is indented 5 spaces, line 3 above it 4 spaces'],
    ['a comment between', 'a:\n  b: 1\n  # note\n   c: 2\n  d: 3\n', '4:4 config.yaml-indentation: inconsistent indentation: line 4 is indented 3 spaces, line 2 above it 2 spaces'],
  ])('%s: one indentation error, at the first line that does not line up', (_, text, expected) => {
    const found = syntax(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\| keys of one mapping start in the same column, nested keys 2 spaces further right`));
  });

  it('keeps errors before the cascade, and counts those after it', () => {
    const found = syntax('a:\n  x: A: B\nb:\n  c: 1\n   d: 2\n  e: 3\n  f: 4\n');
    expect(found).toHaveLength(2);
    expect(found[0]).toBe(`2:6 config.yaml-syntax: a colon followed by a space in a plain value starts a mapping | ${QUOTE_HINT('x: "A: B"')}`);
    expect(found[1]).toMatch(/^5:4 config\.yaml-indentation: .*line 5 is indented 3 spaces, line 4 above it 2 spaces \| .*; the (\d+ errors|error) after it follows? from it$/);
  });

  it('leaves an unclosed flow collection to its own hint', () => {
    expect(syntax('idp:\n  url: [unclosed\n')).toEqual(['3:1 config.yaml-syntax: Flow sequence in block collection must be sufficiently indented and end with a ] | check the indentation of this line and of the lines above']);
  });
});

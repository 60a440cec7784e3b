/**
 * A clone of Roster must be enough to read every citation in it: code, tests and docs cite the
 * vendor facts in docs/vendors/*.md, the vendors' OpenAPI subsets in spec/vendors/, and the docs
 * that state Roster's own rules — never a file kept outside the repository. This test fails,
 * naming file:line, on a reference to such a file, and on a cited `docs/….md` or `spec/…` path
 * (or a relative Markdown link in the docs) that does not exist.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What a user's clone holds and cites from; build output and dependencies are not Roster's text. */
const SCANNED = ['src', 'docs', 'test', 'bench', 'scripts', 'examples', 'configs', 'spec', 'bin', '.ci', 'README.md', 'action.yml'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage', '.roster']);
/** The files whose citations of repository paths must resolve: code, docs, tests and examples. */
const CITING = ['src', 'docs', 'test', 'bench', 'scripts', 'examples', 'configs', 'README.md'];

function filesUnder(path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(join(path, entry.name));
    return entry.isFile() ? [join(path, entry.name)] : [];
  });
}

/** Text files only: a NUL byte marks binary content, which cites nothing. */
function readText(path: string): string | undefined {
  const text = readFileSync(join(root, path), 'utf8');
  return text.includes('\0') ? undefined : text;
}

interface Hit {
  file: string;
  line: number;
  text: string;
}

function hits(files: string[], pattern: RegExp, keep: (match: RegExpMatchArray, file: string) => string | undefined = (m) => m[0]): Hit[] {
  const found: Hit[] = [];
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) continue;
    text.split('\n').forEach((content, index) => {
      for (const match of content.matchAll(pattern)) {
        const kept = keep(match, file);
        if (kept !== undefined) found.push({ file, line: index + 1, text: kept });
      }
    });
  }
  return found;
}

const show = (list: Hit[]): string[] => list.map((h) => `${h.file}:${h.line}: ${h.text}`);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// The outside names are assembled from pieces, so that this file does not contain them itself.
const md = '.' + 'md';
const OUTSIDE = [
  '..' + '/shared',
  'shared' + '/reference',
  'PRODUCT' + md,
  'ARCHITECTURE' + md,
];
/** The old reference notes, when not part of a path inside the repository (such a path is checked below). */
const BARE_NOTES = ['jumpcloud' + '-api' + md, 'ringcentral' + '-scim' + md];

const scanned = SCANNED.flatMap(filesUnder);
const citing = CITING.flatMap(filesUnder);

describe('the repository is self-contained', () => {
  it('scans the repository', () => {
    expect(scanned.length).toBeGreaterThan(100);
    expect(scanned).toContain(relative(root, fileURLToPath(import.meta.url)));
    expect(scanned.some((f) => f.startsWith('spec/vendors/'))).toBe(true);
  });

  it('cites no file outside the repository', () => {
    const outside = new RegExp(OUTSIDE.map(escape).join('|'), 'g');
    const bare = new RegExp(`(?<![\\w./-])(?:${BARE_NOTES.map(escape).join('|')})`, 'g');
    expect(show([...hits(scanned, outside), ...hits(scanned, bare)])).toEqual([]);
  });

  it('every cited docs/….md and spec/… path exists', () => {
    // A repository path starts a word: `https://example.com/docs/x.md` and `test/spec.ts` are not citations.
    const cited = /(?<![\w./-])((?:docs\/[\w./-]*?\.md)|(?:spec\/[\w./-]*))/g;
    const missing = hits(citing, cited, (m) => {
      const path = m[1]!.replace(/[.,:;]+$/, '');
      return existsSync(join(root, path)) ? undefined : path;
    });
    expect(show(missing)).toEqual([]);
  });

  it('finds the citations it checks', () => {
    const cited = hits(citing, /(?<![\w./-])docs\/vendors\/(?:jumpcloud|ringcentral)\.md/g);
    expect(cited.length).toBeGreaterThan(50);
  });

  it('every relative Markdown link in the docs resolves to a file', () => {
    const docs = scanned.filter((f) => f.endsWith(md) && (f.startsWith('docs/') || f === 'README.md'));
    const link = /\]\(([^)\s]+)\)/g;
    const broken = hits(docs, link, (m, file) => {
      const target = m[1]!.split('#')[0]!;
      if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
      return existsSync(resolve(root, dirname(file), target)) ? undefined : m[1];
    });
    expect(show(broken)).toEqual([]);
  });
});

/**
 * The dependency rules between Roster's layers, one numbered test each, checked on the import
 * statements of src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

interface Import {
  readonly from: string; // file, relative to src/
  readonly specifier: string;
  /** Resolved path relative to src/ for relative imports; undefined for packages. */
  readonly target?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = relative(src, file);
  return [...text.matchAll(IMPORT)].map((m) => {
    const specifier = (m[1] ?? m[2])!;
    return specifier.startsWith('.')
      ? { from, specifier, target: relative(src, resolve(dirname(file), specifier)) }
      : { from, specifier };
  });
}

const imports = sourceFiles(src).flatMap(importsOf);
const layer = (path: string) => path.split('/')[0]!;
const isNode = (specifier: string) => specifier.startsWith('node:');

function violations(rule: (i: Import) => boolean): string[] {
  return imports.filter(rule).map((i) => `${i.from} imports ${i.specifier}`);
}

describe('dependency rules between layers', () => {
  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(50);
    expect(imports.some((i) => i.from.startsWith('core/') && i.target?.startsWith('core/'))).toBe(true);
  });

  it('1. core imports only core: no packages, no node:*', () => {
    expect(violations((i) => layer(i.from) === 'core' && (i.target === undefined || layer(i.target) !== 'core'))).toEqual([]);
  });

  it('2. config imports core, yaml, zod and node:* only; saml imports core and XML libraries', () => {
    const configAllowed = new Set(['yaml', 'zod']);
    expect(
      violations((i) => layer(i.from) === 'config' && (i.target ? !['core', 'config'].includes(layer(i.target)) : !configAllowed.has(i.specifier) && !isNode(i.specifier))),
    ).toEqual([]);
    const samlAllowed = new Set(['@xmldom/xmldom', 'xpath', 'xml-crypto', 'diff']);
    expect(
      violations((i) => layer(i.from) === 'saml' && (i.target ? !['core', 'saml'].includes(layer(i.target)) : !samlAllowed.has(i.specifier) && !isNode(i.specifier))),
    ).toEqual([]);
  });

  it('3. providers import core, http and scim; never another vendor, the engine, render or cli', () => {
    expect(
      violations((i) => {
        if (layer(i.from) !== 'providers' || !i.target) return false;
        if (layer(i.target) === 'core') return false;
        if (layer(i.target) !== 'providers') return true;
        const own = i.from.split('/')[1];
        const other = i.target.split('/')[1];
        return other !== own && other !== 'http' && other !== 'scim';
      }),
    ).toEqual([]);
  });

  it('4. the engine imports core only (providers are injected by cli/wiring.ts)', () => {
    expect(violations((i) => layer(i.from) === 'engine' && i.target !== undefined && !['core', 'engine'].includes(layer(i.target)))).toEqual([]);
  });

  it('5. render imports core and the engine’s event types only', () => {
    expect(
      violations(
        (i) =>
          layer(i.from) === 'render' &&
          i.target !== undefined &&
          !['core', 'render'].includes(layer(i.target)) &&
          !(layer(i.target) === 'engine' && /events(\.js)?$/.test(i.target)),
      ),
    ).toEqual([]);
  });

  it('6. the sandbox imports nothing from the product', () => {
    expect(violations((i) => layer(i.from) === 'sandbox' && i.target !== undefined && layer(i.target) !== 'sandbox')).toEqual([]);
  });

  it('7. nothing in src imports test', () => {
    expect(violations((i) => i.target !== undefined && i.target.startsWith('..'))).toEqual([]);
  });
});

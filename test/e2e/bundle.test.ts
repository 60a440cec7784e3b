/**
 * What the bundle every command loads holds (dist/bundle/main.js, scripts/bundle.mjs): each
 * module in it is compiled and evaluated at every start-up.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';

/**
 * The modules of a bundle, from the `// path` line esbuild writes before each, relative to the
 * package (`dist/cli/main.js`, `node_modules/zod/…`, whatever path led to node_modules).
 */
function bundledModules(text: string): string[] {
  return [...text.matchAll(/^\/\/ (\S+\.[cm]?js)$/gm)].map(([, path]) => {
    const packages = path!.lastIndexOf('node_modules/');
    return packages >= 0 ? path!.slice(packages) : path!;
  });
}

let modules: string[];

beforeAll(() => {
  modules = bundledModules(readFileSync(ensureBuilt(), 'utf8'));
});

describe('the start-up bundle', () => {
  it('lists its modules', () => {
    expect(modules).toContain('dist/cli/main.js');
    expect(modules.some((m) => m.startsWith('node_modules/zod/'))).toBe(true);
  });

  it('holds one zod locale, English: zod is imported as a namespace, so the others (about 360 KB) are left out', () => {
    // `import { z } from 'zod'` names an object that holds `z.locales`, and so every locale.
    expect(modules.filter((m) => m.startsWith('node_modules/zod/v4/locales/'))).toEqual(['node_modules/zod/v4/locales/en.js']);
  });
});

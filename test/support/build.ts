/**
 * dist/bundle/ is what `roster` runs, as for a user: tests of the bundle build it when a source is
 * newer (`npm test` builds first; a lone `vitest run` may not have).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds dist/ when a file under src/ is newer than the bundle; returns the bundle's entry, dist/bundle/main.js. */
export function ensureBuilt(): string {
  const built = join(ROOT, 'dist/bundle/main.js');
  const newest = (dir: string): number =>
    Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
  if (!existsSync(built) || newest(join(ROOT, 'src')) > statSync(built).mtimeMs) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  return built;
}

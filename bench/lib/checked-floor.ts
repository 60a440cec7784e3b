/**
 * Bundles bench/floor-checks.ts, as Roster's own bundle is made (scripts/bundle.mjs), so that the
 * floor with checks loads zod and the schemas as Roster does: one ES module, not ~200.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './sandbox.js';

export interface CheckedFloor {
  /** The bundle, for BENCH_CHECKS. */
  readonly module: string;
  remove(): void;
}

export async function buildCheckedFloor(): Promise<CheckedFloor> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-floor-checks-'));
  const module = join(dir, 'floor-checks.mjs');
  await build({ entryPoints: [join(ROOT, 'bench', 'floor-checks.ts')], outfile: module, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  return { module, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

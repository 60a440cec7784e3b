/**
 * What the last run spent of each rate-limit budget, kept in `.roster/pace.json` below the working
 * directory, so that a run started right after another (an interrupted apply, a plan then an
 * apply) waits for room instead of provoking a 429 and its penalty with its first write.
 *
 * It holds only budget names (origin and a hash of the credential, never the credential), group
 * names, limits and send times. It is an optimisation: a missing, unreadable or malformed file is
 * ignored, and a failed save costs nothing but that.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { ensureFolder, readRegularFile } from '../engine/files.js';
import { processPacers } from '../providers/http/client.js';
import type { PaceMemory } from '../providers/http/pacer.js';

const memorySchema = z.array(
  z.strictObject({
    budget: z.string().max(300),
    group: z.string().max(100),
    limit: z.number().int().positive(),
    windowMs: z.number().positive().max(3_600_000),
    sentAt: z.array(z.number()).max(10_000),
    busyUntil: z.number().optional(),
  }),
);

export function paceMemoryPath(cwd: string): string {
  return join(cwd, '.roster', 'pace.json');
}

/** Takes over what the last run left, if anything readable. */
export function recallPace(path: string): void {
  try {
    const parsed = memorySchema.safeParse(JSON.parse(readRegularFile(path)));
    if (parsed.success) processPacers.recall(parsed.data as PaceMemory[]);
  } catch {
    // No memory: the first request of each group goes alone, as for a first run.
  }
}

/** Keeps what this run still counts against the budgets, atomically (a temporary file renamed over it). */
export function rememberPace(path: string): void {
  const temporary = join(dirname(path), `.pace.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    ensureFolder(dirname(path));
    writeFileSync(temporary, `${JSON.stringify(processPacers.remember())}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

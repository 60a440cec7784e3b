/**
 * Runs one measured process (Roster's CLI, or the floor loop) and returns what it cost: wall time
 * from spawn to exit (Node's own start-up included, for both), and the CPU time and peak RSS the
 * process reports about itself on exit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MEASURE_ROSTER = fileURLToPath(new URL('../measure-roster.mjs', import.meta.url));
const FLOOR = fileURLToPath(new URL('../floor.mjs', import.meta.url));

export interface Cost {
  readonly wallMs: number;
  /** Epoch ms of the spawn and of the exit, to place the process against the sandbox's request log. */
  readonly spawnedAt: number;
  readonly exitedAt: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly code: number;
}

async function measure(script: string, args: readonly string[], options: { env?: Record<string, string>; cwd?: string }): Promise<Cost & { stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  const report = join(dir, 'report.json');
  try {
    const started = performance.now();
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', ...options.env, BENCH_REPORT: report },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const wallMs = performance.now() - started;
    const exitedAt = Date.now();
    const reported = JSON.parse(readFileSync(report, 'utf8')) as Omit<Cost, 'wallMs' | 'spawnedAt' | 'exitedAt'>;
    return { wallMs, spawnedAt, exitedAt, ...reported, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `roster <args>` as bin/roster runs it; a failing command stops the bench with its stderr. */
export async function runRoster(args: readonly string[], env: Record<string, string>, cwd: string, expectedCodes: readonly number[] = [0, 2]): Promise<Cost> {
  const cost = await measure(MEASURE_ROSTER, args, { env, cwd });
  if (!expectedCodes.includes(cost.code)) throw new Error(`roster ${args.join(' ')} exited with ${cost.code}:\n${cost.stderr}`);
  return cost;
}

export interface FloorRequest {
  /** Its pool: Roster opens one per vendor. */
  readonly vendor: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** The floor loop over these requests against `origin`; with `checks` (bench/lib/checked-floor.ts), each page checked as Roster checks it. */
export async function runFloor(requests: readonly FloorRequest[], origin: string, checks?: string): Promise<Cost> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-floor-'));
  try {
    const file = join(dir, 'requests.json');
    writeFileSync(file, JSON.stringify(requests));
    const cost = await measure(FLOOR, [file, origin], checks ? { env: { BENCH_CHECKS: checks } } : {});
    if (cost.code !== 0) throw new Error(`the floor loop had failed requests${checks ? ' or pages that failed the checks' : ''}:\n${cost.stderr}`);
    return cost;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The run whose wall time is the median of `runs`. */
export function medianRun<T extends { readonly wallMs: number }>(runs: readonly T[]): T {
  const wall = median(runs.map((r) => r.wallMs));
  return runs.reduce((best, run) => (Math.abs(run.wallMs - wall) < Math.abs(best.wallMs - wall) ? run : best));
}

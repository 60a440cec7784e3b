/**
 * Runs bench/core-plan.ts in its own process (so that its memory is its own) and reads its lines.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./core-plan.ts', import.meta.url));

export interface CoreBench {
  readonly users: number;
  /** `list`: accounts as list pages show them (warm cache); `full`: read in full (cold cache). */
  readonly detail: 'list' | 'full';
  readonly ms: number;
  readonly peakRssMb: number;
}

export async function benchCore(users: number): Promise<CoreBench[]> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT, String(users)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench/core-plan.ts exited with ${code}`);
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CoreBench);
}

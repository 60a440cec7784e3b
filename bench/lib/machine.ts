/**
 * The machine a run measured, as the doc reports it. The load average matters: figures taken
 * while other processes compete for the cores are slower than the machine.
 */
import { cpus, loadavg, totalmem } from 'node:os';

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The one-minute load average, rounded. */
export function load(): number {
  return Math.round((loadavg()[0] ?? 0) * 10) / 10;
}

import { describe, expect, it } from 'vitest';
import { cpuBoundMs } from '../../bench/report.js';

describe('the CPU bound of a benchmark run', () => {
  it('is the start-up alone, then both processes’ remaining CPU spread over the cores', () => {
    // 0.3 s of start-up, then 1.285 s of the client's CPU and 0.6 s of the sandbox's over 2 cores.
    expect(cpuBoundMs(1585, 600, 300, 2)).toBeCloseTo(300 + 1885 / 2);
    expect(cpuBoundMs(1585, 600, 300, 4)).toBeCloseTo(300 + 1885 / 4);
  });

  it('is never shorter than the start-up', () => {
    expect(cpuBoundMs(100, 0, 300, 2)).toBe(300);
  });
});

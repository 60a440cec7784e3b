// Runs Roster's CLI (dist/bundle/) with the given arguments, as `bin/roster` does, then
// writes what the process cost to the file named by BENCH_REPORT: CPU time (user + system, ms)
// and peak resident set size (MB). Plain JavaScript, so that nothing but Roster is measured.
import { writeFileSync } from 'node:fs';
import { main } from '../dist/bundle/main.js';

const code = await main(process.argv.slice(2));
const cpu = process.cpuUsage();
writeFileSync(
  process.env.BENCH_REPORT,
  JSON.stringify({ code, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);
process.exitCode = code;

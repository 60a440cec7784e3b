/**
 * The first plan with no refresh cache, alone: `node --import tsx bench/cold-plan.ts
 * 1000,10000,100000` (run `npm run build` first). Prints its table as text and as markdown;
 * `npm run bench` measures the same plan among the others and writes it to docs/benchmarks.md.
 */
import { markdownTable, textTable } from './lib/table.js';
import { benchColdPlan } from './plans.js';
import { coldPlanTable } from './report.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('sizes: comma-separated user counts of at least 100');
const plans = [];
for (const users of sizes) {
  log(`cold plan, ${users} users`);
  plans.push({ users, cold: await benchColdPlan(users, log) });
}
const table = coldPlanTable(plans);
process.stdout.write(`${textTable(table)}\n\n### ${table.title}\n\n${markdownTable(table)}\n`);

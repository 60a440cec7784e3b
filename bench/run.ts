/**
 * `npm run bench`: Roster against the sandbox, next to the floor. Prints the tables and rewrites
 * docs/benchmarks.md. `BENCH_SIZES=1000,10000` narrows the plan sizes for a quick look; such a
 * run prints only, so that the doc always holds a full run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCore } from './core.js';
import { benchGroups } from './groups.js';
import { renderBenchmarksDoc } from './doc.js';
import { buildCheckedFloor } from './lib/checked-floor.js';
import { describeMachine, load } from './lib/machine.js';
import { medianRun, runRoster } from './lib/measure.js';
import { ROOT } from './lib/sandbox.js';
import { textTable } from './lib/table.js';
import { benchPlans, type PlanBench } from './plans.js';
import { benchFirstProvisioning } from './provisioning.js';
import { tablesOf, verdictsOf, type BenchResults } from './report.js';

const FULL_SIZES = [1_000, 10_000, 100_000];
const REPEATS = 3;
const PROVISIONING_USERS = 1_000;
/** A minute of RingCentral's rate limits lasts one second. */
const TIME_SCALE = 60;
const CORE_USERS = 100_000;
/**
 * The floor with checks runs up to this size: the ratio target is at 10,000 users, and at 100,000
 * the sandbox's paging dominates both floors (and would add minutes to the run).
 */
const CHECKED_FLOOR_MAX_USERS = 10_000;
/** A SCIM group of this many members, written in batches of the default size. */
const GROUP_MEMBERS = 10_000;
const GROUP_BATCH = 100;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const sizes = process.env['BENCH_SIZES']?.split(',').map(Number) ?? FULL_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('BENCH_SIZES: comma-separated user counts of at least 100');
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadBefore = load();

  log('start-up: roster plan --help');
  const startups = [];
  for (let i = 0; i < REPEATS; i++) startups.push(await runRoster(['plan', '--help'], {}, ROOT, [0]));
  const startup = medianRun(startups);

  const plans: PlanBench[] = [];
  const checkedFloor = await buildCheckedFloor();
  try {
    for (const users of sizes) {
      log(`plans, ${users} users`);
      plans.push(await benchPlans(users, REPEATS, users <= CHECKED_FLOOR_MAX_USERS ? checkedFloor.module : undefined, log));
    }
  } finally {
    checkedFloor.remove();
  }
  log(`first provisioning, ${PROVISIONING_USERS} users, time scale ${TIME_SCALE}`);
  const provisioning = await benchFirstProvisioning(PROVISIONING_USERS, TIME_SCALE, log);
  log(`core, ${CORE_USERS} users`);
  const core = await benchCore(CORE_USERS);
  log(`SCIM groups, ${GROUP_MEMBERS} members`);
  const groups = await benchGroups(GROUP_MEMBERS, GROUP_BATCH, log);

  const results: BenchResults = {
    machine: describeMachine(),
    startedAt,
    durationMs: performance.now() - started,
    load: { before: loadBefore, after: load() },
    startup,
    plans,
    provisioning,
    core,
    groups,
  };
  const tables = tablesOf(results);
  const verdicts = verdictsOf(results);
  process.stdout.write(`${tables.map(textTable).join('\n\n')}\n\n`);
  process.stdout.write(`${verdicts.map((v) => `${v.met ? 'met   ' : 'MISSED'}  ${v.target}: ${v.measured}${v.miss ? `\n        ${v.miss}` : ''}`).join('\n')}\n`);
  if (sizes.join() === FULL_SIZES.join()) {
    writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), renderBenchmarksDoc(results, tables, verdicts));
    log('docs/benchmarks.md rewritten');
  } else {
    log('not all sizes were run: docs/benchmarks.md left as it is');
  }
}

await main();

/**
 * Plans against a directory whose every user already has a linked, activated RingCentral account
 * (`--seed users=N,groups=1,provisioned`, limits off, so that only Roster and the HTTP reads are
 * measured): a cold-cache plan, warm-cache no-change plans, the floor loop over the same list
 * pages (plain, and with each page checked as Roster checks it), and a plan after 1% of the users
 * changed.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeOnePercent } from './lib/changes.js';
import { medianRun, runFloor, runRoster, type Cost, type FloorRequest } from './lib/measure.js';
import { classify, floorRequests, timelineOf, type RequestKinds, type Timeline } from './lib/requests.js';
import { ROOT, startSandboxProcess, type LoggedRequest, type SandboxProcess } from './lib/sandbox.js';

const CONFIG = join(ROOT, 'bench', 'config');

export interface PlanRun {
  readonly cost: Cost;
  readonly kinds: RequestKinds;
  /** The run's list pages, for the floor loop (empty when the sandbox's log was cut). */
  readonly pages: readonly FloorRequest[];
  /** When its requests happened (absent when the sandbox's log was cut). */
  readonly timeline?: Timeline;
  /** CPU time the sandbox spent during the run: serving its requests. */
  readonly sandboxCpuMs: number;
}

export interface PlanBench {
  readonly users: number;
  /** Sandbox start-up with seeding, for the record. */
  readonly seedMs: number;
  readonly cold: PlanRun;
  readonly warm: PlanRun;
  /** The floor loop's median run; `timeline` from one more run logged by the sandbox. */
  readonly floor: FloorRun & { readonly requests: number; readonly timeline?: Timeline };
  /** The floor loop with each page checked as Roster checks it (bench/floor-checks.ts), median run; absent where not run. */
  readonly checkedFloor?: FloorRun;
  readonly changed: PlanRun & { readonly changedUsers: number };
}

export type FloorRun = Cost & { readonly sandboxCpuMs: number };

interface RawRun {
  readonly cost: Cost;
  readonly log: readonly LoggedRequest[];
  /** Requests the sandbox counted; more than `log` holds when its log was cut. */
  readonly total: number;
  readonly sandboxCpuMs: number;
}

async function plan(sandbox: SandboxProcess, args: readonly string[], cwd: string): Promise<RawRun> {
  await sandbox.clearRequests();
  const cost = await runRoster(args, sandbox.env, cwd);
  // The stats before the log: sending the log costs the sandbox CPU too.
  const stats = await sandbox.stats();
  return { cost, log: await sandbox.requests(), total: stats.total, sandboxCpuMs: stats.cpuMs };
}

/** The floor loop (runFloor), with the CPU the sandbox spent serving it. */
async function floorRun(sandbox: SandboxProcess, pages: readonly FloorRequest[], checks?: string): Promise<FloorRun> {
  await sandbox.clearRequests();
  const cost = await runFloor(pages, sandbox.url, checks);
  return { ...cost, sandboxCpuMs: (await sandbox.stats()).cpuMs };
}

/**
 * A run's requests by kind. When the sandbox's log kept only the latest requests, the list pages
 * are those of `pagesLike` (the same plan, logged in full) and the rest of the total are detail
 * reads.
 */
function planRun(raw: RawRun, env: Readonly<Record<string, string>>, pagesLike?: RequestKinds): PlanRun {
  if (raw.log.length === raw.total) {
    const timeline = timelineOf(raw.log, raw.cost);
    return { cost: raw.cost, kinds: classify(raw.log), pages: floorRequests(raw.log, env), sandboxCpuMs: raw.sandboxCpuMs, ...(timeline ? { timeline } : {}) };
  }
  if (!pagesLike) throw new Error(`the sandbox logged ${raw.log.length} of ${raw.total} requests`);
  const detailReads = raw.total - (pagesLike.total - pagesLike.detailReads);
  return { cost: raw.cost, kinds: { ...pagesLike, detailReads, total: raw.total }, pages: [], sandboxCpuMs: raw.sandboxCpuMs };
}

/** `repeats` runs, each starting from the same cache file; the median by wall time. */
async function repeatedPlans(sandbox: SandboxProcess, args: readonly string[], cwd: string, cache: string, repeats: number, pagesLike?: RequestKinds): Promise<PlanRun> {
  const saved = `${cache}.saved`;
  copyFileSync(cache, saved);
  const runs: PlanRun[] = [];
  for (let i = 0; i < repeats; i++) {
    copyFileSync(saved, cache);
    runs.push(planRun(await plan(sandbox, args, cwd), sandbox.env, pagesLike));
  }
  return medianPlanRun(runs);
}

/** The run whose wall time is the median. */
function medianPlanRun(runs: readonly PlanRun[]): PlanRun {
  const median = medianRun(runs.map((run) => ({ ...run, wallMs: run.cost.wallMs })));
  return { cost: median.cost, kinds: median.kinds, pages: median.pages, sandboxCpuMs: median.sandboxCpuMs, ...(median.timeline ? { timeline: median.timeline } : {}) };
}

/**
 * The first plan alone, no cache file, against a fresh provisioned sandbox: what
 * `bench/cold-plan.ts` measures without the rest of the plan benchmarks.
 */
export async function benchColdPlan(users: number, log: (line: string) => void): Promise<PlanRun> {
  const sandbox = await startSandboxProcess(['--seed', `users=${users},groups=1,provisioned`, '--rate-limits', 'off']);
  const work = mkdtempSync(join(tmpdir(), 'roster-bench-cold-'));
  try {
    log(`  ${users} users: sandbox ready in ${(sandbox.readyMs / 1000).toFixed(1)} s`);
    const args = ['plan', '-c', CONFIG, '--format', 'json', '--detailed-exitcode', '--cache', join(work, 'refresh.json')];
    const cold = planRun(await plan(sandbox, args, work), sandbox.env);
    log(`  cold-cache plan: ${(cold.cost.wallMs / 1000).toFixed(1)} s`);
    return cold;
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** `checks`: the bundle of bench/floor-checks.ts (bench/lib/checked-floor.ts), when the floor with checks is to run too. */
export async function benchPlans(users: number, repeats: number, checks: string | undefined, log: (line: string) => void): Promise<PlanBench> {
  const sandbox = await startSandboxProcess(['--seed', `users=${users},groups=1,provisioned`, '--rate-limits', 'off']);
  const work = mkdtempSync(join(tmpdir(), 'roster-bench-plan-'));
  try {
    log(`  ${users} users: sandbox ready in ${(sandbox.readyMs / 1000).toFixed(1)} s`);
    const cache = join(work, 'refresh.json');
    const args = ['plan', '-c', CONFIG, '--format', 'json', '--detailed-exitcode', '--cache', cache];
    // The first plan finds no cache file: it compares from the lists (the extension records carry
    // phones and addresses), reads in full only accounts whose records lack them, and writes the cache.
    const coldRaw = await plan(sandbox, args, work);
    log(`  cold-cache plan: ${(coldRaw.cost.wallMs / 1000).toFixed(1)} s`);
    // Warm plans and floor runs take turns, so that both meet the machine as it is at the time:
    // its speed drifts over minutes, and the ratio of the two is the figure that matters.
    const saved = `${cache}.saved`;
    copyFileSync(cache, saved);
    const warmRuns: PlanRun[] = [];
    const floors: FloorRun[] = [];
    const checkedFloors: FloorRun[] = [];
    for (let i = 0; i < repeats; i++) {
      copyFileSync(saved, cache);
      warmRuns.push(planRun(await plan(sandbox, args, work), sandbox.env));
      floors.push(await floorRun(sandbox, warmRuns[0]!.pages));
      if (checks) checkedFloors.push(await floorRun(sandbox, warmRuns[0]!.pages, checks));
    }
    copyFileSync(saved, cache);
    const warm = medianPlanRun(warmRuns);
    const cold = planRun(coldRaw, sandbox.env, warm.kinds);
    log(`  warm-cache plan: ${(warm.cost.wallMs / 1000).toFixed(1)} s`);
    await sandbox.clearRequests();
    const logged = await runFloor(warm.pages, sandbox.url);
    const floorLog = await sandbox.requests();
    const floorTimeline = floorLog.length === (await sandbox.stats()).total ? timelineOf(floorLog, logged) : undefined;
    const floor = { ...medianRun(floors), requests: warm.pages.length, ...(floorTimeline ? { timeline: floorTimeline } : {}) };
    const checkedFloor = checks ? medianRun(checkedFloors) : undefined;
    log(`  floor: ${(floor.wallMs / 1000).toFixed(1)} s${checkedFloor ? `, with checks ${(checkedFloor.wallMs / 1000).toFixed(1)} s` : ''}`);
    const changedUsers = await changeOnePercent({ url: sandbox.url, apiKey: sandbox.env['JUMPCLOUD_API_KEY'] ?? '', scimToken: sandbox.env['RINGCENTRAL_TOKEN'] ?? '' }, users);
    const changed = { ...(await repeatedPlans(sandbox, args, work, cache, repeats, warm.kinds)), changedUsers };
    log(`  1% changed: ${(changed.cost.wallMs / 1000).toFixed(1)} s`);
    return { users, seedMs: sandbox.readyMs, cold, warm, floor, ...(checkedFloor ? { checkedFloor } : {}), changed };
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

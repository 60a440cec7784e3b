/**
 * The figures of a run as tables, and the targets of issue 9 judged against them.
 */
import type { CoreBench } from './core.js';
import type { Machine } from './lib/machine.js';
import type { Cost } from './lib/measure.js';
import type { RequestKinds, Timeline } from './lib/requests.js';
import { count, megabytes, minutes, ratio, seconds, type Table } from './lib/table.js';
import type { PlanBench } from './plans.js';
import { HEAVY_PER_MINUTE, type ProvisioningBench } from './provisioning.js';

export interface BenchResults {
  readonly machine: Machine;
  readonly startedAt: string;
  readonly durationMs: number;
  /** One-minute load average before and after: other processes on the machine slow every figure. */
  readonly load: { readonly before: number; readonly after: number };
  /** `roster plan --help`: Node and Roster's modules loading, nothing read. */
  readonly startup: Cost;
  readonly plans: readonly PlanBench[];
  readonly provisioning: ProvisioningBench;
  readonly core: readonly CoreBench[];
  /** Requests a large SCIM group costs (bench/groups.ts). */
  readonly groups: Table;
}

/** RingCentral's documented limits per minute (docs/vendors/ringcentral.md §4): SCIM reads Light, the extension list Medium. */
const LIGHT = 50;
const MEDIUM = 40;

/** Minutes a plan's RingCentral reads need at the documented limits; groups are paced independently. */
export function minutesAtLimits(kinds: RequestKinds): number {
  return Math.max((kinds.scimPages + kinds.lookups + kinds.detailReads) / LIGHT, kinds.extensionPages / MEDIUM);
}

/**
 * Minutes the same plan's RingCentral reads took when every account was read in full: one detail
 * read per user (Light) beside the list pages, before the extension records' contact was used.
 */
export function minutesReadingEveryAccount(users: number, kinds: RequestKinds): number {
  return minutesAtLimits({ ...kinds, detailReads: users });
}

/**
 * The first plan, no refresh cache: its requests per RingCentral rate-limit group and the time
 * they take at the documented limits, next to what reading every account in full took.
 */
export function coldPlanTable(plans: ReadonlyArray<{ readonly users: number; readonly cold: PlanBench['cold'] }>): Table {
  return {
    title: 'First plan, no refresh cache: list pages only (phones and addresses from the extension records), next to a detail read per account',
    columns: [
      'users',
      'wall s',
      'CPU s',
      'peak RSS MB',
      'directory pages',
      'Light: SCIM pages',
      'Light: detail reads',
      'Medium: extension pages',
      'Auth: token',
      'requests',
      'Light min at 50/min',
      'Medium min at 40/min',
      'at RingCentral limits, min',
      'a detail read per account, min',
    ],
    rows: plans.map(({ users, cold }) => [
      count(users),
      seconds(cold.cost.wallMs),
      seconds(cold.cost.cpuMs),
      megabytes(cold.cost.maxRssMb),
      count(cold.kinds.directoryPages),
      count(cold.kinds.scimPages),
      count(cold.kinds.detailReads),
      count(cold.kinds.extensionPages),
      count(cold.kinds.tokens),
      count(cold.kinds.total),
      minutes((cold.kinds.scimPages + cold.kinds.lookups + cold.kinds.detailReads) / LIGHT),
      minutes(cold.kinds.extensionPages / MEDIUM),
      minutes(minutesAtLimits(cold.kinds)),
      minutes(minutesReadingEveryAccount(users, cold.kinds)),
    ]),
  };
}

export const wallRatio = (plan: PlanBench, run: PlanBench['warm']) => run.cost.wallMs / plan.floor.wallMs;

export function tablesOf(results: BenchResults): Table[] {
  const { plans, provisioning: p, core, groups } = results;
  return [
    {
      title: 'No-change plan, warm refresh cache (median of 3), and the floor: the same list pages fetched by a minimal undici loop',
      columns: ['users', 'wall s', 'CPU s', 'peak RSS MB', 'directory pages', 'SCIM pages', 'extension pages', 'token', 'detail reads', 'floor wall s', 'floor requests', 'Roster / floor', 'floor with checks / floor', 'at RingCentral limits, min'],
      rows: plans.map((b) => [
        count(b.users),
        seconds(b.warm.cost.wallMs),
        seconds(b.warm.cost.cpuMs),
        megabytes(b.warm.cost.maxRssMb),
        count(b.warm.kinds.directoryPages),
        count(b.warm.kinds.scimPages),
        count(b.warm.kinds.extensionPages),
        count(b.warm.kinds.tokens),
        count(b.warm.kinds.detailReads),
        seconds(b.floor.wallMs),
        count(b.floor.requests),
        ratio(wallRatio(b, b.warm)),
        b.checkedFloor ? ratio(b.checkedFloor.wallMs / b.floor.wallMs) : '—',
        minutes(minutesAtLimits(b.warm.kinds)),
      ]),
    },
    coldPlanTable(plans.map((b) => ({ users: b.users, cold: b.cold }))),
    {
      title: 'Plan after 1% of the users changed (half a new mobile number in the IdP, half edited in RingCentral), warm cache (median of 3)',
      columns: ['users', 'changed', 'requests', 'detail reads', 'floor requests', 'requests / floor', 'wall s', 'Roster / floor', 'at RingCentral limits, min'],
      rows: plans.map((b) => [
        count(b.users),
        count(b.changed.changedUsers),
        count(b.changed.kinds.total),
        count(b.changed.kinds.detailReads),
        count(b.floor.requests),
        ratio(b.changed.kinds.total / b.floor.requests),
        seconds(b.changed.cost.wallMs),
        ratio(wallRatio(b, b.changed)),
        minutes(minutesAtLimits(b.changed.kinds)),
      ]),
    },
    {
      title: `First provisioning with RingCentral's limits on (time scale ${p.timeScale}: a minute lasts ${seconds(60_000 / p.timeScale)} s)`,
      columns: ['users', 'creates', 'writes', 'writes / change', 'look-ups', 'other reads', 'requests / change', '429s', 'writes per window', 'wall s', 'rate-limit floor s', 'wall / floor', 'unscaled floor, min'],
      rows: [
        [
          count(p.users),
          count(p.changes),
          count(p.kinds.writes),
          ratio(p.kinds.writes / p.changes),
          count(p.kinds.lookups),
          count(p.kinds.total - p.kinds.writes - p.kinds.lookups),
          ratio(p.kinds.total / p.changes),
          count(p.tooManyRequests),
          p.writesPerWindow.toFixed(1),
          seconds(p.cost.wallMs),
          seconds(p.floorMs),
          ratio(p.cost.wallMs / p.floorMs),
          minutes((p.floorMs * p.timeScale) / 60_000),
        ],
      ],
    },
    {
      title: 'The pure core alone: buildPlan on a no-change plan (median of 3)',
      columns: ['users', 'accounts as', 'buildPlan ms', 'process peak RSS MB'],
      rows: core.map((c) => [count(c.users), c.detail === 'list' ? 'list pages (warm cache)' : 'read in full (cold cache)', count(Math.round(c.ms)), megabytes(c.peakRssMb)]),
    },
    groups,
  ];
}

export interface Verdict {
  readonly target: string;
  readonly met: boolean;
  readonly measured: string;
  /** For a missed target: by how much, and what the figures say about why. */
  readonly miss?: string;
}

/**
 * About the shortest run the CPU spent allows, on `cores` cores: the client's start-up alone (the
 * sandbox waits for its first request), then the client's and the sandbox's remaining CPU spread
 * over every core. Not a strict bound (V8 compiles on other threads during start-up), but close.
 */
export function cpuBoundMs(clientCpuMs: number, sandboxCpuMs: number, startMs: number, cores: number): number {
  return startMs + Math.max(0, clientCpuMs + sandboxCpuMs - startMs) / cores;
}

/**
 * What CPU allows Roster, against the floor: each run's bound (cpuBoundMs), how close each came to
 * it, and the CPU at which Roster, as close to its bound as this run came, would take 1.3 × the floor.
 */
function cpuNote(plan: PlanBench, cores: number, mine: Timeline, floor: Timeline): string {
  const rosterBound = cpuBoundMs(plan.warm.cost.cpuMs, plan.warm.sandboxCpuMs, mine.startMs, cores);
  const floorBound = cpuBoundMs(plan.floor.cpuMs, plan.floor.sandboxCpuMs, floor.startMs, cores);
  // Wall = bound × closeness; 1.3 × the floor solved for Roster's CPU, everything else as measured.
  const closeness = plan.warm.cost.wallMs / rosterBound;
  const cpuAllowed = Math.max(0, cores * ((1.3 * plan.floor.wallMs) / closeness - mine.startMs) - plan.warm.sandboxCpuMs + mine.startMs);
  return ` CPU sets a bound: with the sandbox idle until the first request and both processes' CPU spread over the machine's ${cores} cores after it, Roster's run (${seconds(plan.warm.cost.cpuMs)} s of CPU, the sandbox's ${seconds(plan.warm.sandboxCpuMs)} s) cannot take much less than ${seconds(rosterBound)} s, ${ratio(rosterBound / plan.floor.wallMs)} × the floor, and it took ${ratio(closeness)} × that; the floor's (${seconds(plan.floor.cpuMs)} s and ${seconds(plan.floor.sandboxCpuMs)} s) about ${seconds(floorBound)} s, and it took ${ratio(plan.floor.wallMs / floorBound)} × that. As close to its bound as this run came, Roster would take 1.3 × the floor at ${seconds(cpuAllowed)} s of CPU or less, where it spent ${seconds(plan.warm.cost.cpuMs)} s (${Math.max(0, Math.round((1 - cpuAllowed / plan.warm.cost.cpuMs) * 100))}% less).`;
}

/** Where Roster's wall time went, against the floor's: start-up, the reading, what follows the last answer. */
function ratioNote(results: BenchResults, plan: PlanBench): string {
  const mine = plan.warm.timeline;
  const floor = plan.floor.timeline;
  const cpu = `Roster spent ${seconds(plan.warm.cost.cpuMs)} s of CPU against the floor's ${seconds(plan.floor.cpuMs)} s; loading Node and Roster's modules alone takes ${seconds(results.startup.cpuMs)} s of CPU (${seconds(results.startup.wallMs)} s wall, \`roster plan --help\`).`;
  if (!mine || !floor) return cpu;
  const phase = (t: Timeline) => `${seconds(t.startMs)} s to the first request, ${seconds(t.readingMs)} s of requests, ${seconds(t.afterMs)} s after the last answer`;
  const allowed = 1.3 * plan.floor.wallMs;
  const checked = plan.checkedFloor?.wallMs;
  const checks =
    checked === undefined
      ? ''
      : ` The floor that also checks every page as Roster does, and does nothing else with it, takes ${seconds(checked)} s (${ratio(checked / plan.floor.wallMs)} × the floor): trusting no answer leaves ${seconds(Math.max(0, allowed - checked))} s of the ${seconds(allowed)} s for reading the configuration and the cache, converting, mapping and comparing every account, and planning.`;
  return `${cpu}${checks}${cpuNote(plan, results.machine.cores, mine, floor)} Roster: ${phase(mine)}; the floor: ${phase(floor)}. Start-up and the work after the last answer are fixed costs the floor hardly has (Node alone starts in about 0.1 s): Roster's ${seconds(mine.startMs + mine.afterMs)} s of them against the floor's ${seconds(floor.startMs + floor.afterMs)} s leave ${seconds(Math.max(0, allowed - mine.startMs - mine.afterMs))} s of the ${seconds(allowed)} s that 1.3 × the floor allows for requests the floor sends in ${seconds(floor.readingMs)} s. The requests span longer for Roster because the sandbox waits on it: during Roster's requests the sandbox held none for ${seconds(mine.serverIdleMs)} s (during the floor's, ${seconds(floor.serverIdleMs)} s), while Roster's one thread parsed, validated, converted and mapped the pages already answered, and the sandbox shares the machine's two cores with it.`;
}

export function verdictsOf(results: BenchResults): Verdict[] {
  const { plans, provisioning: p } = results;
  const verdicts: Verdict[] = [];
  const listOnly = plans.every((b) => b.warm.kinds.detailReads === 0);
  verdicts.push({
    target: 'A no-change plan with a warm cache reads only list pages',
    met: listOnly,
    measured: plans.map((b) => `${count(b.users)} users: ${count(b.warm.kinds.detailReads)} detail reads`).join('; '),
  });
  const tenThousand = plans.find((b) => b.users === 10_000);
  if (tenThousand) {
    const { cold, warm } = tenThousand;
    verdicts.push({
      target: 'A cold no-change plan of 10,000 provisioned users reads no account in full',
      met: cold.kinds.detailReads === 0,
      measured: `${count(cold.kinds.detailReads)} detail reads`,
    });
    const requests = cold.kinds.total / warm.kinds.total;
    verdicts.push({
      target: 'Its requests are at most 1.1 × the warm plan’s',
      met: requests <= 1.1,
      measured: `${count(cold.kinds.total)} against ${count(warm.kinds.total)} (${ratio(requests)})`,
      ...(requests > 1.1 ? { miss: `Missed by ${ratio(requests - 1.1)}.` } : {}),
    });
    const atLimits = minutesAtLimits(cold.kinds);
    verdicts.push({
      target: 'It takes at most 5 minutes at RingCentral’s limits',
      met: atLimits <= 5,
      measured: `${minutes(atLimits)} minutes (a detail read per account: ${minutes(minutesReadingEveryAccount(tenThousand.users, cold.kinds))})`,
      ...(atLimits > 5 ? { miss: `Missed by ${minutes(atLimits - 5)} minutes.` } : {}),
    });
    const r = wallRatio(tenThousand, warm);
    verdicts.push({
      target: 'Roster / floor ≤ 1.3 at 10,000 users (warm no-change plan, wall time)',
      met: r <= 1.3,
      measured: `${ratio(r)} (${seconds(warm.cost.wallMs)} s against ${seconds(tenThousand.floor.wallMs)} s)`,
      ...(r > 1.3 ? { miss: `Missed by ${ratio(r - 1.3)}. ${ratioNote(results, tenThousand)}` } : {}),
    });
  }
  const hundredThousand = plans.find((b) => b.users === 100_000);
  if (hundredThousand) {
    const peak = Math.max(hundredThousand.warm.cost.maxRssMb, hundredThousand.cold.cost.maxRssMb, hundredThousand.changed.cost.maxRssMb);
    verdicts.push({
      target: '100,000 users within 1 GB RSS',
      met: peak <= 1024,
      measured: `peak ${megabytes(peak)} MB (warm ${megabytes(hundredThousand.warm.cost.maxRssMb)}, cold ${megabytes(hundredThousand.cold.cost.maxRssMb)})`,
      ...(peak > 1024 ? { miss: `Missed by ${megabytes(peak - 1024)} MB.` } : {}),
    });
  }
  const writesPerChange = p.kinds.writes / p.changes;
  verdicts.push({ target: 'Apply makes one write per changed user', met: writesPerChange === 1, measured: `${count(p.kinds.writes)} writes for ${count(p.changes)} creates` });
  verdicts.push({ target: 'Apply provokes zero 429s', met: p.tooManyRequests === 0, measured: `${p.tooManyRequests}` });
  const overFloor = p.cost.wallMs / p.floorMs;
  verdicts.push({
    target: 'Apply finishes within 5% of the rate-limit floor',
    met: overFloor <= 1.05,
    measured: `${seconds(p.cost.wallMs)} s against ${seconds(p.floorMs)} s (${ratio(overFloor)})`,
    ...(overFloor > 1.05
      ? {
          miss: `Missed by ${((overFloor - 1.05) * 100).toFixed(1)} points: ${seconds(p.cost.wallMs - p.floorMs)} s beyond the floor. Apply sent ${p.writesPerWindow.toFixed(1)} writes per window where the Heavy group allows ${HEAVY_PER_MINUTE} (see "Reading the figures").`,
        }
      : {}),
  });
  const minutesTaken = results.durationMs / 60_000;
  verdicts.push({
    target: '`npm run bench` finishes in under 15 minutes on this machine',
    met: minutesTaken < 15,
    measured: `${minutesTaken.toFixed(1)} minutes`,
    ...(minutesTaken >= 15 ? { miss: `Missed by ${(minutesTaken - 15).toFixed(1)} minutes.` } : {}),
  });
  return verdicts;
}

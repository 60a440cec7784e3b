/**
 * Applying a plan: the IdP changes one at a time, then each target's account changes with a
 * bounded number of workers (the HTTP layer paces their requests within the rate limits), then
 * the convergence check. Every change ends as done, failed or skipped with its cause; nothing is
 * thrown past this function but defects.
 *
 * Stops, each said once: a target out of licences makes no further creates in this run (updates
 * and deprovisions go on); a change that cannot finish within the time budget is not started,
 * and neither is anything after it.
 */
import type { Change } from '../core/change.js';
import type { Plan } from '../core/plan.js';
import { changeCost, TimeBudget, type ChangeCost, type RequestCount } from './budget.js';
import { checkConvergence } from './convergence.js';
import type { RefreshCacheStore } from './refresh-cache.js';
import type { ApplyListener, ApplyReport, ChangeOutcome, NonConvergence } from './events.js';
import { executeChange, type ExecuteContext } from './execute.js';
import { isLicenceExhausted } from './failure-report.js';
import type { Journal } from './journal.js';
import { orderChanges } from './order.js';
import type { PaceTracker } from './pace.js';
import type { PlanRequest } from './planner.js';
import { accountRulesOf } from './preconditions.js';
import { ProgressCount } from './progress.js';
import type { Providers } from './providers.js';
import { applicationLabels, type ActualState } from './refresh.js';
import type { StaleChange } from './stale-check.js';

export interface ApplyInput {
  readonly plan: Plan;
  /** What the plan was made from: the configuration and the state read for it. */
  readonly request: PlanRequest;
  readonly actual: ActualState;
  readonly providers: Providers;
  readonly journal: Journal;
  readonly pace: PaceTracker;
  readonly now: () => number;
  /** Workers per target. */
  readonly parallelism: number;
  /** Absolute time (the clock's milliseconds) after which no change may still be running. */
  readonly deadline?: number;
  /** Changes found stale before the run and left out with `--allow-partial`. */
  readonly staleUpFront?: readonly StaleChange[];
  /** Saved-plan changes found already applied: confirmed by a read, never sent (saved-plan-check.ts). */
  readonly confirmOnly?: ReadonlySet<Change>;
  /**
   * Addresses where a saved plan's change is in place but Roster now plans another: what still
   * differs there after the run is the world having moved on since the plan, not a mapping fault.
   */
  readonly changedSincePlan?: ReadonlySet<string>;
  /** When aborted, changes in flight finish and no other change starts. */
  readonly signal?: AbortSignal;
  readonly listener?: ApplyListener;
  /**
   * The refresh cache: the accounts read back in full after their changes are recorded, so the
   * next plan need not read them again (engine/refresh-cache.ts). The caller saves it.
   */
  readonly cache?: RefreshCacheStore;
}

function declareDocumentedLimits(pace: PaceTracker, providers: Providers): void {
  for (const target of providers.targets.values()) {
    const { read, write } = target.capabilities.rateLimits;
    pace.declare(target.system, read.name, read.requestsPerMinute);
    pace.declare(target.system, write.name, write.requestsPerMinute);
  }
}

export async function applyPlan(input: ApplyInput): Promise<ApplyReport> {
  const { plan, providers, pace, now } = input;
  const emit: ApplyListener = input.listener ?? (() => {});
  const started = now();
  declareDocumentedLimits(pace, providers);

  const order = orderChanges(plan.changes);
  const labels = new Map(applicationLabels(input.request.desired).map((l) => [l.app, l.label]));
  const context: ExecuteContext = {
    providers,
    journal: input.journal,
    appIds: new Map(),
    createdAccounts: new Map(),
    accountRules: accountRulesOf(input.request.desired, providers.targets),
    label: (app) => labels.get(app) ?? app,
    now,
  };
  const costs = new Map<Change, ChangeCost>();
  for (const change of [...order.idp, ...[...order.accounts.values()].flat(), ...[...order.groups.values()].flat()]) {
    costs.set(change, changeCost(change, providers.idp.system, providers.targets.get(change.app)));
  }
  const listPages = (app: string): RequestCount[] => {
    const target = providers.targets.get(app);
    const accounts = input.actual.targets[app]?.accounts.length ?? 0;
    if (!target) return [];
    return [{ system: target.system, group: target.capabilities.rateLimits.read.name, count: Math.max(1, Math.ceil(accounts / target.capabilities.maxPageSize)) }];
  };
  const budget = new TimeBudget(pace, now, input.deadline, [...costs.values()], listPages);

  const outcomes: ChangeOutcome[] = [];
  const byAddress = new Map<string, ChangeOutcome>();
  const counts = new ProgressCount(plan, () => budget.etaMs(input.parallelism));
  const record = (outcome: ChangeOutcome): void => {
    outcomes.push(outcome);
    byAddress.set(outcome.change.address, outcome);
    const cost = costs.get(outcome.change);
    if (cost) budget.drop(cost);
    counts.count(outcome);
    emit({ type: 'change-finished', outcome, progress: counts.snapshot() });
  };

  // The plan's own estimate, so that the start of the apply says what the plan said.
  const phase = (plan as Partial<Pick<Plan, 'estimate'>>).estimate?.apply;
  const estimate = phase ? { estimate: { requests: phase.entries.reduce((sum, e) => sum + e.requests, 0), minimumSeconds: phase.minimumSeconds } } : {};
  emit({ type: 'apply-started', progress: counts.snapshot(), ...estimate, ...(input.deadline !== undefined ? { budgetMs: input.deadline - started } : {}) });
  for (const change of order.planned) record({ kind: 'skipped', change, cause: 'planned', why: change.problems[0]?.message ?? 'nothing to send' });
  const staleUpFront = new Map((input.staleUpFront ?? []).map((s) => [s.change.address, s.why]));

  const licenceStopped = new Set<string>();
  let budgetReached = false;

  /** Why a change must not start, if it must not. */
  const blocker = (change: Change): ChangeOutcome | undefined => {
    const stale = staleUpFront.get(change.address);
    if (stale !== undefined) return { kind: 'skipped', change, cause: 'stale', why: stale };
    for (const dependency of order.dependencies.get(change.address) ?? []) {
      const outcome = byAddress.get(dependency);
      if (outcome?.kind !== 'done') return { kind: 'skipped', change, cause: 'dependency', why: `${dependency} was not applied` };
    }
    if (change.action === 'create' && licenceStopped.has(change.app)) {
      return { kind: 'skipped', change, cause: 'licence', why: `${change.app} has no free licence left` };
    }
    if (input.signal?.aborted) return { kind: 'skipped', change, cause: 'interrupted', why: 'not started: apply was interrupted' };
    if (budgetReached) return budgetSkip(change);
    return undefined;
  };
  const budgetSkip = (change: Change): ChangeOutcome => ({ kind: 'skipped', change, cause: 'budget', why: 'not started: it could not finish within the time budget' });

  const run = async (change: Change): Promise<void> => {
    const blocked = blocker(change);
    if (blocked) return record(blocked);
    const cost = costs.get(change)!;
    if (!budget.tryStart(cost)) {
      budgetReached = true;
      emit({ type: 'budget-reached', remaining: budget.pendingChanges });
      return record(budgetSkip(change));
    }
    emit({ type: 'change-started', change });
    const outcome = await executeChange(change, context, { confirmOnly: input.confirmOnly?.has(change) === true });
    budget.finish(cost);
    if (outcome.kind !== 'skipped') pace.recordChange(change.app, outcome.ms);
    if (outcome.kind === 'failed' && change.action === 'create' && isLicenceExhausted(outcome.failure) && !licenceStopped.has(change.app)) {
      licenceStopped.add(change.app);
      emit({ type: 'licence-exhausted', app: change.app, failure: outcome.failure });
    }
    record(outcome);
  };

  const inParallel = async (changes: readonly Change[]): Promise<void> => {
    const queue = [...changes];
    const worker = async () => {
      for (let change = queue.shift(); change; change = queue.shift()) await run(change);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(input.parallelism, queue.length)) }, worker));
  };
  for (const change of order.idp) await run(change);
  const apps = new Set([...order.accounts.keys(), ...order.groups.keys()]);
  await Promise.all(
    [...apps].map(async (app) => {
      await inParallel(order.accounts.get(app) ?? []);
      // Groups once the accounts they refer to exist (order.ts).
      await inParallel(order.groups.get(app) ?? []);
    }),
  );

  let nonConverged: NonConvergence[] = [];
  let unverified: string | undefined;
  const applied = outcomes.filter((o) => o.kind === 'done').length;
  if (input.signal?.aborted) unverified = 'apply was interrupted before the changed objects were read back';
  else if (applied > 0) {
    emit({ type: 'verifying', objects: applied });
    try {
      const convergence = await checkConvergence({ request: input.request, actual: input.actual, outcomes }, providers);
      nonConverged = convergence.nonConverged.map((n) => (input.changedSincePlan?.has(n.address) ? { ...n, changedSincePlan: true } : n));
      input.cache?.record(input.request.desired, { directory: convergence.readBack.directory, targets: convergence.readBack.targets });
    } catch (error) {
      unverified = `the changed objects could not be read back: ${(error as Error).message}`;
    }
  }
  const report: ApplyReport = {
    outcomes,
    nonConverged,
    ...(unverified !== undefined ? { unverified } : {}),
    licenceExhausted: [...licenceStopped],
    budgetReached,
    elapsedMs: now() - started,
  };
  emit({ type: 'apply-finished', report });
  return report;
}

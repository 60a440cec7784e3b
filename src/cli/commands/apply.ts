import { VIOLATION_KINDS } from '../../core/safety.js';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { hasErrors } from '../../core/diagnostics.js';
import type { Change } from '../../core/change.js';
import { hasChanges, hasProblems, type Plan } from '../../core/plan.js';
import type { TransportEvent } from '../../core/ports.js';
import { parseAcknowledgement, unacknowledged, type Acknowledgement } from '../../engine/acknowledge.js';
import { applyPlan } from '../../engine/applier.js';
import { parseDuration } from '../../engine/budget.js';
import type { ApplyListener } from '../../engine/events.js';
import { describeFileError } from '../../engine/files.js';
import { defaultJournalPath, openJournal, type Journal } from '../../engine/journal.js';
import { PaceTracker } from '../../engine/pace.js';
import { planFromState, planLiveWithState, scopePlanRequest, type PlanRequest } from '../../engine/planner.js';
import type { Providers } from '../../engine/providers.js';
import { accountRulesOf } from '../../engine/preconditions.js';
import type { RefreshCacheStore } from '../../engine/refresh-cache.js';
import { readActualState, type ActualState } from '../../engine/refresh.js';
import { readSavedPlan, SavedPlanError } from '../../engine/saved-plan.js';
import { checkSavedPlan } from '../../engine/saved-plan-check.js';
import { applyStatus, type ApplyStatus } from '../../engine/status.js';
import type { StaleChange } from '../../engine/stale-check.js';
import { createApplyLines } from '../../render/apply-lines.js';
import { wrapText } from '../../render/wrap.js';
import { renderSafetyRefusal, renderStaleRefusal, renderTamperedRefusal } from '../../render/apply-refusal.js';
import { renderApplySummary } from '../../render/apply-summary.js';
import { planRenderer } from '../../render/plan-renderer.js';
import { samlSide } from '../saml-side.js';
import { APP_SCOPE_HELP, scopeToApps } from '../app-scope.js';
import { colorEnabled } from '../color.js';
import { ExitCode, type CliIO, type Command } from '../command.js';
import { appScopeOption, configOption, parseOptions, refreshOptions, UsageError } from '../options.js';
import { openRefreshCache, REFRESH_HELP, refreshSettings, saveRefreshCache } from '../refresh-cache.js';
import { createProviders } from '../wiring.js';
import { acquireApplyLocks, ApplyLockedError, type HeldLocks } from '../apply-lock.js';
import { describeFailure, loadOrReport } from './common.js';
import { paceMemoryPath, recallPace, rememberPace } from '../pace-memory.js';
import { liveViewEnabled } from '../live-view.js';

/** At least a write window's budget (RingCentral Heavy: 10), so that a whole window can go at once. */
const DEFAULT_PARALLELISM = 10;

async function confirm(io: CliIO): Promise<boolean> {
  const prompt = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const answer = await prompt.question('Apply these changes? Only "yes" is accepted: ', { signal: io.signal });
    return answer.trim() === 'yes';
  } catch {
    // Interrupted at the prompt (Ctrl+C): that is a no.
    return false;
  } finally {
    prompt.close();
  }
}

function acknowledgementsOf(values: readonly string[], apps: readonly string[]): Acknowledgement[] {
  return values.map((value) => {
    const acknowledgement = parseAcknowledgement(value);
    if (!acknowledgement) throw new UsageError(`--allow ${value}: expected KIND:APP with KIND one of ${VIOLATION_KINDS.join(', ')} (e.g. --allow deprovision:${apps[0] ?? 'app'})`);
    // An application removed from the configuration is deleted with `--allow delete:<app>`: it is no longer in the list.
    if (acknowledgement.kind !== 'delete' && !apps.includes(acknowledgement.app)) throw new UsageError(`--allow ${value}: no application "${acknowledgement.app}" in the configuration (${apps.join(', ')})`);
    return acknowledgement;
  });
}

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${name} must be a whole number of at least 1, not "${value}"`);
  return number;
}

/** Progress on a terminal (a live ink view) or as one line per change (CI, a pipe, a file). */
async function progressOutput(io: CliIO): Promise<{ listener: ApplyListener; stop(): void }> {
  // The live view is ink's: loaded only when it is drawn (see plan-renderer.ts).
  if (liveViewEnabled(io)) return (await import('../../render/apply-view.js')).startApplyView(io.stdout as NodeJS.WriteStream, Date.now, colorEnabled(io, io.stdout));
  const lineOf = createApplyLines();
  return {
    listener: (event) => {
      const line = lineOf(event);
      if (line) io.stdout.write(`${line}\n`);
    },
    stop() {},
  };
}

interface Prepared {
  readonly plan: Plan;
  readonly actual: ActualState;
  /** Saved-plan changes whose objects changed since the plan was made. */
  readonly stale: readonly StaleChange[];
  /** Saved-plan changes no plan of Roster's holds: the plan is refused whatever the flags. */
  readonly tampered: readonly StaleChange[];
  /** Saved-plan changes found already applied: confirmed, never sent. */
  readonly confirmOnly?: ReadonlySet<Change>;
  /** Addresses where the saved change is in place but Roster now plans another. */
  readonly changedSincePlan?: ReadonlySet<string>;
  /** Changes Roster plans now that the saved plan does not have. */
  readonly notInPlan?: readonly Change[];
  /** The request, narrowed to the applications of a partial saved plan. */
  readonly request: PlanRequest;
}

/** The plan to apply: the saved one, checked against the systems as they are now, or a new one. */
async function preparePlan(planFile: string | undefined, request: PlanRequest, providers: Providers, cache: RefreshCacheStore, io: CliIO, expectDigest?: string): Promise<Prepared> {
  if (!planFile) return { ...(await planLiveWithState(request, providers, { cache })), stale: [], tampered: [], request };
  const saved = await readSavedPlan(resolve(io.cwd, planFile), request.configDigest, expectDigest);
  // A partial plan (`roster plan --app`) is checked, applied and read back for its applications only.
  const scoped = saved.partial ? scopePlanRequest(request, saved.partial.applications) : request;
  const actual = await readActualState(scoped.desired, providers, { cache });
  // The file says what was intended; what is sent is what Roster plans now (saved-plan-check.ts).
  const fresh = planFromState(scoped, providers.idp, actual);
  const rules = accountRulesOf(scoped.desired, providers.targets);
  const checked = checkSavedPlan({ saved, fresh, actual, desired: scoped.desired, rules, idpSystem: providers.idp.system });
  return { ...checked, actual, request: scoped };
}

interface Gate {
  readonly strict: boolean;
  readonly allowPartial: boolean;
  readonly autoApprove: boolean;
  readonly acknowledgements: readonly Acknowledgement[];
}

/**
 * Everything that stops a plan before its first request, in order: errors, `--strict` problems,
 * unacknowledged safety violations, stale changes, nothing to do, no confirmation. Returns the
 * exit code when the plan must not be applied, after saying why.
 */
async function refusal({ plan, stale, tampered }: Prepared, gate: Gate, io: CliIO): Promise<number | undefined> {
  if (tampered.length > 0) {
    io.stderr.write(renderTamperedRefusal(tampered));
    return ExitCode.refused;
  }
  if (hasErrors(plan.diagnostics)) {
    io.stderr.write('The plan has errors; nothing was changed.\n');
    return ExitCode.error;
  }
  if (gate.strict && hasProblems(plan)) {
    io.stderr.write('--strict: some changes are blocked by a problem (see the plan); nothing was changed.\n');
    return ExitCode.error;
  }
  const violations = unacknowledged(plan.violations, gate.acknowledgements);
  if (violations.length > 0) {
    io.stderr.write(renderSafetyRefusal(violations));
    return ExitCode.refused;
  }
  if (stale.length > 0 && !gate.allowPartial) {
    io.stderr.write(renderStaleRefusal(stale, plan.createdAt));
    return ExitCode.refused;
  }
  if (!hasChanges(plan)) {
    io.stdout.write('Nothing to apply.\n');
    return ExitCode.ok;
  }
  if (gate.autoApprove) return undefined;
  if (!io.stdin.isTTY) {
    io.stderr.write('Not on a terminal, so nobody can confirm: pass --auto-approve to apply without confirmation. Nothing was changed.\n');
    return ExitCode.error;
  }
  if (await confirm(io)) return undefined;
  io.stderr.write('Apply cancelled; nothing was changed.\n');
  return ExitCode.error;
}

const EXIT_CODES: Readonly<Record<ApplyStatus, number>> = { converged: ExitCode.ok, failed: ExitCode.error, budget: ExitCode.budget };

const OPTIONS = {
  ...configOption,
  'auto-approve': { type: 'boolean', default: false },
  allow: { type: 'string', multiple: true, default: [] as string[] },
  'allow-partial': { type: 'boolean', default: false },
  'time-budget': { type: 'string' },
  journal: { type: 'string' },
  parallelism: { type: 'string', default: String(DEFAULT_PARALLELISM) },
  strict: { type: 'boolean', default: false },
  'expect-digest': { type: 'string' },
  'take-over-lock': { type: 'boolean', default: false },
  ...appScopeOption,
  ...refreshOptions,
} as const;

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Make the applications match the configuration (plans first, or applies a saved plan)',
  help: `Usage: roster apply [PLAN_FILE] [-c DIR] [--auto-approve] [--allow KIND:APP]... [--allow-partial]
                    [--time-budget DURATION] [--journal FILE] [--parallelism N] [--strict]
                    [--app NAME]... [--refresh cached|full] [--cache FILE] [--no-color]

Without PLAN_FILE, plans from live state, shows the plan and applies it. With PLAN_FILE (saved by
\`roster plan -o\`), applies exactly that plan: it must come from the current configuration, be as
Roster wrote it (its digest), every object it changes must still be as the plan saw it, and every
change must be one Roster plans now from live state, or the plan is refused; safety rules are
checked again against the changes that will be made, never read from the file.
SSO applications and group bindings are changed first, then accounts; every change's object is
read again right before it is changed. Requests are paced within the targets' rate limits.

Options:
  -c, --config DIR          configuration folder (default: configs)
      --auto-approve        apply without asking (required when not on a terminal, e.g. in CI)
      --allow KIND:APP      acknowledge a safety violation of the plan; KIND is deprovision,
                            rename, protected, replace, delete, membership or delete-group
                            (repeatable; docs/apply.md "Safety")
      --allow-partial       with a saved plan: apply the changes that are not stale, report the rest
      --time-budget DURATION  start no change that cannot finish in time (e.g. 50m, 1h30m);
                            exit 4 with what remains; the next run continues from live state
      --journal FILE        the JSON Lines journal (default: .roster/journal/<time>.jsonl)
      --parallelism N       changes in flight per application (default: ${DEFAULT_PARALLELISM})
      --strict              refuse to apply when any change is blocked by a problem
      --expect-digest D     with PLAN_FILE: refuse (exit 3) unless the plan's content digest is D,
                            the digest roster plan printed for the reviewed plan
      --take-over-lock      apply although another apply of these applications seems to run on
                            this machine (its process lives but is not a roster apply)
${APP_SCOPE_HELP}; not with PLAN_FILE, whose
                         applications are those it was planned for
${REFRESH_HELP}
      --no-color         no colours on a terminal (as with NO_COLOR set)
  -h, --help                show this help

Exit codes: 0 applied and converged (or nothing to do), 1 error, failure or non-convergence,
3 refused (safety rule not acknowledged, stale saved plan, another apply running), 4 time budget reached with work left.`,
  options: OPTIONS,
  async run(argv, io) {
    const startedAt = Date.now();
    const { values, positionals } = parseOptions('apply', argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(`${this.help}\n`);
      return ExitCode.ok;
    }
    if (positionals.length > 1) throw new UsageError(`one plan file at most, not ${positionals.length}`);
    const planFile = positionals[0];
    const expectDigest = values['expect-digest'];
    if (expectDigest !== undefined && planFile === undefined) throw new UsageError('--expect-digest checks a saved plan: give the PLAN_FILE it was printed for');
    if (planFile !== undefined && values.app.length > 0) throw new UsageError(`--app plans some applications; a saved plan applies exactly the applications it was planned for: run roster apply ${planFile} without --app`);
    const budget = values['time-budget'];
    const budgetMs = budget === undefined ? undefined : parseDuration(budget);
    if (budget !== undefined && budgetMs === undefined) throw new UsageError(`--time-budget "${budget}" is not a duration: use e.g. 50m, 1h30m, 90s`);
    const parallelism = positiveInteger('parallelism', values.parallelism);
    const refresh = refreshSettings(values, io);

    const loaded = await loadOrReport(io, values.config, true);
    if (!loaded) return ExitCode.error;
    const acknowledgements = acknowledgementsOf(values.allow, loaded.desired.applications.map((a) => a.name));
    const request: PlanRequest = scopeToApps({ desired: loaded.desired, configDigest: loaded.digest, now: new Date(), ssoReviewer: (await samlSide()).reviewSso }, values.app);
    const pace = new PaceTracker(Date.now);
    // Progress output starts after the confirmation; until then, waits only feed the pace.
    let showWait: ApplyListener = () => {};
    const onTransport = (event: TransportEvent): void => {
      pace.observe(event);
      if (event.kind === 'wait') showWait({ type: 'rate-limit-wait', system: event.system, group: event.group, ms: event.ms, reason: event.reason ?? 'rate limit' });
    };
    const cache = await openRefreshCache(refresh, io, loaded.config);
    // Stops the run: Ctrl+C/SIGTERM, or a journal that cannot be written. No change starts after
    // it, the changes in flight finish, and requests waiting for a rate-limit window are given up.
    const stop = new AbortController();
    if (io.signal.aborted) stop.abort();
    else io.signal.addEventListener('abort', () => stop.abort(), { once: true });
    // What the last run spent of the rate-limit budgets still counts.
    const paceMemory = paceMemoryPath(io.cwd);
    recallPace(paceMemory);
    const providers = createProviders(loaded.config, { readOnly: false, onTransport, stop: stop.signal });
    let journal: Journal | undefined;
    let locks: HeldLocks | undefined;
    try {
      // Held from before the first read to the end: a second apply would act on what this one changes.
      try {
        locks = acquireApplyLocks({
          idpUrl: loaded.config.idp.url,
          ...(loaded.config.idp.orgId ? { orgId: loaded.config.idp.orgId } : {}),
          apps: request.desired.applications.map((a) => a.name),
          cwd: io.cwd,
          takeOver: values['take-over-lock'],
        });
      } catch (error) {
        if (!(error instanceof ApplyLockedError)) throw new Error(`cannot take the apply lock: ${(error as Error).message}`);
        io.stderr.write(`${error.message}\nNothing was changed.\n`);
        return ExitCode.refused;
      }
      for (const holder of locks.takenOver) {
        io.stderr.write(`${holder.app}: took over the apply lock of process ${holder.pid} on ${holder.host} (started ${holder.startedAt}).\n`);
      }
      const prepared = await preparePlan(planFile, request, providers, cache, io, expectDigest);
      const { plan, actual, stale } = prepared;
      const render = await planRenderer('text', io.stdout.isTTY === true);
      io.stdout.write(render(plan, io.stdout.isTTY ? { terminalColumns: io.stdout.columns || 80, color: colorEnabled(io, io.stdout) } : {}));
      if (prepared.notInPlan && prepared.notInPlan.length > 0) {
        io.stdout.write(`${prepared.notInPlan.length} ${prepared.notInPlan.length === 1 ? 'change' : 'changes'} Roster plans now ${prepared.notInPlan.length === 1 ? 'is' : 'are'} not in the saved plan and ${prepared.notInPlan.length === 1 ? 'is' : 'are'} not made: run roster plan to see ${prepared.notInPlan.length === 1 ? 'it' : 'them'}.\n`);
      }
      const gate: Gate = { strict: values.strict, allowPartial: values['allow-partial'], autoApprove: values['auto-approve'], acknowledgements };
      const refused = await refusal(prepared, gate, io);
      if (refused !== undefined) return refused;

      const run = randomUUID();
      const journalPath = values.journal ? resolve(io.cwd, values.journal) : defaultJournalPath(io.cwd, new Date());
      let journalFailure: string | undefined;
      try {
        journal = openJournal(journalPath, run, () => new Date(), {
          onFailure: (message) => {
            journalFailure = message;
            stop.abort();
          },
          fallback: (line) => io.stderr.write(`journal: ${line}`),
        });
      } catch (error) {
        io.stderr.write(`Cannot write the journal ${journalPath}: ${describeFileError(error)}. Nothing was changed; choose another file with --journal.\n`);
        return ExitCode.error;
      }
      const openedJournal = journal;
      io.forced?.addEventListener(
        'abort',
        () => {
          openedJournal.record({ event_type: 'roster_apply_end', run_info: { status: 'interrupted', exitCode: 130 } });
          openedJournal.close();
        },
        { once: true },
      );
      journal.record({
        event_type: 'roster_apply_start',
        run_info: { plan: planFile ? 'saved' : 'live', planCreatedAt: plan.createdAt, configDigest: plan.configDigest, changes: plan.changes.length, ...(budgetMs !== undefined ? { budgetMs } : {}) },
      });
      const output = await progressOutput(io);
      showWait = output.listener;
      let report;
      try {
        report = await applyPlan({
          plan,
          request: prepared.request,
          actual,
          providers,
          journal,
          pace,
          now: Date.now,
          parallelism,
          ...(budgetMs !== undefined ? { deadline: startedAt + budgetMs } : {}),
          staleUpFront: stale,
          ...(prepared.confirmOnly ? { confirmOnly: prepared.confirmOnly } : {}),
          ...(prepared.changedSincePlan ? { changedSincePlan: prepared.changedSincePlan } : {}),
          signal: stop.signal,
          listener: output.listener,
          cache,
        });
      } finally {
        output.stop();
      }
      const status = applyStatus(report, values['allow-partial']);
      const exitCode = EXIT_CODES[status];
      // The changes the time budget left are counted in the output; their addresses are kept here.
      const notStarted = report.outcomes.filter((o) => o.kind === 'skipped' && o.cause === 'budget').map((o) => o.change.address);
      journal.record({ event_type: 'roster_apply_end', run_info: { status, exitCode, elapsedMs: report.elapsedMs, ...(notStarted.length > 0 ? { notStarted } : {}) } });
      await saveRefreshCache(cache, io);
      const summary = renderApplySummary(report, { journalPath, allowPartial: values['allow-partial'], manualSteps: plan.manualSteps });
      io.stdout.write(io.stdout.isTTY ? wrapText(summary, io.stdout.columns || 80) : summary);
      journal.close();
      if (journalFailure !== undefined) {
        io.stderr.write(`The journal could not be written: ${journalFailure}. No change was started after that; the lines it could not take are on stderr above, marked "journal:".\n`);
        return ExitCode.error;
      }
      return exitCode;
    } catch (error) {
      if (error instanceof SavedPlanError) {
        io.stderr.write(`${error.message}\nNothing was changed.\n`);
        return error.reason === 'invalid' ? ExitCode.error : ExitCode.refused;
      }
      const message = describeFailure(error);
      if (!message) throw error;
      io.stderr.write(`${message}\n`);
      return ExitCode.error;
    } finally {
      journal?.close();
      await providers.close();
      rememberPace(paceMemory);
      locks?.release();
    }
  },
};

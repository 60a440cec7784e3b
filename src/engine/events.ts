/**
 * What an apply tells the outside world while it runs and when it ends: the events the terminal
 * view and the CI lines render, and the report the summary and the exit code are made from.
 * Types only, so that render/ can import them (dependency rule 5, test/architecture.test.ts).
 */
import type { Action, Change, FieldDiff } from '../core/change.js';
import type { StepResult } from '../core/ports.js';

/** A failed request or step, as read from the error the provider raised. Never holds a secret. */
export interface FailureReport {
  /** One line: system, method, path, status and the vendor's detail. */
  readonly message: string;
  /** The provider's classification (`licence-exhausted`, `duplicate`, …), when it gave one. */
  readonly failureClass?: string;
  /** What the operator can do about it. */
  readonly hint?: string;
  readonly status?: number;
  /** SCIM `scimType`, or the vendor's error code. */
  readonly scimType?: string;
  readonly detail?: string;
  /** Requests sent for the failed step, retries included. */
  readonly attempts?: number;
}

/**
 * Why a change was not attempted:
 *   planned     the plan itself marks it as a skip (a problem blocks it)
 *   dependency  a change it depends on failed or was not made
 *   licence     the target ran out of licences earlier in this run (creates only)
 *   budget      it could not finish within the time budget
 *   stale       its object changed since the plan was made (precondition no longer holds)
 *   interrupted the run was asked to stop (SIGINT, SIGTERM) before it started
 */
export type SkipCause = 'planned' | 'dependency' | 'licence' | 'budget' | 'stale' | 'interrupted';

export type ChangeOutcome =
  | {
      readonly kind: 'done';
      readonly change: Change;
      readonly results: readonly StepResult[];
      /** The object already was as the change would make it (an earlier run, or another process, made it so). */
      readonly alreadyApplied?: boolean;
      readonly ms: number;
    }
  | {
      readonly kind: 'failed';
      readonly change: Change;
      readonly failure: FailureReport;
      /** Steps that succeeded before the failure. */
      readonly results: readonly StepResult[];
      /** For a unit whose first step succeeded: what was done to undo it, or why that failed. */
      readonly compensation?: { readonly done: boolean; readonly message: string };
      readonly ms: number;
    }
  | { readonly kind: 'skipped'; readonly change: Change; readonly cause: SkipCause; readonly why: string };

/** Done and total changes per action, and the estimated time left at the current pace. */
export interface Progress {
  /** Every change of the plan, planned skips included. */
  readonly changes: number;
  readonly done: Readonly<Record<Action, number>>;
  readonly total: Readonly<Record<Action, number>>;
  readonly failed: number;
  /** Changes not attempted so far, planned skips included. */
  readonly skipped: number;
  /** Planned skips among `skipped`: outputs leave them out of done/total counts. */
  readonly planned?: number;
  readonly etaMs?: number;
}

/** The plan's estimate at the documented rate limits (core/estimate.ts), as the plan printed it. */
export interface StartEstimate {
  readonly requests: number;
  readonly minimumSeconds: number;
}

/** An object Roster changed that still differs from the configuration after the change. */
export interface NonConvergence {
  readonly address: string;
  /** What the plan made after the apply would do again. */
  readonly action: Action;
  readonly fields: readonly FieldDiff[];
  /**
   * A saved plan's change was in place, but the directory or the systems changed after the plan
   * was made, so the configuration now asks for more: not a mapping or normaliser fault.
   */
  readonly changedSincePlan?: boolean;
}

export interface ApplyReport {
  readonly outcomes: readonly ChangeOutcome[];
  readonly nonConverged: readonly NonConvergence[];
  /** Touched objects the convergence check could not read back, with the reason. */
  readonly unverified?: string;
  /** Applications whose target ran out of licences in this run. */
  readonly licenceExhausted: readonly string[];
  /** The time budget stopped changes from starting. */
  readonly budgetReached: boolean;
  readonly elapsedMs: number;
}

export type ApplyEvent =
  | { readonly type: 'apply-started'; readonly progress: Progress; readonly budgetMs?: number; readonly estimate?: StartEstimate }
  | { readonly type: 'change-started'; readonly change: Change }
  | { readonly type: 'change-finished'; readonly outcome: ChangeOutcome; readonly progress: Progress }
  /** Said once per application: its target has no free licence, so no further creates are tried. */
  | { readonly type: 'licence-exhausted'; readonly app: string; readonly failure: FailureReport }
  /** The HTTP layer holds requests back for a rate-limit window (`reason`: why). */
  | { readonly type: 'rate-limit-wait'; readonly system: string; readonly group: string; readonly ms: number; readonly reason: string }
  /** Said once: changes that cannot finish within the time budget are not started. */
  | { readonly type: 'budget-reached'; readonly remaining: number }
  | { readonly type: 'verifying'; readonly objects: number }
  | { readonly type: 'apply-finished'; readonly report: ApplyReport };

export type ApplyListener = (event: ApplyEvent) => void;

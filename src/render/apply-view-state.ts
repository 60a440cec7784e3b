/**
 * What the live apply view shows, folded from the apply's events: progress per action, the
 * changes in flight, the current rate-limit wait and its reason, failures as they happen, and
 * the stops said once. Pure, so the view is a function of it.
 */
import type { ApplyEvent, Progress } from '../engine/events.js';
import { outcomeLine } from './apply-lines.js';
import { printable } from './printable.js';

/** Failures kept on screen; the summary lists them all. */
const SHOWN_FAILURES = 8;

export interface ApplyViewState {
  readonly progress?: Progress;
  /** When the apply started, for the elapsed time. */
  readonly startedAt?: number;
  /** When `progress.etaMs` was estimated: the ETA counts down from there between events. */
  readonly etaAt?: number;
  readonly budgetMs?: number;
  /** Addresses of the changes in flight. */
  readonly running: readonly string[];
  readonly wait?: { readonly system: string; readonly group: string; readonly reason: string; readonly until: number };
  readonly failures: readonly string[];
  readonly failureCount: number;
  /** Stops and phases, each said once. */
  readonly notices: readonly string[];
  readonly last?: string;
}

export const INITIAL_VIEW: ApplyViewState = { running: [], failures: [], failureCount: 0, notices: [] };

export function reduceApplyView(state: ApplyViewState, event: ApplyEvent, now: number): ApplyViewState {
  switch (event.type) {
    case 'apply-started':
      return { ...state, progress: event.progress, startedAt: now, etaAt: now, ...(event.budgetMs !== undefined ? { budgetMs: event.budgetMs } : {}) };
    case 'change-started':
      // Shown as they are printed (printable.ts): an address names a userName from the target.
      return { ...state, running: [...state.running, printable(event.change.address)] };
    case 'change-finished': {
      const line = outcomeLine(event.outcome);
      const failed = event.outcome.kind === 'failed';
      return {
        ...state,
        progress: event.progress,
        etaAt: now,
        running: state.running.filter((a) => a !== printable(event.outcome.change.address)),
        last: line,
        failures: failed ? [...state.failures, line].slice(-SHOWN_FAILURES) : state.failures,
        failureCount: state.failureCount + (failed ? 1 : 0),
      };
    }
    case 'rate-limit-wait': {
      const until = now + event.ms;
      if (state.wait && state.wait.until >= until) return state;
      return { ...state, wait: { system: event.system, group: event.group, reason: event.reason, until } };
    }
    case 'licence-exhausted':
      return { ...state, notices: [...state.notices, `${event.app}: no free licence left — no further creates in this run; updates and deprovisions go on`] };
    case 'budget-reached':
      return { ...state, notices: [...state.notices, `time budget reached — ${event.remaining} changes not started`] };
    case 'verifying':
      return { ...state, notices: [...state.notices, `reading back ${event.objects} changed objects`] };
    case 'apply-finished':
      return { ...state, running: [] };
  }
}

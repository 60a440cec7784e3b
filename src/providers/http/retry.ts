/**
 * When a failed attempt is tried again, and after how long.
 *
 * docs/vendors/ringcentral.md §4: honour `Retry-After`; when a 429 has none, wait at least 30 s; otherwise
 * back off exponentially from 2 s, doubling, capped (60 s), for a bounded number of attempts, and
 * do the same for 5xx and connectivity errors. Roster adds jitter (so that parallel runs spread
 * out) and a bound on the total time a request may spend retrying.
 *
 * Only attempts whose repetition cannot do harm are repeated: a 429 or a refused connection was
 * never processed; GET, PUT, DELETE, PATCH without `add` and read-only POSTs (`/.search`) give the
 * same result when sent twice. Any other POST whose outcome is unknown goes back to its caller,
 * which looks the object up before deciding (see the SCIM client's create).
 *
 * A connection that could not be made is not worth minutes of backoff (core/connection-failure.ts):
 * a host name that does not exist and a certificate that does not verify fail the same way every
 * time and are never repeated; a refused, unreachable or timed-out connection is tried once more
 * after `connectRetryDelayMs` (a service restarting), then reported.
 */
import { connectionFailureOf } from '../../core/connection-failure.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts later than this after the first attempt. */
  readonly budgetMs: number;
  /** Wait after a 429 without `Retry-After` (§4: "retry after ≥ 30 s"). */
  readonly tooManyRequestsDelayMs: number;
  /** Wait before the one retry of a connection that could not be made. */
  readonly connectRetryDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  budgetMs: 5 * 60_000,
  tooManyRequestsDelayMs: 30_000,
  connectRetryDelayMs: 500,
};

/** What happened to one attempt, as far as retrying is concerned. */
export type AttemptOutcome =
  | { readonly kind: 'status'; readonly status: number }
  /** No (complete) answer; `sent` is false when the request surely never reached the server. */
  | { readonly kind: 'no-answer'; readonly cause: 'timeout' | 'network'; readonly sent: boolean; readonly code?: string };

/** Statuses that say "try again later" (429 rate limit; 502/503/504 gateway or service trouble). */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** The reason to retry, or undefined when the attempt must not be repeated. */
export function retryReason(outcome: AttemptOutcome, idempotent: boolean): string | undefined {
  if (outcome.kind === 'status') {
    if (outcome.status === 429) return 'status 429';
    return idempotent && RETRYABLE_STATUSES.has(outcome.status) ? `status ${outcome.status}` : undefined;
  }
  if (outcome.code !== undefined && connectionFailureOf(outcome.code).retry === 'never') return undefined;
  if (!outcome.sent) return `${outcome.cause} before sending`;
  return idempotent ? outcome.cause : undefined;
}

/** Attempts in all and the wait before a retry, for an outcome `retryReason` retries. */
export function retrySchedule(policy: RetryPolicy, outcome: AttemptOutcome, failures: number, random: () => number): { maxAttempts: number; delayMs: number } {
  if (outcome.kind === 'no-answer' && outcome.code !== undefined && connectionFailureOf(outcome.code).retry === 'once') {
    return { maxAttempts: Math.min(2, policy.maxAttempts), delayMs: policy.connectRetryDelayMs };
  }
  return { maxAttempts: policy.maxAttempts, delayMs: backoffMs(policy, failures, random) };
}

/** Jittered exponential backoff after `failures` failed attempts: between half and all of the step. */
export function backoffMs(policy: RetryPolicy, failures: number, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/**
 * Failures of the systems Roster talks to, classified so that the engine can act on them without
 * knowing which provider raised them: a `licence-exhausted` create stops further creates in the
 * run; an `outcomeUnknown` write is looked up before it is tried again.
 */

export const FAILURE_CLASSES = [
  'licence-exhausted', // the target has no free licence for a new account
  'duplicate', // another account already holds this userName or email
  'invalid-value', // the target refused a value (e.g. an address part)
  'pending', // the account awaits activation by its owner and cannot be changed
  'forbidden', // the credentials lack a permission
  'unauthorized', // the credentials are missing, wrong or expired
  'not-found', // the object does not exist (any more)
  'rejected', // any other refusal of the request as sent
  'rate-limited', // the rate limit was still exceeded when retries ran out
  'unavailable', // the service failed (5xx) and retries ran out
  'timeout', // no complete answer in time
  'network', // no answer: connection refused, reset or dropped
  'invalid-response', // an answer Roster cannot use: malformed, truncated, wrongly typed or too large
  'read-only', // a write attempted by a read-only client (plan never writes)
  'interrupted', // the run was stopped while the request waited for a rate-limit window: never sent
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface ClassifiedFailure {
  readonly failureClass: FailureClass;
  /** What the admin can do about it, in one sentence. */
  readonly hint?: string;
  /** The request may have been processed: look the object up before trying again. */
  readonly outcomeUnknown?: boolean;
}

const KNOWN = new Set<string>(FAILURE_CLASSES);

/** The classification an error carries, if it carries one. */
export function failureOf(error: unknown): ClassifiedFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as Partial<Record<keyof ClassifiedFailure, unknown>>;
  if (typeof candidate.failureClass !== 'string' || !KNOWN.has(candidate.failureClass)) return undefined;
  return {
    failureClass: candidate.failureClass as FailureClass,
    ...(typeof candidate.hint === 'string' ? { hint: candidate.hint } : {}),
    ...(candidate.outcomeUnknown === true ? { outcomeUnknown: true } : {}),
  };
}

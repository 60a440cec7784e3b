/**
 * Reading a provider's error into what the journal and the summary show. Providers raise errors
 * that carry a classification (core/failure.ts) and the request's details (`status`, the vendor's
 * code and detail, attempts); the engine reads them as data and never depends on a provider's
 * error class. Any other error is a defect and keeps only its message.
 */
import { failureOf } from '../core/failure.js';
import type { FailureReport } from './events.js';

interface ErrorShape {
  readonly message?: unknown;
  readonly details?: {
    readonly status?: unknown;
    readonly vendorCode?: unknown;
    readonly detail?: unknown;
    readonly attempts?: unknown;
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export function failureReport(error: unknown): FailureReport {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const shape = error as ErrorShape;
  const details = shape.details ?? {};
  const classified = failureOf(error);
  const failureClass = classified?.failureClass;
  const hint = classified?.hint;
  // The hint is reported on its own: the one-line message is what happened.
  const message = text(shape.message) ?? String(error);
  const suffix = hint !== undefined ? ` — ${hint}` : '';
  const status = count(details.status);
  const scimType = text(details.vendorCode);
  const detail = text(details.detail);
  const attempts = count(details.attempts);
  return {
    message: suffix && message.endsWith(suffix) ? message.slice(0, -suffix.length) : message,
    ...(failureClass !== undefined ? { failureClass } : {}),
    ...(hint !== undefined ? { hint } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(scimType !== undefined ? { scimType } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
  };
}

/** Whether the error says the target has no free licence for a new account. */
export function isLicenceExhausted(failure: FailureReport): boolean {
  return failure.failureClass === 'licence-exhausted';
}

/** Whether the error says the object is not there (any more). */
export function isNotFound(failure: FailureReport): boolean {
  return failure.failureClass === 'not-found' || failure.status === 404;
}

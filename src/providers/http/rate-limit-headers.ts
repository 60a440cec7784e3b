/**
 * What a response says about the rate limit (docs/vendors/ringcentral.md §4): `X-Rate-Limit-Group`,
 * `-Limit`, `-Remaining`, `-Window` (seconds; fractional under the sandbox's time scale) and
 * `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3). Names and values are "subject to
 * change", so anything unparsable counts as absent.
 */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface RateLimitState {
  readonly group?: string;
  readonly limit: number;
  readonly remaining: number;
  readonly windowMs: number;
}

function first(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function number(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

/** The user-level rate-limit state, when all of Limit, Remaining and Window are present. */
export function readRateLimit(headers: ResponseHeaders): RateLimitState | undefined {
  const limit = number(first(headers, 'x-rate-limit-limit'));
  const remaining = number(first(headers, 'x-rate-limit-remaining'));
  const window = number(first(headers, 'x-rate-limit-window'));
  if (limit === undefined || remaining === undefined || window === undefined || limit < 1 || window <= 0) return undefined;
  const group = first(headers, 'x-rate-limit-group')?.trim().toLowerCase();
  return { ...(group ? { group } : {}), limit, remaining: Math.min(remaining, limit), windowMs: window * 1000 };
}

/** `Retry-After` in milliseconds from `now`, when present and readable. */
export function readRetryAfter(headers: ResponseHeaders, now: number): number | undefined {
  const text = first(headers, 'retry-after');
  if (text === undefined) return undefined;
  const seconds = number(text);
  if (seconds !== undefined) return seconds * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

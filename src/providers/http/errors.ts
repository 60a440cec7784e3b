/**
 * Errors from the systems Roster talks to. A ProviderError names the system, method, path (never
 * the query, which may hold personal data) and status, classifies the failure (core/failure.ts)
 * and says what to do. It never holds request headers, bodies or the transport's own error
 * objects, and every text it carries has passed through the client's secret redaction.
 */
import type { ClassifiedFailure, FailureClass } from '../../core/failure.js';

export interface ProviderErrorDetails {
  readonly system: string;
  readonly method: string;
  /** Scheme, host and port, where the message must say which server (a limit it broke); never userinfo. */
  readonly origin?: string;
  /** Path without query string. */
  readonly path: string;
  readonly status?: number;
  /** The vendor's error detail (SCIM `detail`, JumpCloud/RingCentral `message`), redacted. */
  readonly detail?: string;
  /** SCIM `scimType` or the vendor's error code (`CMN-301`, `OAU-213`, …). */
  readonly vendorCode?: string;
  /** Requests sent, retries included. */
  readonly attempts?: number;
}

export interface ProviderErrorInit extends ClassifiedFailure {
  readonly details: ProviderErrorDetails;
  /** What went wrong when the vendor said nothing (e.g. "timed out"). */
  readonly explanation?: string;
}

export class ProviderError extends Error implements ClassifiedFailure {
  readonly failureClass: FailureClass;
  readonly hint?: string;
  readonly outcomeUnknown?: boolean;
  readonly details: ProviderErrorDetails;

  constructor(init: ProviderErrorInit) {
    const { details } = init;
    const status = details.status !== undefined ? ` → ${details.status}` : '';
    const what = details.detail ?? init.explanation;
    const hint = init.hint ? ` — ${init.hint}` : '';
    super(`${details.system}: ${details.method} ${details.origin ?? ''}${details.path}${status}${what ? `: ${what}` : ''}${hint}`);
    this.name = 'ProviderError';
    this.failureClass = init.failureClass;
    if (init.hint !== undefined) this.hint = init.hint;
    if (init.outcomeUnknown) this.outcomeUnknown = true;
    this.details = details;
  }
}

/**
 * Every secret this process was given or issued, whichever system it belongs to: any system's
 * text may echo another system's credential (a proxy, a misconfigured vendor, a JWT pasted into
 * the wrong field), so every client redacts them all. Shorter values are left to the owning
 * client's own set, where a short token is still worth hiding.
 */
const processSecrets = new Set<string>();
const PROCESS_SECRET_MIN_LENGTH = 8;

/** Adds a secret every client of this process redacts (credentials from configuration, issued tokens). */
export function registerSecret(value: string): void {
  if (value.length >= PROCESS_SECRET_MIN_LENGTH) processSecrets.add(value);
}

/** Text with every secret this process knows of replaced: for output that did not pass through a client. */
export function redactKnownSecrets(text: string): string {
  return replaceAll(text, processSecrets);
}

function replaceAll(text: string, secrets: Iterable<string>): string {
  let result = text;
  // Longest first, so that a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4 && result.includes(secret)) result = result.split(secret).join('[redacted]');
  }
  return result;
}

/** Values never to be shown: header values, tokens, client secrets, JWT assertions. */
export class SecretSet {
  private readonly values = new Set<string>();

  /** Adds a secret, and the parts of an `Authorization` value that are secret on their own. */
  add(value: string): void {
    this.keep(value);
    const scheme = /^(Bearer|Basic)\s+(\S+)$/i.exec(value);
    if (!scheme?.[2]) return;
    this.keep(scheme[2]);
    if (scheme[1]?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(scheme[2], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) this.keep(decoded.slice(colon + 1));
    }
  }

  /** The text with every secret of this set (four characters or more) and of the process replaced. */
  redact(text: string): string {
    return replaceAll(text, new Set([...this.values, ...processSecrets]));
  }

  private keep(value: string): void {
    this.values.add(value);
    registerSecret(value);
  }
}

/** The error fields vendors send: SCIM (RFC 7644 §3.12), RingCentral REST, JumpCloud, OAuth (RFC 6749 §5.2). */
export interface VendorError {
  readonly detail?: string;
  readonly code?: string;
}

export function readVendorError(body: unknown): VendorError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const pick = (...keys: string[]) => keys.map((k) => record[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const detail = pick('detail', 'message', 'error_description');
  const code = pick('scimType', 'errorCode', 'error');
  return { ...(detail ? { detail: detail.slice(0, 500) } : {}), ...(code ? { code: code.slice(0, 100) } : {}) };
}

/** A failure class and advice for an error status, refined by a vendor's own rules. */
export interface Verdict {
  readonly failureClass: FailureClass;
  readonly hint?: string;
}

export type StatusClassifier = (status: number, error: VendorError) => Verdict | undefined;

/** RFC 9110 statuses and RFC 7644 §3.12 `scimType`s, for any system. */
export function classifyStatus(status: number, error: VendorError): Verdict {
  if (status === 401) return { failureClass: 'unauthorized', hint: 'check the credentials configured for this system' };
  if (status === 403) return { failureClass: 'forbidden', hint: 'the credentials lack a permission this request needs' };
  if (status === 404) return { failureClass: 'not-found' };
  if (status === 409 || error.code === 'uniqueness') return { failureClass: 'duplicate' };
  if (status === 429) return { failureClass: 'rate-limited', hint: 'the rate limit was still exceeded after retrying; run again later' };
  if (status >= 500) return { failureClass: 'unavailable', hint: 'the service is failing; run again later' };
  if (error.code === 'invalidValue') return { failureClass: 'invalid-value' };
  return { failureClass: 'rejected' };
}

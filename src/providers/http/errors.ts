/**
 * Errors from the systems Roster talks to. A ProviderError names the system, method, path and
 * status; it never carries request headers, so credentials cannot leak through it.
 */
export type ProviderErrorClass =
  | 'network' // no response: connection refused, reset, DNS, TLS
  | 'timeout'
  | 'http' // a response with an error status
  | 'invalid-response' // malformed, truncated, oversized or wrongly typed body
  | 'read-only'; // a write attempted by a read-only client (plan)

export interface ProviderErrorDetails {
  readonly system: string;
  readonly method: string;
  /** Path without query string: queries may carry personal data. */
  readonly path: string;
  readonly status?: number;
  readonly errorClass: ProviderErrorClass;
  /** The vendor's error detail (SCIM `detail`, JumpCloud `message`), when it sent one. */
  readonly detail?: string;
  /** SCIM `scimType` or the vendor's error code. */
  readonly vendorCode?: string;
  /** Whether the outcome of the request is unknown (it may have been processed). */
  readonly outcomeUnknown?: boolean;
}

export class ProviderError extends Error {
  readonly details: ProviderErrorDetails;
  constructor(details: ProviderErrorDetails, explanation?: string) {
    const status = details.status !== undefined ? ` → ${details.status}` : '';
    const detail = details.detail ? `: ${details.detail}` : explanation ? `: ${explanation}` : '';
    super(`${details.system}: ${details.method} ${details.path}${status}${detail}`);
    this.name = 'ProviderError';
    this.details = details;
  }
}

/** Scrubs any known secret from a message before it is shown or stored. */
export function redact(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result;
}

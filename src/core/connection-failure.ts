/**
 * What a failed connection means, from the transport's error code (Node's and undici's names:
 * ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, …): the words every message uses, whether the
 * request can have reached a server, whether trying again can help, and what to do. One reading
 * for `roster check` and for the HTTP client of every other command, so that both say the same.
 */

/**
 *   refused          nothing accepts connections at that address (a service down or restarting)
 *   dns              the host name does not exist
 *   dns-temporary    the resolver failed (no network, DNS down)
 *   unreachable      no route to the host or the network
 *   connect-timeout  no connection within the connect timeout (a firewall dropping packets)
 *   certificate      the server's certificate did not verify
 *   tls              the TLS handshake failed otherwise (e.g. https:// to a plain HTTP port)
 *   reset            an established connection was reset
 *   other            anything else: the connection failed or closed before the answer was complete
 */
export type ConnectionFailureKind = 'refused' | 'dns' | 'dns-temporary' | 'unreachable' | 'connect-timeout' | 'certificate' | 'tls' | 'reset' | 'other';

/**
 *   never    the same attempt fails the same way: a missing host name, an untrusted certificate
 *   once     tried once more, shortly: a service that is restarting comes back within a second,
 *            one that is down does not, and waiting minutes for it only delays the message
 *   backoff  the usual retries (retry.ts): an established connection that broke may work again
 */
export type ConnectionRetry = 'never' | 'once' | 'backoff';

export interface ConnectionFailure {
  readonly kind: ConnectionFailureKind;
  readonly code: string;
  /** False when the request surely never reached a server (no connection, or no verified one). */
  readonly maybeSent: boolean;
  readonly retry: ConnectionRetry;
}

/** Error codes of a certificate that did not verify (OpenSSL's names, as Node reports them). */
const CERTIFICATE_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$|ERR_TLS_CERT_ALTNAME_INVALID$)/;
/** Other TLS and OpenSSL failures. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_)/;

const KINDS: Readonly<Record<string, Pick<ConnectionFailure, 'kind' | 'maybeSent' | 'retry'>>> = {
  ECONNREFUSED: { kind: 'refused', maybeSent: false, retry: 'once' },
  ENOTFOUND: { kind: 'dns', maybeSent: false, retry: 'never' },
  EAI_AGAIN: { kind: 'dns-temporary', maybeSent: false, retry: 'once' },
  EHOSTUNREACH: { kind: 'unreachable', maybeSent: false, retry: 'once' },
  ENETUNREACH: { kind: 'unreachable', maybeSent: false, retry: 'once' },
  UND_ERR_CONNECT_TIMEOUT: { kind: 'connect-timeout', maybeSent: false, retry: 'once' },
  ECONNRESET: { kind: 'reset', maybeSent: true, retry: 'backoff' },
  // Roster closed the connections itself (a command ending after another read failed): requests
  // still coming are given up, not retried for as long as backoff lasts.
  UND_ERR_CLOSED: { kind: 'other', maybeSent: false, retry: 'never' },
  UND_ERR_DESTROYED: { kind: 'other', maybeSent: true, retry: 'never' },
};

export function connectionFailureOf(code: string): ConnectionFailure {
  const known = KINDS[code];
  if (known) return { ...known, code };
  if (CERTIFICATE_CODE.test(code)) return { kind: 'certificate', code, maybeSent: false, retry: 'never' };
  // A TLS error after the handshake cannot be told from one during it: the request may have left.
  if (TLS_CODE.test(code)) return { kind: 'tls', code, maybeSent: true, retry: 'never' };
  return { kind: 'other', code, maybeSent: true, retry: 'backoff' };
}

/** Whether the failure is one of TLS (a certificate or the handshake): the connection itself was made. */
export function isTlsFailure(failure: ConnectionFailure): boolean {
  return failure.kind === 'certificate' || failure.kind === 'tls';
}

/** The failure in words, without its code; `host` is the URL's host and port. */
export function describeConnectionFailure(failure: ConnectionFailure, host: string): string {
  switch (failure.kind) {
    case 'refused':
      return 'connection refused';
    case 'dns':
      return 'could not resolve the host name (no such host)';
    case 'dns-temporary':
      return 'could not resolve the host name (DNS is failing)';
    case 'unreachable':
      return failure.code === 'ENETUNREACH' ? 'the network is unreachable' : 'the host is unreachable';
    case 'connect-timeout':
      return 'the connection timed out';
    case 'certificate':
      return `the certificate of ${host} is not trusted`;
    case 'tls':
      return `the TLS handshake with ${host} failed`;
    case 'reset':
      return 'the connection was reset';
    case 'other':
      return 'the connection failed or closed before the answer was complete';
  }
}

/** What to do about it; `urlSetting` names where the URL is configured (`idp.url`, or just "the URL"). */
export function connectionFix(failure: ConnectionFailure, host: string, urlSetting: string): string {
  if (failure.kind === 'certificate') return `if a proxy inspects TLS, give Node its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; otherwise check ${urlSetting}`;
  if (failure.kind === 'tls') return `check that ${urlSetting} has the right scheme and port (https:// to a server that speaks TLS)`;
  return `check ${urlSetting}, and that this machine can reach ${host} (proxy, firewall, DNS)`;
}

/**
 * One attempt of one request over undici: a connection pool per origin with bounded concurrency,
 * connect/headers/body timeouts, a deadline for the whole exchange, and a cap on the response
 * size (undici's `maxResponseSize`, counted while the body streams in, so an oversized body is
 * aborted, never buffered whole). Failures come back as data saying whether the request may have
 * reached the server; undici's error objects, which can describe the request, never leave this file.
 */
import { Pool } from './undici-pool.js';
import { connectionFailureOf } from '../../core/connection-failure.js';
import { DEFAULT_READ_LIMITS } from './limits.js';
import type { ResponseHeaders } from './rate-limit-headers.js';

export interface TransportOptions {
  /** Connections to the origin, i.e. requests in flight at once. */
  readonly connections: number;
  readonly connectTimeoutMs: number;
  /** Until the response headers have arrived (undici checks it about every half second). */
  readonly headersTimeoutMs: number;
  /** Between two chunks of the response body (the idle limit). */
  readonly bodyTimeoutMs: number;
  /** From sending to the last byte of the answer: a body dribbled a byte at a time ends here. */
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
}

export const DEFAULT_TRANSPORT: TransportOptions = {
  connections: 4,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: DEFAULT_READ_LIMITS.idleTimeoutMs,
  requestTimeoutMs: DEFAULT_READ_LIMITS.requestTimeoutMs,
  maxResponseBytes: DEFAULT_READ_LIMITS.maxResponseBytes,
};

export interface RawRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type RawResult =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: ResponseHeaders; readonly text: string }
  | { readonly kind: 'no-answer'; readonly cause: 'timeout' | 'network'; readonly sent: boolean; readonly code: string }
  | { readonly kind: 'too-large'; readonly status?: number };

/** The code of an attempt that ran past `requestTimeoutMs`: a limit, not a hiccup, so never retried. */
export const REQUEST_DEADLINE = 'ROSTER_REQUEST_TIMEOUT';
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', REQUEST_DEADLINE]);
const TOO_LARGE = 'UND_ERR_RES_EXCEEDED_MAX_SIZE';

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : 'UNKNOWN';
}

function failure(error: unknown, status?: number): RawResult {
  const code = codeOf(error);
  if (code === TOO_LARGE) return status === undefined ? { kind: 'too-large' } : { kind: 'too-large', status };
  // Refused, unresolved, unreachable, unverified: no byte of the request reached a server. Once
  // the status has come, it surely did.
  const sent = status !== undefined || connectionFailureOf(code).maybeSent;
  return { kind: 'no-answer', cause: TIMEOUTS.has(code) ? 'timeout' : 'network', sent, code };
}

/** The connection pool of one origin; `send` makes one attempt of one request. */
export class Transport {
  private readonly pool: Pool;
  readonly maxResponseBytes: number;
  readonly bodyTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;

  constructor(origin: string, options: TransportOptions) {
    this.maxResponseBytes = options.maxResponseBytes;
    this.bodyTimeoutMs = options.bodyTimeoutMs;
    this.headersTimeoutMs = options.headersTimeoutMs;
    this.requestTimeoutMs = options.requestTimeoutMs;
    this.pool = new Pool(origin, {
      connections: options.connections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      maxResponseSize: options.maxResponseBytes,
    });
  }

  async send(request: RawRequest): Promise<RawResult> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.requestTimeoutMs);
    const late = (): RawResult => ({ kind: 'no-answer', cause: 'timeout', sent: true, code: REQUEST_DEADLINE });
    let response;
    try {
      response = await this.pool.request({
        method: request.method as 'GET',
        path: request.path,
        headers: request.headers,
        signal: deadline.signal,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
    } catch (error) {
      clearTimeout(timer);
      return deadline.signal.aborted ? late() : failure(error);
    }
    try {
      const text = await response.body.text();
      return { kind: 'answer', status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      return deadline.signal.aborted ? late() : failure(error, response.statusCode);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

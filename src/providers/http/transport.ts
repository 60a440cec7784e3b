/**
 * One attempt of one request over undici: a connection pool per origin with bounded concurrency,
 * connect/headers/body timeouts and a cap on the response size (undici's `maxResponseSize`).
 * Failures come back as data saying whether the request may have reached the server; undici's
 * error objects, which can describe the request, never leave this file.
 */
import { Pool } from 'undici';
import type { ResponseHeaders } from './rate-limit-headers.js';

export interface TransportOptions {
  /** Connections to the origin, i.e. requests in flight at once. */
  readonly connections: number;
  readonly connectTimeoutMs: number;
  /** Until the response headers have arrived (undici checks it about every half second). */
  readonly headersTimeoutMs: number;
  /** Between two chunks of the response body. */
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
}

export const DEFAULT_TRANSPORT: TransportOptions = {
  connections: 4,
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  maxResponseBytes: 16 * 1024 * 1024,
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

/** Failures that happen before any byte of the request reached a server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
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
  return { kind: 'no-answer', cause: TIMEOUTS.has(code) ? 'timeout' : 'network', sent: !NOT_SENT.has(code), code };
}

/** The connection pool of one origin; `send` makes one attempt of one request. */
export class Transport {
  private readonly pool: Pool;
  readonly maxResponseBytes: number;

  constructor(origin: string, options: TransportOptions) {
    this.maxResponseBytes = options.maxResponseBytes;
    this.pool = new Pool(origin, {
      connections: options.connections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      maxResponseSize: options.maxResponseBytes,
    });
  }

  async send(request: RawRequest): Promise<RawResult> {
    let response;
    try {
      response = await this.pool.request({
        method: request.method as 'GET',
        path: request.path,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
      });
    } catch (error) {
      return failure(error);
    }
    try {
      const text = await response.body.text();
      return { kind: 'answer', status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      return failure(error, response.statusCode);
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

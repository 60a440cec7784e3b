/**
 * The HTTP client every provider uses (undici): one connection pool per origin, timeouts, a
 * response size cap, read-only mode for `plan`, JSON bodies validated with zod, and errors that
 * never contain credentials.
 */
import { Pool, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { ProviderError, redact } from './errors.js';

export interface HttpClientOptions {
  /** Name used in errors and counters, e.g. `jumpcloud`, `ringcentral`. */
  readonly system: string;
  /** Scheme, host and port; paths given to `request` are appended to `basePath`. */
  readonly baseUrl: string;
  /** Headers sent with every request; values are treated as secrets. */
  readonly secretHeaders?: () => Promise<Record<string, string>> | Record<string, string>;
  readonly headers?: Record<string, string>;
  /** In read-only mode anything but GET (and allowed read POSTs) throws before sending. */
  readonly readOnly?: boolean;
  /** POST paths that only read (SCIM `/.search`). */
  readonly readOnlyPosts?: readonly RegExp[];
  readonly connections?: number;
  readonly connectTimeoutMs?: number;
  readonly headersTimeoutMs?: number;
  readonly bodyTimeoutMs?: number;
  readonly maxResponseBytes?: number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, e.g. `/systemusers`. */
  readonly path: string;
  readonly query?: Record<string, string | number | readonly string[] | undefined>;
  readonly body?: unknown;
  /** Rate-limit group of the operation, for pacing and counters. */
  readonly rateGroup?: string;
  readonly contentType?: string;
  /** Send `body` as-is (already encoded), e.g. form-encoded OAuth requests. */
  readonly rawBody?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON body, or undefined for an empty body. */
  readonly body: unknown;
}

export interface RequestCounters {
  requests: number;
  byGroup: Record<string, number>;
  byMethod: Record<string, number>;
}

const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export class HttpClient {
  readonly system: string;
  readonly counters: RequestCounters = { requests: 0, byGroup: {}, byMethod: {} };
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly options: HttpClientOptions;
  private readonly knownSecrets = new Set<string>();

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.system = options.system;
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 4,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      headersTimeout: options.headersTimeoutMs ?? 30_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
    });
  }

  /** Whether this request would be refused in read-only mode. */
  isWrite(request: Pick<HttpRequest, 'method' | 'path'>): boolean {
    if (request.method === 'GET') return false;
    if (request.method === 'POST' && (this.options.readOnlyPosts ?? []).some((p) => p.test(request.path))) return false;
    return true;
  }

  private url(request: HttpRequest): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) params.append(key, v);
      else params.append(key, String(value));
    }
    const query = params.toString();
    return `${this.basePath}${request.path}${query ? `?${query}` : ''}`;
  }

  private error(request: HttpRequest, details: Partial<ConstructorParameters<typeof ProviderError>[0]> & { errorClass: ProviderError['details']['errorClass'] }, explanation?: string): ProviderError {
    const safe = (text: string | undefined) => (text === undefined ? undefined : redact(text, this.knownSecrets));
    return new ProviderError(
      {
        system: this.system,
        method: request.method,
        path: `${this.basePath}${request.path}`,
        ...details,
        ...(details.detail !== undefined ? { detail: safe(details.detail)! } : {}),
      },
      safe(explanation),
    );
  }

  /** Sends one request. Error statuses are returned, not thrown; transport failures throw. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    if (this.options.readOnly && this.isWrite(request)) {
      throw this.error(request, { errorClass: 'read-only' }, 'refused: this client is read-only (plan never writes)');
    }
    const secretHeaders = this.options.secretHeaders ? await this.options.secretHeaders() : {};
    for (const value of Object.values(secretHeaders)) {
      this.knownSecrets.add(value);
      const token = /^Bearer (.+)$/i.exec(value)?.[1];
      if (token) this.knownSecrets.add(token);
    }
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...secretHeaders };
    let body: string | undefined;
    if (request.rawBody !== undefined) body = request.rawBody;
    else if (request.body !== undefined) body = JSON.stringify(request.body);
    if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';

    this.counters.requests += 1;
    this.counters.byMethod[request.method] = (this.counters.byMethod[request.method] ?? 0) + 1;
    const group = request.rateGroup ?? 'default';
    this.counters.byGroup[group] = (this.counters.byGroup[group] ?? 0) + 1;

    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request({ method: request.method, path: this.url(request), headers, ...(body !== undefined ? { body } : {}) });
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const timeout = /TIMEOUT/i.test(code);
      throw this.error(
        request,
        { errorClass: timeout ? 'timeout' : 'network', outcomeUnknown: request.method !== 'GET' },
        timeout ? 'timed out' : `connection failed (${code || (error as Error).name})`,
      );
    }
    const text = await this.readBody(request, response);
    let parsed: unknown;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw this.error(request, { errorClass: 'invalid-response', status: response.statusCode }, 'the response is not valid JSON');
      }
    }
    return { status: response.statusCode, headers: response.headers, body: parsed };
  }

  private async readBody(request: HttpRequest, response: Dispatcher.ResponseData): Promise<string> {
    const cap = this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > cap) {
          response.body.destroy();
          throw this.error(request, { errorClass: 'invalid-response', status: response.statusCode }, `the response is larger than ${cap} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw this.error(request, { errorClass: 'network', status: response.statusCode, outcomeUnknown: request.method !== 'GET' }, 'the connection closed before the response was complete');
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * Sends a request expecting one of `okStatuses`, and validates the body with `schema`.
   * Any other status becomes a ProviderError carrying the vendor's error detail.
   */
  async json<T>(request: HttpRequest, schema: z.ZodType<T>, okStatuses: readonly number[] = [200]): Promise<T> {
    const response = await this.send(request);
    if (!okStatuses.includes(response.status)) throw this.statusError(request, response);
    const result = schema.safeParse(response.body);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw this.error(
        request,
        { errorClass: 'invalid-response', status: response.status },
        `unexpected response body${issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : ''}`,
      );
    }
    return result.data;
  }

  /** Sends a request that returns no body the caller needs. */
  async expect(request: HttpRequest, okStatuses: readonly number[]): Promise<HttpResponse> {
    const response = await this.send(request);
    if (!okStatuses.includes(response.status)) throw this.statusError(request, response);
    return response;
  }

  statusError(request: HttpRequest, response: HttpResponse): ProviderError {
    const body = (response.body ?? {}) as Record<string, unknown>;
    const detail = [body['detail'], body['message'], body['error_description'], body['errorCode']].find((v) => typeof v === 'string') as string | undefined;
    const vendorCode = [body['scimType'], body['errorCode'], body['error']].find((v) => typeof v === 'string') as string | undefined;
    return this.error(request, {
      errorClass: 'http',
      status: response.status,
      ...(detail ? { detail } : {}),
      ...(vendorCode ? { vendorCode } : {}),
    });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

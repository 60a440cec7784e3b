/**
 * The HTTP client every provider uses. Per request: read-only check, credentials, pacing within
 * the rate limit (pacer.ts), one attempt (transport.ts), retries where repeating is harmless
 * (retry.ts), counters and events (meter.ts), and a validated body or a ProviderError.
 *
 * undici's own retry interceptor retries one request in isolation; here a 429 must stop the whole
 * rate-limit group (a request during RingCentral's penalty restarts it) and every retry and wait
 * must be counted and visible, so retries are driven from this loop.
 *
 * Contract: no credential reaches an error, event or counter. Credentials travel only in headers;
 * every text taken from a response passes through the client's SecretSet before it is stored.
 */
import { createHash } from 'node:crypto';
import type * as z from 'zod';
import { connectionFailureOf, connectionFix, describeConnectionFailure } from '../../core/connection-failure.js';
import type { FailureClass } from '../../core/failure.js';
import type { TransportEvent } from '../../core/ports.js';
import { systemClock, type Clock } from './clock.js';
import { checkBody } from './compiled-schemas.js';
import { classifyStatus, ProviderError, readVendorError, SecretSet, type StatusClassifier } from './errors.js';
import { DEFAULT_READ_LIMITS, formatBytes, formatDuration, LIMIT_SETTINGS } from './limits.js';
import { TransportMeter } from './meter.js';
import { PaceAbandoned, PacerRegistry, type Ticket } from './pacer.js';
import { readRateLimit, readRetryAfter, type ResponseHeaders } from './rate-limit-headers.js';
import { DEFAULT_RETRY_POLICY, retryReason, retrySchedule, type AttemptOutcome, type RetryPolicy } from './retry.js';
import { DEFAULT_TRANSPORT, REQUEST_DEADLINE, Transport, type RawResult, type TransportOptions } from './transport.js';

export interface HttpClientOptions {
  /** Name used in errors and counters: `jumpcloud`, `ringcentral`, or the application's name. */
  readonly system: string;
  /** Scheme, host, port and base path; request paths are appended to it. */
  readonly baseUrl: string;
  /** Credential headers, asked for before every attempt (a renewed token applies at once). Their values are secrets. */
  readonly credentials?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Further values never to be shown (a client secret, a JWT assertion sent in a body). */
  readonly secrets?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  /** Content type of JSON request bodies (SCIM: `application/scim+json`). */
  readonly contentType?: string;
  /** Plan: anything but GET and `readOnlyPosts` throws before it is sent. */
  readonly readOnly?: boolean;
  /**
   * When it aborts (apply interrupted), requests still waiting for a rate-limit window are given
   * up unsent (failure class `interrupted`); requests already sent finish.
   */
  readonly stop?: AbortSignal;
  /** POSTs that only read (SCIM `/.search`, RFC 7644 §3.4.3). */
  readonly readOnlyPosts?: readonly RegExp[];
  /**
   * Whose rate-limit budget the requests spend, e.g. a hash of the credential; clients of one
   * origin with the same budget share their pacing. Never the credential itself.
   */
  readonly budget?: string;
  /** Documented requests per minute of the rate-limit groups, assumed until the server tells. */
  readonly documentedLimits?: Readonly<Record<string, number>>;
  /** The vendor's reading of an error answer, before the generic one. */
  readonly classify?: StatusClassifier;
  /** On a 401, once per request: renew the credentials; true when it is worth trying again. */
  readonly renewCredentials?: () => Promise<boolean>;
  /** The origin's connection pool, shared by every client of that origin; without it the client opens its own. */
  readonly pool?: Transport;
  /** Options of the client's own pool, when it has one. */
  readonly transport?: Partial<TransportOptions>;
  readonly retry?: Partial<RetryPolicy>;
  /** Resources one list read through this client may hold (ReadLimits.maxResources). */
  readonly maxListResources?: number;
  readonly meter?: TransportMeter;
  readonly clock?: Clock;
  readonly pacers?: PacerRegistry;
  readonly random?: () => number;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, e.g. `/Users`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | readonly string[] | undefined>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent form-encoded instead (OAuth token requests). */
  readonly form?: Readonly<Record<string, string>>;
  /** Rate-limit group of the operation (`default` when absent). */
  readonly rateGroup?: string;
  /** Whether sending it twice is harmless. Default: every method but POST, and read-only POSTs. */
  readonly idempotent?: boolean;
  /** Counts attempts across the requests of one step, for StepResult.attempts. */
  readonly tally?: Tally;
  /** The answer's body is returned as the text it is (an XML document), not parsed as JSON. */
  readonly text?: boolean;
}

export interface Tally {
  attempts: number;
  /** An attempt may have been processed without Roster seeing the answer. */
  uncertain: boolean;
}

export const newTally = (): Tally => ({ attempts: 0, uncertain: false });

export interface HttpAnswer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** Parsed JSON, or undefined for an empty body; the text itself when the request asked for text. */
  readonly body: unknown;
}

/** Pacing state shared by every client of the process (see PacerRegistry), unless a client is given its own. */
export const processPacers = new PacerRegistry(systemClock);

/** A non-secret name for a credential's rate-limit budget. */
export function budgetOf(origin: string, credential: string): string {
  return `${origin} ${createHash('sha256').update(credential).digest('hex').slice(0, 16)}`;
}

export class HttpClient {
  readonly system: string;
  /** Resources one list may hold; list readers fail the read beyond it (limitError). */
  readonly maxListResources: number;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly transport: Transport;
  private readonly retryPolicy: RetryPolicy;
  private readonly secrets = new SecretSet();
  private readonly meter: TransportMeter;
  private readonly clock: Clock;
  private readonly pacers: PacerRegistry;
  private readonly budget: string;

  constructor(private readonly options: HttpClientOptions) {
    this.system = options.system;
    this.maxListResources = options.maxListResources ?? DEFAULT_READ_LIMITS.maxResources;
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/$/, '');
    this.transport = options.pool ?? new Transport(this.origin, { ...DEFAULT_TRANSPORT, ...options.transport });
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.meter = options.meter ?? new TransportMeter();
    this.clock = options.clock ?? systemClock;
    this.pacers = options.pacers ?? (options.clock ? new PacerRegistry(options.clock) : processPacers);
    this.budget = options.budget ?? this.origin;
    for (const secret of options.secrets ?? []) this.secrets.add(secret);
  }

  /** Sends a request expecting one of `ok`, and validates the body with `schema`. */
  async json<T>(request: HttpRequest, schema: z.ZodType<T>, ok: readonly number[] = [200]): Promise<T> {
    return this.validate(request, await this.expect(request, ok), schema);
  }

  /** The answer's body checked against `schema`, or a ProviderError naming what is wrong. */
  validate<T>(request: HttpRequest, answer: HttpAnswer, schema: z.ZodType<T>): T {
    const checked = checkBody(schema, answer.body);
    if (checked.ok) return checked.data;
    const issue = checked.issue;
    const where = issue ? ` at ${issue.path.join('.') || '(root)'}: ${issue.message}` : '';
    throw this.error(request, 'invalid-response', { status: answer.status, explanation: `unexpected response body${where}` });
  }

  /** Sends a request expecting one of `ok`; any other status becomes a ProviderError. */
  async expect(request: HttpRequest, ok: readonly number[]): Promise<HttpAnswer> {
    const answer = await this.send(request);
    if (!ok.includes(answer.status)) throw this.statusError(request, answer);
    return answer;
  }

  /**
   * Sends a request, retrying where that is harmless, and returns the last answer whatever its
   * status. Throws when no usable answer came: refused (read-only), no answer, oversized, not JSON.
   */
  async send(request: HttpRequest): Promise<HttpAnswer> {
    if (this.options.readOnly && !this.isRead(request)) {
      throw this.error(request, 'read-only', { explanation: 'refused before sending: plan never writes', hint: 'run `roster apply` to make changes' });
    }
    const idempotent = request.idempotent ?? (request.method !== 'POST' || this.isRead(request));
    const tally = request.tally ?? newTally();
    let firstAttemptAt: number | undefined;
    let failures = 0;
    let renewed = false;
    // This request's own attempts (a step's tally counts those of its other requests too).
    let attempts = 0;
    for (;;) {
      firstAttemptAt ??= this.clock.now();
      attempts += 1;
      const { result, retryAfterMs } = await this.attempt(request, tally);
      if (result.kind === 'too-large') {
        const limit = this.transport.maxResponseBytes;
        throw this.limitError(request, `the response is larger than ${limit} bytes (${formatBytes(limit)}), the limit per response; it was aborted unread`, {
          ...(result.status !== undefined ? { status: result.status } : {}),
          setting: LIMIT_SETTINGS.maxResponseBytes,
          attempts: tally.attempts,
        });
      }
      if (result.kind === 'answer' && result.status === 401 && !renewed && this.options.renewCredentials) {
        renewed = true;
        if (await this.options.renewCredentials()) {
          this.record(request, 'retry', 0, { reason: 'status 401: credentials renewed' });
          continue;
        }
      }
      const outcome: AttemptOutcome =
        result.kind === 'answer' ? { kind: 'status', status: result.status } : { kind: 'no-answer', cause: result.cause, sent: result.sent, code: result.code };
      // Past the deadline bytes were still coming: trying again would take as long again.
      const reason = result.kind === 'no-answer' && result.code === REQUEST_DEADLINE ? undefined : retryReason(outcome, idempotent);
      if (reason !== undefined) {
        failures += 1;
        const tooMany = outcome.kind === 'status' && outcome.status === 429;
        const schedule = retrySchedule(this.retryPolicy, outcome, failures, this.options.random ?? Math.random);
        const delayMs = retryAfterMs ?? (tooMany ? 0 : schedule.delayMs);
        if (failures < schedule.maxAttempts && this.clock.now() + delayMs - firstAttemptAt <= this.retryPolicy.budgetMs) {
          this.record(request, 'retry', delayMs, { reason });
          // After a 429 the pacer holds the whole group until the penalty is over.
          if (!tooMany) await this.clock.sleep(delayMs);
          continue;
        }
      }
      if (result.kind === 'no-answer' && result.code === REQUEST_DEADLINE) {
        const limit = formatDuration(this.transport.requestTimeoutMs);
        throw this.limitError(request, `no complete answer within ${limit}, the limit per request (bytes were still arriving, or none came)`, {
          failureClass: 'timeout',
          setting: LIMIT_SETTINGS.requestTimeoutMs,
          attempts: tally.attempts,
          ...(tally.uncertain && request.method !== 'GET' ? { outcomeUnknown: true } : {}),
        });
      }
      if (result.kind === 'no-answer') {
        const failure = connectionFailureOf(result.code);
        const host = new URL(this.origin).host;
        throw this.error(request, result.cause, {
          explanation: `${this.noAnswer(result.code, result.cause)} (${result.code}; ${attempts} attempt${attempts === 1 ? '' : 's'})`,
          hint: result.sent && !idempotent ? 'the request may have been processed; Roster looks the object up before trying again' : `${connectionFix(failure, host, 'the URL configured for this system')}, then run again`,
          outcomeUnknown: tally.uncertain && request.method !== 'GET',
          attempts: tally.attempts,
          origin: true,
        });
      }
      return { status: result.status, headers: result.headers, body: this.parse(request, result.status, result.text) };
    }
  }

  /**
   * One attempt: credentials, admission by the pacer, the exchange, and what the answer teaches the
   * pacer. `retryAfterMs` is the wait before a retry the server asked for (after a 429, the penalty).
   */
  private async attempt(request: HttpRequest, tally: Tally): Promise<{ result: RawResult; retryAfterMs?: number }> {
    const group = request.rateGroup ?? 'default';
    const headers = await this.headersFor(request);
    const body = this.encode(request);
    const pacer = this.pacers.pacerFor(this.budget, group, this.options.documentedLimits?.[group]);
    let ticket: Ticket;
    try {
      ticket = await pacer.admit((wait) => this.record(request, 'wait', wait.ms, { reason: wait.reason }), this.options.stop);
    } catch (error) {
      if (error instanceof PaceAbandoned) throw this.error(request, 'interrupted', { explanation: error.message, attempts: tally.attempts });
      throw error;
    }
    const startedAt = this.clock.now();
    tally.attempts += 1;
    const result = await this.transport.send({ method: request.method, path: this.target(request), headers, ...(body !== undefined ? { body } : {}) });
    const elapsed = this.clock.now() - startedAt;
    if (result.kind !== 'answer') {
      pacer.settle(ticket);
      if (result.kind === 'no-answer' && result.sent) tally.uncertain = true;
      const status = result.kind === 'too-large' && result.status !== undefined ? { status: result.status } : {};
      this.record(request, 'request', elapsed, { ...status, reason: result.kind === 'too-large' ? 'response too large' : `${result.cause} (${result.code})` });
      return { result };
    }
    const rateLimit = readRateLimit(result.headers);
    const retryAfter = readRetryAfter(result.headers, Date.now());
    // §4: a 429 without Retry-After waits at least 30 s, and never less than the window.
    const penaltyMs = result.status === 429 ? (retryAfter ?? Math.max(this.retryPolicy.tooManyRequestsDelayMs, rateLimit?.windowMs ?? 0)) : undefined;
    pacer.settle(ticket, { ...(rateLimit ? { rateLimit } : {}), ...(penaltyMs !== undefined ? { penaltyMs } : {}) });
    if (rateLimit?.group) this.pacers.learnGroup(this.budget, group, rateLimit.group);
    this.record(request, 'request', elapsed, { status: result.status, ...(rateLimit ? { limit: rateLimit.limit, windowMs: rateLimit.windowMs } : {}) });
    // A gateway may answer 5xx after the service processed the request.
    if (result.status >= 500 && !this.isRead(request)) tally.uncertain = true;
    const wait = penaltyMs ?? retryAfter;
    return wait !== undefined ? { result, retryAfterMs: wait } : { result };
  }

  /** Why no answer came, in the words `roster check` uses; a timeout names its limit. */
  private noAnswer(code: string, cause: 'timeout' | 'network'): string {
    if (code === 'UND_ERR_BODY_TIMEOUT') return `no byte of the response body for ${formatDuration(this.transport.bodyTimeoutMs)}, the idle limit (${LIMIT_SETTINGS.idleTimeoutMs})`;
    if (code === 'UND_ERR_HEADERS_TIMEOUT') return `no response headers within ${formatDuration(this.transport.headersTimeoutMs)}`;
    const failure = connectionFailureOf(code);
    if (failure.kind === 'other' && cause === 'timeout') return 'no complete answer in time';
    return describeConnectionFailure(failure, new URL(this.origin).host);
  }

  /**
   * The failure of a read that broke one of Roster's limits (a response too large or too slow, a
   * list that is too long, repeats itself or does not end): it names the system, the URL without
   * its query, the limit and, where there is one, the setting that raises it.
   */
  limitError(
    request: Pick<HttpRequest, 'method' | 'path'>,
    explanation: string,
    extra: { status?: number; setting?: string; hint?: string; failureClass?: FailureClass; attempts?: number; outcomeUnknown?: boolean } = {},
  ): ProviderError {
    const hint =
      extra.hint ??
      (extra.setting
        ? `if the service is right and only that large or slow, raise ${extra.setting}; otherwise it is misbehaving`
        : 'the service is misbehaving; run again once it answers correctly');
    return this.error(request as HttpRequest, extra.failureClass ?? 'invalid-response', {
      explanation,
      hint,
      origin: true,
      ...(extra.status !== undefined ? { status: extra.status } : {}),
      ...(extra.attempts !== undefined ? { attempts: extra.attempts } : {}),
      ...(extra.outcomeUnknown ? { outcomeUnknown: true } : {}),
    });
  }

  private record(request: HttpRequest, kind: TransportEvent['kind'], ms: number, extra: { status?: number; reason?: string; limit?: number; windowMs?: number } = {}): void {
    const group = request.rateGroup ?? 'default';
    this.meter.record({ kind, system: this.system, group, method: request.method, path: this.basePath + request.path, ms: Math.round(ms), ...extra });
  }

  /** The ProviderError for an answer with an unexpected status, classified and with advice. */
  statusError(request: HttpRequest, answer: HttpAnswer): ProviderError {
    const vendor = readVendorError(answer.body);
    const verdict = this.options.classify?.(answer.status, vendor) ?? classifyStatus(answer.status, vendor);
    const mayHaveHappened = answer.status >= 500 && request.method !== 'GET' && !this.isRead(request);
    return this.error(request, verdict.failureClass, {
      status: answer.status,
      ...(vendor.detail ? { detail: vendor.detail } : {}),
      ...(vendor.code ? { vendorCode: vendor.code } : {}),
      ...(verdict.hint ? { hint: verdict.hint } : {}),
      ...(mayHaveHappened ? { outcomeUnknown: true } : {}),
      ...(request.tally ? { attempts: request.tally.attempts } : {}),
    });
  }

  /** Closes the client's own pool; a shared pool is closed by whoever opened it. */
  async close(): Promise<void> {
    if (!this.options.pool) await this.transport.close();
  }

  private isRead(request: Pick<HttpRequest, 'method' | 'path'>): boolean {
    if (request.method === 'GET') return true;
    return request.method === 'POST' && (this.options.readOnlyPosts ?? []).some((pattern) => pattern.test(request.path));
  }

  private target(request: HttpRequest): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) params.append(key, v);
      else params.append(key, String(value));
    }
    const query = params.toString();
    return `${this.basePath}${request.path}${query ? `?${query}` : ''}`;
  }

  private encode(request: HttpRequest): string | undefined {
    if (request.form) return new URLSearchParams(request.form).toString();
    return request.body === undefined ? undefined : JSON.stringify(request.body);
  }

  private async headersFor(request: HttpRequest): Promise<Record<string, string>> {
    const credentials = (await this.options.credentials?.()) ?? {};
    for (const value of Object.values(credentials)) this.secrets.add(value);
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...credentials };
    if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    else if (request.body !== undefined) headers['content-type'] = this.options.contentType ?? 'application/json';
    return headers;
  }

  private parse(request: HttpRequest, status: number, text: string): unknown {
    if (request.text) return text;
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // An error status with a body that is not JSON (a proxy's HTML page) still reports its status.
      if (status >= 400) return undefined;
      throw this.error(request, 'invalid-response', { status, explanation: 'the response is not valid JSON' });
    }
  }

  private error(
    request: HttpRequest,
    failureClass: FailureClass,
    extra: { status?: number; detail?: string; vendorCode?: string; explanation?: string; hint?: string; outcomeUnknown?: boolean; attempts?: number; origin?: boolean },
  ): ProviderError {
    const safe = (text: string | undefined) => (text === undefined ? undefined : this.secrets.redact(text));
    const detail = safe(extra.detail);
    const explanation = safe(extra.explanation);
    return new ProviderError({
      failureClass,
      ...(extra.hint ? { hint: extra.hint } : {}),
      ...(extra.outcomeUnknown ? { outcomeUnknown: true } : {}),
      ...(explanation ? { explanation } : {}),
      details: {
        system: this.system,
        method: request.method,
        ...(extra.origin ? { origin: this.origin } : {}),
        path: this.basePath + request.path,
        ...(extra.status !== undefined ? { status: extra.status } : {}),
        ...(detail ? { detail } : {}),
        ...(extra.vendorCode ? { vendorCode: this.secrets.redact(extra.vendorCode) } : {}),
        ...(extra.attempts !== undefined ? { attempts: extra.attempts } : {}),
      },
    });
  }
}

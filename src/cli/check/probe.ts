/**
 * The HTTP side of `roster check`: one small request per question, through Roster's own HTTP
 * client (the same credentials handling, redaction and error classes as plan and apply), and
 * the answer whatever its status — a 401 or a 403 is a finding here, not an error.
 *
 * Check builds its own clients rather than the engine's providers: it asks each layer on its own
 * (the token endpoint, then SCIM, then the extension list), where providers would authenticate
 * lazily inside the first read and report only the first failure. Retries are few and short: a
 * check answers in seconds, and a service that needs patience is itself a finding.
 */
import type { TransportEvent } from '../../core/ports.js';
import { HttpClient, type HttpAnswer, type HttpClientOptions, type HttpRequest } from '../../providers/http/client.js';
import { SecretSet } from '../../providers/http/errors.js';
import { TransportMeter } from '../../providers/http/meter.js';

const CHECK_RETRY = { maxAttempts: 2, baseDelayMs: 250, maxDelayMs: 1_000, budgetMs: 3_000 } as const;
const CHECK_TRANSPORT = { connectTimeoutMs: 5_000, headersTimeoutMs: 15_000, bodyTimeoutMs: 15_000 } as const;

/** An answer, or the transport's error code when none came (ECONNREFUSED, CERT_HAS_EXPIRED, …). */
export type Outcome = { readonly answer: HttpAnswer } | { readonly failureCode: string };

export interface ProbeOptions extends Omit<HttpClientOptions, 'retry' | 'transport' | 'meter' | 'credentials'> {
  /** Credential headers; their values are secrets. */
  readonly credentials?: Readonly<Record<string, string>>;
}

export class Probe {
  private readonly http: HttpClient;
  private readonly secrets = new SecretSet();
  private lastFailure?: string;

  constructor(options: ProbeOptions) {
    for (const secret of [...Object.values(options.credentials ?? {}), ...(options.secrets ?? [])]) this.secrets.add(secret);
    // Transport events name the error code of a failed connection; ProviderErrors do not.
    const meter = new TransportMeter((event: TransportEvent) => {
      const code = event.kind === 'request' && event.status === undefined ? /\(([^)]+)\)$/.exec(event.reason ?? '')?.[1] : undefined;
      if (code) this.lastFailure = code;
    });
    const { credentials, ...rest } = options;
    this.http = new HttpClient({ ...rest, ...(credentials ? { credentials: () => ({ ...credentials }) } : {}), retry: CHECK_RETRY, transport: CHECK_TRANSPORT, meter });
  }

  /** The client itself, for reads that providers already know how to make (SCIM discovery). */
  get client(): HttpClient {
    return this.http;
  }

  async send(request: HttpRequest): Promise<Outcome> {
    this.lastFailure = undefined;
    try {
      return { answer: await this.http.send(request) };
    } catch (error) {
      if (this.lastFailure !== undefined) return { failureCode: this.lastFailure };
      throw error;
    }
  }

  /** The vendor's error text of an answer (SCIM `detail`, JumpCloud and RingCentral `message`, OAuth `error_description`), redacted. */
  errorText(answer: HttpAnswer): string {
    const body = answer.body as Record<string, unknown> | undefined;
    const text = [body?.['detail'], body?.['message'], body?.['error_description']].find((v): v is string => typeof v === 'string' && v.trim() !== '');
    return text ? this.secrets.redact(text.slice(0, 200)) : `status ${answer.status}`;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

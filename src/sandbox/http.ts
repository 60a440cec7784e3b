import type { IncomingHttpHeaders } from 'node:http';

/** The vendor whose API a request addresses; `admin` is the sandbox's own `/_sandbox` API. */
export type Vendor = 'jumpcloud' | 'ringcentral' | 'generic-scim' | 'admin';

/** One parsed HTTP request as every handler sees it. The raw body is parsed by the vendor's helpers. */
export interface SandboxRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** Path parameters captured by the route pattern (`:name`), URL-decoded. */
  params: Record<string, string>;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialised unless `contentType` says otherwise (then it must be a string). */
  body?: unknown;
  contentType?: string;
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

/**
 * A failure a handler reports; each vendor turns it into its own error body (JumpCloud `Error`,
 * SCIM `ScimErrorResponse`, RingCentral REST `ApiError`).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: {
      scimType?: string;
      errorCode?: string;
      parameterName?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SandboxResponse {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(): SandboxResponse {
  return { status: 204 };
}

/** Parses a JSON request body; an empty body is `undefined`. Malformed JSON is a 400. */
export function parseJsonBody(req: SandboxRequest): unknown {
  if (req.rawBody.trim() === '') return undefined;
  try {
    return JSON.parse(req.rawBody) as unknown;
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.', { scimType: 'invalidSyntax' });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first value of a header that may be repeated. */
export function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads an integer query parameter; absent means `fallback`, anything but an integer is a 400. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(400, `Parameter [${name}] value is invalid.`, { scimType: 'invalidValue', parameterName: name });
  return Number(raw);
}

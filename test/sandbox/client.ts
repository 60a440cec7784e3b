import type { Sandbox } from '../../src/sandbox/index.js';
import { checkResponse } from './spec.js';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

interface CallInit {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * The tests' HTTP client for one sandbox: `fetch` over real HTTP. Every vendor call (`jc`, `rc`,
 * `vendor`) is checked against the vendors' OpenAPI subsets (see spec.ts) before the test sees
 * it; `raw` is unchecked, for requests that are deliberately outside any spec.
 */
export function client(sandbox: Sandbox) {
  async function call(method: string, path: string, init: CallInit, check: boolean): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    let body = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${sandbox.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    const parsed: unknown = text !== '' && /json/.test(contentType ?? '') ? JSON.parse(text) : undefined;
    if (check) checkResponse({ method, path: new URL(path, sandbox.url).pathname, status: res.status, contentType, body: parsed, text });
    return { status: res.status, headers: res.headers, body: parsed, text };
  }
  const withBody = (body: unknown, headers: Record<string, string>): CallInit => (body !== undefined ? { body, headers } : { headers });
  return {
    raw: (method: string, path: string, init: CallInit = {}) => call(method, path, init, false),
    vendor: (method: string, path: string, init: CallInit = {}) => call(method, path, init, true),
    jc: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call(method, path, withBody(body, { 'x-api-key': sandbox.apiKey, ...headers }), true),
    rc: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call(method, path, withBody(body, { authorization: `Bearer ${sandbox.scimToken}`, ...headers }), true),
    admin: (method: string, path: string, body?: unknown) => call(method, `/_sandbox${path}`, withBody(body, {}), false),
  };
}

export type Client = ReturnType<typeof client>;

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A valid SCIM create body for `email` ("first.last@…" gives the names). */
export function scimUser(email: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const [given = 'Test', family = 'User'] = email.split('@')[0]?.split('.') ?? [];
  return {
    schemas: [USER_SCHEMA],
    userName: email,
    name: { givenName: given, familyName: family },
    emails: [{ type: 'work', value: email }],
    ...extra,
  };
}

export function patch(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: operations };
}

import type { Sandbox } from '../../src/sandbox/index.js';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export type Vendor = 'jumpcloud' | 'ringcentral' | 'admin';

/**
 * The tests' HTTP client for one sandbox: plain `fetch` over real HTTP, with each vendor's
 * credentials. `raw` sends exactly the headers given.
 */
export function client(sandbox: Sandbox) {
  async function call(method: string, path: string, init: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${sandbox.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text !== '' && /json/.test(res.headers.get('content-type') ?? '')) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }
  const jcHeaders = (extra?: Record<string, string>) => ({ 'x-api-key': sandbox.apiKey, ...extra });
  const rcHeaders = (extra?: Record<string, string>) => ({ authorization: `Bearer ${sandbox.scimToken}`, ...extra });
  return {
    raw: call,
    jc: (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(method, path, { ...(body !== undefined ? { body } : {}), headers: jcHeaders(headers) }),
    rc: (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(method, path, { ...(body !== undefined ? { body } : {}), headers: rcHeaders(headers) }),
    admin: (method: string, path: string, body?: unknown) => call(method, `/_sandbox${path}`, body !== undefined ? { body } : {}),
  };
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A valid SCIM create body for `email`. */
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

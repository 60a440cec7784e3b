/**
 * Helpers for provider tests: the sandbox's admin API, a virtual clock, and providers wired the
 * way the CLI wires them.
 */
import type { TransportEvent } from '../../src/core/ports.js';
import { configSchema } from '../../src/config/schema.js';
import { createProviders, type WiredProviders, type WiringOptions } from '../../src/cli/wiring.js';
import type { Clock } from '../../src/providers/http/clock.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface SandboxStats {
  total: number;
  byVendor: Record<string, number>;
  byGroup: Record<string, number>;
  byStatus: Record<string, number>;
  tooManyRequests: number;
}

export interface LoggedRequest {
  /** ISO time the sandbox received it, and how long it took to answer. */
  time: string;
  durationMs: number;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number;
  group?: string;
  fault?: string;
}

export function admin(sandbox: Sandbox) {
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    if (response.status >= 400) throw new Error(`sandbox admin ${method} ${path}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  };
  return {
    fault: (spec: Record<string, unknown>) => call('POST', '/faults', spec),
    clearFaults: () => call('DELETE', '/faults'),
    stats: async () => (await call('GET', '/stats')) as SandboxStats,
    requests: async () => (await call('GET', '/requests')) as LoggedRequest[],
    clearRequests: () => call('DELETE', '/requests'),
    reset: (seed: unknown, licences?: number) => call('POST', '/reset', { seed, ...(licences !== undefined ? { licences } : {}) }),
    licences: (available: number) => call('PUT', '/ringcentral/licences', { available }),
    activate: (id: string) => call('POST', `/ringcentral/users/${id}/activate`),
  };
}

/** A clock whose sleeps return at once and move virtual time forward; it remembers them. */
export function virtualClock(): Clock & { readonly sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) return;
      sleeps.push(ms);
      now += ms;
      await Promise.resolve();
    },
  };
}

export const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** A minimal valid SCIM user for the sandbox (userName = work email, RingCentral's rule). */
export function scimUser(email: string, externalId?: string): Record<string, unknown> {
  return {
    schemas: [CORE],
    userName: email,
    ...(externalId ? { externalId } : {}),
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ type: 'work', value: email }],
  };
}

/** Where setup accounts are created: the RingCentral stand-in unless told otherwise. */
export interface SetupTarget {
  /** The SCIM base URL (`…/scim/v2`, `…/generic-scim/v2`). */
  readonly base: string;
  readonly token: string;
}

/** Creates accounts straight over HTTP (setup, not under test), `concurrency` at a time; their ids in order. */
export async function createAccounts(sandbox: Sandbox, count: number, prefix = 'user', concurrency = 8, target?: SetupTarget): Promise<string[]> {
  const { base, token } = target ?? { base: `${sandbox.url}/scim/v2`, token: sandbox.scimToken };
  const ids: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const email = `${prefix}${String(i).padStart(5, '0')}@example.com`;
      const response = await fetch(`${base}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(scimUser(email, `ext-${prefix}-${i}`)),
      });
      if (response.status !== 201) throw new Error(`setup create ${email}: ${response.status} ${await response.text()}`);
      ids[i] = ((await response.json()) as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

export interface WiredOptions extends Partial<WiringOptions> {
  /** `jwt` (default): RingCentral's JWT grant; `token`: the sandbox's static SCIM token. */
  readonly auth?: 'jwt' | 'token';
  readonly catalog?: 'ringcentral' | 'scim';
}

/** Providers for one `ringcentral` application, wired as the CLI does; events are collected. */
export function wire(sandbox: Sandbox, options: WiredOptions = {}): WiredProviders & { events: TransportEvent[] } {
  const events: TransportEvent[] = [];
  const auth =
    (options.auth ?? 'jwt') === 'jwt'
      ? { auth: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, jwt: sandbox.jwt } }
      : { token: sandbox.scimToken };
  const config = configSchema.parse({
    idp: { type: 'jumpcloud', url: sandbox.url, apiKey: sandbox.apiKey },
    applications: {
      ringcentral: { catalog: options.catalog ?? 'ringcentral', groups: ['Sales'], provisioning: { url: `${sandbox.url}/scim/v2`, ...auth } },
    },
  });
  const providers = createProviders(config, {
    readOnly: options.readOnly ?? false,
    onTransport: (event) => {
      events.push(event);
      options.onTransport?.(event);
    },
    ...(options.transport ? { transport: options.transport } : {}),
    retry: { baseDelayMs: 5, maxDelayMs: 20, ...options.retry },
  });
  return Object.assign(providers, { events });
}

export function target(providers: WiredProviders) {
  const found = providers.targets.get('ringcentral');
  if (!found) throw new Error('no ringcentral target wired');
  return found;
}

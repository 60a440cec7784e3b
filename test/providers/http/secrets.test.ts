/**
 * No credential ever leaves the HTTP layer: recognisable secrets are sent through every failure
 * path — to a hostile service that echoes back every credential it receives — and every error
 * (message, String(), JSON, inspection, stack), event, counter and CLI output is searched for them.
 */
import { inspect } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransportEvent } from '../../../src/core/ports.js';
import { configSchema } from '../../../src/config/schema.js';
import { createProviders, type WiredProviders } from '../../../src/cli/wiring.js';
import { roster } from '../../support/cli.js';
import { startStub, type Stub, type StubAnswer, type StubRequest } from '../stub-server.js';

const API_KEY = 'jc-key-SECRET-1f6b7e0c9d';
const CLIENT_ID = 'rc-client-id';
const CLIENT_SECRET = 'rc-client-SECRET-8a2d4c';
const JWT = 'eyJhbGciOi.SECRET-JWT-payload.c2lnbmF0dXJl';
const ACCESS_TOKEN = 'rc-access-SECRET-token-5e3f';
const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
const SECRETS = [API_KEY, CLIENT_SECRET, JWT, ACCESS_TOKEN, BASIC];

type Mode = 'unauthorized' | 'server-error' | 'timeout' | 'drop' | 'malformed' | 'oversized' | 'wrong-type' | 'token-refused' | 'ok';
let mode: Mode = 'ok';

/** Everything the request carried that could be secret, sent back in an error body. */
function echo(request: StubRequest, status: number): StubAnswer {
  const carried = `${request.headers.authorization ?? ''} ${request.headers['x-api-key'] ?? ''} ${request.body}`;
  return {
    status,
    body: JSON.stringify({ detail: `you sent ${carried}`, message: `you sent ${carried}`, errorCode: carried, scimType: carried, error_description: carried }),
  };
}

function hostile(request: StubRequest): StubAnswer {
  if (request.url.startsWith('/restapi/oauth/token')) {
    return mode === 'token-refused' ? echo(request, 400) : { status: 200, body: JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 3600 }) };
  }
  const carried = `${request.headers.authorization ?? ''}${request.headers['x-api-key'] ?? ''}`;
  switch (mode) {
    case 'unauthorized':
      return echo(request, 401);
    case 'server-error':
      return echo(request, 500);
    case 'timeout':
      return { stallMs: 3000 };
    case 'drop':
      return { drop: true };
    case 'malformed':
      return { status: 200, body: `{"totalResults": 1, "Resources": [{"id": "${carried}"` };
    case 'oversized':
      return { status: 200, body: JSON.stringify({ totalResults: 1, padding: carried.repeat(5000) }) };
    case 'wrong-type':
      return { status: 200, body: JSON.stringify({ totalResults: carried, results: carried, [carried]: carried }) };
    default:
      return { status: 200, body: JSON.stringify({ totalResults: 0, results: [], Resources: [] }) };
  }
}

let stub: Stub;
beforeAll(async () => {
  stub = await startStub(hostile);
});
afterAll(async () => {
  await stub.close();
});

function wired(readOnly = false): WiredProviders & { events: TransportEvent[] } {
  const events: TransportEvent[] = [];
  const config = configSchema.parse({
    idp: { type: 'jumpcloud', url: stub.url, apiKey: API_KEY },
    applications: {
      ringcentral: {
        catalog: 'ringcentral',
        groups: ['Sales'],
        provisioning: { url: `${stub.url}/scim/v2`, auth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, jwt: JWT } },
      },
    },
  });
  const providers = createProviders(config, {
    readOnly,
    onTransport: (e) => events.push(e),
    transport: { headersTimeoutMs: 200, maxResponseBytes: 50_000 },
    retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 },
  });
  return Object.assign(providers, { events });
}

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** Every way an error or event could be shown or stored. */
function renderings(error: unknown, providers: WiredProviders & { events: TransportEvent[] }): string[] {
  const e = error as Error;
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), JSON.stringify(providers.events), JSON.stringify(providers.stats())];
}

function leaks(texts: string[]): string[] {
  return SECRETS.filter((secret) => texts.some((text) => text.includes(secret)));
}

const cases: Array<{ mode: Mode; readOnly?: boolean; run: (p: WiredProviders) => Promise<unknown>; failureClass: string }> = [
  { mode: 'unauthorized', run: (p) => p.targets.get('ringcentral')!.readAccounts(), failureClass: 'unauthorized' },
  { mode: 'unauthorized', run: (p) => p.idp.readDirectory({ groupNames: [] }), failureClass: 'unauthorized' },
  { mode: 'server-error', run: (p) => p.targets.get('ringcentral')!.readAccounts(), failureClass: 'unavailable' },
  {
    mode: 'server-error',
    run: (p) => p.targets.get('ringcentral')!.execute({ op: 'scim.create', app: 'ringcentral', userName: 'a@example.com', attributes: { userName: 'a@example.com' } }, { appIds: new Map() }),
    failureClass: 'unavailable',
  },
  { mode: 'timeout', run: (p) => p.idp.readDirectory({ groupNames: [] }), failureClass: 'timeout' },
  { mode: 'drop', run: (p) => p.targets.get('ringcentral')!.readAccounts(), failureClass: 'network' },
  { mode: 'malformed', run: (p) => p.idp.readDirectory({ groupNames: [] }), failureClass: 'invalid-response' },
  { mode: 'oversized', run: (p) => p.targets.get('ringcentral')!.readAccounts(), failureClass: 'invalid-response' },
  { mode: 'wrong-type', run: (p) => p.idp.readDirectory({ groupNames: [] }), failureClass: 'invalid-response' },
  { mode: 'token-refused', run: (p) => p.targets.get('ringcentral')!.readAccounts(), failureClass: 'unauthorized' },
  {
    mode: 'ok',
    readOnly: true,
    run: (p) => p.targets.get('ringcentral')!.execute({ op: 'scim.delete', app: 'ringcentral', id: '1', userName: 'a@example.com' }, { appIds: new Map() }),
    failureClass: 'read-only',
  },
];

describe('secrets never leak', () => {
  it.each(cases)('$mode ($failureClass): no credential in the error, its renderings, the events or the counters', async ({ mode: m, readOnly, run, failureClass }) => {
    mode = m;
    const providers = wired(readOnly);
    try {
      const error = await failureOf(() => run(providers));
      expect(error).toMatchObject({ failureClass });
      expect(leaks(renderings(error, providers))).toEqual([]);
      // Where the service echoed the credentials, the echo reached the error, scrubbed.
      if (['unauthorized', 'server-error', 'token-refused'].includes(m)) expect(String(error)).toContain('[redacted]');
    } finally {
      await providers.close();
    }
  });

  it('the hostile service received every credential it could echo (so the searches above can fail)', () => {
    const sent = stub.requests.map((r) => `${r.headers.authorization ?? ''} ${r.headers['x-api-key'] ?? ''} ${r.body}`).join('\n');
    // The client secret travels only inside the Basic credentials.
    expect(SECRETS.filter((secret) => !sent.includes(secret))).toEqual([CLIENT_SECRET]);
    expect(sent).toContain(`Basic ${BASIC}`);
  });

  it('the CLI prints no credential when a plan fails against the hostile service', async () => {
    mode = 'unauthorized';
    const env = {
      ROSTER_IDP_URL: stub.url,
      JUMPCLOUD_API_KEY: API_KEY,
      ROSTER_SCIM_URL: `${stub.url}/scim/v2`,
      RINGCENTRAL_CLIENT_ID: CLIENT_ID,
      RINGCENTRAL_CLIENT_SECRET: CLIENT_SECRET,
      RINGCENTRAL_JWT: JWT,
    };
    const run = await roster(['plan', '-c', fileURLToPath(new URL('../../../configs/', import.meta.url))], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/jumpcloud: GET \/api\/applications → 401/);
    expect(leaks([run.stdout, run.stderr])).toEqual([]);
  });
});

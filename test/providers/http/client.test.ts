/**
 * The HTTP client against the sandbox's fault injection (and a stub for bodies the sandbox cannot
 * send): what is retried, what is not, what the caller gets, and what is counted. Waits run on a
 * virtual clock, so a 30 s wait costs nothing and is measured, not timed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TransportEvent } from '../../../src/core/ports.js';
import { HttpClient, newTally, type HttpClientOptions } from '../../../src/providers/http/client.js';
import { ProviderError } from '../../../src/providers/http/errors.js';
import { DEFAULT_RETRY_POLICY, retryReason, retrySchedule } from '../../../src/providers/http/retry.js';
import { connectionFailureOf } from '../../../src/core/connection-failure.js';
import { TransportMeter } from '../../../src/providers/http/meter.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startStub } from '../stub-server.js';
import { admin, scimUser, virtualClock } from '../support.js';

const listSchema = z.looseObject({ totalResults: z.number() });
const userSchema = z.looseObject({ id: z.string() });

let sandbox: Sandbox;
let sb: ReturnType<typeof admin>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'empty', rateLimits: false, licences: 50 });
  sb = admin(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sb.clearFaults();
  await sb.clearRequests();
});

function scim(overrides: Partial<HttpClientOptions> = {}) {
  const events: TransportEvent[] = [];
  const clock = virtualClock();
  const http = new HttpClient({
    system: 'ringcentral',
    baseUrl: `${sandbox.url}/scim/v2`,
    credentials: () => ({ authorization: `Bearer ${sandbox.scimToken}` }),
    meter: new TransportMeter((e) => events.push(e)),
    clock,
    random: () => 0.5,
    retry: { baseDelayMs: 1000, maxDelayMs: 8000 },
    transport: { headersTimeoutMs: 300 },
    ...overrides,
  });
  return { http, events, clock };
}

const list = { method: 'GET', path: '/Users', rateGroup: 'light' } as const;
const create = (email: string) => ({ method: 'POST', path: '/Users', body: scimUser(email), rateGroup: 'heavy' }) as const;

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe('HTTP client: rate limits', () => {
  it('after a 429 with Retry-After, holds the group that long, then retries once', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 429, headers: { 'Retry-After': '7' } });
    const { http, events, clock } = scim();
    const start = clock.now();
    await http.json(list, listSchema);
    expect(events.map((e) => [e.kind, e.status ?? e.reason])).toEqual([
      ['request', 429],
      ['retry', 'status 429'],
      ['wait', 'penalty'],
      ['request', 200],
    ]);
    expect(clock.now() - start).toBeGreaterThanOrEqual(7000);
    expect((await sb.stats()).total).toBe(2);
  });

  it('after a 429 without Retry-After, waits 30 s (docs/vendors/ringcentral.md §4)', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 429 });
    const { http, events } = scim();
    await http.json(list, listSchema);
    expect(events.find((e) => e.kind === 'wait')).toMatchObject({ reason: 'penalty', ms: 30_000 });
  });

  it('retries a POST refused with 429: nothing was processed', async () => {
    await sb.fault({ method: 'POST', path: '/scim/v2/Users', status: 429, headers: { 'Retry-After': '1' } });
    const { http } = scim();
    const tally = newTally();
    await http.json({ ...create('rate.limited@example.com'), tally }, userSchema, [201]);
    expect(tally).toEqual({ attempts: 2, uncertain: false });
  });
});

describe('HTTP client: 5xx, timeouts, dropped connections', () => {
  it('retries a GET through a burst of 503s with growing, jittered backoff', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 503, times: 3 });
    const { http, events, clock } = scim();
    const tally = newTally();
    await http.json({ ...list, tally }, listSchema);
    expect(tally.attempts).toBe(4);
    expect(events.filter((e) => e.kind === 'retry').map((e) => e.ms)).toEqual([750, 1500, 3000]);
    expect(clock.sleeps).toEqual([750, 1500, 3000]);
  });

  it('gives up after the attempt limit with an `unavailable` error that names system, method, path and status', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 503, times: 20 });
    const { http } = scim();
    const error = await caught(http.json(list, listSchema));
    expect(error.failureClass).toBe('unavailable');
    expect(error.message).toMatch(/^ringcentral: GET \/scim\/v2\/Users → 503/);
    expect((await sb.stats()).total).toBe(5);
  });

  it('stops retrying when the time budget would be exceeded', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 503, headers: { 'Retry-After': '600' }, times: 3 });
    const { http } = scim({ retry: { budgetMs: 60_000 } });
    expect((await caught(http.json(list, listSchema))).failureClass).toBe('unavailable');
    expect((await sb.stats()).total).toBe(1);
  });

  it('never repeats a POST answered with 503: its outcome is unknown', async () => {
    await sb.fault({ method: 'POST', path: '/scim/v2/Users', status: 503 });
    const { http } = scim();
    const error = await caught(http.json(create('unknown.outcome@example.com'), userSchema, [201]));
    expect(error).toMatchObject({ failureClass: 'unavailable', outcomeUnknown: true });
    expect((await sb.stats()).total).toBe(1);
  });

  it('retries a GET whose answer is slower than the timeout; a POST past the timeout is an unknown outcome', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', delayMs: 1500 });
    const { http, events } = scim();
    await http.json(list, listSchema);
    expect(events.filter((e) => e.kind === 'retry').map((e) => e.reason)).toEqual(['timeout']);

    await sb.fault({ method: 'POST', path: '/scim/v2/Users', delayMs: 1500 });
    const error = await caught(http.json(create('slow.post@example.com'), userSchema, [201]));
    expect(error).toMatchObject({ failureClass: 'timeout', outcomeUnknown: true });
  });

  it('retries a GET whose connection dropped; a POST dropped after processing is an unknown outcome', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', drop: 'before' });
    const { http } = scim();
    const tally = newTally();
    await http.json({ ...list, tally }, listSchema);
    expect(tally.attempts).toBe(2);

    await sb.fault({ method: 'POST', path: '/scim/v2/Users', drop: 'after' });
    const error = await caught(http.json(create('dropped.post@example.com'), userSchema, [201]));
    expect(error).toMatchObject({ failureClass: 'network', outcomeUnknown: true });
  });
});

describe('HTTP client: nothing listening', () => {
  it('retries even a POST when the connection was refused (it never left), once and shortly, then names the URL and the cause', async () => {
    const closed = await startStub([{ status: 200, body: '{}' }]);
    await closed.close();
    const events: TransportEvent[] = [];
    const clock = virtualClock();
    const http = new HttpClient({ system: 'stub', baseUrl: closed.url, clock, meter: new TransportMeter((e) => events.push(e)), retry: { maxAttempts: 3 } });
    const tally = newTally();
    const error = await caught(http.json({ ...create('refused@example.com'), tally }, userSchema, [201]));
    expect(error.failureClass).toBe('network');
    // Refused means never sent: no lookup is needed before trying the create again.
    expect(error.outcomeUnknown).toBeUndefined();
    expect(tally).toEqual({ attempts: 2, uncertain: false });
    expect(events.filter((e) => e.kind === 'retry').map((e) => [e.reason, e.ms])).toEqual([['network before sending', 500]]);
    expect(error.message).toBe(
      `stub: POST ${closed.url}/Users: connection refused (ECONNREFUSED; 2 attempts) — check the URL configured for this system, and that this machine can reach ${new URL(closed.url).host} (proxy, firewall, DNS), then run again`,
    );
    await http.close();
  });

  it('never retries a host name that does not resolve', async () => {
    const events: TransportEvent[] = [];
    const http = new HttpClient({ system: 'stub', baseUrl: 'http://roster-test.invalid/scim/v2', clock: virtualClock(), meter: new TransportMeter((e) => events.push(e)) });
    const error = await caught(http.json({ ...list, query: { filter: 'userName eq "secret@example.com"' } }, listSchema));
    expect(error).toMatchObject({ failureClass: 'network', details: { attempts: 1 } });
    expect(error.message).toMatch(/^stub: GET http:\/\/roster-test\.invalid\/scim\/v2\/Users: could not resolve the host name \((no such host|DNS is failing)\) \((ENOTFOUND|EAI_AGAIN); \d attempts?\)/);
    expect(error.message).not.toContain('secret@example.com');
    expect(events.filter((e) => e.kind === 'retry').length).toBeLessThanOrEqual(1);
    await http.close();
  });
});

describe('HTTP client: retry schedule of failed connections', () => {
  const policy = { ...DEFAULT_RETRY_POLICY };
  it.each([
    ['ECONNREFUSED', 'network before sending', 2],
    ['EAI_AGAIN', 'network before sending', 2],
    ['EHOSTUNREACH', 'network before sending', 2],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout before sending', 2],
    ['ENOTFOUND', undefined, 1],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', undefined, 1],
    ['CERT_HAS_EXPIRED', undefined, 1],
    ['ERR_TLS_CERT_ALTNAME_INVALID', undefined, 1],
    ['ERR_SSL_WRONG_VERSION_NUMBER', undefined, 1],
    ['ECONNRESET', 'network', 5],
    ['UND_ERR_SOCKET', 'network', 5],
  ] as const)('%s: retry reason %s, %i attempts at most', (code, reason, attempts) => {
    const failure = connectionFailureOf(code);
    const outcome = { kind: 'no-answer', cause: code === 'UND_ERR_CONNECT_TIMEOUT' ? 'timeout' : 'network', sent: failure.maybeSent, code } as const;
    expect(retryReason(outcome, true)).toBe(reason);
    if (reason !== undefined) expect(retrySchedule(policy, outcome, 1, () => 0.5).maxAttempts).toBe(attempts);
  });

  it('keeps the backoff for statuses', () => {
    expect(retrySchedule(policy, { kind: 'status', status: 503 }, 2, () => 1)).toEqual({ maxAttempts: 5, delayMs: 4000 });
  });
});

describe('HTTP client: bodies', () => {
  it('turns a wrongly typed body into an invalid-response error naming where', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 200, body: { totalResults: 'many' } });
    const error = await caught(scim().http.json(list, listSchema));
    expect(error.failureClass).toBe('invalid-response');
    expect(error.message).toMatch(/GET \/scim\/v2\/Users → 200: unexpected response body at totalResults/);
  });

  it('refuses a body over the cap without retrying', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 200, body: { padding: 'x'.repeat(200_000) } });
    const { http } = scim({ transport: { maxResponseBytes: 100_000 } });
    const error = await caught(http.json(list, listSchema));
    expect(error.failureClass).toBe('invalid-response');
    expect(error.message).toContain('larger than 100000 bytes');
    expect((await sb.stats()).total).toBe(1);
  });

  it('turns malformed and truncated JSON into errors, never a crash', async () => {
    const stub = await startStub([
      { status: 200, body: '{"totalResults": 1, "Resources": [' },
      { truncate: { body: '{"totalResults": 1', length: 400 } },
      { truncate: { body: '{"totalResults": 1', length: 400 } },
    ]);
    try {
      const http = new HttpClient({ system: 'stub', baseUrl: stub.url, clock: virtualClock(), retry: { maxAttempts: 2 } });
      expect((await caught(http.json(list, listSchema))).message).toBe('stub: GET /Users → 200: the response is not valid JSON');
      // A truncated body is a dropped connection: a GET is retried, then reported.
      expect((await caught(http.json(list, listSchema))).failureClass).toBe('network');
      expect(stub.requests).toHaveLength(3);
      await http.close();
    } finally {
      await stub.close();
    }
  });

  it('keeps the status of an error answer whose body is not JSON', async () => {
    const stub = await startStub([{ status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } }]);
    try {
      const http = new HttpClient({ system: 'stub', baseUrl: stub.url, clock: virtualClock(), retry: { maxAttempts: 1 } });
      expect(await caught(http.json(list, listSchema))).toMatchObject({ failureClass: 'unavailable', details: { status: 502 } });
      await http.close();
    } finally {
      await stub.close();
    }
  });
});

describe('HTTP client: read-only mode and credentials', () => {
  it('refuses every write before sending, and lets GET and SCIM .search through', async () => {
    const { http } = scim({ readOnly: true, readOnlyPosts: [/\/\.search$/] });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      expect(await caught(http.send({ method, path: '/Users/1', body: {} }))).toMatchObject({ failureClass: 'read-only' });
    }
    expect((await sb.stats()).total).toBe(0);
    await http.json(list, listSchema);
    await http.json({ method: 'POST', path: '/Users/.search', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] } }, listSchema);
    expect((await sb.stats()).total).toBe(2);
  });

  it('renews the credentials once on a 401 and tries again', async () => {
    let token = 'expired-token-value';
    let renewals = 0;
    const { http } = scim({
      credentials: () => ({ authorization: `Bearer ${token}` }),
      renewCredentials: async () => {
        renewals += 1;
        if (renewals > 1) return false;
        token = sandbox.scimToken;
        return true;
      },
    });
    const tally = newTally();
    await http.json({ ...list, tally }, listSchema);
    expect({ renewals, attempts: tally.attempts }).toEqual({ renewals: 1, attempts: 2 });

    token = 'revoked-token-value';
    const error = await caught(http.json(list, listSchema));
    expect(error.failureClass).toBe('unauthorized');
    expect(renewals).toBe(2);
  });
});

describe('HTTP client: counters', () => {
  it('counts requests, retries, waits and 429s per system and group', async () => {
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 429, headers: { 'Retry-After': '2' } });
    await sb.fault({ method: 'GET', path: '/scim/v2/Users', status: 503 });
    const meter = new TransportMeter();
    const { http } = scim({ meter });
    await http.json(list, listSchema);
    await http.json({ ...create('counted@example.com') }, userSchema, [201]);
    expect(meter.stats()).toEqual({
      ringcentral: {
        light: { requests: 3, retries: 2, waits: 1, waitMs: 2000, tooManyRequests: 1 },
        heavy: { requests: 1, retries: 0, waits: 0, waitMs: 0, tooManyRequests: 0 },
      },
    });
  });
});

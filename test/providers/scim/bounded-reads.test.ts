/**
 * Bounded reads of a generic SCIM target, against a hostile server over real HTTP: every
 * misbehaviour fails the read within its limit, with a message naming the system, the URL and
 * the limit; none runs long, repeats a request without end, or keeps what it should not.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.js';
import { createProviders, type WiredProviders, type WiringOptions } from '../../../src/cli/wiring.js';
import { ProviderError } from '../../../src/providers/http/errors.js';
import { startHostileScim, type HostileMode, type HostileScim } from '../../support/hostile-scim.js';

const APP = 'hostile-wiki';

let server: HostileScim | undefined;
let providers: WiredProviders | undefined;
afterEach(async () => {
  await providers?.close();
  await server?.close();
  providers = undefined;
  server = undefined;
});

async function read(mode: HostileMode, options: Partial<WiringOptions> & { pageSize?: number } = {}) {
  server = await startHostileScim(mode, options.pageSize !== undefined ? { pageSize: options.pageSize } : {});
  const config = configSchema.parse({
    // Never contacted: only the target is read here.
    idp: { type: 'jumpcloud', url: 'http://127.0.0.1:9', apiKey: 'unused-api-key' },
    applications: { [APP]: { catalog: 'scim', groups: ['Sales'], provisioning: { url: server.url, token: server.token } } },
  });
  providers = createProviders(config, { readOnly: true, retry: { baseDelayMs: 5, maxDelayMs: 20 }, limits: {}, ...options });
  const target = providers.targets.get(APP)!;
  const started = Date.now();
  const outcome = await target.readAccounts().then(
    (accounts) => ({ accounts, error: undefined }),
    (error: unknown) => ({ accounts: undefined, error }),
  );
  return { ...outcome, ms: Date.now() - started, listRequests: server.requests.get('/Users') ?? 0, server };
}

function limitFailure(error: unknown): ProviderError {
  expect(error).toBeInstanceOf(ProviderError);
  const failure = error as ProviderError;
  // System, then the URL without query, then what broke which limit.
  expect(failure.message.startsWith(`${APP}: GET ${server!.url}/`)).toBe(true);
  expect(failure.message).not.toContain('?');
  expect(failure.message).not.toContain(server!.token);
  return failure;
}

describe('a hostile SCIM list', () => {
  it('an honest list of 250 users in pages of 100 reads in 3 requests (the bounds cost nothing)', async () => {
    const { accounts, error, listRequests } = await read({ kind: 'honest', total: 250 });
    expect(error).toBeUndefined();
    expect(accounts).toHaveLength(250);
    expect(listRequests).toBe(3);
  });

  it.each([1e9, 2 ** 53 - 1])('totalResults %d, one user a page: refused at the first page', async (total) => {
    const { error, listRequests } = await read({ kind: 'huge-total-one-per-page', total });
    const failure = limitFailure(error);
    expect(failure.message).toContain(`/Users → 200: totalResults is ${total}, over the limit of 1000000 users per list`);
    expect(failure.message).toContain('raise ROSTER_MAX_RESOURCES');
    expect(failure.failureClass).toBe('invalid-response');
    expect(listRequests).toBe(1);
  });

  it('totalResults 10⁹ with fresh users on every page: refused at the first page', async () => {
    const { error, listRequests } = await read({ kind: 'huge-total-fresh', total: 1e9 });
    expect(limitFailure(error).message).toContain('totalResults is 1000000000, over the limit of 1000000 users per list');
    expect(listRequests).toBe(1);
  });

  it('a lowered limit (1000 users) refuses a total of 5000 at the first page', async () => {
    const { error, listRequests } = await read({ kind: 'huge-total-fresh', total: 5000 }, { limits: { maxResources: 1000 } });
    expect(limitFailure(error).message).toContain('totalResults is 5000, over the limit of 1000 users per list');
    expect(listRequests).toBe(1);
  });

  it('a total that grows as fast as it is read: stops at the pages the first total allows', async () => {
    const { error, listRequests } = await read({ kind: 'growing', total: 1000 });
    expect(limitFailure(error).message).toContain('the list did not end within 12 pages, the most its totalResults of 1000 in pages of 100 allows (+ 2)');
    expect(listRequests).toBeLessThanOrEqual(12);
  });

  it('startIndex ignored, page one again with the asked startIndex echoed: the repeated user fails the read', async () => {
    const { error, listRequests } = await read({ kind: 'ignores-start-index', total: 1000, echo: 'asked' });
    const failure = limitFailure(error);
    expect(failure.message).toMatch(/the list holds user id "u-\d+" more than once \(on the page at startIndex 1 and again on the page at startIndex \d+\)/);
    expect(listRequests).toBeLessThanOrEqual(1 + 4);
  });

  it('startIndex ignored and answered as 1: the wrong echo fails the read', async () => {
    const { error, listRequests } = await read({ kind: 'ignores-start-index', total: 1000, echo: 'one' });
    expect(limitFailure(error).message).toMatch(/the page asked for at startIndex \d+ answered startIndex 1: the server does not page as asked/);
    expect(listRequests).toBeLessThanOrEqual(1 + 4);
  });

  it('startIndex ignored without an echo: the repeated user fails the read', async () => {
    const { error } = await read({ kind: 'ignores-start-index', total: 1000, echo: 'none' });
    expect(limitFailure(error).message).toContain('more than once');
  });

  it('a page that brings no users while the total says more remain: the list does not advance', async () => {
    const { error, listRequests } = await read({ kind: 'stalls', total: 1000 });
    expect(limitFailure(error).message).toMatch(/the page at startIndex \d+ holds no users, though its totalResults is 1000 and \d+ were read: the list does not advance/);
    expect(listRequests).toBeLessThanOrEqual(1 + 4);
  });

  it.each(['same-page', 'next-page'] as const)('a user id served twice (%s) is never collapsed: the read fails naming the id', async (where) => {
    const { error } = await read({ kind: 'duplicate-ids', total: 150, where });
    const failure = limitFailure(error);
    expect(failure.message).toContain('the list holds user id "u-1" more than once');
    expect(failure.message).toContain(where === 'same-page' ? 'twice on the page at startIndex 1' : 'on the page at startIndex 1 and again on the page at startIndex 101');
  });
});

describe('a hostile SCIM body', () => {
  it('a byte every 200 ms: the request deadline ends it, without a retry', async () => {
    const { error, listRequests } = await read({ kind: 'slow-body', intervalMs: 200 }, { limits: { requestTimeoutMs: 1000 } });
    const failure = limitFailure(error);
    expect(failure.message).toContain('no complete answer within 1 s, the limit per request');
    expect(failure.message).toContain('raise ROSTER_REQUEST_TIMEOUT');
    expect(failure.failureClass).toBe('timeout');
    expect(listRequests).toBe(1);
  });

  it('a byte every 2 s: the idle limit ends each attempt', async () => {
    const { error } = await read({ kind: 'slow-body', intervalMs: 2000 }, { limits: { idleTimeoutMs: 300 }, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 5 } });
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain('no byte of the response body for 300 ms, the idle limit (ROSTER_IDLE_TIMEOUT)');
    expect(server!.requests.get('/Users')).toBe(2);
  });

  it('a body of 64 MiB against a cap of 1 MiB: aborted while it streams, never buffered whole', async () => {
    const { error, listRequests, server: hostile } = await read({ kind: 'oversized', bytes: 64 * 1024 * 1024 }, { limits: { maxResponseBytes: 1024 * 1024 } });
    const failure = limitFailure(error);
    expect(failure.message).toContain('the response is larger than 1048576 bytes (1 MiB), the limit per response; it was aborted unread');
    expect(failure.message).toContain('raise ROSTER_MAX_RESPONSE_SIZE');
    expect(listRequests).toBe(1);
    // What the server managed to write before the client hung up: the cap and socket buffers.
    expect(hostile.bytesSent()).toBeLessThan(16 * 1024 * 1024);
  });

  it('the default cap is 32 MiB', async () => {
    const { error } = await read({ kind: 'oversized', bytes: 40 * 1024 * 1024 });
    expect(limitFailure(error).message).toContain('larger than 33554432 bytes (32 MiB)');
  });
});

describe('hostile SCIM discovery', () => {
  it('/Schemas with 600,000 attributes: refused by count, no stack overflow', async () => {
    const { error, listRequests } = await read({ kind: 'wide-schemas', attributes: 600_000 });
    const failure = limitFailure(error);
    expect(failure.message).toContain(`GET ${server!.url}/Schemas → 200: /Schemas declares more than 10000 attributes and sub-attributes, the limit`);
    expect(listRequests).toBe(0);
  });

  it('/Schemas with sub-attributes nested 100,000 deep: refused by depth, walked without recursion', async () => {
    const { error } = await read({ kind: 'deep-schemas', depth: 100_000 });
    expect(limitFailure(error).message).toContain('/Schemas nests sub-attributes more than 4 levels deep');
  });

  it('/Schemas with sub-attributes two levels deep, as RFC 7643 has them: accepted', async () => {
    const { error, accounts } = await read({ kind: 'deep-schemas', depth: 2 });
    expect(error).toBeUndefined();
    expect(accounts).toEqual([]);
  });
});

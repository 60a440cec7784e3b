/**
 * Bounded JumpCloud paging, against a stub playing a broken or hostile JumpCloud over real HTTP:
 * v1 lists (totalCount, skip) and v2 lists (limit, skip, no total) fail within their limits, with
 * a message naming the system, the URL and the limit; an object read twice is never collapsed.
 * RingCentral's extension list (totalPages) is bounded the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/providers/http/client.js';
import { ProviderError } from '../../../src/providers/http/errors.js';
import { readGroups, readUsers } from '../../../src/providers/jumpcloud/directory.js';
import { readAccountStatus } from '../../../src/providers/ringcentral/extensions.js';
import { startStub, type Stub, type StubRequest } from '../stub-server.js';

let stub: Stub | undefined;
let http: HttpClient | undefined;
afterEach(async () => {
  await http?.close();
  await stub?.close();
  http = stub = undefined;
});

const hex = (n: number) => n.toString(16).padStart(24, '0');
const systemUser = (n: number) => ({ _id: hex(n), username: `user${n}`, email: `user${n}@example.com` });
const query = (request: StubRequest) => new URL(request.url, 'http://stub').searchParams;

async function against(answer: (request: StubRequest) => unknown, options: { maxListResources?: number; system?: string } = {}) {
  stub = await startStub((request) => ({ status: 200, body: JSON.stringify(answer(request)) }));
  http = new HttpClient({ system: 'jumpcloud', baseUrl: stub.url, retry: { maxAttempts: 1 }, ...options });
  return http;
}

async function failure(promise: Promise<unknown>, system = 'jumpcloud'): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  const message = (error as ProviderError).message;
  expect(message.startsWith(`${system}: GET ${stub!.url}/`)).toBe(true);
  expect(message).not.toContain('?');
  return error as ProviderError;
}

describe('JumpCloud v1 lists (totalCount, skip)', () => {
  it('totalCount 10⁹: refused at the first page', async () => {
    const client = await against((r) => ({ totalCount: 1e9, results: Array.from({ length: 100 }, (_, i) => systemUser(Number(query(r).get('skip')) + i)) }));
    const error = await failure(readUsers(client));
    expect(error.message).toContain('/api/systemusers → 200: totalCount is 1000000000, over the limit of 1000000 systemusers per list');
    expect(error.message).toContain('raise ROSTER_MAX_RESOURCES');
    expect(stub!.requests).toHaveLength(1);
  });

  it('skip ignored (page one again): the repeated user fails the read, naming its id', async () => {
    const client = await against(() => ({ totalCount: 1000, results: Array.from({ length: 100 }, (_, i) => systemUser(i)) }));
    const error = await failure(readUsers(client));
    expect(error.message).toMatch(/the list holds systemuser id "0{22}[0-9a-f]{2}" more than once \(on the page at skip 0 and again on the page at skip \d+\)/);
    expect(stub!.requests.length).toBeLessThanOrEqual(1 + 4);
  });

  it('an empty page while totalCount says more remain: the list does not advance', async () => {
    const client = await against((r) => (query(r).get('skip') === '0' ? { totalCount: 1000, results: Array.from({ length: 100 }, (_, i) => systemUser(i)) } : { totalCount: 1000, results: [] }));
    const error = await failure(readUsers(client));
    expect(error.message).toMatch(/the page at skip \d+ holds nothing, though its totalCount is 1000: the list does not advance/);
  });

  it('an honest list of 250 reads in 3 requests', async () => {
    const client = await against((r) => {
      const skip = Number(query(r).get('skip'));
      return { totalCount: 250, results: Array.from({ length: Math.min(100, 250 - skip) }, (_, i) => systemUser(skip + i)) };
    });
    expect(await readUsers(client)).toHaveLength(250);
    expect(stub!.requests).toHaveLength(3);
  });
});

describe('JumpCloud v2 lists (limit, skip, no total)', () => {
  it('skip ignored: the repeated group fails the read', async () => {
    const client = await against(() => Array.from({ length: 100 }, (_, i) => ({ id: hex(i), name: `g${i}` })));
    const error = await failure(readGroups(client));
    expect(error.message).toContain('/api/v2/usergroups → 200: the list holds usergroup id "000000000000000000000000" more than once');
    expect(stub!.requests.length).toBeLessThanOrEqual(3);
  });

  it('full pages of fresh groups for ever: stops at the limit of resources per list', async () => {
    const client = await against((r) => Array.from({ length: 100 }, (_, i) => ({ id: hex(Number(query(r).get('skip')) + i), name: 'g' })), { maxListResources: 1000 });
    const error = await failure(readGroups(client));
    expect(error.message).toContain('the list holds more than 1000 usergroups, the limit per list');
    expect(stub!.requests.length).toBeLessThanOrEqual(10 + 4);
  });
});

describe('RingCentral extension list (page, totalPages)', () => {
  it('totalPages 10⁹: refused after the first page', async () => {
    const client = await against(() => ({ records: [{ id: 1, status: 'Enabled' }], paging: { totalPages: 1e9 } }), { system: 'ringcentral' });
    const error = await failure(readAccountStatus(client), 'ringcentral');
    expect(error.message).toContain('paging.totalPages is 1000000000, more than the 1002 pages of 1000 that the limit of 1000000 extensions per list allows');
    expect(stub!.requests).toHaveLength(1);
  });

  it('the same extension on two pages fails the read', async () => {
    const client = await against(() => ({ records: [{ id: 7, status: 'Enabled' }], paging: { totalPages: 2 } }), { system: 'ringcentral' });
    const error = await failure(readAccountStatus(client), 'ringcentral');
    expect(error.message).toContain('extension id "7" more than once');
  });
});

/**
 * A create whose answer was lost, against a SCIM server of this test's own that does not enforce
 * unique userNames and answers the first POST only after the client's timeout: the account is
 * looked up after the grace period, by externalId as well as userName, and the create is never
 * sent twice.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { identityNormalizer } from '../../../src/core/compare.js';
import type { Capabilities } from '../../../src/core/ports.js';
import { GENERIC_SCIM_CAPABILITIES } from '../../../src/cli/wiring.js';
import { HttpClient } from '../../../src/providers/http/client.js';
import { ScimTargetProvider } from '../../../src/providers/scim/provider.js';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const none = { appIds: new Map<string, string>() };

interface Account {
  id: string;
  userName: string;
  externalId?: string;
}

interface LaxScim {
  readonly url: string;
  readonly accounts: Account[];
  readonly posts: number;
  readonly gets: string[];
  close(): Promise<void>;
}

/**
 * A SCIM server that accepts any userName twice. The first POST is processed `firstPostMs` after
 * it arrived (or, with `loseFirst`, never), and answered then, on a connection the client may
 * have closed long before.
 */
async function startLaxScim(options: { firstPostMs: number; loseFirst?: boolean; seed?: Account[] }): Promise<LaxScim> {
  const accounts: Account[] = [...(options.seed ?? [])];
  const gets: string[] = [];
  let posts = 0;
  const resource = (a: Account) => ({ schemas: [CORE_USER], ...a, active: true, meta: { resourceType: 'User' } });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const answer = (status: number, body: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/scim+json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && url.pathname === '/scim/Users') {
        gets.push(url.searchParams.get('filter') ?? 'list');
        const filter = /^(userName|externalId) eq "(.*)"$/.exec(url.searchParams.get('filter') ?? '');
        const found = filter ? accounts.filter((a) => (filter[1] === 'userName' ? a.userName.toLowerCase() === filter[2]!.toLowerCase() : a.externalId === filter[2])) : accounts;
        return answer(200, { schemas: [LIST], totalResults: found.length, startIndex: 1, itemsPerPage: found.length, Resources: found.map(resource) });
      }
      if (req.method === 'POST' && url.pathname === '/scim/Users') {
        posts += 1;
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { userName: string; externalId?: string };
        const create = () => {
          const account: Account = { id: `u-${accounts.length + 1}`, userName: body.userName, ...(body.externalId ? { externalId: body.externalId } : {}) };
          accounts.push(account);
          answer(201, resource(account));
        };
        if (posts > 1) return create();
        // The client's timeout closes its side; this server goes on with the request regardless.
        return void setTimeout(() => (options.loseFirst ? res.destroy() : create()), options.firstPostMs);
      }
      answer(404, { detail: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim`,
    accounts,
    get posts() {
      return posts;
    },
    gets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const TIMEOUT_MS = 300;

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

async function targetOf(scim: LaxScim, graceMs: number, capabilities: Partial<Capabilities> = {}): Promise<ScimTargetProvider> {
  const http = new HttpClient({
    system: 'lax',
    baseUrl: scim.url,
    credentials: () => ({ authorization: 'Bearer lax-token' }),
    transport: { requestTimeoutMs: TIMEOUT_MS, connections: 2 },
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
  });
  cleanup.push(() => http.close());
  return new ScimTargetProvider(http, { capabilities: { ...GENERIC_SCIM_CAPABILITIES, ...capabilities }, discover: false, normalizer: identityNormalizer }, { lostAnswerGraceMs: graceMs });
}

const create = (userName: string) =>
  ({ op: 'scim.create', app: 'lax', userName, attributes: { userName, externalId: `idp-${userName}`, 'name.givenName': 'Ada', 'name.familyName': 'Lovelace' } }) as const;

describe('a create whose answer came after the client timed out', () => {
  it('is found by look-up once the grace period has passed, by externalId among accounts sharing its userName, and sent once', async () => {
    // A foreign account already holds the userName: this target does not enforce uniqueness.
    const scim = await startLaxScim({ firstPostMs: 2 * TIMEOUT_MS, seed: [{ id: 'foreign', userName: 'ada@example.com', externalId: 'someone-else' }] });
    cleanup.push(() => scim.close());
    const target = await targetOf(scim, 3 * TIMEOUT_MS, { filterAttributes: ['userName', 'externalId'] });
    const result = await target.execute(create('ada@example.com'), none);
    expect(result).toEqual({ id: 'u-2', attempts: 1, lookedUp: true });
    expect(scim.posts).toBe(1);
    expect(scim.accounts.filter((a) => a.externalId === 'idp-ada@example.com')).toHaveLength(1);
  });

  it('on a target that cannot filter, is found in the list by externalId or userName', async () => {
    const scim = await startLaxScim({ firstPostMs: 2 * TIMEOUT_MS });
    cleanup.push(() => scim.close());
    const target = await targetOf(scim, 3 * TIMEOUT_MS, { filterAttributes: [] });
    const result = await target.execute(create('grace@example.com'), none);
    expect(result).toMatchObject({ attempts: 1, lookedUp: true });
    expect(scim.gets).toEqual(['list']);
    expect(scim.posts).toBe(1);
    expect(scim.accounts).toHaveLength(1);
  });

  it('landing after the grace period: the change fails, saying so, and the create is not sent again', async () => {
    const scim = await startLaxScim({ firstPostMs: 4 * TIMEOUT_MS });
    cleanup.push(() => scim.close());
    const target = await targetOf(scim, 0);
    const error = await target.execute(create('late@example.com'), none).catch((e: unknown) => e);
    expect(error).toMatchObject({ failureClass: 'timeout', outcomeUnknown: true, details: { attempts: 1 } });
    expect((error as Error).message).toContain("the create's answer was lost and the account was not found; run apply again");
    expect(scim.posts).toBe(1);
    // The first request lands after all: one account, never two.
    await new Promise((resolve) => setTimeout(resolve, 4 * TIMEOUT_MS));
    expect(scim.accounts.map((a) => a.userName)).toEqual(['late@example.com']);
    // The next run finds it by its externalId.
    expect(await target.findAccount('late@example.com', 'idp-late@example.com')).toMatchObject({ id: 'u-1', externalId: 'idp-late@example.com' });
  });

  it('never processed: not found after the grace, failed, and nothing was made', async () => {
    const scim = await startLaxScim({ firstPostMs: 2 * TIMEOUT_MS, loseFirst: true });
    cleanup.push(() => scim.close());
    const target = await targetOf(scim, 3 * TIMEOUT_MS);
    const error = await target.execute(create('lost@example.com'), none).catch((e: unknown) => e);
    expect((error as Error).message).toContain("the create's answer was lost and the account was not found; run apply again");
    expect(scim.posts).toBe(1);
    expect(scim.accounts).toEqual([]);
  });
});

/**
 * Paged reads of SCIM users: against the sandbox for the small edges (0, 1, 100, 101) and for
 * 10,000 accounts, and against an RFC 7644 stub that caps `count` below what the client asks for.
 * Every page is read once; the pages after the first are read concurrently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/providers/http/client.js';
import { readAllUsers } from '../../../src/providers/scim/read.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startStub } from '../stub-server.js';
import { admin, createAccounts, target, wire } from '../support.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'empty', rateLimits: false, licences: 200 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('SCIM paging against the sandbox', () => {
  it.each([0, 1, 100, 101])('reads %i accounts: RingCentral pages of 100, generic pages of the discovered 200', async (count) => {
    const sb = admin(sandbox);
    await sb.reset('empty', 200);
    await createAccounts(sandbox, count);
    for (const catalog of ['ringcentral', 'scim'] as const) {
      await sb.clearRequests();
      const providers = wire(sandbox, { catalog, auth: 'token' });
      try {
        const accounts = await target(providers).readAccounts();
        expect(new Set(accounts.map((a) => a.id)).size).toBe(count);
        const pages = (await sb.requests()).filter((r) => r.method === 'GET' && r.path === '/scim/v2/Users');
        const pageSize = catalog === 'ringcentral' ? 100 : 200;
        expect(pages.map((p) => p.query['startIndex'])).toEqual(Array.from({ length: Math.max(1, Math.ceil(count / pageSize)) }, (_, i) => String(1 + i * pageSize)));
      } finally {
        await providers.close();
      }
    }
  });
});

describe('SCIM paging of 10,000 accounts in the sandbox', () => {
  it('reads every account once, in RingCentral pages of 100 and generic pages of 200', async () => {
    const sb = admin(sandbox);
    await sb.reset({ users: 10_000, groups: 1, provisioned: true });
    for (const [catalog, pageSize] of [['ringcentral', 100], ['scim', 200]] as const) {
      await sb.clearRequests();
      const providers = wire(sandbox, { catalog, auth: 'token' });
      try {
        const accounts = await target(providers).readAccounts();
        expect(new Set(accounts.map((a) => a.id)).size).toBe(10_000);
        const pages = (await sb.requests()).filter((r) => r.method === 'GET' && r.path === '/scim/v2/Users');
        expect(pages).toHaveLength(10_000 / pageSize);
        expect(new Set(pages.map((p) => p.query['startIndex'])).size).toBe(pages.length);
      } finally {
        await providers.close();
      }
    }
  }, 60_000);
});

describe('SCIM paging of 10,000 users (RFC 7644 stub capping count at 200)', () => {
  it('reads every user once, a page per request, each page once', async () => {
    const total = 10_000;
    const stub = await startStub((request) => {
      const url = new URL(request.url, 'http://stub');
      const start = Number(url.searchParams.get('startIndex'));
      const count = Math.min(200, Number(url.searchParams.get('count')));
      const ids = Array.from({ length: Math.max(0, Math.min(count, total - start + 1)) }, (_, i) => start + i);
      const Resources = ids.map((n) => ({ id: String(n), userName: `user${n}@example.com`, active: true }));
      return { status: 200, body: JSON.stringify({ totalResults: total, startIndex: start, itemsPerPage: Resources.length, Resources }) };
    });
    const http = new HttpClient({ system: 'stub', baseUrl: stub.url });
    try {
      const users = await readAllUsers(http, { pageSize: 500, rateGroup: 'read' });
      expect(users).toHaveLength(total);
      expect(new Set(users.map((u) => u.id)).size).toBe(total);
      const starts = stub.requests.map((r) => new URL(r.url, 'http://stub').searchParams.get('startIndex'));
      expect(starts).toHaveLength(50);
      expect(new Set(starts).size).toBe(50);
    } finally {
      await http.close();
      await stub.close();
    }
  });
});

/**
 * What plan and apply cost in requests, through the CLI against the demo sandbox with rate limits
 * on: a plan with nothing to change reads list pages and the detail reads the core asks for, each
 * once; the whole plan → apply → plan provokes no 429.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';
import { admin, type LoggedRequest } from './support.js';

const CONFIG = fileURLToPath(new URL('../../configs/', import.meta.url));

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', timeScale: 60 });
});
afterAll(async () => {
  await sandbox.close();
});

const key = (r: LoggedRequest) => `${r.method} ${r.path} ${JSON.stringify(Object.entries(r.query).sort())}`;

describe('request counts', () => {
  it('a plan after apply reads each page once, and nothing provokes a 429', async () => {
    const sb = admin(sandbox);
    const env = sandboxEnv(sandbox);
    expect((await roster(['apply', '-c', CONFIG, '--auto-approve'], { env })).code).toBe(0);
    const applied = await sb.stats();
    expect(applied.byGroup['Heavy']).toBeGreaterThan(20);
    expect(applied.tooManyRequests).toBe(0);
    // Each change's re-read is one filtered request: the whole list is read by the plan and by the
    // read-back only, never once per create.
    const unfiltered = (await sb.requests()).filter((r) => r.method === 'GET' && r.path === '/scim/v2/Users' && !('filter' in r.query));
    expect(unfiltered.length).toBeLessThanOrEqual(2);
    await sb.clearRequests();

    const plan = await roster(['plan', '-c', CONFIG, '--detailed-exitcode'], { env });
    expect(plan.code).toBe(0);
    const requests = await sb.requests();
    const keys = requests.map(key);
    expect(keys.length).toBe(new Set(keys).size);
    expect(requests.every((r) => r.method === 'GET' || r.path === '/restapi/oauth/token')).toBe(true);

    const count = (pattern: RegExp) => requests.filter((r) => pattern.test(r.path)).length;
    expect({
      applications: count(/^\/api\/applications$/),
      associations: count(/^\/api\/v2\/applications\/[^/]+\/associations$/),
      groups: count(/^\/api\/v2\/usergroups$/),
      users: count(/^\/api\/systemusers$/),
      memberships: count(/^\/api\/v2\/usergroups\/[^/]+\/membership$/),
      token: count(/^\/restapi\/oauth\/token$/),
      scimPages: count(/^\/scim\/v2\/Users$/),
      extensionPages: count(/^\/restapi\/v1\.0\/account\/~\/extension$/),
    }).toEqual({ applications: 1, associations: 1, groups: 1, users: 1, memberships: 2, token: 1, scimPages: 1, extensionPages: 1 });
    // The rest are the detail reads the core asked for (list items lack phones and addresses).
    const details = count(/^\/scim\/v2\/Users\/[^/]+$/);
    expect(requests.length).toBe(9 + details);
    expect((await sb.stats()).tooManyRequests).toBe(0);
  }, 60_000);
});

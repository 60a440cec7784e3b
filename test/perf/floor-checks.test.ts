/**
 * The bench's floor with checks (bench/floor-checks.ts) checks each list page as Roster does:
 * the sandbox's pages pass, the same pages with one value of the wrong type fail, and other
 * answers are not checked. Otherwise its figure would be the plain floor's under another name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage } from '../../bench/floor-checks.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: { users: 120, groups: 1, provisioned: true }, rateLimits: false });
});
afterAll(async () => {
  await sandbox.close();
});

async function page(path: string, vendor: 'jumpcloud' | 'ringcentral'): Promise<any> {
  const headers: Record<string, string> = vendor === 'jumpcloud' ? { 'x-api-key': sandbox.apiKey } : { authorization: `Bearer ${sandbox.scimToken}` };
  const response = await fetch(`${sandbox.url}${path}`, { headers });
  expect(response.status).toBe(200);
  return response.json();
}

describe('the floor with checks', () => {
  it('passes each kind of list page as the sandbox serves it, and fails it with a value of the wrong type', async () => {
    const groups = await page('/api/v2/usergroups?limit=100', 'jumpcloud');
    const pages = [
      { path: '/api/systemusers?limit=100&skip=0', body: await page('/api/systemusers?limit=100&skip=0', 'jumpcloud'), spoil: (b: any) => (b.results[0]._id = 7) },
      { path: `/api/v2/usergroups/${groups[0].id}/membership?limit=100`, body: await page(`/api/v2/usergroups/${groups[0].id}/membership?limit=100`, 'jumpcloud'), spoil: (b: any) => (b[0].id = 7) },
      { path: '/restapi/v1.0/account/~/extension?page=1&perPage=1000', body: await page('/restapi/v1.0/account/~/extension?page=1&perPage=1000', 'ringcentral'), spoil: (b: any) => (b.records[0].id = true) },
      { path: '/scim/v2/Users?startIndex=1&count=100', body: await page('/scim/v2/Users?startIndex=1&count=100', 'ringcentral'), spoil: (b: any) => (b.Resources[0].id = 7) },
    ];
    for (const { path, body, spoil } of pages) {
      expect(checkPage(path, body), path).toBe(true);
      spoil(body);
      expect(checkPage(path, body), path).toBe(false);
    }
  });

  it('leaves other answers alone', () => {
    expect(checkPage('/api/applications?limit=100', { anything: 'goes' })).toBe(true);
  });
});

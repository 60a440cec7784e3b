/**
 * `roster explain` over HTTP against the sandbox's demo company, after a first apply: a user with
 * nested access whose department changed, a suspended user with and without an account, a STAGED
 * user, and a user outside every bound group — each with the reason, what Roster would send, the
 * account and the difference, and nothing written.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';
import { world, writesIn, type World } from '../support/world.js';

const CONFIG = fileURLToPath(new URL('../../configs/', import.meta.url));
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const DEPARTMENT = `${ENTERPRISE}:department`;

let sandbox: Sandbox;
let env: Record<string, string>;
let w: World;

async function explain(...args: string[]) {
  return roster(['explain', ...args, '-c', CONFIG], { env });
}

async function userId(email: string): Promise<string> {
  const found = (await w.users()).find((u) => u.email === email);
  if (!found) throw new Error(`no user ${email}`);
  return found._id;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
  w = world(sandbox);
  const apply = await roster(['apply', '-c', CONFIG, '--auto-approve'], { env });
  expect(apply.code).toBe(0);
  // Nora (Support Leads, nested in Support) activates her account; then HR moves her.
  const nora = await w.findAccount('nora.jenkins@example.com');
  await w.activateAccount(nora!.id);
  await w.updateUser(await userId('nora.jenkins@example.com'), { department: 'Support Operations' });
  // Olivia's account was adopted and is active; then she is suspended in the IdP.
  await w.updateUser(await userId('olivia.bennett@example.com'), { state: 'SUSPENDED' });
  await w.clearRequests();
});

afterAll(async () => {
  await sandbox.close();
});

describe('roster explain', () => {
  it('explains nested access, the resource Roster sends, the SAML attributes, the account and its difference', async () => {
    const run = await explain('nora.jenkins@example.com', '--app', 'ringcentral');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^nora\.jenkins@example\.com — IdP user nora\.jenkins \(id [0-9a-f]{24}\), ACTIVATED\n/);
    expect(run.stdout).toContain('ringcentral: has access: member of Support Leads, in Support (bound to ringcentral)');
    expect(run.stdout).toContain('  SCIM resource Roster sends for this user:\n    {\n      "schemas": [');
    expect(run.stdout).toContain('"department": "Support Operations"');
    expect(run.stdout).toMatch(/ {4}NameID +nora\.jenkins@example\.com +\(email\)/);
    expect(run.stdout).toMatch(/ {4}number +\+1512555\d{4} +\(phoneNumbers\[type eq "work"\]\.number\)/);
    expect(run.stdout).toMatch(/ {2}Account in ringcentral: nora\.jenkins@example\.com \(id \d+\), active, linked: its externalId is this user's id/);
    expect(run.stdout).toContain(`    ${DEPARTMENT}: "Support"\n`);
    expect(run.stdout).toContain('  Plan: update ringcentral/user/nora.jenkins@example.com — the account differs from what the mapping yields');
    expect(run.stdout).toContain(`    ${DEPARTMENT}: "Support" → "Support Operations"`);
    expect(run.stdout).toMatch(/ {4}PATCH \/Users\/\d+\n {6}\{/);
  });

  it('gives the same in JSON, with the exact request', async () => {
    const run = await explain('nora.jenkins', '--format', 'json');
    expect(run.code).toBe(0);
    const explained = JSON.parse(run.stdout);
    const app = explained.applications[0];
    expect(app.access).toEqual({ kind: 'granted', paths: [{ group: 'Support', via: ['Support Leads'] }] });
    expect(app.scim.resource).toMatchObject({ userName: 'nora.jenkins@example.com', active: true, [ENTERPRISE]: { department: 'Support Operations' } });
    expect(app.changes).toHaveLength(1);
    expect(app.changes[0].fields).toEqual([{ path: DEPARTMENT, before: 'Support', after: 'Support Operations' }]);
    expect(app.changes[0].requests).toEqual([
      {
        method: 'PATCH',
        path: `/Users/${app.accounts[0].id}`,
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: DEPARTMENT, value: 'Support Operations' }] },
      },
    ]);
  });

  it('explains a suspended user: access kept, account deactivated, no sign-in', async () => {
    const run = await explain(await userId('olivia.bennett@example.com'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^olivia\.bennett@example\.com — IdP user olivia\.bennett \(id [0-9a-f]{24}\), SUSPENDED\n/);
    expect(run.stdout).toContain('ringcentral: has access, but the account is kept inactive: suspended in the IdP (member of Sales)');
    expect(run.stdout).toContain('  SAML assertion: none (no sign-in without access)');
    expect(run.stdout).toContain('  Plan: deactivate ringcentral/user/olivia.bennett@example.com — suspended in the IdP');
    expect(run.stdout).toContain('    active: true → false');
    expect(run.stdout).toMatch(/"op": "replace",\n\s+"path": "active",\n\s+"value": false/);
  });

  it('explains a suspended user who never had an account: none is created', async () => {
    const run = await explain('henry.brooks@example.com');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ringcentral: has access, but the account is kept inactive: suspended in the IdP (member of Sales)');
    expect(run.stdout).toContain('  Account in ringcentral: none, and none is created while the user is inactive (no licence is spent on them)');
    expect(run.stdout).toContain('  Plan: nothing to change\n');
  });

  it('explains a STAGED user and a user outside every bound group', async () => {
    const staged = await explain('daniel.price@example.com');
    expect(staged.code).toBe(0);
    expect(staged.stdout).toContain('ringcentral: no access yet: STAGED in the IdP, so not provisioned until activated there (member of Sales)');
    expect(staged.stdout).not.toContain('SCIM resource');

    const outside = await explain('margaret.lane@example.com');
    expect(outside.code).toBe(0);
    expect(outside.stdout).toContain('ringcentral: no access: in none of the groups bound to ringcentral (Sales, Support)');
    expect(outside.stdout).toContain('  SAML assertion: none (no sign-in without access)');
    expect(outside.stdout).toContain('  Account in ringcentral: none\n  Plan: nothing to change\n');
  });

  it('wrote nothing: every request it sent was a read', async () => {
    const requests = await w.requests();
    expect(requests.filter((r) => r.vendor === 'ringcentral' && r.method === 'GET' && /^\/scim\/v2\/Users\/\d+$/.test(r.path)).length).toBeGreaterThan(0);
    expect(writesIn(requests)).toEqual([]);
  });

  it('names a user it cannot find, and an application that is not configured', async () => {
    const nobody = await explain('nobody@example.com');
    expect(nobody.code).toBe(1);
    expect(nobody.stdout).toBe('');
    expect(nobody.stderr).toContain('no IdP user has the id, email or username "nobody@example.com"');
    const app = await explain('nora.jenkins', '--app', 'zoom');
    expect(app.code).toBe(1);
    expect(app.stderr).toContain('no application "zoom" in the configuration (configured: ringcentral)');
  });
});

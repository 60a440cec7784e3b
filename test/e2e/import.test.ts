/**
 * `roster import` over HTTP against the sandbox: 200 accounts that existed before Roster — linked,
 * adoptable, unmanaged, disabled and disputed — classified with exact counts, the groups that
 * cover the matched users suggested, a snippet Roster's own loader accepts, and nothing written.
 * One of them belongs to a user since deleted from the IdP (orphaned).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough, Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';
import { world, writesIn, type DirectoryEntry } from '../support/world.js';

const IDP = `idp:
  type: jumpcloud
  url: \${ROSTER_IDP_URL}
  apiKey: \${JUMPCLOUD_API_KEY}
`;

const APPLICATION = `applications:
  ringcentral:
    catalog: ringcentral   # RingCentral's mappings and rules
    label: RingCentral
    groups: [Group 1]
    provisioning:
      url: \${ROSTER_SCIM_URL}
      auth:
        clientId: \${RINGCENTRAL_CLIENT_ID}
        clientSecret: \${RINGCENTRAL_CLIENT_SECRET}
        jwt: \${RINGCENTRAL_JWT}
      mappings:
        userName: email
`;

let sandbox: Sandbox;
let env: Record<string, string>;
let configDir: string;

/** Users of the bench seed: user000001… in "Group 1"…"Group 6", round robin. */
const inGroup = (users: DirectoryEntry[], g: number) => users.filter((_, i) => i % 6 === g - 1);

beforeAll(async () => {
  sandbox = await startSandbox({ seed: { users: 300, groups: 6 }, rateLimits: false });
  env = sandboxEnv(sandbox);
  configDir = mkdtempSync(join(tmpdir(), 'roster-import-'));
  writeFileSync(join(configDir, 'idp.yaml'), IDP);
  writeFileSync(join(configDir, 'ringcentral.yaml'), APPLICATION);

  const w = world(sandbox);
  const users = await w.users();
  // A user in no group but "Everyone", which holds every group.
  const loner = await w.createUser('loner');
  const everyone = await w.createGroup('Everyone');
  for (let g = 1; g <= 6; g++) await w.nestGroup(everyone, await w.groupId(`Group ${g}`));
  await w.addMember(everyone, loner._id);

  const [g1, g2, g3, g4, g5, g6] = [1, 2, 3, 4, 5, 6].map((g) => inGroup(users, g)) as [DirectoryEntry[], DirectoryEntry[], DirectoryEntry[], DirectoryEntry[], DirectoryEntry[], DirectoryEntry[]];
  // 80 linked: all of Group 1 and 30 of Group 2.
  for (const u of [...g1, ...g2.slice(0, 30)]) await w.createAccount(u.email, u._id);
  // 60 adoptable: the rest of Group 2, 39 of Group 3, and the loner.
  for (const u of [...g2.slice(30), ...g3.slice(0, 39), loner]) await w.createAccount(u.email);
  // 29 unmanaged: nobody in the IdP.
  for (let i = 1; i <= 29; i++) await w.createAccount(`contractor${String(i).padStart(2, '0')}@partner.example`);
  // 1 orphaned: linked to an IdP user who has since been deleted.
  await w.createAccount('leaver@example.com', 'ffffffffffffffffffffffff');
  // 20 disabled: 10 of Group 4 and 10 strangers, activated, then deactivated by an admin.
  for (const email of [...g4.slice(0, 10).map((u) => u.email), ...Array.from({ length: 10 }, (_, i) => `former${i}@partner.example`)]) {
    const id = await w.createAccount(email);
    await w.activateAccount(id);
    await w.patchAccount(id, [{ op: 'replace', path: 'active', value: false }]);
  }
  // 10 disputed: the userName of a Group 5 user, the work email of a Group 6 user.
  for (let i = 0; i < 10; i++) {
    const id = await w.createAccount(g5[i]!.email);
    await w.activateAccount(id);
    await w.patchAccount(id, [{ op: 'replace', path: 'emails[type eq "work"].value', value: g6[i]!.email }]);
  }
  await w.clearRequests();
});

afterAll(async () => {
  await sandbox.close();
});

describe('roster import', () => {
  it('classifies 200 existing accounts with exact counts and suggests the groups that cover the matched users', async () => {
    const run = await roster(['import', '--app', 'ringcentral', '-c', configDir, '--format', 'json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.counts).toEqual({ linked: 80, adoptable: 60, disputed: 10, orphaned: 1, unmanaged: 29 });
    expect(report.disabled).toHaveLength(20);
    expect(report.accounts.length + report.disabled.length).toBe(200);
    const disputed = report.accounts.find((a: { class: string }) => a.class === 'disputed');
    expect(disputed.users.map((u: { email: string }) => u.email)).toHaveLength(2);
    const adoptedLoner = report.accounts.find((a: { userName: string }) => a.userName === 'loner@example.com');
    expect(adoptedLoner).toMatchObject({ class: 'adoptable', matchedOn: ['userName'], state: 'pending' });

    expect(report.cover).toMatchObject({
      matchedUsers: 140,
      suggested: [
        { group: 'Group 1', covers: 50, adds: 0 },
        { group: 'Group 2', covers: 50, adds: 0 },
        { group: 'Group 3', covers: 39, adds: 11 },
      ],
      uncovered: ['loner@example.com'],
      avoided: [{ group: 'Everyone', covers: 1, adds: 150 }],
      exact: false,
    });
  });

  it('says the same in text, account by account, with the fix for what is not covered', async () => {
    const run = await roster(['import', '--app', 'ringcentral', '-c', configDir], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Import of ringcentral: 200 accounts read, 20 disabled accounts left out.');
    expect(run.stdout).toMatch(/^ {2}linked +80 {2}externalId is an IdP user's id/m);
    expect(run.stdout).toMatch(/^ {2}orphaned +1 {2}externalId names an IdP user who no longer exists: the plan deprovisions it$/m);
    expect(run.stdout).toMatch(/^ {2}adoptable +loner@example\.com +→ loner, same userName \(pending activation\)$/m);
    expect(run.stdout).toMatch(/^ {2}unmanaged +contractor01@partner\.example +\(pending activation\)$/m);
    expect(run.stdout).toContain('Groups to bind: 3, covering 139 of 140 matched users:');
    expect(run.stdout).toContain('Avoided Everyone: it covers 1 of them but would give 150 people without an account one.');
    expect(run.stdout).toContain('The application with these bindings (it replaces the declaration in');
  });

  it('prints a declaration that Roster’s loader accepts, with the suggested groups', async () => {
    const run = await roster(['import', '--app', 'ringcentral', '-c', configDir, '--format', 'yaml'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('groups: [Group 1, Group 2, Group 3] # suggested by roster import: covers 139 of 140 matched users');
    expect(run.stdout).toContain('catalog: ringcentral # RingCentral');
    expect(run.stdout).toContain('jwt: ${RINGCENTRAL_JWT}');
    expect(run.stdout).not.toContain(sandbox.jwt);

    const replaced = mkdtempSync(join(tmpdir(), 'roster-import-snippet-'));
    writeFileSync(join(replaced, 'idp.yaml'), IDP);
    writeFileSync(join(replaced, 'ringcentral.yaml'), run.stdout);
    const loaded = await loadConfig({ dir: replaced, cwd: replaced, env });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.loaded?.desired.applications[0]?.groups).toEqual(['Group 1', 'Group 2', 'Group 3']);
  });

  it('shows progress of reads that take over a second on a terminal, and only there', async () => {
    const fault = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/api/v2/usergroups*', delayMs: 1500 }),
    });
    expect(fault.status).toBe(201);
    const chunks: string[] = [];
    const stderr = Object.assign(new Writable({ write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()) }), { isTTY: true });
    const stdout = new Writable({ write: (_chunk, _encoding, done) => done() });
    const code = await runCli(['import', '--app', 'ringcentral', '-c', configDir], { stdout, stderr, stdin: new PassThrough(), env, cwd: process.cwd(), signal: new AbortController().signal });
    expect(code).toBe(0);
    const shown = chunks.join('');
    // Dimmed: NO_COLOR is not set.
    expect(shown).toMatch(/\r\u001b\[2K\u001b\[2mReading the IdP and ringcentral: (waiting for the first answer|(jumpcloud|ringcentral) \d+(, (jumpcloud|ringcentral) \d+)? requests?)/);
    expect(shown.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('wrote nothing: every request it sent was a read', async () => {
    const requests = await world(sandbox).requests();
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.some((r) => r.vendor === 'jumpcloud') && requests.some((r) => r.vendor === 'ringcentral')).toBe(true);
    expect(writesIn(requests)).toEqual([]);
  });

  it('names the application it cannot import', async () => {
    const run = await roster(['import', '--app', 'zoom', '-c', configDir], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no application "zoom" in the configuration (configured: ringcentral)');
    const missing = await roster(['import', '-c', configDir], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--app NAME is required');
  });
});

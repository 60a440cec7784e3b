/**
 * `roster import` against the sandbox when the vendors' data is hostile: a group name and a
 * userName holding terminal escapes, BEL, CR/LF and an OSC-8 link are shown escaped, forge no
 * line, and the YAML snippet still names the group exactly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { roster, sandboxEnv } from '../support/cli.js';
import { world } from '../support/world.js';

const GROUP = 'Sales\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\r\nFAKE: group line';
const USER_NAME = 'evil\u001b[2K\rFAKE: account line\u0007@example.com';

const CONFIG = `idp:
  type: jumpcloud
  url: \${ROSTER_IDP_URL}
  apiKey: \${JUMPCLOUD_API_KEY}
applications:
  ringcentral:
    catalog: ringcentral
    label: RingCentral
    groups: [Support]
    provisioning:
      url: \${ROSTER_SCIM_URL}
      auth:
        clientId: \${RINGCENTRAL_CLIENT_ID}
        clientSecret: \${RINGCENTRAL_CLIENT_SECRET}
        jwt: \${RINGCENTRAL_JWT}
`;

let sandbox: Sandbox;
let env: Record<string, string>;
let configDir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'empty', rateLimits: false });
  env = sandboxEnv(sandbox);
  configDir = mkdtempSync(join(tmpdir(), 'roster-import-hostile-'));
  writeFileSync(join(configDir, 'roster.yaml'), CONFIG);
  const w = world(sandbox);
  const victim = await w.createUser('victim');
  const hostile = await w.createGroup(GROUP);
  await w.addMember(hostile, victim._id);
  await w.createAccount(victim.email);
  await w.createAccount(USER_NAME);
});

afterAll(async () => {
  await sandbox.close();
});

const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('roster import of hostile names', () => {
  it('prints the text with every control character escaped and no forged line', async () => {
    const run = await roster(['import', '--app', 'ringcentral', '-c', configDir], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW);
    expect(run.stdout).not.toMatch(/^\s*FAKE/m);
    expect(run.stdout).toContain('evil\\x1b[2K\\rFAKE: account line\\x07@example.com');
    expect(run.stdout).toContain('Sales\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07\\r\\nFAKE: group line');
  });

  it('prints a YAML snippet that names the group exactly, without a raw control character', async () => {
    const run = await roster(['import', '--app', 'ringcentral', '-c', configDir, '--format', 'yaml'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(RAW);
    expect(run.stdout).not.toMatch(/^\s*FAKE/m);
    expect(parse(run.stdout).applications.ringcentral.groups).toEqual([GROUP]);
  });

  it('prints JSON that holds the exact names', async () => {
    const run = await roster(['import', '--app', 'ringcentral', '-c', configDir, '--format', 'json'], { env });
    expect(run.stdout).not.toMatch(RAW);
    const report = JSON.parse(run.stdout);
    expect(report.accounts.map((a: { userName: string }) => a.userName)).toContain(USER_NAME);
    expect(report.cover.suggested.map((c: { group: string }) => c.group)).toEqual([GROUP]);
  });
});

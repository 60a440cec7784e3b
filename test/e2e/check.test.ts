/**
 * `roster check` over HTTP against the sandbox: everything in order; a bad token, a wrong
 * organisation, an unreachable URL, an untrusted certificate and a RingCentral app without the
 * right to edit accounts — each failure names the system and the fix, exits 1, and nothing is
 * ever written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { generateIdpKeyPair } from '../../src/sandbox/jumpcloud/certificate.js';
import { roster, sandboxEnv } from '../support/cli.js';
import { world, writesIn } from '../support/world.js';

const CONFIG = `idp:
  type: jumpcloud
  url: \${ROSTER_IDP_URL}
  apiKey: \${JUMPCLOUD_API_KEY}
  orgId: \${JUMPCLOUD_ORG_ID}
applications:
  ringcentral:
    catalog: ringcentral
    groups: [Sales]
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

async function check(overrides: Record<string, string> = {}) {
  return roster(['check', '-c', configDir], { env: { ...env, ...overrides } });
}

/** The line of one check: `status  system  check  detail`. */
function line(stdout: string, system: string, check: string): string {
  const found = stdout.split('\n').find((l) => new RegExp(`^\\w+ +${system} +${check} `).test(l));
  if (!found) throw new Error(`no ${system} ${check} line in:\n${stdout}`);
  return found;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', timeScale: 1000 });
  env = { ...sandboxEnv(sandbox), JUMPCLOUD_ORG_ID: sandbox.orgId };
  configDir = mkdtempSync(join(tmpdir(), 'roster-check-'));
  writeFileSync(join(configDir, 'roster.yaml'), CONFIG);
});

afterAll(async () => {
  await sandbox.close();
});

describe('roster check', () => {
  it('passes every check of a working setup, one line each, and writes nothing', async () => {
    await world(sandbox).clearRequests();
    const run = await check();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(line(run.stdout, 'jumpcloud', 'credentials')).toMatch(/^ok +jumpcloud +credentials +the API key is accepted$/);
    expect(line(run.stdout, 'jumpcloud', 'organisation')).toContain(`reads organisation ${sandbox.orgId}`);
    expect(line(run.stdout, 'jumpcloud', 'permissions')).toMatch(/^ok .*reads users, user groups and applications/);
    expect(line(run.stdout, 'ringcentral', 'credentials')).toMatch(/^ok .*the JWT grant is accepted/);
    expect(line(run.stdout, 'ringcentral', 'write access')).toMatch(/^ok .*the app has ReadAccounts and EditAccounts$/);
    expect(line(run.stdout, 'ringcentral', 'capabilities')).toMatch(/^ok .*PATCH, no bulk, no ETags, no \/Groups, filters on userName and email, pages of 100/);
    // The sandbox states its limits in X-Rate-Limit headers (windows scaled by 1000); writes are never sent.
    expect(line(run.stdout, 'ringcentral', 'rate limits')).toMatch(/^ok .*auth 5 per 0\.1 s, light 50 per 0\.1 s, medium 40 per 0\.1 s \(stated by the answers\); heavy 10\/min \(documented\)$/);
    expect(line(run.stdout, 'ringcentral', 'licences')).toMatch(/^ok .*100 free licences/);
    expect(run.stdout).toMatch(/\nAll 13 checks passed\.\n$/);
    expect(writesIn(await world(sandbox).requests())).toEqual([]);
  });

  it('names the system and the fix for a bad token and a bad API key', async () => {
    const run = await check({ RINGCENTRAL_JWT: 'not-the-jwt', JUMPCLOUD_API_KEY: 'not-the-key' });
    expect(run.code).toBe(1);
    expect(line(run.stdout, 'ringcentral', 'credentials')).toMatch(
      /^fail +ringcentral +credentials +RingCentral refused the JWT grant: Invalid assertion.*Fix: check RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT/,
    );
    expect(line(run.stdout, 'ringcentral', 'read access')).toMatch(/^skip .*not checked: no access token$/);
    expect(line(run.stdout, 'jumpcloud', 'credentials')).toMatch(/^fail +jumpcloud +credentials +JumpCloud rejected the API key.*Fix: check JUMPCLOUD_API_KEY/);
    expect(run.stdout).not.toContain('not-the-jwt');
    expect(run.stdout).toMatch(/\n2 checks failed \(\d+ not checked\)\.\n$/);
  });

  it('names the organisation JumpCloud does not know, and how to fix it', async () => {
    const run = await check({ JUMPCLOUD_ORG_ID: '0123456789abcdef01234567' });
    expect(run.code).toBe(1);
    expect(line(run.stdout, 'jumpcloud', 'credentials')).toMatch(/^ok /);
    expect(line(run.stdout, 'jumpcloud', 'organisation')).toMatch(
      /^fail +jumpcloud +organisation +JumpCloud refused organisation 0123456789abcdef01234567: Organization ID Not Found\..*Fix: check idp\.orgId/,
    );
    expect(line(run.stdout, 'ringcentral', 'credentials')).toMatch(/^ok /);
  });

  it('tells a multi-tenant administrator’s key without an organisation to set idp.orgId', async () => {
    const multi = await startSandbox({ seed: 'empty', multiTenant: true, rateLimits: false });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'roster-check-mt-'));
      writeFileSync(join(dir, 'roster.yaml'), CONFIG.replace('  orgId: ${JUMPCLOUD_ORG_ID}\n', ''));
      const run = await roster(['check', '-c', dir], { env: sandboxEnv(multi) });
      expect(run.code).toBe(1);
      expect(line(run.stdout, 'jumpcloud', 'organisation')).toMatch(/^fail .*ID not included for multi-tenant admin.*Fix: the key belongs to a multi-tenant administrator: set idp\.orgId/);
    } finally {
      await multi.close();
    }
  });

  it('names an unreachable URL and skips what depends on it', async () => {
    const port = await closedPort();
    const run = await check({ ROSTER_SCIM_URL: `http://127.0.0.1:${port}/scim/v2` });
    expect(run.code).toBe(1);
    // The JWT grant goes to the same origin as SCIM.
    expect(line(run.stdout, 'ringcentral', 'reachable')).toMatch(
      new RegExp(`^fail +ringcentral +reachable +cannot reach http://127\\.0\\.0\\.1:${port}: connection refused \\(ECONNREFUSED\\)\\. Fix: check applications\\.ringcentral\\.provisioning\\.url`),
    );
    expect(line(run.stdout, 'ringcentral', 'credentials')).toMatch(/^skip .*no connection/);
    expect(line(run.stdout, 'jumpcloud', 'reachable')).toMatch(/^ok /);
  });

  it('names a RingCentral app without the right to edit accounts, read from its token alone', async () => {
    // RingCentral's token response lists the app's permissions in `scope`; this app lacks EditAccounts.
    const fault = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'POST',
        path: '/restapi/oauth/token',
        status: 200,
        body: { access_token: sandbox.scimToken, token_type: 'bearer', expires_in: 3600, scope: 'ReadAccounts' },
      }),
    });
    expect(fault.status).toBe(201);
    const run = await check();
    expect(run.code).toBe(1);
    expect(line(run.stdout, 'ringcentral', 'read access')).toMatch(/^ok /);
    expect(line(run.stdout, 'ringcentral', 'write access')).toMatch(
      /^fail +ringcentral +write access +the RingCentral app lacks EditAccounts: Roster could not create, update or deactivate accounts\. Fix: add the Edit Accounts permission to the app in the RingCentral Developer Console/,
    );
  });

  it('names a certificate it does not trust', async () => {
    // A self-signed certificate, made the way the sandbox makes JumpCloud's SAML signing certificates.
    const { certificatePem, privateKeyPem } = await generateIdpKeyPair('127.0.0.1', new Date());
    const server: Server = createHttpsServer({ key: privateKeyPem, cert: certificatePem }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await check({ ROSTER_IDP_URL: `https://127.0.0.1:${port}` });
      expect(run.code).toBe(1);
      expect(line(run.stdout, 'jumpcloud', 'reachable')).toMatch(/^ok /);
      expect(line(run.stdout, 'jumpcloud', 'tls')).toMatch(
        new RegExp(`^fail +jumpcloud +tls +the certificate of 127\\.0\\.0\\.1:${port} is not trusted \\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\\)\\. Fix: if a proxy inspects TLS, give Node its CA with NODE_EXTRA_CA_CERTS`),
      );
      expect(line(run.stdout, 'jumpcloud', 'credentials')).toMatch(/^skip /);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('discovers a generic SCIM target’s capabilities, and says what it cannot check without writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-check-scim-'));
    writeFileSync(
      join(dir, 'roster.yaml'),
      `${CONFIG.slice(0, CONFIG.indexOf('applications:'))}applications:\n  wiki:\n    catalog: scim\n    groups: [Engineering]\n    provisioning:\n      url: \${ROSTER_SCIM_URL}\n      token: \${RINGCENTRAL_TOKEN}\n`,
    );
    const run = await roster(['check', '-c', dir], { env });
    expect(run.code).toBe(0);
    expect(line(run.stdout, 'wiki', 'credentials')).toMatch(/^ok +wiki +credentials +the token is accepted$/);
    expect(line(run.stdout, 'wiki', 'write access')).toMatch(/^skip .*check never writes$/);
    expect(line(run.stdout, 'wiki', 'capabilities')).toMatch(/^ok .*PATCH, no bulk, no ETags, no \/Groups, filters on userName, pages of 200; \d+ user attributes — discovered from ServiceProviderConfig/);
    expect(run.stdout).not.toMatch(/^\w+ +wiki +licences/m);
  });

  it('reports in JSON for tools', async () => {
    const run = await roster(['check', '-c', configDir, '--format', 'json'], { env: { ...env, RINGCENTRAL_JWT: 'wrong' } });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ formatVersion: 1, ok: false });
    expect(report.results).toContainEqual(expect.objectContaining({ system: 'ringcentral', check: 'credentials', status: 'fail', fix: expect.stringContaining('RINGCENTRAL_JWT') }));
  });
});

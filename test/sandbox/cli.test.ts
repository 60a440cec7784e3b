import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/command.js';
import { readSandboxOptions, sandboxCommand } from '../../src/cli/commands/sandbox.js';

function fakeIo(signal: AbortSignal): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: process.cwd(), signal, out: () => out, err: () => err };
}

async function waitFor(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await sleep(10);
}

describe('roster sandbox', () => {
  it('prints export lines for every credential, serves them, and stops cleanly on abort', async () => {
    const controller = new AbortController();
    const io = fakeIo(controller.signal);
    const exit = sandboxCommand.run(['--seed', 'empty', '--api-key', 'cli-key', '--rate-limits', 'off'], io);
    await waitFor(() => io.out().includes('GENERIC_SCIM_TOKEN'));
    const env = Object.fromEntries([...io.out().matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env)).toEqual([
      'ROSTER_IDP_URL',
      'JUMPCLOUD_API_KEY',
      'JUMPCLOUD_ORG_ID',
      'ROSTER_SCIM_URL',
      'RINGCENTRAL_TOKEN',
      'RINGCENTRAL_CLIENT_ID',
      'RINGCENTRAL_CLIENT_SECRET',
      'RINGCENTRAL_JWT',
      'GENERIC_SCIM_URL',
      'GENERIC_SCIM_TOKEN',
    ]);
    expect(env.JUMPCLOUD_API_KEY).toBe('cli-key');
    expect(env.ROSTER_SCIM_URL).toBe(`${env.ROSTER_IDP_URL}/scim/v2`);
    const users = await fetch(`${env.ROSTER_IDP_URL}/api/systemusers`, { headers: { 'x-api-key': env.JUMPCLOUD_API_KEY ?? '' } });
    expect(await users.json()).toEqual({ totalCount: 0, results: [] });
    const scim = await fetch(`${env.ROSTER_SCIM_URL}/Users`, { headers: { authorization: `Bearer ${env.RINGCENTRAL_TOKEN}` } });
    expect(scim.status).toBe(200);
    expect(env.GENERIC_SCIM_URL).toBe(`${env.ROSTER_IDP_URL}/generic-scim/v2`);
    expect(io.out()).toContain(`#   Generic SCIM     ${env.GENERIC_SCIM_URL} (Users and Groups`);
    const generic = await fetch(`${env.GENERIC_SCIM_URL}/Groups`, { headers: { authorization: `Bearer ${env.GENERIC_SCIM_TOKEN}` } });
    expect(generic.status).toBe(200);
    expect(await generic.json()).toMatchObject({ totalResults: 0, Resources: [] });
    controller.abort();
    expect(await exit).toBe(0);
    await expect(fetch(`${env.ROSTER_IDP_URL}/api/systemusers`)).rejects.toThrow();
  });

  it('quotes values a shell would split', async () => {
    const controller = new AbortController();
    const io = fakeIo(controller.signal);
    const exit = sandboxCommand.run(['--seed', 'empty', '--scim-token', "it's a token"], io);
    await waitFor(() => io.out().includes('GENERIC_SCIM_TOKEN'));
    expect(io.out()).toContain(`export RINGCENTRAL_TOKEN='it'\\''s a token'`);
    controller.abort();
    expect(await exit).toBe(0);
  });

  it('reads every flag', () => {
    expect(
      readSandboxOptions([
        '--port', '0', '--seed', 'users=10,groups=2', '--data', 'x.sqlite', '--api-key', 'k', '--org-id', 'a'.repeat(24), '--multi-tenant',
        '--scim-token', 't', '--generic-scim-token', 'g', '--client-id', 'c', '--client-secret', 's', '--jwt', 'j', '--token-ttl', '60', '--time-scale', '100',
        '--rate-limits', 'off', '--licences', '5',
      ]),
    ).toEqual({
      port: 0, seed: { users: 10, groups: 2 }, data: 'x.sqlite', apiKey: 'k', orgId: 'a'.repeat(24), multiTenant: true, scimToken: 't', genericScimToken: 'g',
      clientId: 'c', clientSecret: 's', jwt: 'j', tokenTtlSeconds: 60, timeScale: 100, rateLimits: false, licences: 5,
    });
  });

  it('explains bad flags on stderr and exits 1; --help exits 0', async () => {
    for (const argv of [['--port', 'x'], ['--rate-limits', 'maybe'], ['--seed', 'lots'], ['--bogus'], ['--org-id', 'short']]) {
      const io = fakeIo(new AbortController().signal);
      expect(await sandboxCommand.run(argv, io)).toBe(1);
      expect(io.err()).toMatch(/^roster sandbox: /);
    }
    const io = fakeIo(new AbortController().signal);
    expect(await sandboxCommand.run(['-h'], io)).toBe(0);
    expect(io.out()).toContain('Usage: roster sandbox');
  });
});

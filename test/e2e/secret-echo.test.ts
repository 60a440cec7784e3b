/**
 * A system that echoes another system's credentials, or the tokens issued to Roster, never gets
 * them printed: every secret Roster knows of is redacted from every system's text, in every
 * command. The stub plays the hostile system; the sandbox plays the other one.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startStub, type Stub, type StubRequest } from '../providers/stub-server.js';
import { roster, sandboxEnv } from '../support/cli.js';

const CONFIG = fileURLToPath(new URL('../../configs/', import.meta.url));
const ACCESS_TOKEN = 'issued-access-token-5f1e0c2a9b';
const REFRESH_TOKEN = 'issued-refresh-token-77d3a1c4e8';

let sandbox: Sandbox;
let env: Record<string, string>;
let secrets: string[];

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
  secrets = [env['JUMPCLOUD_API_KEY']!, env['RINGCENTRAL_CLIENT_SECRET']!, env['RINGCENTRAL_JWT']!, ACCESS_TOKEN, REFRESH_TOKEN];
});
afterAll(async () => {
  await sandbox.close();
});

/** The configured credentials (and, once issued, the tokens), echoed in one error body. */
const echo = (tokens = false) =>
  JSON.stringify({ message: `key=${secrets[0]} cs=${secrets[1]} jwt=${secrets[2]}${tokens ? ` at=${ACCESS_TOKEN} rt=${REFRESH_TOKEN}` : ''}` });

const COMMANDS: string[][] = [
  ['check', '-c', CONFIG],
  ['import', '-c', CONFIG, '--app', 'ringcentral'],
  ['explain', 'nora.jenkins@example.com', '-c', CONFIG],
  ['plan', '-c', CONFIG],
  ['plan', '-c', CONFIG, '--format', 'markdown'],
  ['plan', '-c', CONFIG, '--format', 'json'],
  ['apply', '-c', CONFIG, '--auto-approve'],
];

function leaks(text: string): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

describe('a secret echoed by another system is redacted', () => {
  let stub: Stub;
  afterAll(async () => stub?.close());

  it('the IdP echoes the target’s JWT and client secret: no command prints them', async () => {
    stub = await startStub([{ status: 400, body: echo() }]);
    for (const argv of COMMANDS) {
      const run = await roster(argv, { env: { ...env, ROSTER_IDP_URL: stub.url } });
      expect(run.code, argv.join(' ')).not.toBe(0);
      expect(run.stdout + run.stderr, argv.join(' ')).toContain('[redacted]');
      expect(leaks(run.stdout + run.stderr), argv.join(' ')).toEqual([]);
    }
    await stub.close();
  });

  it('the target echoes the tokens it issued and the IdP’s key: no command prints them', async () => {
    stub = await startStub((request: StubRequest) =>
      request.url.startsWith('/restapi/oauth/token')
        ? { status: 200, body: JSON.stringify({ access_token: ACCESS_TOKEN, refresh_token: REFRESH_TOKEN, token_type: 'bearer', expires_in: 3600 }) }
        : { status: 400, body: echo(true) },
    );
    for (const argv of COMMANDS) {
      const run = await roster(argv, { env: { ...env, ROSTER_SCIM_URL: `${stub.url}/scim/v2` } });
      if (argv[0] === 'plan' || argv[0] === 'apply') expect(run.stdout + run.stderr, argv.join(' ')).toContain('[redacted]');
      expect(leaks(run.stdout + run.stderr), argv.join(' ')).toEqual([]);
    }
    expect(stub.requests.some((r) => r.url.startsWith('/scim/v2'))).toBe(true);
  });
});

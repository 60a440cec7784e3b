/**
 * `roster plan` through bin/roster when a system cannot be reached: a closed port, a host name
 * that never resolves (RFC 6761 reserves `.invalid`), a certificate nobody trusts. Each ends the
 * run with exit 1 within seconds — a connection that cannot succeed is not retried for minutes —
 * and one message naming the system, the URL and the cause in words, as `roster check` says it.
 * On a terminal (a pty from util-linux `script`), a read that takes longer than a second shows
 * what it is reading on one line, cleared before the plan is printed.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxEnvironment } from '../../src/cli/commands/sandbox.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { generateIdpKeyPair } from '../../src/sandbox/jumpcloud/certificate.js';

const ROSTER = fileURLToPath(new URL('../../bin/roster', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../configs', import.meta.url));
/** What a failing run may take at most: the one retry of a refused connection is half a second. */
const FAST_MS = 5_000;
const SGR = /\u001b\[[0-9;]*m/;
const CLEAR_LINE = '\r\u001b[2K';

let sandbox: Sandbox;
let cwd: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  cwd = mkdtempSync(join(tmpdir(), 'roster-unreachable-'));
});
afterAll(async () => {
  await sandbox.close();
  rmSync(cwd, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function plan(env: Record<string, string>): Promise<Run> {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [ROSTER, 'plan', '-c', EXAMPLE], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...sandboxEnvironment(sandbox), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - startedAt }));
  });
}

/** Runs plan on a pseudo-terminal; stdout and stderr both reach the screen. */
function planOnTerminal(env: Record<string, string>): Promise<string> {
  const command = [process.execPath, ROSTER, 'plan', '-c', EXAMPLE].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', `stty cols 200; ${command}`, '/dev/null'], { env: { PATH: process.env['PATH'] ?? '', TERM: 'xterm-256color', ...sandboxEnvironment(sandbox), ...env }, cwd }, (error, stdout) => {
      if (error && !stdout) reject(error);
      else resolve(stdout);
    });
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('roster plan against a system it cannot reach', () => {
  it('a closed port: exit 1 within seconds, after one short retry, naming jumpcloud, the URL and "connection refused"', { timeout: 30_000 }, async () => {
    const port = await closedPort();
    const run = await plan({ ROSTER_IDP_URL: `http://127.0.0.1:${port}` });
    expect(run.code, run.stderr).toBe(1);
    expect(run.ms).toBeLessThan(FAST_MS);
    expect(run.stderr).toMatch(
      new RegExp(`^jumpcloud: GET http://127\\.0\\.0\\.1:${port}/api/[\\w/]+: connection refused \\(ECONNREFUSED; 2 attempts\\) — check the URL configured for this system, and that this machine can reach 127\\.0\\.0\\.1:${port}`, 'm'),
    );
    expect(run.stderr).toContain('Nothing was changed.');
    expect(run.stderr).not.toMatch(/\?\w+=/);
    expect(run.stdout).toBe('');
  });

  it('a host name that never resolves: exit 1 at once, naming the URL and "could not resolve"', { timeout: 30_000 }, async () => {
    const run = await plan({ ROSTER_IDP_URL: 'https://jumpcloud.roster-test.invalid' });
    expect(run.code, run.stderr).toBe(1);
    expect(run.ms).toBeLessThan(FAST_MS);
    // NXDOMAIN is never retried; a machine without DNS answers EAI_AGAIN, tried once more.
    expect(run.stderr).toMatch(/^jumpcloud: GET https:\/\/jumpcloud\.roster-test\.invalid\/api\/[\w/]+: could not resolve the host name \((no such host\) \(ENOTFOUND; 1 attempt|DNS is failing\) \(EAI_AGAIN; 2 attempts)\)/m);
  });

  it('a certificate nobody trusts: exit 1 at once, never retried, naming the URL and the certificate', { timeout: 30_000 }, async () => {
    const { certificatePem, privateKeyPem } = await generateIdpKeyPair('127.0.0.1', new Date());
    let connections = 0;
    const server = createHttpsServer({ key: privateKeyPem, cert: certificatePem }, (_req, res) => res.end('{}'));
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await plan({ ROSTER_IDP_URL: `https://127.0.0.1:${port}` });
      expect(run.code, run.stderr).toBe(1);
      expect(run.ms).toBeLessThan(FAST_MS);
      expect(run.stderr).toMatch(
        new RegExp(
          `^jumpcloud: GET https://127\\.0\\.0\\.1:${port}/api/[\\w/]+: the certificate of 127\\.0\\.0\\.1:${port} is not trusted \\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN); 1 attempt\\) — if a proxy inspects TLS, give Node its CA with NODE_EXTRA_CA_CERTS`,
          'm',
        ),
      );
      // One connection per request the plan started at once (its reads run in parallel), none retried.
      expect(connections).toBeLessThanOrEqual(4);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('roster plan on a terminal while it reads', () => {
  it('shows what it reads after a second, on one line cleared before the plan', { timeout: 60_000 }, async () => {
    const fault = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/api/v2/usergroups*', delayMs: 2500 }),
    });
    expect(fault.status).toBe(201);
    const screen = await planOnTerminal({ NO_COLOR: '1' });
    const shown = screen.lastIndexOf('Reading the IdP and the applications: ');
    expect(shown, screen).toBeGreaterThanOrEqual(0);
    expect(screen).toMatch(/Reading the IdP and the applications: (waiting for the first answer|(jumpcloud|ringcentral) \d+.*request).* · \d+ s/);
    // Cleared, then the plan.
    const cleared = screen.indexOf(CLEAR_LINE, shown);
    expect(cleared).toBeGreaterThan(shown);
    expect(screen.slice(cleared + CLEAR_LINE.length)).toMatch(/^[^\r]*ringcentral/);
    expect(screen).not.toMatch(SGR);
  });

  it('says nothing of its reads when stderr is not a terminal', { timeout: 30_000 }, async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/api/v2/usergroups*', delayMs: 1500 }),
    });
    const run = await plan({});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('Reading');
    expect(run.stderr).not.toContain(CLEAR_LINE);
  });
});

/**
 * `roster plan` and `roster import`, as users run them (bin/roster), against a generic SCIM
 * target that misbehaves on purpose (test/support/hostile-scim.ts) while the sandbox plays
 * JumpCloud: every misbehaviour ends the run with exit 1 and one message naming the system, the
 * URL and the limit, in bounded time and memory. The child runs with a 256 MB heap, so a read that
 * kept what it should not would crash (a signal, or V8's fatal error) instead of exiting 1; its
 * peak resident memory is recorded on exit (test/support/record-usage.mjs) and bounded as well.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxEnvironment } from '../../src/cli/commands/sandbox.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startHostileScim, type HostileMode } from '../support/hostile-scim.js';

const BIN = fileURLToPath(new URL('../../bin/roster', import.meta.url));
const RECORD_USAGE = fileURLToPath(new URL('../support/record-usage.mjs', import.meta.url));
const HEAP_MB = 256;
/** Peak resident memory a bounded run stays under: the heap cap, code, and the 32 MiB body cap twice over. */
const MAX_RSS_BYTES = 600 * 1024 * 1024;

const CONFIG = `idp:
  type: jumpcloud
  url: \${ROSTER_IDP_URL}
  apiKey: \${JUMPCLOUD_API_KEY}
applications:
  wiki:
    catalog: scim
    groups: [Sales]
    provisioning:
      url: \${WIKI_SCIM_URL}
      token: \${WIKI_SCIM_TOKEN}
`;

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  dir = mkdtempSync(join(tmpdir(), 'roster-bounded-'));
  writeFileSync(join(dir, 'roster.yaml'), CONFIG);
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly usage?: { maxRssBytes: number; heapUsed: number };
}

function runRoster(argv: string[], env: Record<string, string>): Promise<Run> {
  const usageFile = join(dir, `usage-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', RECORD_USAGE, BIN, ...argv], {
    cwd: dir,
    env: { ...process.env, ...sandboxEnvironment(sandbox), ...env, ROSTER_TEST_USAGE_FILE: usageFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      let usage: Run['usage'];
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8')) as Run['usage'];
      } catch {
        usage = undefined;
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ...(usage ? { usage } : {}) });
    });
  });
}

interface Case {
  readonly name: string;
  readonly mode: HostileMode;
  /** What the message says after the URL: the path read and the limit. */
  readonly says: RegExp;
  readonly env?: Record<string, string>;
}

const CASES: Case[] = [
  { name: 'totalResults 10⁹, one user a page', mode: { kind: 'huge-total-one-per-page', total: 1e9 }, says: /\/Users → 200: totalResults is 1000000000, over the limit of 1000000 users per list/ },
  { name: 'totalResults 2⁵³−1, one user a page', mode: { kind: 'huge-total-one-per-page', total: 2 ** 53 - 1 }, says: /\/Users → 200: totalResults is 9007199254740991, over the limit/ },
  { name: 'totalResults 10⁹, 100 fresh users a page', mode: { kind: 'huge-total-fresh', total: 1e9 }, says: /\/Users → 200: totalResults is 1000000000, over the limit/ },
  { name: 'a total that grows as it is read', mode: { kind: 'growing', total: 1000 }, says: /\/Users: the list did not end within 12 pages/ },
  // The page before the last answers after it, with a smaller total: the read goes on however the answers are ordered.
  { name: 'a growing total answered out of order', mode: { kind: 'growing', total: 1000, penultimateLateMs: 400 }, says: /\/Users: the list did not end within 12 pages/ },
  { name: 'startIndex ignored', mode: { kind: 'ignores-start-index', total: 1000, echo: 'asked' }, says: /\/Users → 200: the list holds user id "u-\d+" more than once/ },
  { name: 'startIndex answered wrong', mode: { kind: 'ignores-start-index', total: 1000, echo: 'one' }, says: /\/Users → 200: the page asked for at startIndex \d+ answered startIndex 1/ },
  { name: 'a page with nothing new', mode: { kind: 'stalls', total: 1000 }, says: /\/Users → 200: the page at startIndex \d+ holds no users.*the list does not advance/ },
  { name: 'a duplicate user id', mode: { kind: 'duplicate-ids', total: 150, where: 'next-page' }, says: /\/Users → 200: the list holds user id "u-1" more than once/ },
  {
    name: 'a body sent a byte every 2 s',
    mode: { kind: 'slow-body', intervalMs: 2000 },
    env: { ROSTER_REQUEST_TIMEOUT: '3s' },
    says: /\/Users: no complete answer within 3 s, the limit per request.*ROSTER_REQUEST_TIMEOUT/,
  },
  { name: 'a 40 MiB body', mode: { kind: 'oversized', bytes: 40 * 1024 * 1024 }, says: /\/Users → 200: the response is larger than 33554432 bytes \(32 MiB\).*ROSTER_MAX_RESPONSE_SIZE/ },
  { name: '/Schemas with 600,000 attributes', mode: { kind: 'wide-schemas', attributes: 600_000 }, says: /\/Schemas → 200: \/Schemas declares more than 10000 attributes/ },
  { name: '/Schemas nested 100,000 deep', mode: { kind: 'deep-schemas', depth: 100_000 }, says: /\/Schemas → 200: \/Schemas nests sub-attributes more than 4 levels deep/ },
];

describe('roster plan and import against a hostile SCIM target', () => {
  it.each(CASES)('$name: exit 1, naming system, URL and limit, in bounded memory', { timeout: 60_000 }, async ({ mode, says, env }) => {
    const hostile = await startHostileScim(mode);
    try {
      for (const argv of [
        ['plan', '-c', dir],
        ['import', '--app', 'wiki', '-c', dir],
      ]) {
        const run = await runRoster(argv, { WIKI_SCIM_URL: hostile.url, WIKI_SCIM_TOKEN: hostile.token, ...env });
        const what = `${argv[0]}: ${run.stderr}`;
        expect(run.signal, what).toBeNull();
        expect(run.code, what).toBe(1);
        expect(run.stderr, what).toContain(`wiki: GET ${hostile.url}/`);
        expect(run.stderr, what).toMatch(says);
        expect(run.stderr, what).not.toContain('internal error');
        expect(run.stdout + run.stderr, what).not.toContain(hostile.token);
        expect(run.usage, what).toBeDefined();
        expect(run.usage!.maxRssBytes, what).toBeLessThan(MAX_RSS_BYTES);
      }
    } finally {
      await hostile.close();
    }
  });

  it('an invalid limit is a usage error naming the variable, before anything is read', async () => {
    const hostile = await startHostileScim({ kind: 'honest', total: 10 });
    try {
      const run = await runRoster(['plan', '-c', dir], { WIKI_SCIM_URL: hostile.url, WIKI_SCIM_TOKEN: hostile.token, ROSTER_MAX_RESOURCES: 'lots' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('ROSTER_MAX_RESOURCES must be a positive number like 1000000, not "lots"');
      expect(hostile.requests.size).toBe(0);
    } finally {
      await hostile.close();
    }
  });
});

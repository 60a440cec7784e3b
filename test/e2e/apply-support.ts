/**
 * What the apply end-to-end tests share: a sandbox over HTTP, `roster` runs whose journal lands
 * in a temporary folder, the plan as JSON, the target's accounts, and the sandbox's admin API
 * (activate an account, change the directory, inject faults, read the request statistics).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { JournalEntry } from '../../src/engine/journal.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { roster, sandboxEnv, type CliRun } from '../support/cli.js';

export const EXAMPLE_CONFIG = fileURLToPath(new URL('../../configs/', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/roster', import.meta.url));

export interface SpawnedRoster {
  readonly child: ChildProcess;
  /** The exit code (null when killed by a signal), and everything the process printed. */
  readonly exited: Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>;
}

/** `./bin/roster ARGS` as its own process, with the world's environment, in `cwd` (the world's folder by default). */
export function spawnRoster(env: Record<string, string>, args: readonly string[], cwd: string): SpawnedRoster {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))) };
}

export interface PlanChange {
  address: string;
  kind: string;
  action: string;
  blockedAction?: string;
  fields: Array<{ path: string; before?: unknown; after?: unknown }>;
  steps: Array<{ op: string; set?: Record<string, unknown> }>;
  problems: unknown[];
}

export interface ScimAccount {
  id: string;
  userName: string;
  externalId?: string;
  active: boolean;
}

export interface ApplyRun extends CliRun {
  readonly journal: JournalEntry[];
  readonly journalPath: string;
}

/** A configuration folder holding the example configuration, edited. */
export async function configWith(edit: (yaml: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'roster-apply-config-'));
  await writeFile(join(dir, 'roster.yaml'), edit(await readFile(join(EXAMPLE_CONFIG, 'roster.yaml'), 'utf8')));
  return dir;
}

export async function readJournal(path: string): Promise<JournalEntry[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as JournalEntry);
}

export async function startWorld(options: SandboxOptions) {
  const sandbox: Sandbox = await startSandbox(options);
  const env = sandboxEnv(sandbox);
  const cwd = await mkdtemp(join(tmpdir(), 'roster-apply-'));
  let runs = 0;

  async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    expect(response.status, `${method} /_sandbox${path}`).toBeLessThan(300);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  async function jumpcloud(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  async function changeMembership(email: string, group: string, op: 'add' | 'remove'): Promise<void> {
    const groups = (await jumpcloud('GET', `/api/v2/usergroups?filter=name:eq:${encodeURIComponent(group)}`)) as Array<{ id: string }>;
    const user = await world.directoryUser(email);
    await jumpcloud('POST', `/api/v2/usergroups/${groups[0]!.id}/members`, { op, type: 'user', id: user._id });
  }

  const world = {
    sandbox,
    env,
    cwd,

    /** Runs `roster apply` with its journal in a file of its own. */
    async apply(args: string[], config = EXAMPLE_CONFIG): Promise<ApplyRun> {
      runs += 1;
      const journalPath = join(cwd, `journal-${runs}.jsonl`);
      const run = await roster(['apply', '-c', config, '--journal', journalPath, ...args], { env, cwd });
      return { ...run, journal: await readJournal(journalPath), journalPath };
    },

    async plan(config = EXAMPLE_CONFIG, args: string[] = []): Promise<{ changes: PlanChange[]; violations: Array<{ kind: string; allow: string }> }> {
      const run = await roster(['plan', '-c', config, '--format', 'json', ...args], { env, cwd });
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout);
    },

    /** The plan's changes that apply would make (skips are blocked, not made). */
    async pending(config = EXAMPLE_CONFIG): Promise<PlanChange[]> {
      return (await world.plan(config)).changes.filter((c) => c.action !== 'skip');
    },

    async accounts(): Promise<ScimAccount[]> {
      const accounts: ScimAccount[] = [];
      for (let start = 1; ; ) {
        const response = await fetch(`${sandbox.url}/scim/v2/Users?startIndex=${start}&count=100`, { headers: { authorization: `Bearer ${sandbox.scimToken}` } });
        const page = (await response.json()) as { totalResults: number; Resources?: ScimAccount[] };
        accounts.push(...(page.Resources ?? []));
        start += page.Resources?.length ?? 0;
        if (!page.Resources?.length || accounts.length >= page.totalResults) return accounts;
      }
    },

    async account(userName: string): Promise<ScimAccount | undefined> {
      return (await world.accounts()).find((a) => a.userName === userName);
    },

    /** The account's owner used the activation email. */
    async activate(userName: string): Promise<void> {
      const account = await world.account(userName);
      expect(account, userName).toBeDefined();
      await admin('POST', `/ringcentral/users/${account!.id}/activate`);
    },

    async directoryUser(email: string): Promise<{ _id: string; [key: string]: unknown }> {
      const list = (await jumpcloud('GET', `/api/systemusers?limit=100&filter=email:$eq:${email}`)) as { results: Array<{ _id: string }> };
      expect(list.results, email).toHaveLength(1);
      return list.results[0]!;
    },

    async updateDirectoryUser(email: string, body: Record<string, unknown>): Promise<void> {
      await jumpcloud('PUT', `/api/systemusers/${(await world.directoryUser(email))._id}`, body);
    },

    async expirePassword(email: string): Promise<void> {
      await jumpcloud('POST', `/api/systemusers/${(await world.directoryUser(email))._id}/expire`);
    },

    async addToGroup(email: string, group: string): Promise<void> {
      await changeMembership(email, group, 'add');
    },

    async removeFromGroup(email: string, group: string): Promise<void> {
      await changeMembership(email, group, 'remove');
    },

    reset: (seed: unknown, licences?: number) => admin('POST', '/reset', { seed, ...(licences !== undefined ? { licences } : {}) }),
    fault: (spec: Record<string, unknown>) => admin('POST', '/faults', spec),
    clearFaults: () => admin('DELETE', '/faults'),
    setLicences: (available: number) => admin('PUT', '/ringcentral/licences', { available }),
    clearRequests: () => admin('DELETE', '/requests'),
    stats: () => admin('GET', '/stats') as Promise<{ total: number; byGroup: Record<string, number>; byStatus: Record<string, number>; tooManyRequests: number }>,
    requests: () => admin('GET', '/requests') as Promise<Array<{ time: string; method: string; path: string; status: number; group?: string; fault?: string }>>,

    close: () => sandbox.close(),
  };
  return world;
}

export type World = Awaited<ReturnType<typeof startWorld>>;

/** Provisioning events of a journal, as `event_type address` lines, in order. */
export function events(journal: readonly JournalEntry[], type?: string): JournalEntry[] {
  return journal.filter((e) => !e.event_type.startsWith('roster_') && (type === undefined || e.event_type === type));
}

/**
 * The sandbox as a child process (`bin/roster sandbox …`), so that its CPU and memory are not
 * counted as Roster's: its URL and credentials come from the export lines it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROSTER = fileURLToPath(new URL('../../bin/roster', import.meta.url));

export interface LoggedRequest {
  /** ISO time the sandbox received it. */
  readonly time: string;
  readonly vendor: 'jumpcloud' | 'ringcentral';
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly status: number;
  readonly group?: string;
  /** From the sandbox receiving the request to its answer. */
  readonly durationMs: number;
}

export interface SandboxStats {
  readonly total: number;
  readonly tooManyRequests: number;
  /** CPU time the sandbox's process spent since the log was last cleared (ms). */
  readonly cpuMs: number;
}

export interface SandboxProcess {
  readonly url: string;
  /** The variables the bench configuration reads (ROSTER_IDP_URL, JUMPCLOUD_API_KEY, …). */
  readonly env: Readonly<Record<string, string>>;
  /** From spawn to the export lines: start-up and seeding. */
  readonly readyMs: number;
  requests(): Promise<LoggedRequest[]>;
  stats(): Promise<SandboxStats>;
  clearRequests(): Promise<void>;
  stop(): Promise<void>;
}

async function admin(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}/_sandbox${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/** Starts `roster sandbox` with these arguments and waits until it serves. */
export async function startSandboxProcess(args: readonly string[]): Promise<SandboxProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [ROSTER, 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const env: Record<string, string> = {};
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`roster sandbox exited with ${code} before serving:\n${stderr}`)));
    lines.on('line', (line) => {
      const match = /^export ([A-Z_]+)=(.*)$/.exec(line);
      if (match) env[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
      if (line.startsWith('export RINGCENTRAL_JWT=')) resolve();
    });
  });
  const readyMs = performance.now() - started;
  const url = env['ROSTER_IDP_URL'];
  if (!url) throw new Error('roster sandbox printed no ROSTER_IDP_URL');
  return {
    url,
    env,
    readyMs,
    requests: async () => (await admin(url, 'GET', '/requests')) as LoggedRequest[],
    stats: async () => (await admin(url, 'GET', '/stats')) as SandboxStats,
    clearRequests: async () => void (await admin(url, 'DELETE', '/requests')),
    stop: async () => {
      child.kill('SIGINT');
      await exited(child);
    },
  };
}

/**
 * A stand-in for GitHub in workflow tests: the REST API endpoints a workflow's shell steps call
 * (on a local port, as GITHUB_API_URL), and the storage behind the hosted actions the runner
 * emulates — artifacts and caches. Every API request is logged, and every one must carry the
 * job's token.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BOT = { login: 'github-actions[bot]', type: 'Bot' };

export interface Comment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: string };
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: Array<{ name: string }>;
  user: { login: string; type: string };
}

export interface PullRequest {
  number: number;
  merged_at: string | null;
  merge_commit_sha: string | null;
  head: { sha: string; repo: { full_name: string } };
  labels: Array<{ name: string }>;
}

export interface Artifact {
  id: number;
  name: string;
  runId: number;
  headSha: string;
  dir: string;
}

/** A workflow_dispatch event a job created, as GitHub would start it. */
export interface Dispatch {
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
}

export interface ApiRequest {
  method: string;
  path: string;
  body?: unknown;
}

export class FakeGitHub {
  readonly token = 'ghs_test_token';
  readonly repository = 'example/identity';
  readonly comments: Comment[] = [];
  readonly issues: Issue[] = [];
  readonly pulls: PullRequest[] = [];
  readonly artifacts: Artifact[] = [];
  readonly caches = new Map<string, string>();
  readonly dispatches: Dispatch[] = [];
  readonly requests: ApiRequest[] = [];
  private readonly storage = mkdtempSync(join(tmpdir(), 'fake-github-'));
  private server?: Server;
  private nextId = 1000;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** actions/upload-artifact: keeps a copy of a file or folder under `name` for this run. */
  upload(name: string, source: string, runId: number, headSha: string): void {
    const dir = join(this.storage, 'artifacts', String(this.nextId));
    mkdirSync(dir, { recursive: true });
    const target = statSync(source).isDirectory() ? dir : join(dir, source.split('/').pop()!);
    cpSync(source, target, { recursive: true });
    this.artifacts.unshift({ id: this.nextId++, name, runId, headSha, dir });
  }

  /** actions/cache/save: a cache entry is immutable once saved. */
  saveCache(key: string, source: string): void {
    if (this.caches.has(key) || !existsSync(source)) return;
    const dir = join(this.storage, 'caches', key);
    cpSync(source, dir, { recursive: true });
    this.caches.set(key, dir);
  }

  /** actions/cache/restore: the exact key, else the newest entry with one of the prefixes. */
  findCache(key: string, prefixes: readonly string[]): { key: string; dir: string } | undefined {
    const exact = this.caches.get(key);
    if (exact) return { key, dir: exact };
    const newestFirst = [...this.caches].reverse();
    for (const prefix of prefixes) {
      const found = newestFirst.find(([k]) => k.startsWith(prefix));
      if (found) return { key: found[0], dir: found[1] };
    }
    return undefined;
  }

  commentsOn(issue: number): Comment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    this.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, ...(body ? { body } : {}) });
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { message: 'Bad credentials' });
    const repo = `/repos/${this.repository}`;
    const path = url.pathname.startsWith(repo) ? url.pathname.slice(repo.length) : undefined;
    const route = `${req.method} ${path ?? url.pathname}`;
    let match: RegExpExecArray | null;

    if ((match = /^GET \/issues\/(\d+)\/comments$/.exec(route))) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return send(200, this.commentsOn(Number(match[1])).slice((page - 1) * perPage, page * perPage));
    }
    if ((match = /^POST \/issues\/(\d+)\/comments$/.exec(route))) {
      const comment: Comment = { id: this.nextId++, issue: Number(match[1]), body: String(body?.body ?? ''), user: BOT };
      this.comments.push(comment);
      return send(201, comment);
    }
    if ((match = /^PATCH \/issues\/comments\/(\d+)$/.exec(route))) {
      const comment = this.comments.find((c) => c.id === Number(match![1]));
      if (!comment) return send(404, { message: 'Not Found' });
      comment.body = String(body?.body ?? comment.body);
      return send(200, comment);
    }
    if ((match = /^GET \/commits\/([0-9a-f]+)\/pulls$/.exec(route))) {
      const sha = match[1];
      return send(200, this.pulls.filter((p) => p.merge_commit_sha === sha || p.head.sha === sha));
    }
    if (route === 'GET /actions/artifacts') {
      const name = url.searchParams.get('name');
      const found = this.artifacts.filter((a) => name === null || a.name === name);
      return send(200, {
        total_count: found.length,
        artifacts: found.map((a) => ({ id: a.id, name: a.name, expired: false, workflow_run: { id: a.runId, head_sha: a.headSha } })),
      });
    }
    if (route === 'GET /issues') {
      const state = url.searchParams.get('state') ?? 'open';
      const creator = url.searchParams.get('creator');
      return send(200, this.issues.filter((i) => (state === 'all' || i.state === state) && (creator === null || i.user.login === creator)));
    }
    if (route === 'POST /issues') {
      const labels = Array.isArray(body?.labels) ? (body.labels as string[]).map((name) => ({ name })) : [];
      const issue: Issue = { number: this.nextId++, title: String(body?.title ?? ''), body: String(body?.body ?? ''), state: 'open', labels, user: BOT };
      this.issues.push(issue);
      return send(201, issue);
    }
    if ((match = /^PATCH \/issues\/(\d+)$/.exec(route))) {
      const issue = this.issues.find((i) => i.number === Number(match![1]));
      if (!issue) return send(404, { message: 'Not Found' });
      if (typeof body?.body === 'string') issue.body = body.body;
      if (body?.state === 'open' || body?.state === 'closed') issue.state = body.state;
      return send(200, issue);
    }
    if ((match = /^POST \/actions\/workflows\/([^/]+)\/dispatches$/.exec(route))) {
      // GitHub's API: 422 without a ref; inputs are strings; 204 No Content once the run is created.
      if (typeof body?.ref !== 'string') return send(422, { message: 'Invalid request: "ref" wasn\'t supplied.' });
      const inputs = (body.inputs ?? {}) as Record<string, unknown>;
      if (Object.values(inputs).some((v) => typeof v !== 'string')) return send(422, { message: 'Invalid request: inputs must be strings.' });
      this.dispatches.push({ workflow: decodeURIComponent(match[1]!), ref: body.ref, inputs: inputs as Record<string, string> });
      res.writeHead(204);
      return void res.end();
    }
    return send(404, { message: `Not Found: ${route}` });
  }
}

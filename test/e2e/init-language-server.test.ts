/**
 * What an editor shows for the repository `roster init` scaffolds: the real yaml-language-server,
 * driven over LSP on stdio, follows the modeline of configs/roster.yaml to the schema.json written
 * beside it. The file as written gets no diagnostic; the same file with the application's `groups`
 * key misspelt gets exactly one, about that key.
 *
 * Deterministic: the schema store is off (no network), every request the server makes is
 * answered, and the valid file is opened only after the misspelt one has been validated, so its
 * (empty) diagnostics come from a validation with the schema loaded.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const TIMEOUT_MS = 60_000;

const YAML_SETTINGS = { validate: true, hover: false, completion: false, schemas: {}, schemaStore: { enable: false }, format: { enable: false } };

interface Diagnostic {
  readonly message: string;
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
  readonly severity?: number;
}

type Message = { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: unknown };

/** A minimal LSP client: Content-Length framing, answers to the server's requests, diagnostics by document. */
class LanguageClient {
  private readonly server: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (message: Message) => void>();
  private readonly published: Array<{ uri: string; diagnostics: Diagnostic[] }> = [];
  private readonly waiting: Array<() => void> = [];
  stderr = '';

  constructor(cwd: string) {
    this.server = spawn(process.execPath, [SERVER, '--stdio'], { cwd, stdio: 'pipe' });
    this.server.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.server.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.server.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1];
      if (length === undefined) throw new Error('an LSP message without Content-Length');
      const start = headerEnd + 4;
      if (this.buffer.length < start + Number(length)) return;
      const message = JSON.parse(this.buffer.subarray(start, start + Number(length)).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(start + Number(length));
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.method === undefined) {
      this.pending.get(Number(message.id))?.(message);
      this.pending.delete(Number(message.id));
      return;
    }
    if (message.id !== undefined) {
      // A request from the server: settings for `yaml`, nothing for anything else
      // (client/registerCapability, window/workDoneProgress/create, other sections).
      const result =
        message.method === 'workspace/configuration'
          ? ((message.params as { items: Array<{ section?: string }> }).items ?? []).map((item) => (item.section === 'yaml' ? YAML_SETTINGS : null))
          : null;
      this.send({ id: message.id, result });
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      this.published.push(message.params as { uri: string; diagnostics: Diagnostic[] });
      for (const wake of this.waiting.splice(0)) wake();
    }
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The first diagnostics published for `uri` after `from` earlier publications (any document's). */
  async diagnostics(uri: string, from: number): Promise<Diagnostic[]> {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const found = this.published.slice(from).find((p) => p.uri === uri);
      if (found) return found.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} within ${TIMEOUT_MS} ms; server said: ${this.stderr}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, 1000);
        this.waiting.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  get publications(): number {
    return this.published.length;
  }

  async stop(): Promise<void> {
    if (this.server.exitCode !== null) return;
    const exited = new Promise((resolve) => this.server.once('exit', resolve));
    await Promise.race([this.request('shutdown', null), new Promise((resolve) => setTimeout(resolve, 5000))]);
    this.notify('exit', null);
    const timer = setTimeout(() => this.server.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }
}

describe('the scaffolded repository in the YAML language server', () => {
  let repo: string;
  let client: LanguageClient;
  let valid: string;

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'roster-init-lsp-'));
    await promisify(execFile)(process.execPath, [join(ROOT, 'bin/roster'), 'init'], { cwd: repo, env: { PATH: process.env['PATH'] ?? '' } });
    valid = readFileSync(join(repo, 'configs/roster.yaml'), 'utf8');
    client = new LanguageClient(repo);
    const rootUri = pathToFileURL(repo).href;
    const initialized = await client.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'repo' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } }, textDocument: { publishDiagnostics: {} } },
      initializationOptions: {},
    });
    expect(initialized.error).toBeUndefined();
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: { yaml: YAML_SETTINGS } });
  }, TIMEOUT_MS);

  afterAll(async () => {
    await client?.stop();
  }, 15_000);

  const open = (name: string, text: string) => {
    const uri = pathToFileURL(join(repo, 'configs', name)).href;
    const from = client.publications;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return client.diagnostics(uri, from);
  };

  it(
    'reports the misspelt groups key, and only it',
    async () => {
      expect(valid).toMatch(/^ {4}groups: /m);
      const misspelt = valid.replace(/^( {4})groups: /m, '$1grops: ');
      const line = misspelt.split('\n').findIndex((l) => l.startsWith('    grops: '));
      const diagnostics = await open('misspelt.yaml', misspelt);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]!.message).toBe('Property grops is not allowed.');
      // From the schema init wrote, which the modeline names.
      expect((diagnostics[0] as Diagnostic & { data?: { schemaUri?: string[] } }).data?.schemaUri).toEqual([pathToFileURL(join(repo, 'schema.json')).href]);
      expect(diagnostics[0]!.range.start.line).toBe(line);
    },
    TIMEOUT_MS,
  );

  it(
    'reports nothing for the file as written',
    async () => {
      expect(await open('roster.yaml', valid)).toEqual([]);
    },
    TIMEOUT_MS,
  );
});

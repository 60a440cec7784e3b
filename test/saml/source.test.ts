/**
 * Metadata sources: files relative to the YAML file that names them, and URLs fetched from a local
 * server on 127.0.0.1 within size and time caps.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpMetadata, readMetadataSource, resolveMetadataSource, type MetadataFetcher } from '../../src/saml/index.js';
import { FIXTURES, fixture, withTempDirAsync } from './support.js';

const setting = { app: 'ringcentral', path: 'applications.ringcentral.sso.spMetadata', origin: { file: 'configs/apps.yaml', line: 9, column: 19 } };
const declaredIn = { path: '/srv/roster/configs/apps/ringcentral.yaml', display: 'configs/apps/ringcentral.yaml' };

describe('resolveMetadataSource', () => {
  it('a path is relative to the YAML file that names it', () => {
    expect(resolveMetadataSource('metadata/rc-sp.xml', declaredIn, setting)).toEqual({
      source: { kind: 'file', path: '/srv/roster/configs/apps/metadata/rc-sp.xml', display: 'configs/apps/metadata/rc-sp.xml' },
      diagnostics: [],
    });
    expect(resolveMetadataSource('../common/sp.xml', declaredIn, setting).source).toMatchObject({ path: '/srv/roster/configs/common/sp.xml' });
    expect(resolveMetadataSource('/etc/roster/sp.xml', declaredIn, setting).source).toMatchObject({ kind: 'file', path: '/etc/roster/sp.xml' });
  });

  it('an https URL is a URL', () => {
    expect(resolveMetadataSource('https://sso.example.com/sp/metadata.xml', declaredIn, setting).source).toEqual({
      kind: 'url',
      url: 'https://sso.example.com/sp/metadata.xml',
      display: 'https://sso.example.com/sp/metadata.xml',
    });
  });

  it.each([
    ['http://sso.example.com/metadata.xml', /plain http can be altered/],
    ['http://localhost:8080/metadata.xml', /plain http can be altered/],
    ['https://user:secret@sso.example.com/metadata.xml', /carries credentials/],
    ['ftp://sso.example.com/metadata.xml', /ftp scheme is not supported/],
    ['file:///etc/passwd', /file scheme is not supported/],
  ])('%s is refused', (reference, reason) => {
    const resolved = resolveMetadataSource(reference, declaredIn, setting);
    expect(resolved.source).toBeUndefined();
    expect(resolved.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'saml.metadata-url-refused', path: setting.path, origin: setting.origin, address: 'ringcentral/sso' }),
    ]);
    expect(resolved.diagnostics[0]!.message).toMatch(reason);
    expect(resolved.diagnostics[0]!.message).not.toContain('secret');
  });

  it('plain http only to the loopback addresses', () => {
    expect(resolveMetadataSource('http://127.0.0.1:8080/md.xml', declaredIn, setting).source?.kind).toBe('url');
    expect(resolveMetadataSource('http://[::1]:8080/md.xml', declaredIn, setting).source?.kind).toBe('url');
  });

  it('an empty reference and an unparsable URL are errors', () => {
    expect(resolveMetadataSource('  ', declaredIn, setting).diagnostics[0]?.code).toBe('saml.metadata-source-empty');
    expect(resolveMetadataSource('https://exa mple.com/x', declaredIn, setting).diagnostics[0]?.code).toBe('saml.metadata-url-invalid');
  });
});

describe('reading a file', () => {
  it('reads the file, and loadSpMetadata parses it', async () => {
    const loaded = await loadSpMetadata({ reference: 'sp/ringcentral.xml', declaredIn: { path: join(FIXTURES, 'roster.yaml'), display: 'configs/roster.yaml' }, setting });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.source).toMatchObject({ kind: 'file', display: 'configs/sp/ringcentral.xml' });
    expect(loaded.metadata?.entityId).toBe('https://sso.ringcentral.com');
  });

  it('a missing file says the path is relative to the YAML file', async () => {
    const loaded = await loadSpMetadata({ reference: 'metadata/missing.xml', declaredIn, setting });
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ code: 'saml.metadata-file-missing', origin: setting.origin })]);
    expect(loaded.diagnostics[0]!.message).toBe('SP metadata file configs/apps/metadata/missing.xml does not exist');
    expect(loaded.diagnostics[0]!.hint).toMatch(/relative to the YAML file/);
  });

  it('a file over the cap is refused without being read; a folder is not a file', async () => {
    await withTempDirAsync(async (dir) => {
      writeFileSync(join(dir, 'big.xml'), Buffer.alloc(2048, 0x20));
      mkdirSync(join(dir, 'folder.xml'));
      const big = await readMetadataSource({ kind: 'file', path: join(dir, 'big.xml'), display: 'big.xml' }, setting, { maxBytes: 1024 });
      expect(big.diagnostics[0]).toMatchObject({ code: 'saml.xml-too-large', message: 'SP metadata big.xml is 2048 bytes, over the 1024-byte limit' });
      const folder = await readMetadataSource({ kind: 'file', path: join(dir, 'folder.xml'), display: 'folder.xml' }, setting);
      expect(folder.diagnostics[0]).toMatchObject({ code: 'saml.metadata-file-unreadable' });
    });
  });
});

describe('fetching a URL', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes.get(req.url ?? '');
      if (route) route(req, res);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    routes.set('/sp.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(fixture('sp/ringcentral.xml')));
    routes.set('/moved', (_req, res) => res.writeHead(302, { location: '/sp.xml' }).end());
    routes.set('/to-http', (_req, res) => res.writeHead(302, { location: 'http://sso.example.com/sp.xml' }).end());
    routes.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    routes.set('/huge-declared', (_req, res) => {
      res.writeHead(200, { 'content-length': String(20 * 1024 * 1024) });
      res.write('<md:EntityDescriptor');
      // The body never arrives: the declared length alone must be enough to refuse.
    });
    routes.set('/endless', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk)) {
          /* keep writing until the socket pushes back */
        }
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    routes.set('/silent', () => {
      /* never answers */
    });
    routes.set('/stalls', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<md:EntityDescriptor');
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const read = (path: string, options: Parameters<typeof readMetadataSource>[2] = {}) =>
    readMetadataSource({ kind: 'url', url: `${base}${path}`, display: `${base}${path}` }, setting, options);

  it('fetches metadata from the server, following a redirect', async () => {
    const direct = await read('/sp.xml');
    expect(direct.diagnostics).toEqual([]);
    expect(Buffer.from(direct.bytes!).equals(fixture('sp/ringcentral.xml'))).toBe(true);
    expect((await read('/moved')).bytes?.byteLength).toBe(fixture('sp/ringcentral.xml').byteLength);
  });

  it('loadSpMetadata reads and parses a URL', async () => {
    const loaded = await loadSpMetadata({ reference: `${base}/sp.xml`, declaredIn, setting });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.metadata?.assertionConsumerServices[0]?.location).toBe('https://sso.ringcentral.com/sp/ACS.saml2');
  });

  it('an HTTP error is reported with its status', async () => {
    const result = await read('/nothing-here');
    expect(result.diagnostics[0]).toMatchObject({ code: 'saml.metadata-fetch-failed', message: `fetching ${base}/nothing-here answered HTTP 404` });
  });

  it('a redirect to plain http elsewhere is refused, and redirect loops end', async () => {
    expect((await read('/to-http')).diagnostics[0]?.message).toMatch(/redirects to http:\/\/sso\.example\.com\/sp\.xml, which is refused/);
    expect((await read('/loop')).diagnostics[0]?.message).toMatch(/redirects more than 3 times/);
  });

  it('a body declared over the cap is refused without waiting for it', async () => {
    const result = await read('/huge-declared');
    expect(result.diagnostics[0]).toMatchObject({ code: 'saml.xml-too-large' });
    expect(result.diagnostics[0]!.message).toMatch(/is 20971520 bytes, over the 1048576-byte limit/);
  });

  it('a body that never ends is cut at the cap', async () => {
    const result = await read('/endless', { maxBytes: 256 * 1024 });
    expect(result.bytes).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'saml.xml-too-large' });
  });

  it('a server that does not answer, or stops mid-body, hits the time cap', async () => {
    for (const path of ['/silent', '/stalls']) {
      const result = await read(path, { timeoutMs: 200 });
      expect(result.diagnostics[0]).toMatchObject({ code: 'saml.metadata-fetch-timeout', message: `fetching ${base}${path} took longer than 200 ms` });
    }
  });

  it('a refused connection is reported', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const result = await readMetadataSource({ kind: 'url', url: `http://127.0.0.1:${port}/`, display: 'closed' }, setting);
    expect(result.diagnostics[0]).toMatchObject({ code: 'saml.metadata-fetch-failed' });
    expect(result.diagnostics[0]!.message).toMatch(/ECONNREFUSED/);
  });
});

describe('an injected fetcher', () => {
  it('is used instead of the network, under the same caps', async () => {
    const asked: string[] = [];
    const fetcher: MetadataFetcher = async (url) => {
      asked.push(url);
      return new Response(new Uint8Array(fixture('sp/one-acs.xml')), { status: 200 });
    };
    const loaded = await loadSpMetadata({ reference: 'https://sp.example.com/metadata', declaredIn, setting }, { fetcher });
    expect(asked).toEqual(['https://sp.example.com/metadata']);
    expect(loaded.metadata?.entityId).toBe('https://app.example.com/saml/metadata');

    const tooBig = await loadSpMetadata({ reference: 'https://sp.example.com/metadata', declaredIn, setting }, { fetcher, maxBytes: 100 });
    expect(tooBig.diagnostics[0]?.code).toBe('saml.xml-too-large');
  });

  it('one that ignores the abort signal still cannot outlast the time cap', async () => {
    const fetcher: MetadataFetcher = () => new Promise<Response>(() => undefined);
    const result = await readMetadataSource({ kind: 'url', url: 'https://sp.example.com/metadata', display: 'sp' }, setting, { fetcher, timeoutMs: 50 });
    expect(result.diagnostics[0]?.code).toBe('saml.metadata-fetch-timeout');
  });
});

/**
 * A SCIM 2.0 service provider that misbehaves on purpose, one misbehaviour per mode, over real
 * HTTP (node:http): lists whose totals are absurd, that ignore `startIndex` or repeat ids, bodies
 * that dribble a byte at a time or never end, discovery answers too wide or too deep to walk
 * naively. /ServiceProviderConfig is always well formed (pages of `pageSize`), so that every mode
 * reaches the read it attacks. It counts requests and bytes sent, so tests can say how much a
 * read cost.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HostileMode =
  /** Answers correctly: `total` users in pages of `pageSize`. */
  | { readonly kind: 'honest'; readonly total: number }
  /** totalResults `total` (10⁹, 2⁵³−1), one fresh user a page. */
  | { readonly kind: 'huge-total-one-per-page'; readonly total: number }
  /** totalResults `total`, full pages of fresh users, for ever. */
  | { readonly kind: 'huge-total-fresh'; readonly total: number }
  /**
   * Every page says one more page remains: the total grows as fast as it is read. With
   * `penultimateLateMs`, the page before the one that reaches `total` answers that much later, so
   * that an answer with a smaller total arrives after the one with the largest.
   */
  | { readonly kind: 'growing'; readonly total: number; readonly penultimateLateMs?: number }
  /** Page one whatever `startIndex` asks; `echo` says which startIndex the answer claims. */
  | { readonly kind: 'ignores-start-index'; readonly total: number; readonly echo: 'asked' | 'one' | 'none' }
  /** Pages after the first hold nothing, though totalResults says more remain. */
  | { readonly kind: 'stalls'; readonly total: number }
  /** `total` users, one id served twice (`where`: on one page, or on two). */
  | { readonly kind: 'duplicate-ids'; readonly total: number; readonly where: 'same-page' | 'next-page' }
  /** Headers at once, then the list's body one byte every `intervalMs`. */
  | { readonly kind: 'slow-body'; readonly intervalMs: number }
  /** A list body `bytes` long (no content-length), written as fast as the client takes it. */
  | { readonly kind: 'oversized'; readonly bytes: number }
  /** /Schemas declares `attributes` attributes on the core User schema. */
  | { readonly kind: 'wide-schemas'; readonly attributes: number }
  /** /Schemas nests sub-attributes `depth` levels deep. */
  | { readonly kind: 'deep-schemas'; readonly depth: number };

export interface HostileScim {
  /** Base URL of the SCIM API, e.g. http://127.0.0.1:1234/scim/v2 */
  readonly url: string;
  readonly token: string;
  /** Requests received, by path (no query). */
  readonly requests: Map<string, number>;
  /** Body bytes written, all requests together. */
  bytesSent(): number;
  close(): Promise<void>;
}

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const user = (n: number | string) => ({ schemas: [CORE_USER], id: `u-${n}`, userName: `user${n}@example.com`, active: true });

function listBody(total: number, startIndex: number | undefined, ids: ReadonlyArray<number | string>): string {
  return JSON.stringify({ schemas: [LIST], totalResults: total, ...(startIndex !== undefined ? { startIndex } : {}), itemsPerPage: ids.length, Resources: ids.map(user) });
}

const range = (from: number, count: number): number[] => Array.from({ length: Math.max(0, count) }, (_, i) => from + i);

function wideSchemas(attributes: number): string {
  // Built as text: 600,000 objects would cost the test server what it is meant to cost Roster.
  const parts: string[] = [];
  for (let i = 0; i < attributes; i++) parts.push(`{"name":"a${i}","type":"string"}`);
  return `{"schemas":["${LIST}"],"totalResults":1,"Resources":[{"id":"${CORE_USER}","attributes":[${parts.join(',')}]}]}`;
}

function deepSchemas(depth: number): string {
  const open = '{"name":"n","type":"complex","subAttributes":['.repeat(depth);
  const close = ']}'.repeat(depth);
  return `{"schemas":["${LIST}"],"totalResults":1,"Resources":[{"id":"${CORE_USER}","attributes":[${open}{"name":"leaf","type":"string"}${close}]}]}`;
}

export async function startHostileScim(mode: HostileMode, options: { pageSize?: number } = {}): Promise<HostileScim> {
  const pageSize = options.pageSize ?? 100;
  const token = 'hostile-scim-token-3b9f2e7d';
  const requests = new Map<string, number>();
  let sent = 0;
  const timers = new Set<NodeJS.Timeout>();

  const send = (res: ServerResponse, status: number, body: string) => {
    sent += Buffer.byteLength(body);
    res.writeHead(status, { 'content-type': 'application/scim+json' });
    res.end(body);
  };

  const usersPage = (res: ServerResponse, startIndex: number, count: number) => {
    const perPage = Math.min(pageSize, Math.max(0, count));
    switch (mode.kind) {
      case 'honest':
        return send(res, 200, listBody(mode.total, startIndex, range(startIndex, Math.min(perPage, mode.total - startIndex + 1))));
      case 'huge-total-one-per-page':
        return send(res, 200, listBody(mode.total, startIndex, [startIndex]));
      case 'huge-total-fresh':
        return send(res, 200, listBody(mode.total, startIndex, range(startIndex, perPage)));
      case 'growing': {
        const body = listBody(Math.max(mode.total, startIndex - 1 + 2 * perPage), startIndex, range(startIndex, perPage));
        const penultimate = startIndex + perPage <= mode.total && startIndex + 2 * perPage > mode.total;
        if (!mode.penultimateLateMs || !penultimate) return send(res, 200, body);
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(res, 200, body);
        }, mode.penultimateLateMs);
        timers.add(timer);
        return;
      }
      case 'ignores-start-index': {
        const echo = mode.echo === 'asked' ? startIndex : mode.echo === 'one' ? 1 : undefined;
        return send(res, 200, listBody(mode.total, echo, range(1, Math.min(perPage, mode.total))));
      }
      case 'stalls':
        return send(res, 200, listBody(mode.total, startIndex, startIndex === 1 ? range(1, perPage) : []));
      case 'duplicate-ids': {
        const ids: Array<number | string> = range(startIndex, Math.min(perPage, mode.total - startIndex + 1));
        // The first user comes again: on its own page, or at the top of the next one.
        if (mode.where === 'same-page' && startIndex === 1) ids[ids.length - 1] = 1;
        if (mode.where === 'next-page' && startIndex === 1 + perPage) ids[0] = 1;
        return send(res, 200, listBody(mode.total, startIndex, ids));
      }
      case 'slow-body': {
        const body = listBody(1, 1, [1]);
        res.writeHead(200, { 'content-type': 'application/scim+json' });
        let at = 0;
        const tick = () => {
          if (res.destroyed || at >= body.length) return void res.end();
          res.write(body[at++]);
          sent += 1;
          const timer = setTimeout(() => {
            timers.delete(timer);
            tick();
          }, mode.intervalMs);
          timers.add(timer);
        };
        return tick();
      }
      case 'oversized': {
        res.writeHead(200, { 'content-type': 'application/scim+json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const head = `{"totalResults":1,"Resources":[],"padding":"`;
        res.write(head);
        let left = mode.bytes - head.length;
        const pump = () => {
          while (left > 0 && !res.destroyed) {
            const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
            left -= piece.length;
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"}');
        };
        return pump();
      }
      default:
        return send(res, 200, listBody(0, startIndex, []));
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://hostile');
    const path = url.pathname.replace(/^\/scim\/v2/, '');
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, JSON.stringify({ detail: 'unauthorized', status: '401' }));
    if (path === '/ServiceProviderConfig') {
      return send(res, 200, JSON.stringify({ patch: { supported: true }, bulk: { supported: false }, etag: { supported: false }, filter: { supported: true, maxResults: pageSize } }));
    }
    if (path === '/ResourceTypes') {
      return send(res, 200, JSON.stringify({ schemas: [LIST], totalResults: 1, Resources: [{ name: 'User', endpoint: '/Users', schema: CORE_USER }] }));
    }
    if (path === '/Schemas') {
      if (mode.kind === 'wide-schemas') return send(res, 200, wideSchemas(mode.attributes));
      if (mode.kind === 'deep-schemas') return send(res, 200, deepSchemas(mode.depth));
      return send(res, 200, JSON.stringify({ schemas: [LIST], totalResults: 1, Resources: [{ id: CORE_USER, attributes: [{ name: 'userName' }, { name: 'name' }, { name: 'emails' }] }] }));
    }
    if (path === '/Users' && req.method === 'GET') {
      if (url.searchParams.has('filter')) return send(res, 200, listBody(0, 1, []));
      const startIndex = Number(url.searchParams.get('startIndex') ?? '1');
      const count = Number(url.searchParams.get('count') ?? String(pageSize));
      return usersPage(res, startIndex, count);
    }
    return send(res, 404, JSON.stringify({ detail: 'not found', status: '404' }));
  };

  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`,
    token,
    requests,
    bytesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Faults, Fault } from './faults.js';
import type { SandboxRequest, SandboxResponse } from './http.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';
import type { VendorApp, VendorResult } from './vendor.js';

/** RingCentral's `x-request-max-body-size` for user writes is 10m (docs/vendors/ringcentral.md §1.1); the sandbox applies it to every request. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ServerDeps {
  apps: VendorApp[];
  faults: Faults;
  log: RequestLog;
  now(): number;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, response: SandboxResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const text = typeof response.body === 'string' && response.contentType ? response.body : JSON.stringify(response.body);
  headers['Content-Type'] = response.contentType ?? 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers).end(text);
}

function faultKind(fault: Fault | undefined): RequestLogEntry['fault'] {
  if (!fault) return undefined;
  if (fault.drop) return fault.drop === 'before' ? 'drop-before' : 'drop-after';
  return fault.status !== undefined ? 'status' : 'delay';
}

/**
 * The one HTTP origin for every API: each request goes to the app that owns its path. Vendor
 * requests may meet an injected fault first and are written to the request log; admin requests
 * are neither faulted nor logged.
 */
export function createSandboxServer(deps: ServerDeps): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const app = deps.apps.find((a) => a.owns(url.pathname));
    if (!app) {
      send(res, { status: 404, body: { error: `Nothing is served at ${url.pathname}: see /api, /api/v2, /scim/v2, /restapi, /generic-scim/v2 and /_sandbox.` } });
      return;
    }
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      send(res, app.errorResponse(url.pathname, 413, 'The request body is larger than 10 MB.'));
      req.socket.destroy();
      return;
    }
    const request: SandboxRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, params: {} };
    const vendor = app.vendor === 'admin' ? undefined : app.vendor;
    const fault = vendor ? deps.faults.take(method, url.pathname) : undefined;
    const record = (status: number, result?: VendorResult): void => {
      if (!vendor) return;
      const kind = faultKind(fault);
      deps.log.record({
        time: new Date(deps.now()).toISOString(),
        vendor,
        method,
        path: url.pathname,
        query: url.searchParams,
        status,
        ...(result?.group ? { group: result.group } : {}),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        ...(kind ? { fault: kind } : {}),
      });
    };

    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop === 'before') {
      record(0);
      req.socket.destroy();
      return;
    }
    let result: VendorResult;
    if (fault?.status !== undefined) {
      const response = fault.body !== undefined ? { status: fault.status, body: fault.body } : app.errorResponse(url.pathname, fault.status, 'Injected fault');
      result = { response: { ...response, headers: { ...response.headers, ...fault.headers } } };
    } else {
      result = await app.handle(request);
    }
    record(result.response.status, result);
    if (fault?.drop === 'after') {
      req.socket.destroy();
      return;
    }
    send(res, result.response);
  };

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (req.destroyed) return; // the client went away mid-request: nobody to answer
      console.error('sandbox: request failed', error);
      if (!res.headersSent) send(res, { status: 500, body: { error: 'Internal sandbox error' } });
      else res.destroy();
    });
  });
}

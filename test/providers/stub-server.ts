/**
 * A scriptable server for what the sandbox cannot do: answer with raw bytes (malformed or
 * truncated bodies), or behave like a hostile service that echoes the credentials it receives.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export type StubAnswer =
  | { readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
  /** Headers promise `length` bytes; the connection closes after `body`. */
  | { readonly truncate: { readonly body: string; readonly length: number } }
  /** The connection closes without an answer. */
  | { readonly drop: true }
  /** Nothing is answered for this long, then the connection closes. */
  | { readonly stallMs: number };

export interface Stub {
  readonly url: string;
  readonly requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(script: StubAnswer[] | ((request: StubRequest) => StubAnswer)): Promise<Stub> {
  const requests: StubRequest[] = [];
  const answerFor = (request: StubRequest): StubAnswer =>
    typeof script === 'function' ? script(request) : script[Math.min(requests.length - 1, script.length - 1)]!;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const answer = answerFor(request);
      if ('drop' in answer) return void res.socket?.destroy();
      if ('stallMs' in answer) return void setTimeout(() => res.socket?.destroy(), answer.stallMs);
      if ('truncate' in answer) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(answer.truncate.length) });
        res.write(answer.truncate.body);
        return void setTimeout(() => res.socket?.destroy(), 10);
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

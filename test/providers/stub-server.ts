/**
 * A server that answers with raw bytes the sandbox's fault injection cannot produce (it always
 * sends valid JSON): malformed or truncated bodies. Each request gets the next scripted answer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubAnswer =
  | { readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
  /** Headers promise `length` bytes; the connection closes after `body`. */
  | { readonly truncate: { readonly body: string; readonly length: number } };

export interface Stub {
  readonly url: string;
  readonly requests: Array<{ method: string; url: string; authorization?: string }>;
  close(): Promise<void>;
}

export async function startStub(answers: StubAnswer[]): Promise<Stub> {
  const requests: Stub['requests'] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const answer = answers[Math.min(next++, answers.length - 1)]!;
    req.resume();
    req.on('end', () => {
      if ('truncate' in answer) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(answer.truncate.length) });
        res.write(answer.truncate.body);
        setTimeout(() => res.socket?.destroy(), 10);
        return;
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

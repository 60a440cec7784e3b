import { HttpError, isRecord } from './http.js';

/**
 * An injected fault: requests matching `method` (any when absent) and `path` (a glob where `*`
 * matches any run of characters, `?` one character) get, `times` times:
 * - `delayMs`: the answer is delayed;
 * - `status` (+ `body`, `headers`): that answer instead of the real one (nothing is processed);
 * - `drop: "before"`: the connection is destroyed before the request is processed;
 * - `drop: "after"`: the request is processed (the write happens) and the connection is destroyed
 *   before the client sees the answer.
 */
export interface Fault {
  id: number;
  method?: string;
  path: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  drop?: 'before' | 'after';
  remaining: number;
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

const bad = (message: string): HttpError => new HttpError(400, message);

export class Faults {
  private faults: (Fault & { regex: RegExp })[] = [];
  private nextId = 1;

  /** Validates and registers a fault from the admin API body. */
  add(spec: unknown): Fault {
    if (!isRecord(spec)) throw bad('A fault must be a JSON object.');
    const { method, path, status, body, headers, delayMs, drop, times } = spec;
    if (typeof path !== 'string' || !path.startsWith('/')) throw bad('path must be a glob starting with "/", e.g. "/scim/v2/Users*".');
    if (method !== undefined && typeof method !== 'string') throw bad('method must be a string.');
    if (status !== undefined && (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599)) throw bad('status must be an HTTP status code.');
    if (delayMs !== undefined && (!Number.isInteger(delayMs) || (delayMs as number) < 0)) throw bad('delayMs must be a non-negative integer.');
    if (drop !== undefined && drop !== 'before' && drop !== 'after') throw bad('drop must be "before" or "after".');
    if (times !== undefined && (!Number.isInteger(times) || (times as number) < 1)) throw bad('times must be a positive integer.');
    if (headers !== undefined && (!isRecord(headers) || !Object.values(headers).every((v) => typeof v === 'string'))) throw bad('headers must map names to strings.');
    if (status === undefined && delayMs === undefined && drop === undefined) throw bad('A fault needs status, delayMs or drop.');
    if (status !== undefined && drop !== undefined) throw bad('A fault either answers with a status or drops the connection, not both.');
    const fault: Fault = { id: this.nextId++, path, remaining: (times as number | undefined) ?? 1 };
    if (method !== undefined) fault.method = method.toUpperCase();
    if (status !== undefined) fault.status = status as number;
    if (body !== undefined) fault.body = body;
    if (headers !== undefined) fault.headers = headers as Record<string, string>;
    if (delayMs !== undefined) fault.delayMs = delayMs as number;
    if (drop !== undefined) fault.drop = drop;
    this.faults.push({ ...fault, regex: globToRegExp(path) });
    return fault;
  }

  /** The first fault matching the request, counted as used. */
  take(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex((f) => (f.method === undefined || f.method === method) && f.regex.test(path));
    const found = this.faults[index];
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.faults.splice(index, 1);
    const { regex: _regex, ...fault } = found;
    return fault;
  }

  list(): Fault[] {
    return this.faults.map(({ regex: _regex, ...fault }) => fault);
  }

  clear(): void {
    this.faults = [];
  }
}

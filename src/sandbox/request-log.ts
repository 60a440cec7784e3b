import type { Vendor } from './http.js';
import type { RateGroup } from './router.js';

export interface RequestLogEntry {
  time: string;
  vendor: Exclude<Vendor, 'admin'>;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** The status the client received; 0 when the connection was dropped before any answer. */
  status: number;
  group?: RateGroup;
  durationMs: number;
  /** Set when an injected fault shaped this answer. */
  fault?: 'status' | 'delay' | 'drop-before' | 'drop-after';
}

export interface RequestStats {
  total: number;
  byVendor: Record<string, number>;
  byGroup: Record<string, number>;
  byStatus: Record<string, number>;
  tooManyRequests: number;
  /**
   * CPU time (user + system, ms) the sandbox's process spent since the log was last cleared:
   * serving requests and whatever else runs in it. Benchmarks weigh it against their client's,
   * since the two share the machine's cores.
   */
  cpuMs: number;
}

/** Entries kept for `GET /_sandbox/requests`; older ones are dropped (stats keep counting). */
const MAX_ENTRIES = 50_000;
/** Query parameters whose values are never logged, whatever route they reach. */
const SECRET_PARAM = /token|secret|assertion|password|jwt|key/i;

/** The vendor request log and its counters. Headers and bodies are never recorded, so no credential is. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private counters: Omit<RequestStats, 'cpuMs'> = emptyStats();
  private cpuAtClear = process.cpuUsage();

  record(entry: Omit<RequestLogEntry, 'query'> & { query: URLSearchParams }): void {
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(entry.query.keys())) {
      const values = entry.query.getAll(key).map((v) => (SECRET_PARAM.test(key) ? '[redacted]' : v));
      query[key] = values.length === 1 ? (values[0] ?? '') : values;
    }
    this.entries.push({ ...entry, query });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    const c = this.counters;
    c.total += 1;
    c.byVendor[entry.vendor] = (c.byVendor[entry.vendor] ?? 0) + 1;
    if (entry.group) c.byGroup[entry.group] = (c.byGroup[entry.group] ?? 0) + 1;
    c.byStatus[String(entry.status)] = (c.byStatus[String(entry.status)] ?? 0) + 1;
    if (entry.status === 429) c.tooManyRequests += 1;
  }

  list(): RequestLogEntry[] {
    return this.entries;
  }

  stats(): RequestStats {
    const cpu = process.cpuUsage(this.cpuAtClear);
    return { ...this.counters, cpuMs: (cpu.user + cpu.system) / 1000 };
  }

  clear(): void {
    this.entries = [];
    this.counters = emptyStats();
    this.cpuAtClear = process.cpuUsage();
  }
}

function emptyStats(): Omit<RequestStats, 'cpuMs'> {
  return { total: 0, byVendor: {}, byGroup: {}, byStatus: {}, tooManyRequests: 0 };
}

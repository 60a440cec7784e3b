/**
 * Bounds on what Roster reads from any system, so that a broken or hostile service can make a
 * read fail, but never make it run out of memory or go on forever: resources per list, bytes per
 * response, time without a byte of the body, and time per request. Each has a setting (an
 * environment variable the CLI reads, docs/providers.md "Bounded reads"), named in every failure
 * it causes so that whoever meets it knows what to raise.
 */

export interface ReadLimits {
  /** Resources one list may hold: a larger declared total (or count read) fails the read. */
  readonly maxResources: number;
  /** Bytes of one response body; the body is aborted as soon as it passes this. */
  readonly maxResponseBytes: number;
  /** Time without a byte of the response body. */
  readonly idleTimeoutMs: number;
  /** Time from sending a request to the last byte of its answer, however steadily bytes come. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxResources: 1_000_000,
  maxResponseBytes: 32 * 1024 * 1024,
  idleTimeoutMs: 30_000,
  requestTimeoutMs: 120_000,
};

/** The setting of each limit, as failures name it. */
export const LIMIT_SETTINGS: Readonly<Record<keyof ReadLimits, string>> = {
  maxResources: 'ROSTER_MAX_RESOURCES',
  maxResponseBytes: 'ROSTER_MAX_RESPONSE_SIZE',
  idleTimeoutMs: 'ROSTER_IDLE_TIMEOUT',
  requestTimeoutMs: 'ROSTER_REQUEST_TIMEOUT',
};

/**
 * Pages a list may take beyond those its first page's total implies: a list that grows while it
 * is read needs a page or two more, a server that never ends needs them all.
 */
export const PAGE_SLACK = 2;

/** Pages a list of `total` resources may take, `perPage` at a time. */
export function pageBudget(total: number, perPage: number): number {
  return Math.ceil(total / Math.max(1, perPage)) + PAGE_SLACK;
}

/** `33554432` → `32 MiB`; other sizes in bytes. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  return `${bytes} bytes`;
}

/** `30000` → `30 s`, `1500` → `1500 ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

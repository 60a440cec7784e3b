/**
 * The sandbox's request log, sorted by kind, and the list pages of a plan as the floor loop
 * fetches them.
 */
import type { Cost, FloorRequest } from './measure.js';
import type { LoggedRequest } from './sandbox.js';

export interface RequestKinds {
  /** JumpCloud reads: applications, groups, users, memberships. */
  readonly directoryPages: number;
  /** RingCentral: SCIM user list pages, extension list pages, detail reads, token requests. */
  readonly scimPages: number;
  /** Filtered SCIM reads (`userName eq …`): apply's look-up before each create. */
  readonly lookups: number;
  readonly extensionPages: number;
  readonly detailReads: number;
  readonly tokens: number;
  /** SCIM POST/PUT/PATCH/DELETE. */
  readonly writes: number;
  readonly other: number;
  readonly total: number;
}

type Kind = Exclude<keyof RequestKinds, 'total'>;

function kindOf(request: LoggedRequest): Kind {
  const { method, path } = request;
  if (request.vendor === 'jumpcloud') return method === 'GET' ? 'directoryPages' : 'other';
  if (path === '/restapi/oauth/token') return 'tokens';
  if (/^\/restapi\/v1\.0\/account\/[^/]+\/extension$/.test(path) && method === 'GET') return 'extensionPages';
  if (path === '/scim/v2/Users' && method === 'GET') return request.query['filter'] === undefined ? 'scimPages' : 'lookups';
  if (/^\/scim\/v2\/Users\/[^/]+$/.test(path) && method === 'GET') return 'detailReads';
  if (path.startsWith('/scim/v2/Users') && method !== 'GET') return 'writes';
  return 'other';
}

export function classify(log: readonly LoggedRequest[]): RequestKinds {
  const kinds = { directoryPages: 0, scimPages: 0, lookups: 0, extensionPages: 0, detailReads: 0, tokens: 0, writes: 0, other: 0 };
  for (const request of log) kinds[kindOf(request)] += 1;
  return { ...kinds, total: log.length };
}

/** Requests that are list pages: what a plan cannot do without. */
export function listPages(kinds: RequestKinds): number {
  return kinds.directoryPages + kinds.scimPages + kinds.extensionPages;
}

function pathWithQuery(request: LoggedRequest): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) for (const one of Array.isArray(value) ? value : [value]) query.append(key, one);
  const text = query.toString();
  return text ? `${request.path}?${text}` : request.path;
}

/** The list pages of a logged plan, in order, with the credentials the sandbox printed. */
export function floorRequests(log: readonly LoggedRequest[], env: Readonly<Record<string, string>>): FloorRequest[] {
  const jumpcloud = { 'x-api-key': env['JUMPCLOUD_API_KEY'] ?? '' };
  const ringcentral = { authorization: `Bearer ${env['RINGCENTRAL_TOKEN'] ?? ''}` };
  return log
    .filter((r) => ['directoryPages', 'scimPages', 'extensionPages'].includes(kindOf(r)))
    .map((r) => ({ vendor: r.vendor, path: pathWithQuery(r), headers: r.vendor === 'jumpcloud' ? jumpcloud : ringcentral }));
}

/** When a run's requests happened, from the sandbox's log (times in ms). */
export interface Timeline {
  /** From the spawn of the process to the first request's arrival: Node, Roster's modules, the configuration. */
  readonly startMs: number;
  /** From the first request's arrival to the last one's answer. */
  readonly readingMs: number;
  /** From the last answer to the exit: what is left of checking, mapping, planning, saving and printing. */
  readonly afterMs: number;
  /** The same for JumpCloud's group membership pages, which carry no total and so are read a few at a time. */
  readonly membershipMs: number;
  readonly membershipPages: number;
  /** Within `readingMs`, the time the sandbox held no request: it waited on the client. */
  readonly serverIdleMs: number;
}

/** Time within the span of `requests` when none was being answered (from arrival to answer). */
function idleWithin(requests: readonly LoggedRequest[]): number {
  const spans = requests.map((r) => [Date.parse(r.time), Date.parse(r.time) + r.durationMs] as const).sort((a, b) => a[0] - b[0]);
  let idle = 0;
  let end = spans[0]?.[1] ?? 0;
  for (const [start, finish] of spans) {
    if (start > end) idle += start - end;
    end = Math.max(end, finish);
  }
  return idle;
}

/** The run's requests against the process that sent them (`cost`: when it was spawned and exited). */
export function timelineOf(log: readonly LoggedRequest[], cost: Pick<Cost, 'spawnedAt' | 'exitedAt'>): Timeline | undefined {
  const first = (requests: readonly LoggedRequest[]) => Math.min(...requests.map((r) => Date.parse(r.time)));
  const last = (requests: readonly LoggedRequest[]) => Math.max(...requests.map((r) => Date.parse(r.time) + r.durationMs));
  const span = (requests: readonly LoggedRequest[]) => (requests.length === 0 ? 0 : last(requests) - first(requests));
  if (log.length === 0) return undefined;
  const membership = log.filter((r) => r.path.endsWith('/membership'));
  return {
    startMs: first(log) - cost.spawnedAt,
    readingMs: span(log),
    afterMs: cost.exitedAt - last(log),
    membershipMs: span(membership),
    membershipPages: membership.length,
    serverIdleMs: idleWithin(log),
  };
}

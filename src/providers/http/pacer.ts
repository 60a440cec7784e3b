/**
 * Pacing per (origin, credential, rate-limit group): requests are admitted only when the group's
 * budget has room, so that no request provokes a 429 when the server tells its limits.
 *
 * docs/vendors/ringcentral.md §4: limits are counted per (user, app) and group in a sliding window; the
 * `X-Rate-Limit-*` headers tell the limit, what remains and the window; a 429 starts a penalty and
 * every request during it restarts the penalty — so after a 429 the whole group waits.
 *
 * The model. The server counts a request when it arrives, which is after Roster sent it and before
 * Roster saw the answer. So each request of ours occupies the budget from admission until one
 * window after its answer (an upper bound of the server's own count). An answer's `Remaining`
 * also reveals hits Roster did not make or cannot yet be sure the server counted (other processes
 * with the same credential, concurrent requests): that excess is held for one window after the
 * answer. A request is admitted while `ours + excess < limit`.
 *
 * Before the first answer of a group, the documented limit of the group is assumed and one request
 * goes alone, so that its headers reveal what other clients have already spent. When answers carry
 * no headers, the group is not limited per user (§4: "if a 429 lacks X-Rate-Limit headers, a
 * different (non-user) limit was hit") and goes unpaced — until a 429 without headers shows that
 * it is limited after all: from then on the documented limit is kept.
 */
import type { Clock } from './clock.js';
import type { RateLimitState } from './rate-limit-headers.js';

/** Node's timers may fire a millisecond early; waits are padded by this much. */
const TIMER_SLACK_MS = 2;
/** Documented limits are per minute (docs/vendors/ringcentral.md §4). */
const DOCUMENTED_WINDOW_MS = 60_000;

export interface Ticket {
  readonly sentAt: number;
  completedAt?: number;
}

/** A request given up while it waited for room, because the run was stopped. */
export class PaceAbandoned extends Error {
  constructor() {
    super('the run was stopped while this request waited for a rate-limit window; it was not sent');
    this.name = 'PaceAbandoned';
  }
}

export interface PaceWait {
  readonly ms: number;
  /** `penalty`: after a 429, until Retry-After; `rate-limit`: the window's budget is spent. */
  readonly reason: 'penalty' | 'rate-limit';
}

export interface Settlement {
  /** The answer's rate-limit headers, when it had them. */
  readonly rateLimit?: RateLimitState;
  /** After a 429: how long the group must send nothing. */
  readonly penaltyMs?: number;
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export class GroupPacer {
  private limit: number | undefined;
  private windowMs = DOCUMENTED_WINDOW_MS;
  private answered = false;
  /** The server has told its limits in headers. */
  private told = false;
  /** A 429 came without headers: the documented limit holds for good. */
  private limitedSilently = false;
  /** Our requests the server may still be counting: in flight, or answered less than a window ago. */
  private readonly tickets: Ticket[] = [];
  /** Hits the server reported beyond ours, each held until `until`. */
  private excess: Array<{ count: number; until: number }> = [];
  private penaltyUntil = 0;
  private turn: Promise<unknown> = Promise.resolve();
  private changed = deferred();

  constructor(
    private readonly clock: Clock,
    /** The group's documented requests per minute, when it is known to be limited. */
    private readonly documented?: number,
  ) {
    this.limit = documented && documented > 0 ? documented : undefined;
  }

  /**
   * Waits, in arrival order, until a request may be sent; `onWait` hears every timed wait.
   * When `stop` aborts while it waits, it rejects with
   * `PaceAbandoned` instead: the request is never sent, and later ones are not held up by it.
   */
  admit(onWait: (wait: PaceWait) => void, stop?: AbortSignal): Promise<Ticket> {
    const admitted = this.turn.then(() => this.waitForRoom(onWait, stop));
    this.turn = admitted.catch(() => undefined);
    return admitted;
  }

  /** Records the answer (or its absence) of an admitted request. */
  settle(ticket: Ticket, settlement: Settlement = {}): void {
    const now = this.clock.now();
    ticket.completedAt = now;
    this.answered = true;
    const state = settlement.rateLimit;
    if (!state && settlement.penaltyMs !== undefined && this.documented) {
      this.limitedSilently = true;
      this.limit = this.documented;
      this.windowMs = DOCUMENTED_WINDOW_MS;
    } else if (!state && !this.told && !this.limitedSilently) {
      this.limit = undefined;
    }
    if (state) {
      this.told = true;
      this.limit = state.limit;
      this.windowMs = state.windowMs;
      // Ours that the server surely counted before this one: answered before it was sent, and
      // sent less than a window before this answer.
      const counted =
        1 + this.tickets.filter((t) => t !== ticket && t.completedAt !== undefined && t.completedAt <= ticket.sentAt && t.sentAt + state.windowMs > now).length;
      const excess = state.limit - state.remaining - counted;
      if (excess > 0) this.excess.push({ count: excess, until: now + state.windowMs });
    }
    if (settlement.penaltyMs !== undefined) this.penaltyUntil = Math.max(this.penaltyUntil, now + settlement.penaltyMs);
    const wake = this.changed;
    this.changed = deferred();
    wake.resolve();
  }

  private async waitForRoom(onWait: (wait: PaceWait) => void, stop?: AbortSignal): Promise<Ticket> {
    for (;;) {
      const now = this.clock.now();
      const hold = this.holdAt(now);
      if (hold === 'none') {
        const ticket: Ticket = { sentAt: now };
        this.tickets.push(ticket);
        return ticket;
      }
      if (stop?.aborted) throw new PaceAbandoned();
      const cancel = new AbortController();
      const stopped = stop ? new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true, signal: cancel.signal })) : undefined;
      if (hold === 'until-answer') {
        await Promise.race([this.changed.promise, ...(stopped ? [stopped] : [])]);
      } else {
        onWait(hold);
        // An answer may free room early; the timer is then cancelled so it keeps nothing alive.
        await Promise.race([this.clock.sleep(hold.ms + TIMER_SLACK_MS, cancel.signal), this.changed.promise, ...(stopped ? [stopped] : [])]);
      }
      cancel.abort();
    }
  }

  /** Why a request cannot go now: a timed wait, an answer to come, or nothing. */
  private holdAt(now: number): PaceWait | 'until-answer' | 'none' {
    if (this.penaltyUntil > now) return { ms: this.penaltyUntil - now, reason: 'penalty' };
    this.forgetExpired(now);
    const inFlight = this.tickets.filter((t) => t.completedAt === undefined).length;
    if (this.limit === undefined) return 'none';
    if (!this.answered) return inFlight > 0 ? 'until-answer' : 'none';
    const excess = Math.max(0, ...this.excess.map((e) => e.count));
    if (this.tickets.length + excess < this.limit) return 'none';
    const expiries = [
      ...this.tickets.filter((t) => t.completedAt !== undefined).map((t) => (t.completedAt as number) + this.windowMs),
      ...this.excess.map((e) => e.until),
    ];
    if (expiries.length === 0) return 'until-answer';
    return { ms: Math.max(0, Math.min(...expiries) - now), reason: 'rate-limit' };
  }

  /** What this group still counts against the budget, for the next process; undefined when nothing. */
  remember(now: number): Omit<PaceMemory, 'budget' | 'group'> | undefined {
    this.forgetExpired(now);
    if (this.limit === undefined || !this.answered) return undefined;
    const sentAt = this.tickets.map((t) => t.sentAt);
    const busyUntil = Math.max(this.penaltyUntil, ...this.excess.map((e) => e.until));
    if (sentAt.length === 0 && busyUntil <= now) return undefined;
    return { limit: this.limit, windowMs: this.windowMs, sentAt, ...(busyUntil > now ? { busyUntil } : {}) };
  }

  /**
   * Takes over what a previous process spent of this budget: its requests count until a window
   * after they were sent, and a penalty or others' hits it saw hold the whole group until
   * `busyUntil`. The first request then waits for room instead of provoking a 429.
   */
  recall(memory: Omit<PaceMemory, 'budget' | 'group'>, now: number): void {
    this.limit = memory.limit;
    this.windowMs = memory.windowMs;
    this.answered = true;
    for (const sentAt of memory.sentAt) {
      if (sentAt + memory.windowMs > now && sentAt <= now) this.tickets.push({ sentAt, completedAt: sentAt });
    }
    if (memory.busyUntil !== undefined && memory.busyUntil > now) this.excess.push({ count: memory.limit, until: memory.busyUntil });
  }

  private forgetExpired(now: number): void {
    // Without a limit, answered requests constrain nothing; until one is known, only those in flight matter.
    const keepFor = this.limit === undefined ? 0 : this.windowMs;
    for (let i = this.tickets.length - 1; i >= 0; i--) {
      const completedAt = this.tickets[i]?.completedAt;
      if (completedAt !== undefined && completedAt + keepFor <= now) this.tickets.splice(i, 1);
    }
    this.excess = this.excess.filter((e) => e.until > now);
  }
}

/** One group's use of a budget, as a previous process left it (times in ms since the epoch). */
export interface PaceMemory {
  /** The budget's non-secret name (origin and a hash of the credential). */
  readonly budget: string;
  readonly group: string;
  readonly limit: number;
  readonly windowMs: number;
  /** When its requests still in the window were sent. */
  readonly sentAt: readonly number[];
  /** Until when the group can send nothing (a penalty after a 429, or others' hits). */
  readonly busyUntil?: number;
}

/**
 * The pacers of one process, shared by every client: two runs in one process (plan, then apply)
 * spend the same budget, so they share what they learned about it.
 */
export class PacerRegistry {
  private readonly pacers = new Map<string, GroupPacer>();
  /** Declared group → the group the server names in `X-Rate-Limit-Group`, when they differ. */
  private readonly aliases = new Map<string, string>();
  /** What a previous process left, applied when the group's pacer is first asked for. */
  private readonly recalled = new Map<string, Omit<PaceMemory, 'budget' | 'group'>>();

  constructor(private readonly clock: Clock) {}

  /** `budget` identifies origin and credential (never the credential itself). */
  pacerFor(budget: string, group: string, documentedPerMinute?: number): GroupPacer {
    const name = this.aliases.get(`${budget}\u0000${group}`) ?? group;
    const key = `${budget}\u0000${name}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = new GroupPacer(this.clock, documentedPerMinute);
      this.pacers.set(key, pacer);
      const memory = this.recalled.get(key);
      if (memory) pacer.recall(memory, this.clock.now());
      this.recalled.delete(key);
    }
    return pacer;
  }

  /** What every group still counts against its budget, for the next process. */
  remember(): PaceMemory[] {
    const now = this.clock.now();
    return [...this.pacers].flatMap(([key, pacer]) => {
      const [budget = '', group = ''] = key.split('\u0000');
      const memory = pacer.remember(now);
      return memory ? [{ budget, group, ...memory }] : [];
    });
  }

  /** Takes over what a previous process left (see GroupPacer.recall); the documented limit of each group stays its own. */
  recall(memories: readonly PaceMemory[]): void {
    for (const { budget, group, ...memory } of memories) {
      const key = `${budget}\u0000${group}`;
      const pacer = this.pacers.get(key);
      if (pacer) pacer.recall(memory, this.clock.now());
      else this.recalled.set(key, memory);
    }
  }

  /** The server counts `declared` requests in `reported`: later ones are paced there. */
  learnGroup(budget: string, declared: string, reported: string): void {
    if (declared !== reported) this.aliases.set(`${budget}\u0000${declared}`, reported);
  }
}

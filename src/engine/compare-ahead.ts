/**
 * Comparing accounts with their users' mappings while the directory is still being read. Once an
 * application's account list has arrived, each account that names a user (its externalId) is
 * compared as soon as that user is mapped (map-ahead.ts), a few hundred accounts at a time, with
 * the answers still arriving handled in between. The comparer remembers what it found
 * (core/account-comparison.ts), so the plan and the refresh cache find those comparisons made.
 *
 * Nothing depends on it: what is not compared when the directory has been read is compared by
 * the plan, with the same comparer, and an account that turns out not to be the user's (the plan
 * decides ownership and access from the whole directory) costs one comparison.
 */
import type { FlatAttributes, TargetAccount } from '../core/model.js';
import type { MappedAhead } from './map-ahead.js';

type Compare = (mapped: FlatAttributes, account: TargetAccount) => unknown;

/** Comparisons per turn of the event loop: about a millisecond's work. */
const CHUNK = 250;

interface Application {
  /** Users mapped before the accounts came. */
  readonly mapped: Map<string, FlatAttributes>;
  /** Once the accounts have come: those whose user is not mapped yet, by externalId. */
  waiting?: Map<string, TargetAccount>;
  compare?: Compare;
}

export class CompareAhead {
  private readonly applications = new Map<string, Application>();
  private readonly queue: Array<{ readonly compare: Compare; readonly mapped: FlatAttributes; readonly account: TargetAccount }> = [];
  private next = 0;
  private turn: NodeJS.Immediate | undefined;
  private stopped = false;

  /** For map-ahead.ts: a user mapped for an application. */
  readonly mapped: MappedAhead = (app, userId, mapped) => {
    if (this.stopped) return;
    const application = this.application(app);
    if (!application.waiting || !application.compare) {
      application.mapped.set(userId, mapped);
      return;
    }
    const account = application.waiting.get(userId);
    if (account === undefined) return;
    application.waiting.delete(userId);
    this.enqueue(application.compare, mapped, account);
  };

  /** The application's accounts have come; `compare` is how its plan compares them. */
  accounts(app: string, accounts: readonly TargetAccount[], compare: Compare): void {
    if (this.stopped) return;
    const application = this.application(app);
    const waiting = new Map<string, TargetAccount>();
    for (const account of accounts) {
      const userId = account.externalId;
      // A second account naming a user not mapped yet is left to the plan.
      if (userId === undefined || waiting.has(userId)) continue;
      const mapped = application.mapped.get(userId);
      if (mapped) this.enqueue(compare, mapped, account);
      else waiting.set(userId, account);
    }
    application.mapped.clear();
    application.waiting = waiting;
    application.compare = compare;
  }

  /** The directory has been read: what is not compared yet is left to the plan. */
  stop(): void {
    this.stopped = true;
    if (this.turn) clearImmediate(this.turn);
    this.turn = undefined;
    this.queue.length = 0;
    this.applications.clear();
  }

  private application(app: string): Application {
    let application = this.applications.get(app);
    if (!application) this.applications.set(app, (application = { mapped: new Map() }));
    return application;
  }

  private enqueue(compare: Compare, mapped: FlatAttributes, account: TargetAccount): void {
    this.queue.push({ compare, mapped, account });
    this.turn ??= setImmediate(() => this.work());
  }

  private work(): void {
    this.turn = undefined;
    const end = Math.min(this.queue.length, this.next + CHUNK);
    for (; this.next < end; this.next += 1) {
      const { compare, mapped, account } = this.queue[this.next]!;
      try {
        compare(mapped, account);
      } catch {
        // The plan compares the account again, and reports what went wrong there.
      }
    }
    if (this.next < this.queue.length) {
      this.turn = setImmediate(() => this.work());
    } else {
      this.queue.length = 0;
      this.next = 0;
    }
  }
}

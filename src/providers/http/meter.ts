/**
 * Counts what the HTTP layer does, per system and rate-limit group, and passes every event to an
 * optional listener (progress views, debug output). Shared by all clients of one wiring.
 */
import type { TransportCounters, TransportEvent, TransportListener, TransportStats } from '../../core/ports.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class TransportMeter {
  private readonly counters = new Map<string, Map<string, Mutable<TransportCounters>>>();

  constructor(private readonly listener?: TransportListener) {}

  record(event: TransportEvent): void {
    const bySystem = this.counters.get(event.system) ?? new Map<string, Mutable<TransportCounters>>();
    this.counters.set(event.system, bySystem);
    const counters = bySystem.get(event.group) ?? { requests: 0, retries: 0, waits: 0, waitMs: 0, tooManyRequests: 0 };
    bySystem.set(event.group, counters);
    switch (event.kind) {
      case 'request':
        counters.requests += 1;
        if (event.status === 429) counters.tooManyRequests += 1;
        break;
      case 'retry':
        counters.retries += 1;
        break;
      case 'wait':
        counters.waits += 1;
        counters.waitMs += event.ms;
        break;
    }
    this.listener?.(event);
  }

  /** A snapshot: later requests do not change it. */
  stats(): TransportStats {
    const stats: Record<string, Record<string, TransportCounters>> = {};
    for (const [system, groups] of this.counters) {
      stats[system] = Object.fromEntries([...groups].map(([group, counters]) => [group, { ...counters }]));
    }
    return stats;
  }
}

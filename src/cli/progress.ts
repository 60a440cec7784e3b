/**
 * Progress of long reads, on stderr and only on a terminal: one line, rewritten in place, with the
 * requests made so far per system. In CI (no terminal) it stays silent, so that logs and captured
 * output hold results only.
 */
import type { TransportEvent, TransportListener } from '../core/ports.js';
import type { CliIO } from './command.js';

/** Redraws at most this often: a fast read makes thousands of requests. */
const REDRAW_MS = 100;

export interface ReadProgress {
  /** Hand to the wiring: hears every request. */
  readonly listener?: TransportListener;
  /** Clears the line once the reads are over; calling it again does nothing. */
  done(): void;
}

export function readProgress(io: CliIO, label: string): ReadProgress {
  if (!io.stderr.isTTY) return { done: () => {} };
  const counts = new Map<string, number>();
  let lastDrawn = 0;
  let drawn = false;
  const draw = () => {
    const parts = [...counts].map(([system, n]) => `${system} ${n}`).join(', ');
    io.stderr.write(`\r\u001b[2K${label}: ${parts} request${[...counts.values()].reduce((a, b) => a + b, 0) === 1 ? '' : 's'}`);
    drawn = true;
  };
  return {
    listener: (event: TransportEvent) => {
      if (event.kind !== 'request') return;
      counts.set(event.system, (counts.get(event.system) ?? 0) + 1);
      const now = Date.now();
      if (now - lastDrawn >= REDRAW_MS) {
        lastDrawn = now;
        draw();
      }
    },
    done: () => {
      if (drawn) io.stderr.write('\r\u001b[2K');
      drawn = false;
    },
  };
}

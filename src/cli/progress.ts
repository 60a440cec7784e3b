/**
 * Progress of long reads, on stderr and only on a terminal: after a second without the result,
 * one line, rewritten in place, says what is being read — requests answered so far per system,
 * the path of the latest request (or its retry, or its wait for the rate limit) and the time
 * spent. It is cleared before the command prints its result. Without a terminal it stays silent,
 * so that logs and captured output hold results only; without colour (NO_COLOR, --no-color) it is
 * the same line, undimmed.
 */
import type { TransportEvent, TransportListener } from '../core/ports.js';
import { printable } from '../render/printable.js';
import { colorEnabled } from './color.js';
import type { CliIO } from './command.js';

/** Reads that end sooner show nothing. */
const SHOW_AFTER_MS = 1_000;
/** Redraws at most this often (a fast read makes thousands of requests), and at least this often while one request is slow. */
const REDRAW_MS = 250;
/** Erases the line the cursor is on and returns to its start. */
const CLEAR_LINE = '\r\u001b[2K';

export interface ReadProgress {
  /** Hand to the wiring: hears every request. */
  readonly listener?: TransportListener;
  /** Clears the line once the reads are over; calling it again does nothing. */
  done(): void;
}

/** What the line says of the latest event, e.g. `GET /api/v2/usergroups`, `retrying GET /Users in 2 s (status 503)`. */
function latest(event: TransportEvent): string {
  const request = `${event.method} ${event.path}`;
  const seconds = `${Math.max(1, Math.round(event.ms / 1000))} s`;
  if (event.kind === 'retry') return `retrying ${request} in ${seconds}${event.reason ? ` (${event.reason})` : ''}`;
  if (event.kind === 'wait') return `${request} waits ${seconds} for the rate limit`;
  return request;
}

/** The line itself, without colour; exported for tests. */
export function progressLine(label: string, counts: ReadonlyMap<string, number>, last: string | undefined, elapsedMs: number): string {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const systems = counts.size === 0 ? 'waiting for the first answer' : `${[...counts].map(([system, n]) => `${system} ${n}`).join(', ')} request${total === 1 ? '' : 's'}`;
  return `${label}: ${systems}${last ? ` · ${last}` : ''} · ${Math.floor(elapsedMs / 1000)} s`;
}

export function readProgress(io: CliIO, label: string): ReadProgress {
  if (!io.stderr.isTTY) return { done: () => {} };
  const stderr = io.stderr as CliIO['stderr'] & { columns?: number };
  const dim = colorEnabled(io, io.stderr);
  const startedAt = Date.now();
  const counts = new Map<string, number>();
  let last: string | undefined;
  let lastDrawn = 0;
  let drawn = false;
  let finished = false;

  const draw = () => {
    const now = Date.now();
    if (finished || now - startedAt < SHOW_AFTER_MS) return;
    lastDrawn = now;
    // Wider than the terminal, the line would wrap, and the carriage return would clear only its last row.
    const width = Math.max(20, (stderr.columns || 80) - 1);
    let text = progressLine(printable(label), counts, last === undefined ? undefined : printable(last), now - startedAt);
    if (text.length > width) text = `${text.slice(0, width - 1)}…`;
    io.stderr.write(`${CLEAR_LINE}${dim ? `\u001b[2m${text}\u001b[22m` : text}`);
    drawn = true;
  };
  // A single slow request sends no event: the clock keeps the line (and its seconds) moving.
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();

  return {
    listener: (event: TransportEvent) => {
      if (event.kind === 'request') counts.set(event.system, (counts.get(event.system) ?? 0) + 1);
      last = `${event.system} ${latest(event)}`;
      if (Date.now() - lastDrawn >= REDRAW_MS) draw();
    },
    done: () => {
      finished = true;
      clearInterval(timer);
      if (drawn) io.stderr.write(CLEAR_LINE);
      drawn = false;
    },
  };
}

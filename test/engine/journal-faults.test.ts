/**
 * The journal on files that fail: a full file system (a small tmpfs, where this machine lets the
 * test mount one), a device, a FIFO, a folder that cannot be made. Lines are whole or absent, a
 * failure is reported once and in words, and nothing blocks or loops.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFolder, FileKindError, readRegularFile } from '../../src/engine/files.js';
import { openJournal } from '../../src/engine/journal.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'roster-journal-faults-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const now = () => new Date('2026-12-06T10:00:00Z');

/** Mounts a tmpfs of `size` at a new folder, or says why it cannot. */
function smallFileSystem(size: string): { dir: string; unmount(): void } | { refused: string } {
  const dir = join(root, `tmpfs-${size}`);
  mkdirSync(dir);
  const run = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (run.status !== 0) return { refused: `mount -t tmpfs was refused (${(run.stderr || run.error?.message || `exit ${run.status}`).trim()})` };
  return { dir, unmount: () => execFileSync('umount', [dir]) };
}

describe('a journal on a full file system', () => {
  it('keeps every line whole, reports the failure once in words, and hands the rest to the fallback', (context) => {
    const fs = smallFileSystem('16k');
    if ('refused' in fs) {
      console.log(`skipped: ${fs.refused}; the full-disk journal test needs root and tmpfs`);
      context.skip();
      return;
    }
    try {
      const failures: string[] = [];
      const fallback: string[] = [];
      const path = join(fs.dir, 'journal', 'run.jsonl');
      const journal = openJournal(path, 'run-1', now, { onFailure: (m) => failures.push(m), fallback: (line) => fallback.push(line) });
      // Lines of about 700 bytes, so that one of them is cut by the full disk.
      for (let i = 0; i < 100; i++) journal.record({ event_type: 'user_create_provision', address: `ringcentral/user/${'x'.repeat(640)}${i}@example.com`, outcome: 'success' });
      journal.close();

      expect(failures).toHaveLength(1);
      expect(failures[0]).toBe(`${path}: no space left on device (ENOSPC)`);
      const text = readFileSync(path, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const lines = text.trimEnd().split('\n');
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(lines.length).toBeGreaterThan(0);
      // Nothing lost: every line is in the file or in the fallback, once.
      expect(lines.length + fallback.length).toBe(100);
    } finally {
      fs.unmount();
    }
  });
});

describe('files that are not regular files', () => {
  it('a device is refused at open, in words', () => {
    expect(() => openJournal('/dev/full', 'run-1', now)).toThrow(new FileKindError('/dev/full', 'a device'));
  });

  it('a FIFO is refused at once, for writing and for reading', () => {
    const fifo = join(root, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => openJournal(fifo, 'run-1', now)).toThrow(/a FIFO|ENXIO/);
    expect(() => readRegularFile(fifo)).toThrow(new FileKindError(fifo, 'a FIFO (named pipe)'));
  });

  it('a folder is refused', () => {
    expect(() => openJournal(root, 'run-1', now)).toThrow();
    expect(() => readRegularFile(root)).toThrow(new FileKindError(root, 'a folder'));
  });

  it('a folder that cannot be made fails at once, without a loop', () => {
    expect(() => ensureFolder('/proc/nope/journal')).toThrow();
    expect(() => openJournal('/proc/nope/j.jsonl', 'run-1', now)).toThrow();
  });
});

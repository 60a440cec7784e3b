/**
 * The files Roster reads and writes by flag or under `.roster/` (journal, refresh cache, saved
 * plans) are regular files, or nothing: a FIFO would block a read or a write forever, a device
 * (`/dev/full`, `/dev/zero`) would swallow or fill it, a folder cannot hold it. Each is refused
 * with a message naming the path and what it is. Opening never blocks (O_NONBLOCK, so a FIFO
 * without a reader fails at once instead of waiting), and the kind is checked on the opened file
 * itself, so a file swapped between a check and the open is still caught.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class FileKindError extends Error {
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path} is ${kind}; Roster reads and writes regular files only: choose a file path`);
    this.name = 'FileKindError';
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function requireRegular(path: string, fd: number): void {
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    throw new FileKindError(path, kindOf(stats));
  }
}

/** Refuses a path that exists and is not a regular file (symlinks are followed). */
export function assertRegularOrAbsent(path: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stats.isFile()) throw new FileKindError(path, kindOf(stats));
}

/**
 * Creates a folder and its missing parents, one level at a time from the top: every level is a
 * single mkdir that either succeeds, finds a folder, or fails with its error (no retry loop, so a
 * path under `/proc` or a read-only mount fails at once).
 */
export function ensureFolder(dir: string, mode = 0o700): void {
  const missing: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    try {
      const stats = statSync(current);
      if (!stats.isDirectory()) throw new FileKindError(current, kindOf(stats));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(current);
      if (dirname(current) === current) break;
    }
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder, { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Opens a regular file for appending (created with `mode`), never blocking, never following a final symlink. */
export function openForAppend(path: string, mode = 0o600): number {
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK | constants.O_NOFOLLOW, mode);
  requireRegular(path, fd);
  return fd;
}

/** Reads a regular file whole, never blocking on a FIFO. */
export function readRegularFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  requireRegular(path, fd);
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** An OS error in words, for messages: `no space left on device (ENOSPC)`. */
export function describeFileError(error: unknown): string {
  if (error instanceof FileKindError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'is a folder',
    ENXIO: 'a FIFO with no reader, or a device that is not there',
    ELOOP: 'a symbolic link where a file was expected',
    EIO: 'input/output error',
    EBADF: 'the file is no longer open',
  };
  const message = (error as Error)?.message ?? String(error);
  return code && words[code] ? `${words[code]} (${code})` : message;
}

/**
 * One apply at a time per application on a machine. Two applies against the same application
 * would both act on what they read (both create the IdP application, both spend one rate-limit
 * budget), so an apply holds a lock for each application of its configuration from before it
 * reads until it ends, and a second apply is refused naming the holder.
 *
 * A lock is a file linked into place (so it exists whole or not at all) in a folder of the user's own (mode 0700, refused when it
 * is not a folder the user owns), named by a digest of the IdP's URL, organisation and the
 * application, so that applies from different checkouts of the same configuration see each
 * other. A lock whose process is gone (killed, crashed) is taken over, and said so; one whose
 * process lives is taken over only with `--take-over-lock`.
 *
 * Across machines (CI runners), the recipe's `concurrency` group serialises applies (docs/ci.md).
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface LockHolder {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly app: string;
  readonly cwd: string;
}

export class ApplyLockedError extends Error {
  constructor(readonly holder: LockHolder) {
    super(
      `${holder.app}: another roster apply is running against this application (process ${holder.pid} on ${holder.host}, started ${holder.startedAt}, in ${holder.cwd}); wait for it to end, or, if that process is not a roster apply, run again with --take-over-lock`,
    );
    this.name = 'ApplyLockedError';
  }
}

export interface LockRequest {
  readonly idpUrl: string;
  readonly orgId?: string;
  readonly apps: readonly string[];
  readonly cwd: string;
  /** Take over a lock whose process still runs (its process is not an apply, or will not end). */
  readonly takeOver: boolean;
  /** The folder holding the locks; by default one of the user's own under the temporary folder. */
  readonly dir?: string;
  readonly now?: () => Date;
}

export interface HeldLocks {
  /** Locks taken over from a process that no longer runs, for a notice. */
  readonly takenOver: readonly LockHolder[];
  release(): void;
}

function defaultLockDir(): string {
  return join(tmpdir(), `roster-locks-${userInfo().uid}`);
}

/** The lock folder, created if needed; a symlink, a file or someone else's folder is refused. */
function lockDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new Error(`the lock folder ${dir} is not a folder of this user's; remove it, and run again`);
  }
  return dir;
}

function lockPath(dir: string, request: LockRequest, app: string): string {
  const key = createHash('sha256').update(`${new URL(request.idpUrl).origin}\u0000${request.orgId ?? ''}\u0000${app}`).digest('hex').slice(0, 24);
  return join(dir, `apply-${key}.lock`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const stat = lstatSync(path);
    if (!stat.isFile() || stat.size > 4096) return undefined;
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.token !== 'string' || typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return parsed as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * Creates the lock file whole, or answers who holds it: the content is written to a file of our
 * own first and then linked into place, which fails if the lock exists, so no reader ever sees a
 * lock half-written.
 */
function tryCreate(path: string, holder: LockHolder): LockHolder | undefined {
  const draft = `${path}.${holder.token}`;
  const fd = openSync(draft, 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, path);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A lock that cannot be read is no apply's: the caller takes it over.
    return readHolder(path) ?? { ...holder, token: '', pid: -1, startedAt: 'unknown' };
  } finally {
    unlinkSync(draft);
  }
}

/** Takes a lock for every application, or none: refuses with the first live holder. */
export function acquireApplyLocks(request: LockRequest): HeldLocks {
  const dir = lockDir(request.dir ?? defaultLockDir());
  const host = hostname();
  const held: Array<{ path: string; token: string }> = [];
  const takenOver: LockHolder[] = [];
  const release = () => {
    for (const { path, token } of held.splice(0)) {
      // Only our own lock is removed: a lock taken over from us is not ours any more.
      if (readHolder(path)?.token === token) unlinkSync(path);
    }
  };
  try {
    for (const app of [...new Set(request.apps)].sort()) {
      const path = lockPath(dir, request, app);
      const holder: LockHolder = { token: randomUUID(), pid: process.pid, host, startedAt: (request.now?.() ?? new Date()).toISOString(), app, cwd: request.cwd };
      let current = tryCreate(path, holder);
      if (current !== undefined) {
        const gone = current.pid === -1 || (current.host === host && !isRunning(current.pid));
        if (!gone && !request.takeOver) throw new ApplyLockedError(current);
        takenOver.push(current);
        unlinkSync(path);
        current = tryCreate(path, holder);
        // Another apply took it between the removal and the creation.
        if (current !== undefined) throw new ApplyLockedError(current);
      }
      held.push({ path, token: holder.token });
    }
  } catch (error) {
    release();
    throw error;
  }
  return { takenOver, release };
}

/**
 * The apply lock on real files: one holder per application, a dead holder's lock taken over, a
 * live one's only when asked, and nothing left behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireApplyLocks, ApplyLockedError } from '../../src/cli/apply-lock.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'roster-lock-test-'));
  dir = join(root, 'locks');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const request = (extra: Partial<Parameters<typeof acquireApplyLocks>[0]> = {}) => ({
  idpUrl: 'https://console.jumpcloud.com',
  apps: ['ringcentral'],
  cwd: '/srv/roster',
  takeOver: false,
  dir,
  ...extra,
});

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('apply lock', () => {
  it('a second apply of the same application is refused, naming the holder', () => {
    const first = acquireApplyLocks(request());
    const error = (() => {
      try {
        acquireApplyLocks(request({ cwd: '/elsewhere' }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApplyLockedError);
    expect((error as Error).message).toContain(`process ${process.pid} on ${hostname()}`);
    expect((error as Error).message).toContain('in /srv/roster');
    expect((error as Error).message).toContain('--take-over-lock');
    first.release();
    acquireApplyLocks(request()).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('other applications, and the same application of another IdP, are not held', () => {
    const first = acquireApplyLocks(request());
    acquireApplyLocks(request({ apps: ['zoom'] })).release();
    acquireApplyLocks(request({ idpUrl: 'https://console.eu.jumpcloud.com' })).release();
    acquireApplyLocks(request({ orgId: 'other-org' })).release();
    first.release();
  });

  it('takes all its applications or none', () => {
    const held = acquireApplyLocks(request({ apps: ['zoom'] }));
    expect(() => acquireApplyLocks(request({ apps: ['ringcentral', 'zoom'] }))).toThrow(ApplyLockedError);
    held.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a lock whose process has ended is taken over and reported', () => {
    const first = acquireApplyLocks(request());
    const [file] = readdirSync(dir);
    const stale = { token: 'old', pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00.000Z', app: 'ringcentral', cwd: '/srv/roster' };
    writeFileSync(join(dir, file!), JSON.stringify(stale));
    const second = acquireApplyLocks(request());
    expect(second.takenOver).toEqual([stale]);
    // The first holder's release leaves the lock it lost alone.
    first.release();
    expect(readdirSync(dir)).toHaveLength(1);
    second.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a live holder’s lock is taken over only with --take-over-lock', () => {
    acquireApplyLocks(request());
    const taken = acquireApplyLocks(request({ takeOver: true }));
    expect(taken.takenOver.map((h) => h.pid)).toEqual([process.pid]);
    taken.release();
  });

  it('a lock folder that is not a folder of the user’s is refused', () => {
    symlinkSync(tmpdir(), join(root, 'link'));
    expect(() => acquireApplyLocks(request({ dir: join(root, 'link') }))).toThrow(/not a folder of this user/);
    writeFileSync(join(root, 'file'), '');
    expect(() => acquireApplyLocks(request({ dir: join(root, 'file') }))).toThrow();
  });
});

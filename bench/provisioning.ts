/**
 * First provisioning: `roster apply` for N users who have no account yet, against RingCentral's
 * documented limits (sandbox limits on, windows and penalties divided by the time scale). The
 * rate-limit floor is the time the writes need at the Heavy group's 10 a minute
 * (docs/vendors/ringcentral.md §4), scaled the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRoster, type Cost } from './lib/measure.js';
import { classify, type RequestKinds } from './lib/requests.js';
import { ROOT, startSandboxProcess, type LoggedRequest } from './lib/sandbox.js';

const CONFIG = join(ROOT, 'bench', 'config');
/** RingCentral's Heavy group (SCIM writes): requests a minute per user and app (§4). */
export const HEAVY_PER_MINUTE = 10;

export interface ProvisioningBench {
  readonly users: number;
  readonly timeScale: number;
  readonly cost: Cost;
  readonly kinds: RequestKinds;
  /** Changes applied: one create per user. */
  readonly changes: number;
  readonly tooManyRequests: number;
  /** writes ÷ allowed rate, divided by the time scale. */
  readonly floorMs: number;
  /** Writes sent per rate-limit window, on average over the full windows (10 would match the floor). */
  readonly writesPerWindow: number;
}

/**
 * Writes grouped into the windows they were sent in (a pause longer than half a window starts a
 * new one); the mean size of the windows between the first and the last.
 */
function meanWritesPerWindow(log: readonly LoggedRequest[], windowMs: number): number {
  const times = log.filter((r) => r.method !== 'GET' && r.path.startsWith('/scim/v2/Users')).map((r) => Date.parse(r.time));
  const sizes: number[] = [];
  let size = 0;
  times.forEach((time, i) => {
    if (i > 0 && time - times[i - 1]! > windowMs / 2) {
      sizes.push(size);
      size = 0;
    }
    size += 1;
  });
  const full = sizes.slice(1);
  return full.length === 0 ? size : full.reduce((a, b) => a + b, 0) / full.length;
}

/** The accounts RingCentral holds once apply is done (one list request, outside the measured run). */
async function accountCount(url: string, token: string): Promise<number> {
  const response = await fetch(`${url}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { totalResults: number }).totalResults;
}

export async function benchFirstProvisioning(users: number, timeScale: number, log: (line: string) => void): Promise<ProvisioningBench> {
  const sandbox = await startSandboxProcess(['--seed', `users=${users},groups=1`, '--rate-limits', 'on', '--time-scale', String(timeScale)]);
  const work = mkdtempSync(join(tmpdir(), 'roster-bench-apply-'));
  try {
    const cost = await runRoster(['apply', '-c', CONFIG, '--auto-approve'], sandbox.env, work, [0]);
    const requests = await sandbox.requests();
    const kinds = classify(requests);
    const { tooManyRequests } = await sandbox.stats();
    const changes = await accountCount(sandbox.url, sandbox.env['RINGCENTRAL_TOKEN'] ?? '');
    if (changes !== users) throw new Error(`apply created ${changes} accounts for ${users} users`);
    const floorMs = ((kinds.writes / HEAVY_PER_MINUTE) * 60_000) / timeScale;
    log(`  apply of ${changes} creates: ${(cost.wallMs / 1000).toFixed(1)} s (floor ${(floorMs / 1000).toFixed(1)} s), ${tooManyRequests} 429s`);
    return { users, timeScale, cost, kinds, changes, tooManyRequests, floorMs, writesPerWindow: meanWritesPerWindow(requests, 60_000 / timeScale) };
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

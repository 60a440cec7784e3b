/**
 * `npm start`, the demo, as a process (`node dist/cli/demo.js`, built by `npm run build`): it
 * shows the plan once (RingCentral, and a wiki whose groups are provisioned), says what the sandbox's time scale means for the estimates, and reads on a
 * screen or two; `--verbose` adds the attribute values.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const DEMO = fileURLToPath(new URL('../../dist/cli/demo.js', import.meta.url));
const cwd = mkdtempSync(join(tmpdir(), 'roster-demo-test-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('the demo', () => {
  it('prints the plan once, explains the time scale, and stays short', { timeout: 60_000 }, async () => {
    const { stdout } = await run(process.execPath, [DEMO], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout.split('\n').length).toBeLessThan(160);
    expect(occurrences(stdout, 'Plan: 62 to create, 1 to adopt, 1 to skip.')).toBe(1);
    expect(stdout).toContain('The sandbox runs at time scale 60: its rate-limit windows are 60× shorter than the real ones');
    expect(stdout).toContain('so the estimates, made at the real limits, are 60× the time the demo takes here.');
    expect(stdout).toMatch(/At time scale 60, apply's "at least 2m 36s" at the real rate limits takes about 3s here\./);
    expect(stdout).toContain('Applying 63 changes: 67 requests, at least 2m 36s at the rate limits');
    // The second application provisions its bound groups, with the members it creates.
    expect(stdout).toContain('wiki: 2 groups to create; 27 memberships added, 0 removed.');
    expect(stdout).toMatch(/^ {2}\+ +create +wiki\/group\/Sales +— IdP group Sales is provisioned to wiki$/m);
    expect(stdout).not.toContain('userName: "amelia.ward@example.com"');
    expect(stdout).toContain('Done.');
  });

  it('shows the attribute values with --verbose, the plan still once', { timeout: 60_000 }, async () => {
    const { stdout } = await run(process.execPath, [DEMO, '--verbose'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toContain('userName: "amelia.ward@example.com"');
    expect(occurrences(stdout, 'Plan: 62 to create, 1 to adopt, 1 to skip.')).toBe(1);
    expect(occurrences(stdout, 'userName: "amelia.ward@example.com"')).toBe(1);
  });
});

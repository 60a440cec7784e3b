/**
 * How close `roster apply` comes to the time RingCentral's rate limits allow. Starts the sandbox
 * with its limits on (time-scaled), creates N accounts with `roster apply` at each parallelism,
 * and prints how long the writes took against the window arithmetic's minimum, the requests per
 * rate-limit group and the 429s.
 *
 *   npx tsx bench/apply-pacing.ts [creates=100] [timeScale=60] [parallelism=1,4,10]
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/main.js';
import { startSandbox } from '../src/sandbox/index.js';

const HEAVY_LIMIT = 10;
const [creates = 100, timeScale = 60] = process.argv.slice(2, 4).map(Number);
const parallelisms = (process.argv[4] ?? '1,4,10').split(',');
const windowMs = 60_000 / timeScale;
const minimumMs = (Math.ceil(creates / HEAVY_LIMIT) - 1) * windowMs;

const example = await readFile(fileURLToPath(new URL('../configs/roster.yaml', import.meta.url)), 'utf8');
const dir = await mkdtemp(join(tmpdir(), 'roster-bench-'));
await writeFile(join(dir, 'roster.yaml'), example.replace('groups: [Sales, Support]', 'groups: [Group 1]'));
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });

console.log(`${creates} creates, Heavy window ${windowMs} ms (${HEAVY_LIMIT} writes): at least ${minimumMs} ms of writes`);
for (const parallelism of parallelisms) {
  const sandbox = await startSandbox({ seed: { users: 2 * creates, groups: 2 }, timeScale });
  const env = {
    ROSTER_IDP_URL: sandbox.url,
    JUMPCLOUD_API_KEY: sandbox.apiKey,
    ROSTER_SCIM_URL: `${sandbox.url}/scim/v2`,
    RINGCENTRAL_CLIENT_ID: sandbox.clientId,
    RINGCENTRAL_CLIENT_SECRET: sandbox.clientSecret,
    RINGCENTRAL_JWT: sandbox.jwt,
  };
  const started = Date.now();
  const code = await runCli(['apply', '-c', dir, '--auto-approve', '--parallelism', parallelism, '--journal', join(dir, `journal-${parallelism}.jsonl`)], {
    stdout: quiet,
    stderr: process.stderr,
    stdin: new PassThrough(),
    env,
    cwd: dir,
    signal: new AbortController().signal,
  });
  const totalMs = Date.now() - started;
  const requests = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as Array<{ time: string; method: string; path: string }>;
  const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { byGroup: Record<string, number>; tooManyRequests: number };
  const writes = requests.filter((r) => r.method === 'POST' && r.path === '/scim/v2/Users');
  const spanMs = Date.parse(writes.at(-1)?.time ?? '') - Date.parse(writes[0]?.time ?? '');
  console.log(
    `parallelism ${parallelism.padStart(2)}: exit ${code}, writes ${writes.length} in ${spanMs} ms (${(spanMs / minimumMs).toFixed(2)}× the minimum), run ${totalMs} ms, ` +
      `requests ${JSON.stringify(stats.byGroup)}, 429s ${stats.tooManyRequests}`,
  );
  await sandbox.close();
}

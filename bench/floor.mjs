// The floor: the list pages a plan needs, fetched by a minimal undici loop — one pool of as many
// connections as Roster opens per origin, requests kept in flight, bodies read and parsed,
// nothing else. Reads the requests (JSON: [{path, headers}]) from the file named by argv[2] and
// the origin from argv[3]; writes its cost like measure-roster.mjs does.
import { readFileSync, writeFileSync } from 'node:fs';
import { Pool } from 'undici';

const requests = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pool = new Pool(process.argv[3], { connections: Number(process.env.BENCH_CONNECTIONS ?? 4) });
let next = 0;
let failed = 0;
async function worker() {
  while (next < requests.length) {
    const { path, headers } = requests[next++];
    const { statusCode, body } = await pool.request({ method: 'GET', path, headers });
    JSON.parse(await body.text());
    if (statusCode !== 200) failed += 1;
  }
}
await Promise.all(Array.from({ length: Number(process.env.BENCH_CONNECTIONS ?? 4) }, worker));
await pool.close();
const cpu = process.cpuUsage();
writeFileSync(
  process.env.BENCH_REPORT,
  JSON.stringify({ code: failed === 0 ? 0 : 1, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);

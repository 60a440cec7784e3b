// The floor: the list pages a plan needs, fetched by a minimal undici loop — per vendor one pool
// of as many connections as Roster opens for it, requests kept in flight, bodies read and parsed,
// nothing else. Reads the requests (JSON: [{vendor, path, headers}]) from the file named by argv[2]
// and the origin from argv[3]; writes its cost like measure-roster.mjs does. With BENCH_CHECKS
// (the bundle of bench/floor-checks.ts), each page is also checked as Roster checks it.
import { readFileSync, writeFileSync } from 'node:fs';
import { Pool } from 'undici';

const checkPage = process.env.BENCH_CHECKS ? (await import(process.env.BENCH_CHECKS)).checkPage : undefined;

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const requests = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let failed = 0;
async function fetchAll(queue) {
  const pool = new Pool(process.argv[3], { connections: CONNECTIONS });
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const { path, headers } = queue[next++];
      const { statusCode, body } = await pool.request({ method: 'GET', path, headers });
      const json = JSON.parse(await body.text());
      if (statusCode !== 200 || (checkPage && !checkPage(path, json))) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await pool.close();
}
const vendors = [...new Set(requests.map((r) => r.vendor))];
await Promise.all(vendors.map((vendor) => fetchAll(requests.filter((r) => r.vendor === vendor))));
const cpu = process.cpuUsage();
writeFileSync(
  process.env.BENCH_REPORT,
  JSON.stringify({ code: failed === 0 ? 0 : 1, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
);

// Preloaded into a Roster child process (`node --import`): when the process exits, however it
// exits short of a crash, its peak resident memory and heap are written to the file named by
// ROSTER_TEST_USAGE_FILE, for tests that bound what a run may cost.
import { writeFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

const file = process.env.ROSTER_TEST_USAGE_FILE;
if (file) {
  process.on('exit', (code) => {
    const { maxRSS } = process.resourceUsage();
    const { used_heap_size: heapUsed, heap_size_limit: heapLimit } = getHeapStatistics();
    writeFileSync(file, JSON.stringify({ code, maxRssBytes: maxRSS * 1024, heapUsed, heapLimit }));
  });
}

/**
 * Requests a 10,000-member SCIM group costs (RFC 7644 §3.5.2 batches of 100 members): creating
 * it, reading it, and adding or removing 1% of its members, with PATCH and without (GET-merge-PUT).
 * Starts the sandbox in this process (requests are counted, not timed against a rate limit),
 * creates the users straight over HTTP, and drives Roster's SCIM provider as the CLI wires a
 * `catalog: scim` application. Requests are the HTTP client's own (transport events, retries
 * included). `npm run bench` runs it for docs/benchmarks.md; alone:
 *
 *   node --import tsx bench/groups.ts [members=10000] [batch=100]
 */
import { fileURLToPath } from 'node:url';
import type { MemberRef, Step } from '../src/core/change.js';
import type { StepContext, TargetProvider, TransportEvent } from '../src/core/ports.js';
import { configSchema } from '../src/config/schema.js';
import { createProviders } from '../src/cli/wiring.js';
import { startSandbox } from '../src/sandbox/index.js';
import { count, markdownTable, ratio, seconds, textTable, type Table } from './lib/table.js';

const APP = 'wiki';
const BASE = '/generic-scim/v2';
const none: StepContext = { appIds: new Map() };

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const scimUrl = (sandbox: Sandbox) => `${sandbox.url}${BASE}`;
const scimHeaders = (sandbox: Sandbox) => ({ authorization: `Bearer ${sandbox.genericScimToken}`, 'content-type': 'application/scim+json' });

async function createUsers(sandbox: Sandbox, total: number): Promise<string[]> {
  const url = scimUrl(sandbox);
  const headers = scimHeaders(sandbox);
  const ids: string[] = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const userName = `member${String(i).padStart(6, '0')}@example.com`;
      const response = await fetch(`${url}/Users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, externalId: `ext-${i}`, emails: [{ type: 'work', value: userName }] }),
      });
      if (response.status !== 201) throw new Error(`setup user ${userName}: ${response.status} ${await response.text()}`);
      ids[i] = ((await response.json()) as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return ids;
}

async function patchSwitch(sandbox: Sandbox, patch: boolean): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/generic-scim/switches`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ patch }) });
  if (response.status !== 200) throw new Error(`switches: ${response.status} ${await response.text()}`);
}

interface Row {
  readonly operation: string;
  readonly members: number;
  readonly requests: number;
  readonly ms: number;
}

/** Runs `work` against a freshly wired target (discovery outside the count) and counts its requests to /Groups. */
async function measureOn(sandbox: Sandbox, log: (line: string) => void, operation: string, handled: number, work: (t: TargetProvider) => Promise<unknown>): Promise<Row> {
  const url = scimUrl(sandbox);
  const events: TransportEvent[] = [];
  const config = configSchema.parse({
    idp: { type: 'jumpcloud', url: sandbox.url, apiKey: sandbox.apiKey },
    applications: { [APP]: { catalog: 'scim', groups: ['Everyone'], provisioning: { url, token: sandbox.genericScimToken } } },
  });
  const providers = createProviders(config, { readOnly: false, onTransport: (event) => events.push(event) });
  try {
    const target = providers.targets.get(APP)!;
    await target.readGroupDetails!([]);
    await target.findAccount('nobody@example.com');
    events.length = 0;
    const started = performance.now();
    await work(target);
    const ms = performance.now() - started;
    const requests = events.filter((e) => e.kind === 'request' && e.path.startsWith(`${BASE}/Groups`)).length;
    log(`  ${operation}: ${requests} requests, ${seconds(ms)} s`);
    return { operation, members: handled, requests, ms };
  } finally {
    await providers.close();
  }
}

const refs = (ids: readonly string[]): MemberRef[] => ids.map((id, i) => ({ userName: `member${i}@example.com`, id }));

/** The table of requests a group of `members` costs at `batchSize`, measured against a sandbox of its own. */
export async function benchGroups(members: number, batchSize: number, log: (line: string) => void): Promise<Table> {
  const sandbox = await startSandbox({ seed: 'empty', rateLimits: false });
  try {
    return await measureGroups(sandbox, members, batchSize, log);
  } finally {
    await sandbox.close();
  }
}

async function measureGroups(sandbox: Sandbox, members: number, batchSize: number, log: (line: string) => void): Promise<Table> {
  const onePercent = members / 100;
  const update = (id: string, change: Partial<Extract<Step, { op: 'scim.group.update' }>>): Extract<Step, { op: 'scim.group.update' }> => ({
    op: 'scim.group.update',
    app: APP,
    id,
    displayName: 'Everyone',
    add: [],
    remove: [],
    batchSize,
    ...change,
  });
  const measure = (operation: string, handled: number, work: (t: TargetProvider) => Promise<unknown>) => measureOn(sandbox, log, operation, handled, work);
  log(`creating ${count(members + 2 * onePercent)} users`);
  const ids = await createUsers(sandbox, members + 2 * onePercent);
  const initial = ids.slice(0, members);
  const rows: Row[] = [];
  let groupId = '';
  for (const patch of [true, false]) {
    const how = patch ? 'PATCH' : 'no PATCH';
    await patchSwitch(sandbox, patch);
    rows.push(
      await measure(`create a ${count(members)}-member group (${how})`, members, async (t) => {
        groupId = (await t.execute({ op: 'scim.group.create', app: APP, displayName: 'Everyone', externalId: `idp-everyone-${how}`, members: refs(initial), batchSize }, none)).id!;
      }),
    );
    rows.push(await measure(`read it: readGroups (${how})`, members, (t) => t.readGroups!()));
    rows.push(await measure(`read it: readGroupDetails (${how})`, members, (t) => t.readGroupDetails!([groupId])));
    rows.push(await measure(`add 1% (${how})`, onePercent, (t) => t.execute(update(groupId, { add: refs(ids.slice(members, members + onePercent)) }), none)));
    rows.push(await measure(`remove 1% (${how})`, onePercent, (t) => t.execute(update(groupId, { remove: refs(ids.slice(0, onePercent)) }), none)));
    rows.push(
      await measure(`add 1% and remove 1% (${how})`, 2 * onePercent, (t) =>
        t.execute(update(groupId, { add: refs(ids.slice(members + onePercent, members + 2 * onePercent)), remove: refs(ids.slice(onePercent, 2 * onePercent)) }), none),
      ),
    );
    await measure(`delete (${how})`, 0, (t) => t.execute({ op: 'scim.group.delete', app: APP, id: groupId, displayName: 'Everyone' }, none));
  }
  const table: Table = {
    title: `SCIM group requests: ${count(members)} members, batches of ${batchSize} (sandbox generic SCIM target)`,
    columns: ['operation', 'members handled', 'requests', 'requests / 1,000 members', 'seconds'],
    rows: rows.map((row) => [row.operation, count(row.members), count(row.requests), ratio((row.requests * 1000) / row.members), seconds(row.ms)]),
  };
  return table;
}

const isEntry = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntry) {
  const [members = 10_000, batchSize = 100] = process.argv.slice(2, 4).map(Number);
  if (!Number.isInteger(members) || members < 100 || !Number.isInteger(batchSize) || batchSize < 1) throw new Error('usage: bench/groups.ts [members ≥ 100] [batch ≥ 1]');
  const table = await benchGroups(members, batchSize, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`${textTable(table)}\n\n### ${table.title}\n\n${markdownTable(table)}\n`);
}

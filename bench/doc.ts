/**
 * docs/benchmarks.md, written from a run's figures: the commands, the machine, the tables and the
 * targets met or missed.
 */
import { markdownTable, type Table } from './lib/table.js';
import { HEAVY_PER_MINUTE } from './provisioning.js';
import { minutesAtLimits, type BenchResults, type Verdict } from './report.js';

function verdictLine(v: Verdict): string {
  return `- ${v.met ? '**met**' : '**missed**'}: ${v.target}. Measured: ${v.measured}.${v.miss ? ` ${v.miss}` : ''}`;
}

export function renderBenchmarksDoc(results: BenchResults, tables: readonly Table[], verdicts: readonly Verdict[]): string {
  const { machine, plans, provisioning: p } = results;
  const sizes = plans.map((b) => b.users.toLocaleString('en-US')).join(', ');
  return `# Benchmarks

Roster's speed is its request count and its pacing: RingCentral allows about 50 reads and 10
writes a minute per token, and its user lists omit phones and addresses. These figures come from
\`npm run bench\` (scripts in [\`bench/\`](../bench)), which rewrites this file. They were taken on
${results.startedAt.slice(0, 10)}; the run took ${(results.durationMs / 60_000).toFixed(1)} minutes.

## Machine

| cores | CPU | memory | Node | platform | load average before / after |
|---|---|---|---|---|---|
| ${machine.cores} | ${machine.cpu} | ${machine.memoryGiB} GiB | ${machine.node} | ${machine.platform} | ${results.load.before} / ${results.load.after} |

A load average above the number of cores means other processes were competing for them: wall
times are then slower than the machine, CPU times and request counts are not affected.

## Reproducing

\`\`\`sh
npm ci
npm run bench                          # builds, runs everything, rewrites docs/benchmarks.md
BENCH_SIZES=1000,10000 npm run bench   # fewer plan sizes: prints the tables, leaves this file alone
npm run build && node --import tsx bench/cold-plan.ts 1000,10000,100000   # the first plan alone: prints its table
node --import tsx bench/groups.ts 10000 100                              # a SCIM group's requests alone: prints its table
\`\`\`

What it runs, each Roster command in its own process (\`bench/measure-roster.mjs\` runs the CLI as
\`bin/roster\` does, from its bundle, and reports its CPU time and peak RSS), with the sandbox in another:

1. For ${sizes} users: \`roster sandbox --seed users=N,groups=1,provisioned --rate-limits off\` — every
   user already has an activated RingCentral account linked to them, holding what the mapping
   yields. Rate limits are off so that Roster's own cost shows; the column "at RingCentral limits"
   says what the same requests take at the documented limits (Light 50, Medium 40 a minute).
   - \`roster plan -c bench/config --format json --detailed-exitcode --cache FILE\` with no cache
     file (first plan: phones and addresses compared from the extension list's records, an account
     read in full only where its record lacks them), then three times from the cache it wrote.
   - \`node bench/floor.mjs\`: the list pages of that plan (from the sandbox's request log), fetched
     by a minimal undici loop with as many connections per vendor as Roster opens (4), each body
     read and parsed, three times, each right after one of the warm plans (the machine's speed
     drifts; taking turns gives both the same). Wall times of both are from spawn to exit, Node's
     start-up included.
   - The same floor with each list page checked as Roster checks it (\`BENCH_CHECKS\`:
     \`bench/floor-checks.ts\`, bundled as Roster is, with Roster's compiled schemas), right after
     each plain floor run, up to 10,000 users: what trusting no answer costs before Roster does
     anything with one.
   - 1% of the users are changed behind Roster's back — half get a new mobile number in the IdP
     (an attribute RingCentral's SCIM list omits and its extension list carries), half have their
     department edited in RingCentral —
     then \`roster plan\` again, three times from the same cache.
2. \`roster apply -c bench/config --auto-approve\` for ${p.users.toLocaleString('en-US')} users without accounts, against
   \`roster sandbox --seed users=${p.users},groups=1 --rate-limits on --time-scale ${p.timeScale}\`. The rate-limit floor is
   writes ÷ 10 a minute (RingCentral's Heavy group), divided by the time scale.
3. \`node --expose-gc --import tsx bench/core-plan.ts ${results.core[0]?.users ?? 100000}\`: \`buildPlan\` alone, in its own process.
4. \`bench/groups.ts\`: Roster's SCIM provider against the sandbox's generic SCIM 2.0 target — a group
   of 10,000 members created, read, and 1% of its members added and removed, with PATCH and without
   (GET, merge, PUT); requests counted from the HTTP client's own events.

## Figures

${tables.map((t) => `### ${t.title}\n\n${markdownTable(t)}`).join('\n\n')}

## Targets

${verdicts.map(verdictLine).join('\n')}

## Reading the figures

- A no-change plan reads list pages only, with a refresh cache or without: the directory,
  RingCentral's SCIM user list and its extension list (account status, free licences, and each
  user's \`contact\`), and one token. RingCentral's SCIM list items carry no phones or addresses
  (\`ScimUserShortInfo\`, [vendors/ringcentral.md](vendors/ringcentral.md) §1.2), but its
  extension records do: \`contact.businessAddress\` holds the SCIM work address and
  \`contact.mobilePhone\` the mobile phone (\`GetExtensionListInfoResponse\` / \`ContactInfo\` in
  spec/vendors/ringcentral-scim.subset.yaml), joined to the SCIM account on the extension id. Only an
  account whose record lacks a compared field is read in full (the plan says how many and why),
  where before every account was: one minute per 50 users at the Light limit, the last column of the
  first-plan table. See [refresh-cache.md](refresh-cache.md) for when the cache still matters.
- Peak RSS is V8's heap growth as much as Roster's data: on this 24 GiB machine Node lets the heap
  grow before it collects. The 100,000-user warm plan that peaks near 980 MB with Node's defaults
  ran in 566 MB, as fast, with \`NODE_OPTIONS=--max-old-space-size=512\` (measured 2026-12-06, the same
  build and sandbox; the build of the day before peaked the same): its live data fits in 512 MB.
- A changed account costs no detail read either, whether it changed in the IdP or in RingCentral:
  the lists show the new values. \`roster plan --refresh full\` still reads every account in full
  from SCIM.
- The floor fetches the same list pages and nothing else; Roster also validates every answer,
  maps and compares every user, plans, and writes the cache and the plan. Both wait on the
  sandbox: the floor spends ${floorPerPage(results)} on a page. The sandbox pages with SQL \`OFFSET\` and counts the
  collection for every page, so at 100,000 users a page costs it more the further in it is. Those
  times are the sandbox's, not a vendor's; the request counts are what carries over.${vendorNote(results)}
${WHERE_THE_TIME_GOES}
- First provisioning is paced by the Heavy group: the pacer reads RingCentral's
  \`X-Rate-Limit-*\` headers and sends a write only when the window has room, so no 429 is provoked.
  What wall time adds to the floor is the plan before the writes, start-up, and the time each
  write's answer takes, during which its slot in the window stays taken.${
    p.kinds.lookups > 0
      ? ` Before each create, apply looks the userName up (a Light read: the guard that keeps a create from
  ever making a second account), which spends read budget, not write budget.`
      : ''
  }
${p.writesPerWindow < HEAVY_PER_MINUTE - 0.05 ? `${PACING_NOTE(p.writesPerWindow)}\n` : ''}`;
}

/** What profiling the warm no-change plan found (\`node --cpu-prof\` on bench/measure-roster.mjs), and what changed. */
const WHERE_THE_TIME_GOES = `- Where the time goes (the warm no-change plan at 10,000 users, profiled with \`node --cpu-prof\`):
  start-up before the first request (compiling and evaluating the bundle, reading the
  configuration and the cache), the pages themselves (parsing, validating, converting), and after
  the last page mapping every user, comparing every account, recording the cache (a comparison
  and a keyed hash per account) and building the plan; garbage collection throughout. The hot spots
  found and removed: \`removalsToConfirm\` parsed every path of every account and asked
  \`isManagedPath\` (prefix scans and a regular expression) each time, uncached, which was the
  largest single cost after the last page (about 0.28 s of CPU in the profile, now 0.01 s);
  \`isManagedPath\` now remembers its answers per mappings and rules; every user was mapped twice,
  by refresh for the cache and by the plan (\`mapUser\` now remembers each user's mapping per application);
  paths were rebuilt as new strings for every user and resource (mapping's typed values,
  \`flattenResource\`), now the same string each time; SCIM accounts (joined to their extension
  records) and JumpCloud users were converted after the last page, now page by page while later
  pages arrive; and i18n-iso-countries loaded its 80 locales at every start-up, now English only,
  and so are zod's, whose 40-odd other locales (about 360 KB of the bundle) came with
  \`import { z }\` (zod is now imported as a namespace).
  Start-up loaded all of undici (fetch, WebSocket, cookies) for its connection pool, and the SAML
  side's XML libraries for plans without SSO: about 50 and 35 ms of every command, now undici's
  pool alone, and the SAML side when a command needs it (plan: while its first reads wait, when
  an application has SSO). The cache's digests were an HMAC per account, now one keyed SHA-256
  call (a fifth of the cost).
  JumpCloud and RingCentral behind the sandbox's one origin shared one pool of 4 connections,
  where in production each vendor has its own: they now do here too, and so does the floor.
  Then, profiling again and reading the sandbox's log for when it held a request: the cache
  entries of accounts compared from their extension records were digested anew on every plan and
  the file rewritten unchanged (now kept as they were, and the file left alone); a plan without
  SSO still loaded the SAML side (now only to review SSO applications); zod's parse copied every
  page (now list schemas are compiled with \`z.compile\` and pages checked in place with
  \`validate\`); pages were kept whole until their list ended, and each listed account was merged
  with its extension values into a copy before being flattened (now converted page by page and
  flattened in place); users were mapped after the last page (now while the directory is read,
  once a user's record and a membership have both come). What remains: during the requests the
  sandbox waits on Roster's one thread, which parses (as the floor does), validates, converts and
  maps each page, and the two processes share the machine's two cores; after the last answer,
  building the plan, saving and exiting. Each account is compared once (core/account-comparison.ts):
  while the directory is still read once its list and its user's mapping have come, and the
  cache records from that same comparison. The directory's users are read while the IdP's
  applications are (only the memberships wait for the groups their bindings name); an answer read
  once (a token, the application list) is checked by zod's runtime parser, where compiling its
  schema cost more than it saved; SCIM pages that waited for the extension list become accounts
  one per turn of the event loop; an account the plan's comparer finds no difference in needs no
  check for removals to confirm. Each saves CPU; none moved the wall time beyond the machine's
  noise. The column "floor with checks / floor" is the floor that also checks every page as
  Roster does (\`bench/floor-checks.ts\`): what trusting no answer costs before anything is done
  with one, and so the part of Roster's ratio that no speed-up of its own work can remove. The
  sandbox's CPU for each run (\`GET /_sandbox/stats\` \`cpuMs\`) gives the bound the missed target's
  note works out: on two cores shared by both processes, the CPU Roster spends sets how short its
  run can be, and the note says how close each run came to its bound.`;

/**
 * What the 10,000-user plan costs against the vendors: its SCIM reads at RingCentral's Light
 * limit, next to what Roster adds beyond its requests.
 */
function vendorNote(results: BenchResults): string {
  const plan = results.plans.find((b) => b.users === 10_000);
  const timeline = plan?.warm.timeline;
  if (!plan || !timeline) return '';
  const limitMs = minutesAtLimits(plan.warm.kinds) * 60_000;
  const ownMs = plan.warm.cost.wallMs - timeline.readingMs;
  return `
- Against the vendors the floor is the rate limit: the 10,000-user no-change plan's RingCentral reads
  take ${(limitMs / 60_000).toFixed(1)} minutes at the Light group's 50 a minute, and what Roster adds beyond its requests
  (${(ownMs / 1000).toFixed(2)} s of start-up and planning here) is ${((ownMs / limitMs) * 100).toFixed(1)}% of that.`;
}

/** The floor's wall time per list page, from 10,000 users up (below, Node's start-up dominates it): "5 ms at 10,000 users, …". */
function floorPerPage(results: BenchResults): string {
  const large = results.plans.filter((b) => b.users >= 10_000);
  return large.map((b) => `${(b.floor.wallMs / b.floor.requests).toFixed(0)} ms at ${b.users.toLocaleString('en-US')} users`).join(' and ') || 'a few ms';
}

/**
 * Why apply sends fewer writes per window than the limit, from the pacer's model
 * (src/providers/http/pacer.ts): true at any time scale, since it comes from the order of
 * requests, not from their duration.
 */
const PACING_NOTE = (perWindow: number) => `- Apply sent ${perWindow.toFixed(1)} writes per window where ${HEAVY_PER_MINUTE} are allowed. The pacer counts each of its
  requests from admission until one window after the answer, and it reads \`X-Rate-Limit-Remaining\`
  to find hits that are not its own. When a window opens, the first write of the previous window
  has expired at the server, and the second may or may not have (the server counted it at some
  moment between its sending and its answer): the pacer cannot be sure that hit is its own, so it
  holds one more slot for a full window as possibly another client's. Back-to-back writes then
  fit ${Math.round(perWindow)} in a window, not ${HEAVY_PER_MINUTE}, at any time scale, RingCentral's real one-minute windows included:
  about ${((HEAVY_PER_MINUTE / Math.round(perWindow) - 1) * 100).toFixed(0)}% over the floor. Holding that slot only until the ambiguous request's own expiry would
  recover it, at the risk of releasing a foreign hit's slot early (the next answer's \`Remaining\`
  would reveal it again); that trade-off belongs to the pacer.`;

/**
 * The CI recipe, examples/github-actions/roster.yml, run as GitHub would run it — as far as a
 * test can: its `run:` steps execute in bash against the sandbox, with a fake GitHub for the REST
 * API (pull request comments, artifacts, issues, workflow dispatches) and for the hosted actions'
 * storage (artifacts, caches). Roster's own action (action.yml) runs for real with this clone as
 * its path, with a stub `npm` that records its arguments and installs nothing (the clone is
 * built): the `roster` and `roster-github` on PATH are the ones the action put there. The steps
 * run with a PATH of Node.js, bash and a few coreutils only — no curl, no jq.
 *
 * The story: a pull request is planned and commented on (one comment, updated on every push);
 * after merge the reviewed plan is applied; a pull request that deprovisions too many people is
 * refused until a reviewer labels it; a change made by hand is reported as drift in one issue,
 * which closes once a manual run has applied the configuration again; an apply stopped by its
 * time budget starts the run that continues it, up to a limit.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/build.js';
import { parse } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { FakeGitHub } from '../support/fake-github.js';
import { runJob, type JobRun, type RunOptions, type Workflow } from '../support/workflow-runner.js';
import { world, writesIn, type World } from '../support/world.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKFLOW_FILE = join(ROOT, 'examples/github-actions/roster.yml');
const DOCS = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
const workflow = parse(readFileSync(WORKFLOW_FILE, 'utf8')) as Workflow;
const SECRETS = ['JUMPCLOUD_API_KEY', 'RINGCENTRAL_CLIENT_ID', 'RINGCENTRAL_CLIENT_SECRET', 'RINGCENTRAL_JWT'];
/** How the recipe refers to Roster's action: owner/roster, pinned by tag or full commit SHA. */
const ROSTER_ACTION = /^[A-Za-z0-9-]+\/roster@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;
const rosterAction = workflow.jobs['plan']!.steps.find((s) => s.name === 'Install Roster')!.uses!;
/** The programs the steps may run: no curl, no jq. */
const TOOLS = ['node', 'bash', 'sh', 'env', 'cat', 'head', 'tail', 'tee', 'rm', 'mkdir', 'ls'];

let sandbox: Sandbox;
let github: FakeGitHub;
let w: World;
let stubs: string;
let tools: string;
let npmLog: string;
let runId = 5000;

/** A repository as a pull request or main sees it: the configuration and the workflow. */
function repository(groups: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'roster-repo-'));
  mkdirSync(join(dir, 'configs'));
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  const config = readFileSync(join(ROOT, 'configs/roster.yaml'), 'utf8');
  if (!config.includes('groups: [Sales, Support]')) throw new Error('configs/roster.yaml no longer binds [Sales, Support]: update this test');
  writeFileSync(join(dir, 'configs/roster.yaml'), config.replace('groups: [Sales, Support]', `groups: ${groups}`));
  cpSync(WORKFLOW_FILE, join(dir, '.github/workflows/roster.yml'));
  return dir;
}

function job(name: string, options: Omit<RunOptions, 'github' | 'runId' | 'secrets' | 'vars' | 'path' | 'workflowPath'>, vars: Record<string, string> = {}): Promise<JobRun> {
  return runJob(workflow, name, {
    ...options,
    github,
    runId: ++runId,
    secrets: { JUMPCLOUD_API_KEY: sandbox.apiKey, RINGCENTRAL_CLIENT_ID: sandbox.clientId, RINGCENTRAL_CLIENT_SECRET: sandbox.clientSecret, RINGCENTRAL_JWT: sandbox.jwt },
    vars: { ROSTER_IDP_URL: sandbox.url, ROSTER_SCIM_URL: `${sandbox.url}/scim/v2`, ...vars },
    workflowPath: '.github/workflows/roster.yml',
    path: [stubs],
    systemPath: tools,
    actions: { [rosterAction.replace(/@.*$/, '')]: ROOT },
  });
}

function pullRequestEvent(number: number, sha: string) {
  return { name: 'pull_request', payload: { number, pull_request: { number, head: { sha, repo: { full_name: github.repository } } } } };
}

const push = (sha: string) => ({ name: 'push', payload: { after: sha } });

/** A program on the test's PATH. */
function which(program: string): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, program))) return join(dir, program);
  }
  throw new Error(`${program} is not on PATH`);
}

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  w = world(sandbox);
  github = new FakeGitHub();
  await github.start();
  stubs = mkdtempSync(join(tmpdir(), 'roster-stubs-'));
  npmLog = join(stubs, 'npm.log');
  writeFileSync(join(stubs, 'npm'), `#!/bin/sh\necho "$PWD: $*" >> '${npmLog}'\n`);
  chmodSync(join(stubs, 'npm'), 0o755);
  tools = mkdtempSync(join(tmpdir(), 'roster-tools-'));
  for (const tool of TOOLS) symlinkSync(which(tool), join(tools, tool));
}, 120_000);

afterAll(async () => {
  await github?.close();
  await sandbox?.close();
});

describe('the workflow file', () => {
  it('is valid YAML with the three jobs, their triggers and permissions', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(Object.keys(workflow.jobs)).toEqual(['plan', 'apply', 'drift']);
    expect(workflow.jobs['plan']?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(workflow.jobs['apply']?.permissions).toEqual({ contents: 'read', actions: 'write', 'pull-requests': 'write' });
    expect(workflow.jobs['drift']?.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(workflow.jobs['apply']?.concurrency).toEqual({ group: 'roster-apply', 'cancel-in-progress': false });
  });

  it('takes every credential from GitHub secrets, and gives them only to the steps that run Roster against the systems', () => {
    const config = readFileSync(join(ROOT, 'configs/roster.yaml'), 'utf8');
    const mentionsSecret = (env: object | undefined) => Object.values(env ?? {}).some((v) => String(v).includes('secrets.'));
    expect(mentionsSecret(workflow.env)).toBe(false);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(mentionsSecret(job.env), name).toBe(false);
      for (const step of job.steps) {
        if (!mentionsSecret(step.env)) continue;
        expect(step.uses, `${name}: ${step.name}`).toBeUndefined();
        expect(step.run, `${name}: ${step.name}`).toMatch(/^\s*roster (plan|apply) /m);
        // The steps that talk to GitHub get the job's token, and no credentials.
        expect(JSON.stringify(step.env), `${name}: ${step.name}`).not.toContain('github.token');
      }
    }
    const withSecrets = (job: string) => workflow.jobs[job]!.steps.filter((s) => mentionsSecret(s.env)).map((s) => s.name);
    expect([withSecrets('plan'), withSecrets('apply'), withSecrets('drift')]).toEqual([['Plan'], ['Apply'], ['Plan']]);
    for (const step of ['plan', 'apply', 'drift'].map((job) => workflow.jobs[job]!.steps.find((s) => mentionsSecret(s.env))!)) {
      for (const name of SECRETS) {
        expect(config).toContain(`\${${name}}`);
        expect(step.env?.[name]).toBe(`\${{ secrets.${name} }}`);
      }
    }
  });

  it('installs Roster only through its own action, pinned, and calls GitHub without curl or jq', () => {
    expect(rosterAction).toMatch(ROSTER_ACTION);
    for (const job of Object.values(workflow.jobs)) {
      expect(job.steps.filter((s) => s.name === 'Install Roster').map((s) => s.uses)).toEqual([rosterAction]);
      for (const step of job.steps) {
        expect(step.run ?? '').not.toMatch(/\bnpm\b[^\n]*\b(install|i|add)\b[^\n]*\broster\b/);
        expect(step.run ?? '').not.toMatch(/\b(curl|jq|wget)\b/);
      }
    }
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Array<{ run: string; env?: object }> } };
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.some((s) => s.run.includes('"$GITHUB_ACTION_PATH/bin" >> "$GITHUB_PATH"'))).toBe(true);
    expect(JSON.stringify(action)).not.toContain('secrets.');
  });

  it('has the steps docs/ci.md describes, and docs/ci.md describes no other', () => {
    // The first column of every table headed "| Step | What it does |".
    const tables = DOCS.split('| Step | What it does |\n|---|---|\n').slice(1).map((rest) => rest.slice(0, rest.search(/\n(?!\|)/)));
    const documented = tables.flatMap((table) => table.split('\n').map((row) => row.split('|')[1]!.trim()));
    const inWorkflow = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.name!));
    expect(inWorkflow.every((name) => name !== undefined)).toBe(true);
    expect([...new Set(documented)].sort()).toEqual([...new Set(inWorkflow)].sort());
  });
});

describe('the workflow against the sandbox', () => {
  let mainRepo: string;

  beforeAll(() => {
    mainRepo = repository('[Sales, Support]');
  });

  it('plans a pull request: validates, comments the markdown plan, keeps the JSON plan, writes nothing', async () => {
    await w.clearRequests();
    const planRun = await job('plan', { repository: mainRepo, event: pullRequestEvent(7, 'a'.repeat(40)), sha: 'e'.repeat(40), ref: 'refs/pull/7/merge' });
    expect(planRun.conclusion).toBe('success');
    expect(planRun.step('Plan').outputs['exit-code']).toBe('2');
    expect(planRun.step('Validate').output).toContain('Configuration is valid');
    // Roster's action installed the clone it was given (npm is a stub: the clone is built), and
    // nothing else; only the Plan step saw the credentials.
    expect(readFileSync(npmLog, 'utf8').trim().split('\n').slice(0, 2)).toEqual([`${ROOT.replace(/\/$/, '')}: ci --no-audit --no-fund`, `${ROOT.replace(/\/$/, '')}: prune --omit=dev --no-audit --no-fund`]);
    expect(planRun.step('Install Roster').output).toContain('roster 0.1.0');
    expect(planRun.steps.filter((s) => s.secretsSeen.length > 0).map((s) => [s.name, s.secretsSeen])).toEqual([['Plan', SECRETS]]);

    const comments = github.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toMatch(/^<!-- roster-plan -->\n### Roster plan\n/);
    expect(comments[0]!.body).toContain('#### ringcentral');
    expect(comments[0]!.body).toContain(`Planned at aaaaaaa. The full plan is the \`roster-plan-${'a'.repeat(40)}\` artifact`);
    expect(planRun.summary).toContain('ringcentral');

    const artifact = github.artifacts.find((a) => a.name === `roster-plan-${'a'.repeat(40)}`);
    expect(artifact?.runId).toBe(runId);
    expect(JSON.parse(readFileSync(join(artifact!.dir, 'plan.json'), 'utf8')).formatVersion).toBe(1);
    expect(writesIn(await w.requests())).toEqual([]);
  });

  it('updates the same comment on the next push instead of adding one', async () => {
    const again = await job('plan', { repository: mainRepo, event: pullRequestEvent(7, 'b'.repeat(40)), sha: 'f'.repeat(40), ref: 'refs/pull/7/merge' });
    expect(again.conclusion).toBe('success');
    expect(again.step('Post the plan on the pull request').output).toMatch(/Updated comment \d+ on #7\./);
    const comments = github.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('Planned at bbbbbbb.');
  });

  it('shows the errors of a broken configuration in the comment, and fails the check', async () => {
    const broken = repository('[Sales, Support]');
    const file = join(broken, 'configs/roster.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('deprovision: deactivate', 'deprovison: deactivate'));
    const run = await job('plan', { repository: broken, event: pullRequestEvent(10, '9'.repeat(40)), sha: '8'.repeat(40), ref: 'refs/pull/10/merge' });
    expect(run.conclusion).toBe('failure');
    expect(run.step('Validate').outcome).toBe('failure');
    expect(run.step('Plan').outputs['exit-code']).toBe('1');
    expect(run.step('Upload the JSON plan').outcome).toBe('skipped');
    expect(run.step('Fail when the plan failed').outcome).toBe('failure');
    const [comment] = github.commentsOn(10);
    expect(comment?.body).toContain('unknown key');
    expect(comment?.body).toContain('**roster plan failed (exit 1)** at 9999999');
  });

  it('runs only the plan job for a pull request, and not for a fork', async () => {
    for (const name of ['apply', 'drift']) {
      expect((await job(name, { repository: mainRepo, event: pullRequestEvent(7, 'b'.repeat(40)), sha: 'f'.repeat(40), ref: 'refs/pull/7/merge' })).ran).toBe(false);
    }
    const fork = { name: 'pull_request', payload: { number: 9, pull_request: { number: 9, head: { sha: 'c'.repeat(40), repo: { full_name: 'someone/fork' } } } } };
    expect((await job('plan', { repository: mainRepo, event: fork, sha: 'c'.repeat(40), ref: 'refs/pull/9/merge' })).ran).toBe(false);
  });

  it('applies the reviewed plan after merge, reports on the pull request, and keeps the journal and the cache', async () => {
    const merge = '1'.repeat(40);
    github.pulls.push({ number: 7, merged_at: '2026-01-05T10:00:00Z', merge_commit_sha: merge, head: { sha: 'b'.repeat(40), repo: { full_name: github.repository } }, labels: [] });
    const applied = await job('apply', { repository: mainRepo, event: push(merge), sha: merge, ref: 'refs/heads/main' });
    expect(applied.conclusion).toBe('success');
    const reviewed = applied.step('Find the reviewed plan');
    const saved = github.artifacts.find((a) => a.name === `roster-plan-${'b'.repeat(40)}`)!;
    expect(reviewed.outputs).toMatchObject({ pr: '7', artifact: saved.name, 'run-id': String(saved.runId), allow: '' });
    expect(applied.step('Apply').output).toContain('roster apply reviewed/plan.json --auto-approve --time-budget 110m');
    expect(applied.step('Apply').outputs['exit-code']).toBe('0');
    expect(applied.steps.filter((s) => s.secretsSeen.length > 0).map((s) => [s.name, s.secretsSeen])).toEqual([['Apply', SECRETS]]);
    expect((await w.findAccount('sophia.nguyen@example.com'))?.externalId).toMatch(/^[0-9a-f]{24}$/);

    const report = github.commentsOn(7).find((c) => c.body.startsWith('<!-- roster-apply -->'));
    expect(report?.body).toContain(`**Roster apply after merge (${merge}):** applied.`);
    const journal = github.artifacts.find((a) => a.name === `roster-journal-${runId}-1`);
    expect(readdirSync(journal!.dir).some((f) => f.endsWith('.jsonl'))).toBe(true);
    const cache = github.caches.get(`roster-${runId}-1`);
    expect(cache).toBeDefined();
    expect(existsSync(join(cache!, 'journal'))).toBe(false);
  });

  it('refuses a merged pull request that deprovisions too many, until a reviewer’s label acknowledges it', async () => {
    // Sales members activate their accounts; then a pull request unbinds Sales.
    for (const user of await w.users()) {
      const account = await w.findAccount(user.email);
      if (account && !account.active) await w.activateAccount(account.id).catch(() => undefined);
    }
    const unbound = repository('[Support]');
    const head = 'd'.repeat(40);
    const plan = await job('plan', { repository: unbound, event: pullRequestEvent(8, head), sha: '2'.repeat(40), ref: 'refs/pull/8/merge' });
    expect(plan.conclusion).toBe('success');
    expect(github.commentsOn(8)[0]!.body).toContain('deprovision');

    const merge = '3'.repeat(40);
    const pull = { number: 8, merged_at: '2026-01-06T10:00:00Z', merge_commit_sha: merge, head: { sha: head, repo: { full_name: github.repository } }, labels: [] as Array<{ name: string }> };
    github.pulls.push(pull);
    const refused = await job('apply', { repository: unbound, event: push(merge), sha: merge, ref: 'refs/heads/main' });
    expect(refused.conclusion).toBe('failure');
    expect(refused.step('Apply').outputs['exit-code']).toBe('3');
    expect(refused.step('Apply').output).toContain('--allow deprovision:ringcentral');
    expect(refused.step('Fail when apply did not succeed').output).toContain('roster apply refused');
    expect(github.commentsOn(8).some((c) => c.body.includes('refused'))).toBe(true);
    expect((await w.findAccount('liam.carter@example.com'))?.active).toBe(true);

    // The reviewer labels the pull request and re-runs the job.
    pull.labels.push({ name: 'roster-allow:deprovision:ringcentral' }, { name: 'roster-allow:rm -rf:x' });
    const allowed = await job('apply', { repository: unbound, event: push(merge), sha: merge, ref: 'refs/heads/main' });
    expect(allowed.step('Find the reviewed plan').outputs['allow']?.trim()).toBe('--allow deprovision:ringcentral');
    expect(allowed.step('Apply').output).toContain('roster apply reviewed/plan.json --auto-approve --time-budget 110m --allow deprovision:ringcentral');
    expect(allowed.conclusion).toBe('success');
    expect((await w.findAccount('liam.carter@example.com'))?.active).toBe(false);
    mainRepo = unbound;
  });

  it('reports drift in one issue, fails visibly, and closes the issue once the configuration is applied again', async () => {
    // Someone edits an account by hand in the admin console.
    const harper = await w.findAccount('harper.collins@example.com');
    await w.patchAccount(harper!.id, [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Edited by hand' }]);
    const schedule = { name: 'schedule', payload: { schedule: '17 6 * * *' } };

    const first = await job('drift', { repository: mainRepo, event: schedule, sha: '3'.repeat(40), ref: 'refs/heads/main' });
    expect(first.step('Plan').outputs['exit-code']).toBe('2');
    expect(first.conclusion).toBe('failure');
    expect(first.steps.filter((s) => s.secretsSeen.length > 0).map((s) => [s.name, s.secretsSeen])).toEqual([['Plan', SECRETS]]);
    expect(first.step('Fail on drift or error').output).toContain('Drift: the applications differ from the configuration');
    expect(first.step('Restore the Roster cache').outputs['cache-matched-key']).toMatch(/^roster-\d+-1$/);
    const second = await job('drift', { repository: mainRepo, event: schedule, sha: '3'.repeat(40), ref: 'refs/heads/main' });
    expect(second.step('Open or update the drift issue').output).toMatch(/Updated issue #\d+\./);
    const open = github.issues.filter((i) => i.state === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]!.labels).toEqual([{ name: 'roster-drift' }]);
    expect(open[0]!.body).toContain('harper.collins@example.com');

    const dispatch = { name: 'workflow_dispatch', payload: { inputs: { allow: '' } } };
    const manual = await job('apply', { repository: mainRepo, event: dispatch, sha: '3'.repeat(40), ref: 'refs/heads/main', inputs: { allow: '' } });
    expect(manual.step('Find the reviewed plan').output).toContain('Manual run: Roster plans again and applies.');
    expect(manual.conclusion).toBe('success');

    const clean = await job('drift', { repository: mainRepo, event: schedule, sha: '3'.repeat(40), ref: 'refs/heads/main' });
    expect(clean.conclusion).toBe('success');
    expect(clean.step('Open or update the drift issue').output).toMatch(/Closed issue #\d+\./);
    expect(github.issues.filter((i) => i.state === 'open')).toHaveLength(0);
    expect(github.comments.at(-1)?.body).toContain('No drift any more');
  });

  /**
   * `count` new people join Support, and each account create takes 2.5 s: apply starts 10 at a
   * time, so a 5 s budget cannot hold them all.
   */
  async function slowNewcomers(prefix: string, count: number): Promise<string[]> {
    const support = await w.groupId('Support');
    const emails: string[] = [];
    for (let i = 1; i <= count; i++) {
      await w.addMember(support, (await w.createUser(`${prefix}${i}`))._id);
      emails.push(`${prefix}${i}@example.com`);
    }
    await w.fault({ method: 'POST', path: '/scim/v2/Users', delayMs: 2500, times: count });
    return emails;
  }

  async function withoutAccount(emails: readonly string[]): Promise<string[]> {
    const missing: string[] = [];
    for (const email of emails) if (!(await w.findAccount(email))) missing.push(email);
    return missing;
  }

  it('continues an apply stopped by its time budget in a run it starts itself, without acknowledgements', { timeout: 60_000 }, async () => {
    const newcomers = await slowNewcomers('newcomer', 25);
    const merge = '4'.repeat(40);
    const dispatchesBefore = github.dispatches.length;

    const stopped = await job('apply', { repository: mainRepo, event: push(merge), sha: merge, ref: 'refs/heads/main' }, { ROSTER_TIME_BUDGET: '5s' });
    await w.clearFaults();
    expect(stopped.step('Apply').outputs['exit-code']).toBe('4');
    const left = await withoutAccount(newcomers);
    expect(Number(stopped.step('Apply').outputs['made'])).toBe(newcomers.length - left.length);
    expect(left.length).toBeGreaterThan(0);
    expect(stopped.step('Continue an unfinished apply').outputs['dispatched']).toBe('true');
    expect(stopped.conclusion).toBe('success');
    expect(stopped.step('Fail when apply did not succeed').outcome).toBe('skipped');
    const dispatched = github.dispatches.slice(dispatchesBefore);
    expect(dispatched).toEqual([{ workflow: 'roster.yml', ref: 'main', inputs: { allow: '', continuation: '1' } }]);

    // GitHub starts the dispatched run: it plans afresh, applies the rest, and starts no other.
    const inputs = dispatched[0]!.inputs;
    const continued = await job('apply', { repository: mainRepo, event: { name: 'workflow_dispatch', payload: { inputs } }, sha: merge, ref: 'refs/heads/main', inputs });
    expect(continued.step('Apply').outputs['exit-code']).toBe('0');
    expect(Number(continued.step('Apply').outputs['made'])).toBe(left.length);
    expect(continued.step('Continue an unfinished apply').outcome).toBe('skipped');
    expect(continued.conclusion).toBe('success');
    expect(await withoutAccount(newcomers)).toEqual([]);
    expect(github.dispatches).toHaveLength(dispatchesBefore + 1);
  });

  it('stops continuing after the last allowed continuation, and fails visibly', { timeout: 60_000 }, async () => {
    await slowNewcomers('latecomer', 25);
    const dispatchesBefore = github.dispatches.length;
    const inputs = { allow: '', continuation: '20' };
    const last = await job('apply', { repository: mainRepo, event: { name: 'workflow_dispatch', payload: { inputs } }, sha: '4'.repeat(40), ref: 'refs/heads/main', inputs }, { ROSTER_TIME_BUDGET: '5s' });
    await w.clearFaults();
    expect(last.step('Apply').outputs['exit-code']).toBe('4');
    expect(last.step('Continue an unfinished apply').output).toContain('This was continuation 20 of at most 20: not starting another.');
    expect(last.step('Fail when apply did not succeed').output).toContain('run the workflow again');
    expect(last.conclusion).toBe('failure');
    expect(github.dispatches).toHaveLength(dispatchesBefore);
  });
});

/**
 * Runs one job of a GitHub Actions workflow the way a hosted runner would, as far as a test can:
 * `run:` steps execute for real in bash (`bash --noprofile --norc -eo pipefail`, GitHub's default
 * shell) with the GITHUB_* environment, step outputs and `if:` conditions; `uses:` steps of the
 * hosted actions the workflow relies on are emulated over FakeGitHub's storage — checkout and
 * setup-node do nothing (the workspace is prepared, Node is this one), cache and artifacts copy
 * files. A composite action the test names in `actions` (say, Roster's own action.yml) runs its
 * steps for real, with GITHUB_ACTION_PATH at the folder given. Any other action throws: a
 * workflow cannot depend on something the test does not run. Lines a step appends to
 * GITHUB_PATH come first on PATH in the steps after it, as on GitHub.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { condition, interpolate, type ExpressionContext, type Value } from './github-expressions.js';
import type { FakeGitHub } from './fake-github.js';

export interface WorkflowStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string | boolean;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly run?: string;
  readonly env?: Readonly<Record<string, string | number | boolean>>;
  readonly shell?: string;
  readonly 'working-directory'?: string;
}

export interface WorkflowJob {
  readonly name?: string;
  readonly if?: string;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress'?: boolean };
  readonly env?: Readonly<Record<string, string | number | boolean>>;
  readonly steps: readonly WorkflowStep[];
}

export interface Workflow {
  readonly on: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string | number | boolean>>;
  readonly jobs: Readonly<Record<string, WorkflowJob>>;
}

export interface RunOptions {
  readonly github: FakeGitHub;
  /** The repository's files, copied into a fresh workspace for the job. */
  readonly repository: string;
  readonly event: { readonly name: string; readonly payload: Record<string, unknown> };
  readonly sha: string;
  readonly ref: string;
  readonly runId: number;
  readonly secrets: Readonly<Record<string, string>>;
  readonly vars: Readonly<Record<string, string>>;
  readonly inputs?: Readonly<Record<string, string>>;
  /** The workflow file's path in the repository (GITHUB_WORKFLOW_REF names it). */
  readonly workflowPath: string;
  /** Folders put first on PATH (stubs of tools the job installs). */
  readonly path: readonly string[];
  /** The PATH after those folders: the test's own PATH unless given. */
  readonly systemPath?: string;
  /** Composite actions run for real: the `uses:` reference without its @ref → the action's folder. */
  readonly actions?: Readonly<Record<string, string>>;
}

export interface StepRun {
  readonly name: string;
  readonly outcome: 'success' | 'failure' | 'skipped';
  readonly output: string;
  readonly outputs: Readonly<Record<string, string>>;
  /** The names of the secrets whose values were in the environment of the step's processes. */
  readonly secretsSeen: readonly string[];
}

export interface JobRun {
  readonly ran: boolean;
  readonly conclusion: 'success' | 'failure' | 'skipped';
  readonly steps: readonly StepRun[];
  readonly workspace: string;
  readonly summary: string;
  step(name: string): StepRun;
}

/** `key=value` lines and `key<<DELIMITER` blocks (GitHub's GITHUB_OUTPUT format). */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  if (!existsSync(file)) return outputs;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const values: string[] = [];
      while (++i < lines.length && lines[i] !== block[2]) values.push(lines[i]!);
      outputs[block[1]!] = values.join('\n');
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return outputs;
}

function runBash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  const file = join(env['RUNNER_TEMP']!, `step-${Date.now()}-${Math.random().toString(16).slice(2)}.sh`);
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function evaluateMap(values: WorkflowJob['env'], context: ExpressionContext): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, interpolate(String(value), context)]));
}

export async function runJob(workflow: Workflow, jobName: string, options: RunOptions): Promise<JobRun> {
  const job = workflow.jobs[jobName];
  if (!job) throw new Error(`no job ${jobName}`);
  const { github } = options;
  const workspace = mkdtempSync(join(tmpdir(), `workspace-${jobName}-`));
  cpSync(options.repository, workspace, { recursive: true });
  const temp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
  const eventPath = join(temp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event.payload));
  const summaryPath = join(temp, 'summary.md');
  writeFileSync(summaryPath, '');

  const githubContext: Value = {
    event_name: options.event.name,
    event: options.event.payload as Value,
    sha: options.sha,
    ref: options.ref,
    repository: github.repository,
    run_id: String(options.runId),
    run_attempt: '1',
    server_url: 'https://github.com',
    api_url: github.url,
    token: github.token,
    workspace,
  };
  const steps: Record<string, Value> = {};
  const contexts = (env: Record<string, string>): Record<string, Value> => ({
    github: githubContext,
    secrets: options.secrets,
    vars: options.vars,
    inputs: options.inputs ?? {},
    env,
    steps,
    runner: { os: 'Linux', temp },
  });

  const workflowEnv = evaluateMap(workflow.env, { contexts: contexts({}), failed: false });
  const jobContext: ExpressionContext = { contexts: contexts(workflowEnv), failed: false };
  const result = (ran: boolean, conclusion: JobRun['conclusion'], runs: StepRun[]): JobRun => ({
    ran,
    conclusion,
    steps: runs,
    workspace,
    summary: readFileSync(summaryPath, 'utf8'),
    step(name) {
      const found = runs.find((s) => s.name === name);
      if (!found) throw new Error(`no step "${name}" in job ${jobName}: ${runs.map((s) => s.name).join(', ')}`);
      return found;
    },
  });
  if (job.if !== undefined && !condition(job.if, jobContext)) return result(false, 'skipped', []);

  const jobEnv = { ...workflowEnv, ...evaluateMap(job.env, jobContext) };
  const addedPath: string[] = [];
  const secretsIn = (env: Record<string, string>): string[] =>
    Object.entries(options.secrets).filter(([, value]) => value !== '' && Object.values(env).some((v) => v.includes(value))).map(([name]) => name);

  /** A `run:` script in bash with the runner's environment; the outputs it wrote. */
  const runScript = async (script: string, cwd: string, stepEnv: Record<string, string>, outputFile: string) => {
    const pathFile = join(temp, `path-${Math.random().toString(16).slice(2)}`);
    writeFileSync(pathFile, '');
    const env: Record<string, string> = {
      PATH: [...addedPath, ...options.path, options.systemPath ?? process.env['PATH'] ?? ''].join(':'),
      HOME: process.env['HOME'] ?? temp,
      LANG: 'C.UTF-8',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_REPOSITORY: github.repository,
      GITHUB_SHA: options.sha,
      GITHUB_REF: options.ref,
      GITHUB_REF_NAME: options.ref.replace(/^refs\/(heads|tags|pull)\//, ''),
      GITHUB_WORKFLOW_REF: `${github.repository}/${options.workflowPath}@${options.ref}`,
      GITHUB_EVENT_NAME: options.event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: String(options.runId),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_OUTPUT: outputFile,
      GITHUB_PATH: pathFile,
      GITHUB_STEP_SUMMARY: summaryPath,
      RUNNER_TEMP: temp,
      ...jobEnv,
      ...stepEnv,
    };
    const ran = await runBash(script, cwd, env);
    // GitHub prepends each added folder, the last added first.
    for (const line of readFileSync(pathFile, 'utf8').split('\n').filter(Boolean)) addedPath.unshift(line);
    return { ...ran, secretsSeen: secretsIn(env) };
  };

  const runs: StepRun[] = [];
  let failed = false;
  for (const [index, step] of job.steps.entries()) {
    const name = step.name ?? step.uses ?? `step ${index + 1}`;
    const context: ExpressionContext = { contexts: contexts(jobEnv), failed };
    if (!condition(step.if, context)) {
      runs.push({ name, outcome: 'skipped', output: '', outputs: {}, secretsSeen: [] });
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const outputFile = join(temp, `output-${index}`);
    writeFileSync(outputFile, '');
    let outcome: StepRun['outcome'];
    let output = '';
    let outputs: Record<string, string> = {};
    let secretsSeen: string[] = [];
    const composite = step.uses === undefined ? undefined : options.actions?.[step.uses.replace(/@.*$/, '')];
    if (step.run !== undefined) {
      const ran = await runScript(step.run, workspace, evaluateMap(step.env, context), outputFile);
      outcome = ran.code === 0 ? 'success' : 'failure';
      output = ran.output;
      outputs = readOutputs(outputFile);
      secretsSeen = ran.secretsSeen;
    } else if (composite !== undefined) {
      // A composite action: its steps in order, each with the action's path; the first failure ends it.
      const action = parse(readFileSync(join(composite, 'action.yml'), 'utf8')) as { runs: { using: string; steps: WorkflowStep[] } };
      if (action.runs.using !== 'composite') throw new Error(`${step.uses} is not a composite action`);
      const actionContext: ExpressionContext = {
        contexts: { ...contexts(jobEnv), github: { ...(githubContext as Record<string, Value>), action_path: composite } },
        failed: false,
      };
      outcome = 'success';
      for (const inner of action.runs.steps) {
        if (inner.run === undefined || inner.shell !== 'bash') throw new Error(`${step.uses}: only "run" steps with "shell: bash" are emulated`);
        const cwd = inner['working-directory'] === undefined ? workspace : within(workspace, interpolate(inner['working-directory'], actionContext));
        const stepEnv = { ...evaluateMap(step.env, context), ...evaluateMap(inner.env, actionContext), GITHUB_ACTION_PATH: composite };
        const ran = await runScript(interpolate(inner.run, actionContext), cwd, stepEnv, outputFile);
        output += ran.output;
        secretsSeen = [...new Set([...secretsSeen, ...ran.secretsSeen])];
        if (ran.code !== 0) {
          outcome = 'failure';
          break;
        }
      }
    } else if (step.uses !== undefined) {
      const inputs = evaluateMap(step.with, context);
      outputs = emulateAction(step.uses, inputs, { github, workspace, runId: options.runId, headSha: headShaOf(options) });
      outcome = 'success';
    } else {
      throw new Error(`step "${name}" has neither run nor uses`);
    }
    if (outcome === 'failure') failed = true;
    runs.push({ name, outcome, output, outputs, secretsSeen });
    if (step.id) steps[step.id] = { outputs, outcome, conclusion: outcome };
  }
  return result(true, failed ? 'failure' : 'success', runs);
}

function headShaOf(options: RunOptions): string {
  const pull = options.event.payload['pull_request'] as { head?: { sha?: string } } | undefined;
  return pull?.head?.sha ?? options.sha;
}

interface ActionContext {
  readonly github: FakeGitHub;
  readonly workspace: string;
  readonly runId: number;
  readonly headSha: string;
}

const within = (workspace: string, path: string) => (isAbsolute(path) ? path : join(workspace, path));

/** The hosted actions the workflow uses, over FakeGitHub's storage. Returns the step's outputs. */
function emulateAction(uses: string, inputs: Record<string, string>, context: ActionContext): Record<string, string> {
  const { github, workspace } = context;
  switch (uses) {
    case 'actions/checkout@v4':
    case 'actions/setup-node@v4':
      return {};
    case 'actions/cache/restore@v4': {
      const prefixes = (inputs['restore-keys'] ?? '').split('\n').map((k) => k.trim()).filter(Boolean);
      const found = github.findCache(inputs['key']!, prefixes);
      if (!found) return { 'cache-hit': 'false' };
      cpSync(found.dir, within(workspace, inputs['path']!), { recursive: true });
      return { 'cache-hit': String(found.key === inputs['key']), 'cache-matched-key': found.key };
    }
    case 'actions/cache/save@v4':
      github.saveCache(inputs['key']!, within(workspace, inputs['path']!));
      return {};
    case 'actions/upload-artifact@v4': {
      const source = within(workspace, inputs['path']!);
      if (!existsSync(source) || isEmptyDir(source)) {
        if ((inputs['if-no-files-found'] ?? 'warn') === 'error') throw new Error(`upload-artifact: no files at ${inputs['path']}`);
        return {};
      }
      github.upload(inputs['name']!, source, context.runId, context.headSha);
      return {};
    }
    case 'actions/download-artifact@v4': {
      if (inputs['github-token'] !== github.token) throw new Error('download-artifact from another run needs github-token');
      const artifact = github.artifacts.find((a) => a.name === inputs['name'] && String(a.runId) === inputs['run-id']);
      if (!artifact) throw new Error(`download-artifact: no artifact ${inputs['name']} in run ${inputs['run-id']}`);
      const target = within(workspace, inputs['path'] ?? '.');
      mkdirSync(target, { recursive: true });
      cpSync(artifact.dir, target, { recursive: true });
      return {};
    }
    default:
      throw new Error(`the workflow uses ${uses}, which this test does not emulate`);
  }
}

function isEmptyDir(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

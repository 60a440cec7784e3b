/**
 * bin/roster-github, the GitHub API calls of the CI recipe, against the GitHub stand-in: the
 * cases the recipe's story does not reach — a marker comment beyond the first page, GitHub
 * refusing a request — and that it never prints the token.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIOLATION_KINDS } from '../../src/core/safety.js';
import { FakeGitHub } from '../support/fake-github.js';


const exec = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../bin/roster-github', import.meta.url));

let github: FakeGitHub;
let dir: string;

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = {
    PATH: process.env['PATH'] ?? '',
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_TOKEN: github.token,
    GITHUB_OUTPUT: join(dir, 'output'),
  };
  try {
    const { stdout, stderr } = await exec(process.execPath, [SCRIPT, ...args], { cwd: dir, env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  github = new FakeGitHub();
  await github.start();
  dir = mkdtempSync(join(tmpdir(), 'roster-github-'));
  writeFileSync(join(dir, 'output'), '');
});

afterAll(async () => {
  await github?.close();
});

describe('roster-github', () => {
  it('finds its marked comment beyond the first page of 100, and updates it', async () => {
    const human = { login: 'alice', type: 'User' };
    for (let i = 0; i < 150; i++) {
      github.comments.push({ id: i + 1, issue: 3, body: i === 40 ? '<!-- roster-plan --> quoted by a person' : `comment ${i}`, user: human });
    }
    github.comments.push({ id: 500, issue: 3, body: '<!-- roster-plan -->\nold plan', user: { login: 'github-actions[bot]', type: 'Bot' } });
    writeFileSync(join(dir, 'comment.md'), '<!-- roster-plan -->\nnew plan');
    const result = await run(['comment', '--issue', '3', '--marker', '<!-- roster-plan -->', '--body-file', 'comment.md']);
    expect(result).toMatchObject({ code: 0, stdout: 'Updated comment 500 on #3.\n' });
    expect(github.commentsOn(3)).toHaveLength(151);
    expect(github.comments.find((c) => c.id === 500)?.body).toBe('<!-- roster-plan -->\nnew plan');
    expect(github.comments.find((c) => c.id === 41)?.body).toBe('<!-- roster-plan --> quoted by a person');
    const pages = github.requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/repos/${github.repository}/issues/3/comments`));
    expect(pages.map((r) => new URL(r.path, github.url).searchParams.get('page'))).toEqual(['1', '2']);
  });

  it('fails with GitHub’s status and message, and never prints the token', async () => {
    writeFileSync(join(dir, 'comment.md'), 'hello');
    const refused = await run(['comment', '--issue', '3', '--body-file', 'comment.md'], { GITHUB_TOKEN: 'ghs_wrong_token_value' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`roster-github comment: GitHub API POST /repos/${github.repository}/issues/3/comments: 401 Bad credentials`);
    expect(refused.stdout + refused.stderr).not.toContain('ghs_wrong_token_value');
  });

  it('turns only well-formed acknowledgements of a manual run into --allow flags', async () => {
    writeFileSync(join(dir, 'output'), '');
    const result = await run(['reviewed-plan'], { GITHUB_EVENT_NAME: 'workflow_dispatch', DISPATCH_ALLOW: 'deprovision:ringcentral  $(id):x replace:app-2 delete:' });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'output'), 'utf8')).toBe('allow=--allow deprovision:ringcentral --allow replace:app-2\n');
  });

  it('accepts an acknowledgement of every kind apply knows', async () => {
    writeFileSync(join(dir, 'output'), '');
    const result = await run(['reviewed-plan'], { GITHUB_EVENT_NAME: 'workflow_dispatch', DISPATCH_ALLOW: VIOLATION_KINDS.map((kind) => `${kind}:wiki`).join(' ') });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'output'), 'utf8')).toBe(`allow=${VIOLATION_KINDS.map((kind) => `--allow ${kind}:wiki`).join(' ')}\n`);
  });

  it('refuses a command it does not know, and missing options, with its usage', async () => {
    expect(await run(['post'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown command post') });
    const missing = await run(['comment', '--issue', '3']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--body-file is required');
  });

  it('counts the changes a journal records, without look-ups or failures', async () => {
    const journal = join(dir, 'journal');
    mkdirSync(journal);
    const events = [
      { outcome: 'success', event_type: 'user_create_provision' },
      { outcome: 'success', event_type: 'user_lookup_provision' },
      { outcome: 'failure', event_type: 'user_update_provision' },
      { outcome: 'success', event_type: 'user_update_provision' },
    ];
    writeFileSync(join(journal, 'run.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    expect(await run(['changes-made', journal])).toMatchObject({ code: 0, stdout: '2\n' });
    expect(await run(['changes-made', join(dir, 'none')])).toMatchObject({ code: 0, stdout: '0\n' });
  });
});

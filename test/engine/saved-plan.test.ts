/** Reading a saved plan: what is refused, and why. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDigest } from '../../src/core/plan-digest.js';
import { readSavedPlan } from '../../src/engine/saved-plan.js';
import { createChange, planOf } from './fakes.js';

async function file(content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'roster-saved-')), 'plan.json');
  await writeFile(path, content);
  return path;
}

/** A plan as Roster writes it: its digest is that of its content. */
const sealed = <T extends object>(content: T): T & { digest: string } => ({ ...content, digest: planDigest(content) });
const plan = sealed({ ...planOf([createChange('a@example.com')]), configDigest: 'digest-1' });

describe('readSavedPlan', () => {
  it('reads a plan made from the same configuration as it was written', async () => {
    expect(await readSavedPlan(await file(JSON.stringify(plan)), 'digest-1')).toEqual(plan);
  });

  it.each([
    ['not JSON', '{', /is not JSON/],
    ['another format', JSON.stringify({ ...plan, formatVersion: 2 }), /plan format 2; this Roster applies format 1/],
    ['a plan without its digest', JSON.stringify({ ...plan, digest: undefined }), /is not a complete plan \(at digest/],
    ['a change with an unknown step', JSON.stringify({ ...plan, changes: [{ ...plan.changes[0], steps: [{ op: 'scim.purge' }] }] }), /is not a complete plan \(at changes\.0\.steps\.0\.op/],
    ['a step without its id', JSON.stringify({ ...plan, changes: [{ ...plan.changes[0], steps: [{ op: 'scim.delete', app: 'a', userName: 'u' }] }] }), /changes\.0\.steps\.0\.id/],
  ])('refuses %s as invalid', async (_, content, message) => {
    await expect(readSavedPlan(await file(content), 'digest-1')).rejects.toMatchObject({ reason: 'invalid', message: expect.stringMatching(message) });
  });

  it('refuses a plan edited after Roster wrote it: its content is not what its digest says', async () => {
    const edited = { ...plan, violations: [], changes: [{ ...plan.changes[0], address: 'app/user/b@example.com' }] };
    await expect(readSavedPlan(await file(JSON.stringify(edited)), 'digest-1')).rejects.toMatchObject({
      reason: 'tampered',
      message: expect.stringMatching(new RegExp(`was edited after Roster wrote it: its content has digest ${planDigest(edited)}, not the ${plan.digest} it records`)),
    });
  });

  it('with an expected digest, refuses any other plan, and accepts the one expected in any case and with sha256:', async () => {
    const path = await file(JSON.stringify(plan));
    const other = sealed({ ...plan, configDigest: 'digest-1', violations: [] , changes: [] });
    await expect(readSavedPlan(await file(JSON.stringify(other)), 'digest-1', plan.digest)).rejects.toMatchObject({
      reason: 'tampered',
      message: expect.stringContaining(`is not the plan expected: its digest is ${other.digest}, --expect-digest is ${plan.digest}`),
    });
    expect(await readSavedPlan(path, 'digest-1', `sha256:${plan.digest.toUpperCase()}`)).toEqual(plan);
  });

  it('refuses a plan made from another configuration as stale', async () => {
    await expect(readSavedPlan(await file(JSON.stringify(plan)), 'digest-2')).rejects.toMatchObject({
      reason: 'stale',
      message: expect.stringContaining('was made from another configuration (digest digest-1; the configuration now has digest-2): run roster plan again'),
    });
  });
});

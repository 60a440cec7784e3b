/** Reading a saved plan: what is refused, and why. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSavedPlan } from '../../src/engine/saved-plan.js';
import { createChange, planOf } from './fakes.js';

async function file(content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'roster-saved-')), 'plan.json');
  await writeFile(path, content);
  return path;
}

const plan = { ...planOf([createChange('a@example.com')]), configDigest: 'digest-1' };

describe('readSavedPlan', () => {
  it('reads a plan made from the same configuration as it was written', async () => {
    expect(await readSavedPlan(await file(JSON.stringify(plan)), 'digest-1')).toEqual(plan);
  });

  it.each([
    ['not JSON', '{', /is not JSON/],
    ['another format', JSON.stringify({ ...plan, formatVersion: 2 }), /plan format 2; this Roster applies format 1/],
    ['a change with an unknown step', JSON.stringify({ ...plan, changes: [{ ...plan.changes[0], steps: [{ op: 'scim.purge' }] }] }), /is not a complete plan \(at changes\.0\.steps\.0\.op/],
    ['a step without its id', JSON.stringify({ ...plan, changes: [{ ...plan.changes[0], steps: [{ op: 'scim.delete', app: 'a', userName: 'u' }] }] }), /changes\.0\.steps\.0\.id/],
  ])('refuses %s as invalid', async (_, content, message) => {
    await expect(readSavedPlan(await file(content), 'digest-1')).rejects.toMatchObject({ reason: 'invalid', message: expect.stringMatching(message) });
  });

  it('refuses a plan made from another configuration as stale', async () => {
    await expect(readSavedPlan(await file(JSON.stringify(plan)), 'digest-2')).rejects.toMatchObject({
      reason: 'stale',
      message: expect.stringContaining('was made from another configuration (digest digest-1; the configuration now has digest-2): run roster plan again'),
    });
  });
});

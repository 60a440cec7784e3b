/**
 * docs/plan-format.md says which changes carry no `after`: the plan's changes say the same.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/core/plan.js';
import { accountFor, application, group, planInput, provisioning, user } from './fixtures.js';

const DOC = readFileSync(fileURLToPath(new URL('../../docs/plan-format.md', import.meta.url)), 'utf8');
const afterRow = DOC.split('\n').find((line) => line.startsWith('| `after` |')) ?? '';

const alice = user('alice');
const bob = user('bob');
const carol = user('carol', { suspended: true, state: 'SUSPENDED' });
const accounts = [accountFor(alice), accountFor(bob), accountFor(carol)];

/** Access revoked from bob (deprovisioned), carol suspended (deactivated while she keeps access). */
function changes(deprovision: 'deactivate' | 'delete') {
  const apps = [application(['Sales'], { provisioning: provisioning({ deprovision, safety: { protect: [], maxDeprovision: { count: 10 } } }) })];
  return buildPlan(planInput({ users: [alice, bob, carol], groups: [group('Sales', ['alice', 'carol'])], accounts, apps })).changes;
}

describe('docs/plan-format.md: changes without `after`', () => {
  it('deactivating an account whose user lost access has no after, as the page says', () => {
    const bobChange = changes('deactivate').find((c) => c.address === 'ringcentral/user/bob@example.com')!;
    expect(bobChange.action).toBe('deactivate');
    expect(bobChange.after).toBeUndefined();
    expect(bobChange.fields).toEqual([{ path: 'active', before: true, after: false }]);
    expect(afterRow).toMatch(/absent for deletes and for deactivations of accounts whose user no longer has access/);
  });

  it('deactivating a suspended user’s account keeps its after, as the page says', () => {
    const carolChange = changes('deactivate').find((c) => c.address === 'ringcentral/user/carol@example.com')!;
    expect(carolChange.action).toBe('deactivate');
    expect(carolChange.after).toMatchObject({ userName: 'carol@example.com' });
    expect(afterRow).toMatch(/suspended/);
  });

  it('a delete has no after', () => {
    const deletes = changes('delete').filter((c) => c.action === 'delete');
    expect(deletes.map((c) => c.address)).toEqual(['ringcentral/user/bob@example.com']);
    expect(deletes.every((c) => c.after === undefined)).toBe(true);
  });
});

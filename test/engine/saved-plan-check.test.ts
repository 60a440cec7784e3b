/**
 * Holding a saved plan to the plan Roster makes now: each change of the file is made (as the fresh
 * plan has it), confirmed, stale or tampered, and the violations are the fresh ones, whatever the
 * file says.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import type { DesiredState } from '../../src/core/desired.js';
import { accountRulesOf } from '../../src/engine/preconditions.js';
import { checkSavedPlan } from '../../src/engine/saved-plan-check.js';
import { account, accountChange, actualOf, APP, createChange, DESIRED, FakeIdp, FakeTarget, planOf, PROVISIONING } from './fakes.js';

const TITLE = 'title';
const ann = account('ann@example.com', { [TITLE]: 'Clerk' });
const bob = account('bob@example.com', { [TITLE]: 'Clerk' });

function world(desired: DesiredState = DESIRED) {
  const target = new FakeTarget();
  for (const a of [ann, bob]) target.accounts.set(a.id, a);
  const actual = actualOf(target, new FakeIdp());
  const rules = accountRulesOf(desired, new Map([[APP, target]]));
  return (saved: readonly Change[], fresh: readonly Change[]) =>
    checkSavedPlan({ saved: { ...planOf(saved), violations: [] }, fresh: planOf(fresh), actual, desired, rules, idpSystem: 'idp' });
}

const promote = (existing = ann) => accountChange(existing, 'update', { [TITLE]: 'Manager' });

describe('checkSavedPlan', () => {
  it('makes the fresh plan’s change when the file’s equals it, taking before, precondition and reason from the live read', () => {
    const saved = { ...promote(), reason: { code: 'drift' as const, message: 'edited reason' } };
    const fresh = promote();
    const result = world()([saved], [fresh]);
    expect(result.plan.changes).toEqual([fresh]);
    expect(result.plan.changes[0]).toBe(fresh);
    expect([result.stale, result.tampered, [...result.confirmOnly]]).toEqual([[], [], []]);
  });

  it('computes the violations from the changes it makes, against the configuration, never reading the file’s', () => {
    const desired: DesiredState = { applications: [{ ...DESIRED.applications[0]!, provisioning: { ...PROVISIONING, safety: { protect: ['ann@example.com'] } } }] };
    const off = accountChange(ann, 'deactivate', { active: false });
    const result = world(desired)([off], [off]);
    expect(result.plan.violations.map((v) => [v.kind, v.addresses])).toEqual([['protected', [off.address]]]);
  });

  it('refuses a change whose requests send more than its fields say', () => {
    const saved = promote();
    const extended = { ...saved, steps: [{ ...saved.steps[0]!, set: { [TITLE]: 'Manager', userName: 'mallory@example.com' } }] as Change['steps'] };
    const result = world()([extended], [saved]);
    expect(result.tampered.map((t) => t.why)).toEqual([expect.stringContaining('its requests are not those its differences imply')]);
  });

  it('refuses a change whose address names another user than the account its requests go to', () => {
    const edited = { ...promote(), address: `${APP}/user/bob@example.com` };
    const result = world()([edited], [promote()]);
    expect(result.tampered.map((t) => t.why)).toEqual([`its requests are for account ${ann.id}, which is ann@example.com, not the user of its address`]);
  });

  it('refuses a second change for one address, and a create of another user than its address', () => {
    const create = { ...createChange('carol@example.com'), address: `${APP}/user/dave@example.com` };
    const result = world()([promote(), promote(), create], [promote()]);
    expect(result.tampered.map((t) => t.why)).toEqual(['the plan has a second change for this address', 'its request creates carol@example.com, not the user of its address']);
  });

  it('holds a change Roster would not make now as stale, naming what it plans instead', () => {
    const result = world()([promote(), promote(bob)], [accountChange(ann, 'update', { [TITLE]: 'Director' })]);
    expect(result.stale.map((s) => [s.change.address, s.why])).toEqual([
      [promote().address, expect.stringContaining(`it plans update of ${TITLE} instead`)],
      [promote(bob).address, expect.stringContaining('it plans no change for this object')],
    ]);
    expect(result.plan.violations).toEqual([]);
  });

  it('only confirms a change already in place, and marks it when Roster now plans another there', () => {
    const promoted = { ...ann, attributes: { ...ann.attributes, [TITLE]: 'Manager' }, version: 'v2' };
    const target = new FakeTarget();
    target.accounts.set(promoted.id, promoted);
    const saved = { ...promote(), precondition: { version: 'v1' } };
    const later = accountChange(promoted, 'update', { [TITLE]: 'Director' });
    const result = checkSavedPlan({
      saved: planOf([saved]),
      fresh: planOf([later]),
      actual: actualOf(target, new FakeIdp()),
      desired: DESIRED,
      rules: accountRulesOf(DESIRED, new Map([[APP, target]])),
      idpSystem: 'idp',
    });
    expect([...result.confirmOnly]).toEqual([saved]);
    expect([...result.changedSincePlan]).toEqual([saved.address]);
    expect(result.plan.violations).toEqual([]);
  });
});

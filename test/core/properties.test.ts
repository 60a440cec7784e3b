/**
 * Properties of planning over generated directories and targets (fast-check):
 * accounts Roster does not own are never in a change; applying a plan and planning again yields
 * nothing to apply; plans do not depend on the order anything was read in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan, hasChanges, type PlanInput } from '../../src/core/plan.js';
import { applyPlan } from './simulate.js';
import { toInput, worldArb } from './worlds.js';

/** The same state, read in another order. */
function permuted(input: PlanInput, order: (n: number) => number[]): PlanInput {
  const reorder = <T>(items: readonly T[]): T[] => order(items.length).map((i) => items[i]!);
  return {
    ...input,
    directory: { users: reorder(input.directory.users), groups: reorder(input.directory.groups).map((g) => ({ ...g, members: reorder(g.members) })) },
    targets: Object.fromEntries(Object.entries(input.targets).map(([app, t]) => [app, { ...t, accounts: reorder(t.accounts) }])),
  };
}

const RUNS = { numRuns: 300 };

describe('planning properties', () => {
  it('never changes an account Roster does not own, and gives every change its own address', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { input, unmanagedIds } = toInput(world);
        const plan = buildPlan(input);
        expect(new Set(plan.changes.map((c) => c.address)).size, 'every change has its own address').toBe(plan.changes.length);
        const touched = new Set(plan.changes.flatMap((c) => c.steps.flatMap((s) => ('id' in s ? [s.id] : []))));
        expect(unmanagedIds.filter((id) => touched.has(id))).toEqual([]);
        expect(plan.applications[0]!.unmanaged.length).toBeGreaterThanOrEqual(unmanagedIds.length);
      }),
      RUNS,
    );
  });

  it('plans nothing to apply for the state a plan describes', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { input } = toInput(world);
        const plan = buildPlan(input);
        const after = buildPlan(applyPlan(input, plan));
        expect(after.changes.filter((c) => c.action !== 'skip')).toEqual([]);
        expect(hasChanges(after)).toBe(false);
      }),
      RUNS,
    );
  });

  it('is deterministic: the same state read in any order gives the same plan, byte for byte', () => {
    const orders = fc.func(fc.integer()).map((f) => (n: number) => [...Array(n).keys()].sort((a, b) => f(a) - f(b) || a - b));
    fc.assert(
      fc.property(worldArb, orders, (world, order) => {
        const { input } = toInput(world);
        expect(JSON.stringify(buildPlan(permuted(input, order)))).toBe(JSON.stringify(buildPlan(input)));
      }),
      RUNS,
    );
  });
});

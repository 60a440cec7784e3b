/** The plan's content digest: SHA-256 exactly, of the content only, and sensitive to every change of it. */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planDigest } from '../../src/core/plan-digest.js';
import { sha256Hex } from '../../src/core/sha256.js';
import { scenarioPlan } from '../render/scenario.js';

describe('sha256Hex', () => {
  it('is SHA-256 of the UTF-8 bytes, for any text', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'é😀\u0000\uffff', 'x'.repeat(1000)]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('planDigest', () => {
  const plan = scenarioPlan();

  it('is the digest the plan records, and survives a JSON round trip', () => {
    expect(plan.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(planDigest(plan)).toBe(plan.digest);
    expect(planDigest(JSON.parse(JSON.stringify(plan)))).toBe(plan.digest);
  });

  it('leaves out createdAt and the digest itself', () => {
    expect(planDigest({ ...plan, createdAt: '2030-01-01T00:00:00.000Z', digest: 'other' })).toBe(plan.digest);
  });

  it('changes with the violations, a step, an address or the configuration digest', () => {
    const [first, ...rest] = plan.changes;
    const edits = [
      { ...plan, violations: [] },
      { ...plan, configDigest: 'forged' },
      { ...plan, changes: [{ ...first!, address: `${first!.address}x` }, ...rest] },
      { ...plan, changes: [{ ...first!, steps: [...first!.steps, ...first!.steps] }, ...rest] },
    ];
    for (const edited of edits) expect(planDigest(edited)).not.toBe(plan.digest);
  });
});

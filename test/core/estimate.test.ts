/** The request estimate: one row per rule of counting and timing. */
import { describe, expect, it } from 'vitest';
import type { Change, Step } from '../../src/core/change.js';
import { estimate, type EstimateTarget, type NextPlanReads } from '../../src/core/estimate.js';
import { CAPABILITIES } from './fixtures.js';

const create: Step = { op: 'scim.create', app: 'ringcentral', userName: 'a@example.com', attributes: {} };
const update: Step = { op: 'scim.update', app: 'ringcentral', id: '1', userName: 'a@example.com', set: {}, unset: [] };
const remove: Step = { op: 'scim.delete', app: 'ringcentral', id: '1', userName: 'a@example.com' };
const bind: Step = { op: 'idp.binding.add', app: 'ringcentral', group: 'Sales', groupId: 'g1' };

function change(steps: Step[]): Change {
  return { address: 'ringcentral/user/a@example.com', app: 'ringcentral', kind: 'scim_user', action: 'create', fields: [], reason: { code: 'config', message: '' }, steps, problems: [] };
}

const ringcentral: EstimateTarget = { system: 'ringcentral', capabilities: CAPABILITIES };

interface Row {
  readonly rule: string;
  readonly changes: Change[];
  readonly target?: EstimateTarget;
  readonly reads?: NextPlanReads[];
  readonly apply: Array<[system: string, group: string, requests: number, seconds: number]>;
  readonly applySeconds: number;
  readonly next?: Array<[system: string, group: string, requests: number, seconds: number]>;
}

const rows: Row[] = [
  {
    rule: '400 RingCentral writes at 10 a minute take at least 40 minutes',
    changes: Array.from({ length: 400 }, () => change([create])),
    apply: [['ringcentral', 'heavy', 400, 2400]],
    applySeconds: 2400,
  },
  {
    rule: 'each step is one request: reactivate-then-delete is two writes',
    changes: [change([update, remove]), change([create])],
    apply: [['ringcentral', 'heavy', 3, 18]],
    applySeconds: 18,
  },
  {
    rule: 'without PATCH an update is a read and a write',
    changes: [change([update])],
    target: { system: 'ringcentral', capabilities: { ...CAPABILITIES, patch: false } },
    apply: [
      ['ringcentral', 'heavy', 1, 6],
      ['ringcentral', 'light', 1, 2],
    ],
    applySeconds: 6,
  },
  {
    rule: 'IdP writes are counted without a minimum time: no limit is documented',
    changes: [change([bind, bind])],
    apply: [['jumpcloud', 'api', 2, 0]],
    applySeconds: 0,
  },
  {
    rule: 'a skip makes no request',
    changes: [{ ...change([]), action: 'skip' }],
    apply: [],
    applySeconds: 0,
  },
  {
    rule: 'the next plan’s reads are list pages and detail reads, in the read group',
    changes: [],
    reads: [{ app: 'ringcentral', listPages: 3, detailReads: 97 }],
    apply: [],
    applySeconds: 0,
    next: [['ringcentral', 'light', 100, 120]],
  },
];

describe('estimate', () => {
  it.each(rows)('$rule', (row) => {
    const result = estimate(row.changes, 'jumpcloud', { ringcentral: row.target ?? ringcentral }, row.reads ?? []);
    expect(result.apply.entries.map((e) => [e.system, e.group, e.requests, e.minimumSeconds])).toEqual(row.apply);
    expect(result.apply.minimumSeconds).toBe(row.applySeconds);
    expect(result.nextPlan.entries.map((e) => [e.system, e.group, e.requests, e.minimumSeconds])).toEqual(row.next ?? []);
  });
});

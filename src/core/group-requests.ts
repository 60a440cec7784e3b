/**
 * How many requests a group step sends (RFC 7644): the plan's estimate and apply's time budget
 * count them, and the provider sends exactly these (src/providers/scim/groups*.ts).
 *
 *   create   one POST with the first `batchSize` members, then one PATCH per further batch;
 *            without PATCH, one POST with every member (no batch could follow it)
 *   update   with PATCH, one request per `batchSize` member operations (at least one: a rename or
 *            an adoption rides in the first); without PATCH, one GET and one PUT of the whole group
 *   delete   one DELETE
 */
import type { GroupStep } from './change.js';

export interface GroupStepRequests {
  readonly reads: number;
  readonly writes: number;
}

export function groupStepRequests(step: GroupStep, patch: boolean): GroupStepRequests {
  switch (step.op) {
    case 'scim.group.create': {
      if (!patch) return { reads: 0, writes: 1 };
      const rest = Math.max(0, step.members.length - step.batchSize);
      return { reads: 0, writes: 1 + Math.ceil(rest / step.batchSize) };
    }
    case 'scim.group.update':
      if (!patch) return { reads: 1, writes: 1 };
      return { reads: 0, writes: Math.max(1, Math.ceil((step.add.length + step.remove.length) / step.batchSize)) };
    case 'scim.group.delete':
      return { reads: 0, writes: 1 };
  }
}

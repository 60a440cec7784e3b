/**
 * Mapping users while the directory is read (engine/map-ahead.ts): a user is mapped for an
 * application once their record and a membership of one of its groups have both arrived, in
 * either order, and for no other application. What was mapped is observed through the user's
 * record: the mapping reads its email.
 */
import { describe, expect, it } from 'vitest';
import type { DirectoryUser } from '../../src/core/model.js';
import { mapAhead } from '../../src/engine/map-ahead.js';
import { mapUser } from '../../src/core/mapping.js';
import { application, provisioning, user } from '../core/fixtures.js';

/** A user whose email reads are counted: each mapping reads it. */
function counted(id: string): { user: DirectoryUser; reads: () => number } {
  let reads = 0;
  const base = user(id);
  const record = { ...base };
  Object.defineProperty(record, 'email', { get: () => ((reads += 1), base.email), enumerable: true });
  return { user: record, reads: () => reads };
}

const member = (userId: string) => ({ userId, via: [] });

describe('mapping users ahead', () => {
  it('maps a user once both the record and a membership have come, whichever comes first', () => {
    const progress = mapAhead([application(['Sales'])])!;
    const alice = counted('alice');
    const bob = counted('bob');
    progress.users([alice.user]);
    expect(alice.reads()).toBe(0);
    progress.members('Sales', [member('alice'), member('bob')]);
    expect(alice.reads()).toBeGreaterThan(0);
    expect(bob.reads()).toBe(0);
    progress.users([bob.user]);
    expect(bob.reads()).toBeGreaterThan(0);
  });

  it('maps each user once per application, only for the applications whose groups name them', () => {
    const sales = application(['Sales'], { name: 'ringcentral' });
    const support = application(['Support'], { name: 'wiki', provisioning: provisioning({ mappings: [{ target: 'userName', source: 'email' }] }) });
    const progress = mapAhead([sales, support])!;
    const alice = counted('alice');
    const bob = counted('bob');
    progress.users([alice.user, bob.user]);
    progress.members('Support', [member('alice'), member('bob')]);
    expect(alice.reads()).toBe(1);
    progress.members('Sales', [member('alice')]);
    progress.members('Support', [member('alice')]);
    progress.members('Engineering', [member('alice')]);
    const mapped = alice.reads();
    expect(mapped).toBeGreaterThan(1);
    expect(bob.reads()).toBe(1);
    // The plan finds both applications' mappings made: asking again reads nothing.
    for (const app of [sales, support]) mapUser(alice.user, app.provisioning!.mappings, app.provisioning!.rules);
    expect(alice.reads()).toBe(mapped);
  });

  it('has nothing to do without a provisioned application', () => {
    expect(mapAhead([application(['Sales'], { provisioning: undefined })])).toBeUndefined();
    expect(mapAhead([application(['Sales'], { provisioning: provisioning({ enabled: false }) })])).toBeUndefined();
  });
});

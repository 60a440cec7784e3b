/**
 * Group changes written out as a plan holds them, for the renderers: a create with many members,
 * a membership-only update, an adoption with a rename, and a delete.
 */
import type { Change } from '../../src/core/change.js';
import { summarize, type Plan } from '../../src/core/plan.js';

export const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}@example.com`);

export function groupCreate(app: string, displayName: string, added: readonly string[], externalId = '65e1a72438a31e660d00c8c4'): Change {
  return {
    address: `${app}/group/${displayName}`,
    app,
    kind: 'scim_group',
    action: 'create',
    after: { displayName, externalId },
    fields: [{ path: 'displayName', after: displayName }],
    members: { added: [...added], removed: [] },
    reason: { code: 'config', message: `IdP group ${displayName} is provisioned to ${app}` },
    precondition: { absent: true },
    steps: [{ op: 'scim.group.create', app, displayName, externalId, members: added.map((userName) => ({ userName })), batchSize: 100 }],
    problems: [],
  };
}

export function groupUpdate(app: string, displayName: string, added: readonly string[], removed: readonly string[], fields: Change['fields'] = []): Change {
  return {
    address: `${app}/group/${displayName}`,
    app,
    kind: 'scim_group',
    action: 'update',
    before: { displayName, externalId: 'g-ext' },
    after: { displayName, externalId: 'g-ext' },
    fields,
    members: { added: [...added], removed: [...removed] },
    reason: { code: 'access_granted', message: `members of IdP group ${displayName} differ` },
    steps: [
      {
        op: 'scim.group.update',
        app,
        id: `grp-${displayName}`,
        displayName,
        add: added.map((userName) => ({ userName, id: `id-${userName}` })),
        remove: removed.map((userName) => ({ userName, id: `id-${userName}` })),
        batchSize: 100,
      },
    ],
    problems: [],
  };
}

export function groupAdopt(app: string, displayName: string, before: string, added: readonly string[]): Change {
  return {
    address: `${app}/group/${displayName}`,
    app,
    kind: 'scim_group',
    action: 'adopt',
    before: { displayName: before },
    after: { displayName, externalId: 'g-ext' },
    fields: [
      { path: 'displayName', before, after: displayName },
      { path: 'externalId', after: 'g-ext' },
    ],
    members: { added: [...added], removed: [] },
    reason: { code: 'matched', message: `an unowned group matches IdP group ${displayName}` },
    steps: [{ op: 'scim.group.update', app, id: `grp-${before}`, displayName: before, rename: displayName, externalId: 'g-ext', add: added.map((userName) => ({ userName })), remove: [], batchSize: 100 }],
    problems: [],
  };
}

export function groupDelete(app: string, displayName: string): Change {
  return {
    address: `${app}/group/${displayName}`,
    app,
    kind: 'scim_group',
    action: 'delete',
    before: { displayName, externalId: 'g-old' },
    fields: [],
    reason: { code: 'access_revoked', message: `IdP group ${displayName} is no longer provisioned to ${app}` },
    steps: [{ op: 'scim.group.delete', app, id: `grp-${displayName}`, displayName }],
    problems: [],
  };
}

/** A plan of these changes alone, as buildPlan would hold them (no estimate entries). */
export function groupPlan(changes: readonly Change[]): Plan {
  return {
    formatVersion: 1,
    createdAt: '2026-12-06T12:00:00.000Z',
    configDigest: 'c0ffee',
    summary: summarize(changes),
    applications: [...new Set(changes.map((c) => c.app))].map((app) => ({
      app,
      managedAccounts: 40,
      unmanaged: [],
      activationEmails: 0,
      deprovisions: 0,
      deprovisionLimit: 5,
      renames: 0,
      renameLimit: 5,
    })),
    changes,
    manualSteps: [],
    violations: [],
    diagnostics: [],
    estimate: { apply: { entries: [], minimumSeconds: 0 }, nextPlan: { entries: [], minimumSeconds: 0 } },
    digest: 'd'.repeat(64),
  };
}

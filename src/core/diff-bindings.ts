/**
 * Group bindings of one application's IdP application: who may sign in. Only the IdP application
 * Roster manages (created, its own, or adopted) is bound; a new or replaced one has no bindings
 * yet, and its bindings are made once it exists (their step then has no application id).
 */
import { bindingAddress } from './address.js';
import type { Change, Step } from './change.js';
import type { DesiredApplication } from './desired.js';
import type { UserGroup } from './model.js';

/** The IdP application the bindings belong to, once its own change is applied. */
export interface BoundApplication {
  /** Its id; undefined when it is created or replaced in this apply. */
  readonly appId?: string;
  /** The groups bound to it, by name. */
  readonly bound: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** Whether Roster may touch its bindings and record. */
  readonly managed: boolean;
}

/** Bindings towards the configured groups. */
export function planBindings(desired: DesiredApplication, sso: BoundApplication, groups: readonly UserGroup[]): Change[] {
  if (!sso.managed) return [];
  const app = desired.name;
  const changes: Change[] = [];
  const groupsByName = new Map(groups.map((g) => [g.name, g]));
  const bound = new Set(sso.bound.map((g) => g.name));
  const wanted = new Set(desired.groups);
  for (const group of desired.groups) {
    if (bound.has(group)) continue;
    const found = groupsByName.get(group);
    // A group missing from the IdP is reported once, by the plan (see plan.ts).
    if (!found) continue;
    const step: Step = { op: 'idp.binding.add', app, ...(sso.appId !== undefined ? { appId: sso.appId } : {}), group, groupId: found.id };
    changes.push({
      address: bindingAddress(app, group),
      app,
      kind: 'group_binding',
      action: 'create',
      after: { group },
      fields: [{ path: 'group', after: group }],
      reason: { code: 'config', message: `members of ${group} get access to ${app}` },
      precondition: { absent: true },
      steps: [step],
      problems: [],
    });
  }
  if (sso.appId === undefined) return changes;
  for (const { id: groupId, name: group } of sso.bound) {
    if (wanted.has(group)) continue;
    changes.push({
      address: bindingAddress(app, group),
      app,
      kind: 'group_binding',
      action: 'delete',
      before: { group },
      fields: [{ path: 'group', before: group }],
      reason: { code: 'config', message: `members of ${group} lose access to ${app}` },
      precondition: {},
      steps: [{ op: 'idp.binding.remove', app, appId: sso.appId, group, groupId }],
      problems: [],
    });
  }
  return changes;
}

/**
 * IdP changes for one application: the SSO application itself and its group bindings.
 */
import { bindingAddress, ssoAddress } from './address.js';
import type { Change, FieldDiff, Step } from './change.js';
import { sameValue, identityNormalizer } from './compare.js';
import type { DesiredApplication } from './desired.js';
import { digestOf } from './digest.js';
import type { AttributeValue, IdpApplication, UserGroup } from './model.js';

/** Settings that cannot change once the application exists: a change means delete and create. */
export const IMMUTABLE_SSO_SETTINGS: readonly string[] = ['ssoUrl'];

export interface IdpPlan {
  readonly changes: Change[];
}

function settingsDiff(desired: Readonly<Record<string, AttributeValue>>, actual: Readonly<Record<string, AttributeValue>>): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const path of Object.keys(desired).sort()) {
    const after = desired[path];
    const before = actual[path];
    if (sameValue(path, after, before, identityNormalizer)) continue;
    diffs.push({ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return diffs;
}

export function planIdpApplication(
  desired: DesiredApplication,
  actual: IdpApplication | undefined,
  groups: readonly UserGroup[],
): IdpPlan {
  const changes: Change[] = [];
  const app = desired.name;
  const sso = desired.sso;
  if (!sso) return { changes };

  const address = ssoAddress(app);
  const precondition = actual ? { version: actual.id, digest: digestOf(actual.settings) } : { absent: true as const };
  let replaced = false;
  if (!actual) {
    changes.push({
      address,
      app,
      kind: 'sso_app',
      action: 'create',
      after: sso.settings,
      fields: settingsDiff(sso.settings, {}),
      reason: { code: 'config', message: 'declared in the configuration' },
      precondition,
      steps: [{ op: 'idp.app.create', app, settings: sso.settings }],
      problems: [],
    });
  } else {
    const fields = settingsDiff(sso.settings, actual.settings);
    replaced = fields.some((f) => IMMUTABLE_SSO_SETTINGS.includes(f.path));
    if (replaced) {
      changes.push({
        address,
        app,
        kind: 'sso_app',
        action: 'replace',
        before: actual.settings,
        after: sso.settings,
        fields,
        reason: { code: 'config', message: `${fields.filter((f) => IMMUTABLE_SSO_SETTINGS.includes(f.path)).map((f) => f.path).join(', ')} cannot change after creation` },
        precondition,
        steps: [
          { op: 'idp.app.delete', app, appId: actual.id },
          { op: 'idp.app.create', app, settings: sso.settings },
        ],
        problems: [],
      });
    } else if (fields.length > 0) {
      const set: Record<string, AttributeValue> = {};
      for (const f of fields) if (f.after !== undefined) set[f.path] = f.after;
      changes.push({
        address,
        app,
        kind: 'sso_app',
        action: 'update',
        before: actual.settings,
        after: sso.settings,
        fields,
        reason: { code: 'config', message: 'the configuration changed' },
        precondition,
        steps: [{ op: 'idp.app.update', app, appId: actual.id, set, unset: [] }],
        problems: [],
      });
    }
  }

  // Bindings. A replaced application loses its bindings with it, so all are created again.
  const groupsByName = new Map(groups.map((g) => [g.name, g]));
  const bound = new Set(actual && !replaced ? actual.boundGroups.map((g) => g.name) : []);
  const wanted = new Set(desired.groups);
  for (const group of desired.groups) {
    if (bound.has(group)) continue;
    const found = groupsByName.get(group);
    // A group missing from the IdP is reported once, by the plan (see plan.ts).
    if (!found) continue;
    const step: Step = { op: 'idp.binding.add', app, ...(actual && !replaced ? { appId: actual.id } : {}), group, groupId: found.id };
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
  if (actual && !replaced) {
    for (const { id: groupId, name: group } of actual.boundGroups) {
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
        steps: [{ op: 'idp.binding.remove', app, appId: actual.id, group, groupId }],
        problems: [],
      });
    }
  }
  return { changes };
}

/**
 * IdP changes for one configured application: its SSO application, then its group bindings
 * (diff-bindings.ts) and Roster's provisioning record (diff-provisioning.ts).
 *
 * The SSO application (address `<app>/sso`, kind `sso_app`):
 *   create   no IdP application is the application's (idp-match.ts)
 *   adopt    an IdP application with its label exists that Roster did not create: Roster writes its
 *            record on it, with any setting that differs. Roster never replaces an application it
 *            adopts: a different `ssoUrl` blocks the adoption (skip).
 *   update   settings differ (idp-settings.ts), or the IdP application has a new signing certificate
 *            (the record names another: the application's admin must import the new one)
 *   replace  an immutable setting (`ssoUrl`) differs: deleted and created again, which gives it a
 *            new certificate and loses its bindings (they are created again)
 * Applications removed from the configuration are planned by diff-removed.ts.
 */
import { ssoAddress } from './address.js';
import type { Change, FieldDiff, Reason, Step } from './change.js';
import { planBindings, type BoundApplication } from './diff-bindings.js';
import type { DesiredApplication } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import { digestOf } from './digest.js';
import { planProvisioningRecord } from './diff-provisioning.js';
import type { IdpMatch } from './idp-match.js';
import { certificateRecord, DESCRIPTION_LIMIT, longestRecord, RECORD_CERTIFICATE, RECORD_PROVISIONING } from './idp-record.js';
import { desiredIdpSettings, diffSsoSettings, IMMUTABLE_SSO_SETTINGS, settingsAfter } from './idp-settings.js';
import type { AttributeValue, FlatAttributes, IdpApplication, UserGroup } from './model.js';
import type { SsoReviewer } from './sso-review.js';

export interface IdpPlan {
  readonly changes: Change[];
  readonly diagnostics: Diagnostic[];
}

export interface IdpPlanContext {
  readonly groups: readonly UserGroup[];
  readonly reviewer?: SsoReviewer;
  /** ISO 8601 time of planning. */
  readonly now: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Roster's record goes at the end of the IdP application's description, which JumpCloud keeps to
 * 256 characters (core/idp-record.ts). The configuration's own description is checked when it is
 * loaded; one Roster keeps from an application it adopts is checked here, before apply would fail.
 */
function descriptionWithoutRoom(app: string, address: string, after: FlatAttributes): Diagnostic | undefined {
  const text = String(after['description'] ?? '');
  const room = DESCRIPTION_LIMIT - longestRecord(app);
  if (text.length <= room) return undefined;
  return {
    severity: 'error',
    code: 'idp.description-too-long',
    message: `${app}: the IdP application's description is ${text.length} characters; with Roster's record of the application (up to ${longestRecord(app)} characters) it must be at most ${room}, JumpCloud keeps 256`,
    hint: `set applications.${app}.description (at most ${room} characters) to replace it, or shorten it in JumpCloud's console`,
    address,
    path: `applications.${app}.description`,
  };
}

/** The record of a certificate the IdP application has that is not the one recorded, as a field. */
function certificateField(actual: IdpApplication): FieldDiff | undefined {
  if (!actual.certificate) return undefined;
  const current = certificateRecord(actual.certificate.fingerprintSha256);
  const recorded = actual.settings[RECORD_CERTIFICATE];
  return recorded === current ? undefined : { path: RECORD_CERTIFICATE, ...(recorded !== undefined ? { before: recorded } : {}), after: current };
}

/** `set`/`unset` of an update step from its fields. */
function updateStep(app: string, appId: string, fields: readonly FieldDiff[]): Step {
  const set: Record<string, AttributeValue> = {};
  const unset: string[] = [];
  for (const f of fields) {
    if (f.after === undefined) unset.push(f.path);
    else set[f.path] = f.after;
  }
  return { op: 'idp.app.update', app, appId, set, unset };
}

/** Where values that did not come from the configuration came from, for the changed ones: `(config.acsUrl and config.spEntityId from metadata/sp.xml)`. */
function originsNote(desired: DesiredApplication, fields: readonly FieldDiff[]): string {
  const origins = desired.sso?.origins ?? {};
  const bySource = new Map<string, string[]>();
  for (const f of fields) {
    const source = origins[f.path];
    if (source !== undefined) bySource.set(source, [...(bySource.get(source) ?? []), f.path]);
  }
  const notes = [...bySource].map(([source, paths]) => `${paths.join(' and ')} from ${source}`);
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

/** A read-only setting the configuration sets to something else: reported, never sent. */
function readOnlyDiagnostics(app: string, desired: FlatAttributes, actual: IdpApplication): Diagnostic[] {
  return (actual.readOnly ?? [])
    .filter((key) => desired[key] !== undefined && desired[key] !== actual.settings[key])
    .map((key) => ({
      severity: 'warning' as const,
      code: 'idp.setting-read-only',
      message: `${app}: ${key} is read-only on the IdP application (the IdP sets it to ${JSON.stringify(actual.settings[key] ?? null)}); the configured ${JSON.stringify(desired[key])} is not applied`,
      hint: 'remove the setting from the configuration',
      address: ssoAddress(app),
    }));
}

interface SsoPlan extends BoundApplication {
  readonly change?: Change;
  readonly diagnostics: Diagnostic[];
}

function planSsoApplication(desired: DesiredApplication, match: IdpMatch): SsoPlan {
  const app = desired.name;
  const address = ssoAddress(app);
  const wanted = desiredIdpSettings(desired);
  if (match.kind === 'ambiguous') return { bound: [], managed: false, diagnostics: [] };
  if (match.kind === 'none') {
    const fields = diffSsoSettings(wanted, {});
    return {
      change: {
        address,
        app,
        kind: 'sso_app',
        action: 'create',
        after: wanted,
        fields,
        reason: { code: 'config', message: `declared in the configuration${originsNote(desired, fields)}` },
        precondition: { absent: true },
        steps: [{ op: 'idp.app.create', app, settings: wanted }],
        problems: [],
      },
      bound: [],
      managed: true,
      diagnostics: [],
    };
  }

  const actual = match.application;
  const readOnly = new Set(actual.readOnly ?? []);
  const diagnostics = readOnlyDiagnostics(app, wanted, actual);
  const precondition = { version: actual.id, digest: digestOf(actual.settings) };
  const settingFields = diffSsoSettings(wanted, actual.settings, readOnly);
  const immutable = settingFields.filter((f) => IMMUTABLE_SSO_SETTINGS.includes(f.path));

  if (match.kind === 'adopt') {
    const label = String(actual.settings['label'] ?? '');
    const reason: Reason = {
      code: 'matched',
      message:
        match.renamedFrom !== undefined
          ? `the IdP application labelled "${label}" was Roster's for ${match.renamedFrom}, which is no longer configured: it is adopted as ${app}`
          : `an IdP application labelled "${label}" exists that Roster did not create: Roster adopts it`,
    };
    if (immutable.length > 0) {
      const problem: Diagnostic = {
        severity: 'error',
        code: 'idp.adopt-immutable',
        message: `${app}: the IdP application labelled "${label}" has ${immutable.map((f) => `${f.path} ${JSON.stringify(f.before ?? null)}`).join(', ')}, the configuration ${immutable.map((f) => JSON.stringify(f.after ?? null)).join(', ')}; it cannot change, and Roster does not replace an application it did not create`,
        hint: `set sso.${immutable[0]!.path} to ${JSON.stringify(immutable[0]!.before ?? null)} to adopt the application as it is, or give the configured application another label to create a new one`,
        address,
        path: `applications.${app}.sso.${immutable[0]!.path}`,
      };
      return {
        change: { address, app, kind: 'sso_app', action: 'skip', blockedAction: 'adopt', before: actual.settings, after: wanted, fields: settingFields, reason, precondition, steps: [], problems: [problem] },
        bound: actual.boundGroups,
        managed: false,
        diagnostics,
      };
    }
    // Adopting takes the application's side as set up for the certificate it has now.
    const certificate = certificateField(actual);
    const fields = certificate ? [...settingFields, certificate] : settingFields;
    const after = settingsAfter(actual.settings, fields);
    const noRoom = descriptionWithoutRoom(app, address, after);
    if (noRoom) {
      return {
        change: { address, app, kind: 'sso_app', action: 'skip', blockedAction: 'adopt', before: actual.settings, after, fields, reason, precondition, steps: [], problems: [noRoom] },
        bound: actual.boundGroups,
        managed: false,
        diagnostics,
      };
    }
    return {
      change: {
        address,
        app,
        kind: 'sso_app',
        action: 'adopt',
        before: actual.settings,
        after,
        fields,
        reason,
        precondition,
        steps: [updateStep(app, actual.id, fields)],
        problems: [],
      },
      appId: actual.id,
      bound: actual.boundGroups,
      managed: true,
      diagnostics,
    };
  }

  if (immutable.length > 0) {
    // The new application carries the record over, provisioning included: it is the same integration.
    const recorded = actual.settings[RECORD_PROVISIONING];
    const settings = recorded !== undefined ? { ...wanted, [RECORD_PROVISIONING]: recorded } : wanted;
    return {
      change: {
        address,
        app,
        kind: 'sso_app',
        action: 'replace',
        before: actual.settings,
        after: settings,
        fields: settingFields,
        reason: { code: 'config', message: `${immutable.map((f) => f.path).join(', ')} cannot change after creation` },
        precondition,
        steps: [
          { op: 'idp.app.delete', app, appId: actual.id },
          { op: 'idp.app.create', app, settings },
        ],
        problems: [],
      },
      bound: [],
      managed: true,
      diagnostics,
    };
  }

  const certificate = certificateField(actual);
  const fields = certificate ? [...settingFields, certificate] : settingFields;
  if (fields.length === 0) return { appId: actual.id, bound: actual.boundGroups, managed: true, diagnostics };
  const why = [
    ...(settingFields.length > 0 ? [`${plural(settingFields.length, 'setting')} differ${settingFields.length === 1 ? 's' : ''} from the configuration${originsNote(desired, settingFields)}`] : []),
    ...(certificate ? ['the IdP application has a new signing certificate'] : []),
  ];
  const after = settingsAfter(actual.settings, fields);
  const noRoom = descriptionWithoutRoom(app, address, after);
  if (noRoom) {
    const change: Change = { address, app, kind: 'sso_app', action: 'skip', blockedAction: 'update', before: actual.settings, after, fields, reason: { code: 'config', message: why.join('; ') }, precondition, steps: [], problems: [noRoom] };
    return { change, appId: actual.id, bound: actual.boundGroups, managed: true, diagnostics };
  }
  return {
    change: {
      address,
      app,
      kind: 'sso_app',
      action: 'update',
      before: actual.settings,
      after,
      fields,
      reason: { code: 'config', message: why.join('; ') },
      precondition,
      steps: [updateStep(app, actual.id, fields)],
      problems: [],
    },
    appId: actual.id,
    bound: actual.boundGroups,
    managed: true,
    diagnostics,
  };
}

/** The settings once the plan is applied, for the reviewer. */
function settingsOnceApplied(change: Change | undefined, actual: IdpApplication | undefined): FlatAttributes | undefined {
  if (!change || change.action === 'skip') return actual?.settings;
  return change.after;
}

export function planIdpApplication(desired: DesiredApplication, match: IdpMatch, context: IdpPlanContext): IdpPlan {
  if (!desired.sso) return { changes: [], diagnostics: [] };
  const sso = planSsoApplication(desired, match);
  const actual = match.kind === 'own' || match.kind === 'adopt' ? match.application : undefined;
  let ssoChange = sso.change;
  const diagnostics = [...sso.diagnostics];
  if (context.reviewer && match.kind !== 'ambiguous') {
    const after = settingsOnceApplied(ssoChange, actual);
    const review = context.reviewer({
      app: desired.name,
      ...(ssoChange ? { action: ssoChange.action } : {}),
      ...(after ? { after } : {}),
      ...(actual ? { actual } : {}),
      now: context.now,
    });
    diagnostics.push(...review.diagnostics);
    if (ssoChange && review.documents.length > 0) ssoChange = { ...ssoChange, documents: review.documents };
  }
  const provisioning = sso.managed ? planProvisioningRecord(desired, { actual, replaced: ssoChange?.action === 'replace' }) : undefined;
  return {
    changes: [...(ssoChange ? [ssoChange] : []), ...planBindings(desired, sso, context.groups), ...(provisioning ? [provisioning] : [])],
    diagnostics,
  };
}

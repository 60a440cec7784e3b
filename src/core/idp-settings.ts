/**
 * The settings Roster wants on an IdP application, and how they are compared with what it has.
 *
 * Compared: every key the desired settings hold, and attribute statements the IdP application has
 * beyond them (Roster owns the whole set of statements, so a statement removed from the
 * configuration is removed from the IdP application). Not compared: keys the IdP holds read-only,
 * the provisioning record (provisioning changes own it, see diff-provisioning.ts) and the
 * certificate record (the IdP issues certificates: diff-idp.ts compares the record with the
 * certificate read).
 */
import type { FieldDiff } from './change.js';
import { identityNormalizer, sameValue } from './compare.js';
import type { DesiredApplication } from './desired.js';
import { provisioningRecord, RECORD_APP, RECORD_CERTIFICATE, RECORD_ON_REMOVE, RECORD_PROVISIONING } from './idp-record.js';
import type { AttributeValue, FlatAttributes } from './model.js';

/** Settings that cannot change once the application exists: a change means delete and create. */
export const IMMUTABLE_SSO_SETTINGS: readonly string[] = ['ssoUrl'];

/** Prefixes of the attribute statements, whose whole set Roster manages. */
const STATEMENT_PREFIXES = ['attributes.', 'constantAttributes.'];

const isStatement = (key: string) => STATEMENT_PREFIXES.some((prefix) => key.startsWith(prefix));

/** Keys an SSO application change never compares: written by other changes, or by the IdP. */
const NOT_COMPARED = new Set([RECORD_PROVISIONING, RECORD_CERTIFICATE]);

/**
 * The SSO settings plus Roster's record: which application the IdP application belongs to and,
 * when Roster provisions it, what to do with its accounts once it is removed.
 */
export function desiredIdpSettings(app: DesiredApplication): Record<string, AttributeValue> {
  const settings: Record<string, AttributeValue> = { ...(app.sso?.settings ?? {}), [RECORD_APP]: app.name };
  if (app.provisioning) settings[RECORD_ON_REMOVE] = app.provisioning.onRemove ?? 'keep';
  return settings;
}

/** The provisioning record the configuration asks for; undefined when Roster does not provision the application. */
export function desiredProvisioningRecord(app: DesiredApplication): string | undefined {
  const provisioning = app.provisioning;
  return provisioning?.enabled && provisioning.url !== undefined ? provisioningRecord(provisioning.url) : undefined;
}

/** Differences between desired and actual settings, sorted by key; `readOnly` keys are left out. */
export function diffSsoSettings(desired: FlatAttributes, actual: FlatAttributes, readOnly: ReadonlySet<string> = new Set()): FieldDiff[] {
  const keys = new Set(Object.keys(desired));
  for (const key of Object.keys(actual)) if (isStatement(key)) keys.add(key);
  const diffs: FieldDiff[] = [];
  for (const path of [...keys].sort()) {
    if (NOT_COMPARED.has(path) || readOnly.has(path)) continue;
    const after = desired[path];
    const before = actual[path];
    if (sameValue(path, after, before, identityNormalizer)) continue;
    diffs.push({ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return diffs;
}

/** The settings once `fields` are applied over `actual`. */
export function settingsAfter(actual: FlatAttributes, fields: readonly FieldDiff[]): Record<string, AttributeValue> {
  const after: Record<string, AttributeValue> = { ...actual };
  for (const field of fields) {
    if (field.after === undefined) delete after[field.path];
    else after[field.path] = field.after;
  }
  return after;
}

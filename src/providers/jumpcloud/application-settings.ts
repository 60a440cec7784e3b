/**
 * Roster's flat SSO settings (core/desired.ts DesiredSso.settings) ↔ JumpCloud's `application`
 * object (docs/vendors/jumpcloud.md §2). Every key Roster writes reads back as it was written, so that a
 * plan right after an apply is empty:
 *
 *   label                      displayLabel (displayName too, when the application has none)
 *   description, roster.*      description: the text, then Roster's record (core/idp-record.ts)
 *   portal                     sso.hidden (`hidden` ↔ true)
 *   ssoUrl, active             ssoUrl, active
 *   config.<key>               config.<key>.value, for the SAML keys Roster manages (MANAGED_CONFIG):
 *                              strings, booleans and select values alike; other keys are left alone
 *   constantAttributes.<name>  an entry {name, value} of config.constantAttributes.value
 *   attributes.<name>          an entry {name, value} of the top-level databaseAttributes
 *
 * Never read into settings, never logged: the IdP's certificate (read apart, as IdpCertificate),
 * its private key, and the `sso.*At` timestamps. A PUT sends them back as the GET gave them.
 */
import { X509Certificate } from 'node:crypto';
import { isRecordKey, joinRecord, parseRecord } from '../../core/idp-record.js';
import type { AttributeValue, FlatAttributes, IdpCertificate } from '../../core/model.js';
import type { Application } from './wire.js';

/** The `config` keys Roster manages (docs/vendors/jumpcloud.md §2 key table). */
export const MANAGED_CONFIG = [
  'acsUrl',
  'spEntityId',
  'idpEntityId',
  'idpInitUrl',
  'defaultTargetUrl',
  'signAssertion',
  'signResponse',
  'signatureAlgorithm',
  'subjectField',
  'overrideNameIdFormat',
  'includeGroups',
  'groupsAttributeName',
] as const;

const CONFIG = 'config.';
const CONSTANT = 'constantAttributes.';
const STATEMENT = 'attributes.';

type Entry = { readonly name: string; readonly value: string } & Record<string, unknown>;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** `{name, value}` entries of a list, other fields kept (JumpCloud adds readOnly, required, visible). */
function entriesOf(list: unknown): Entry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const entry = asRecord(item);
    return entry && typeof entry['name'] === 'string' && typeof entry['value'] === 'string' ? [entry as Entry] : [];
  });
}

const isScalar = (value: unknown): value is AttributeValue => typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number';

export function settingsOf(app: Application): Record<string, AttributeValue> {
  const settings: Record<string, AttributeValue> = {};
  if (app.displayLabel) settings['label'] = app.displayLabel;
  const { text, record } = parseRecord(app.description ?? '');
  if (text) settings['description'] = text;
  Object.assign(settings, record);
  settings['portal'] = app.sso?.hidden ? 'hidden' : 'visible';
  if (app.ssoUrl) settings['ssoUrl'] = app.ssoUrl;
  if (typeof app.active === 'boolean') settings['active'] = app.active;
  const config = app.config ?? {};
  for (const key of MANAGED_CONFIG) {
    const value = asRecord(config[key])?.['value'];
    if (isScalar(value)) settings[`${CONFIG}${key}`] = value;
  }
  for (const { name, value } of entriesOf(asRecord(config['constantAttributes'])?.['value'])) settings[`${CONSTANT}${name}`] = value;
  for (const { name, value } of entriesOf(app.databaseAttributes)) settings[`${STATEMENT}${name}`] = value;
  return settings;
}

/** Managed keys whose field descriptor the IdP marks read-only: it derives their values. */
export function readOnlyOf(app: Application): string[] {
  const config = app.config ?? {};
  return MANAGED_CONFIG.filter((key) => asRecord(config[key])?.['readOnly'] === true).map((key) => `${CONFIG}${key}`);
}

/** The IdP signing certificate (`config.idpCertificate.value`, PEM), when readable. */
export function certificateOf(app: Application): IdpCertificate | undefined {
  const pem = asRecord(app.config?.['idpCertificate'])?.['value'];
  if (typeof pem !== 'string' || pem.trim() === '') return undefined;
  try {
    const x509 = new X509Certificate(pem);
    return { pem, fingerprintSha256: x509.fingerprint256, notAfter: new Date(x509.validTo).toISOString() };
  } catch {
    return undefined;
  }
}

/** Applies a list's changes by entry name: entries set are replaced (their other fields kept), entries unset removed. */
function mergeEntries(list: unknown, prefix: string, set: FlatAttributes, unset: readonly string[]): Entry[] {
  const entries = new Map(entriesOf(list).map((e) => [e.name, e]));
  for (const [key, value] of Object.entries(set)) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length);
    entries.set(name, { ...(entries.get(name) ?? {}), name, value: String(value) });
  }
  for (const key of unset) if (key.startsWith(prefix)) entries.delete(key.slice(prefix.length));
  return [...entries.values()];
}

/** Applies flat settings onto an application object, keeping every field Roster does not manage. */
export function mergeSettings(base: Record<string, unknown>, set: FlatAttributes, unset: readonly string[] = []): Record<string, unknown> {
  const app: Record<string, unknown> = structuredClone(base);
  const config: Record<string, unknown> = { ...(asRecord(app['config']) ?? {}) };
  const sso: Record<string, unknown> = { ...(asRecord(app['sso']) ?? {}) };
  for (const [key, value] of Object.entries(set)) {
    if (key === 'label') {
      app['displayLabel'] = value;
      app['displayName'] ||= value;
    } else if (key === 'portal') sso['hidden'] = value === 'hidden';
    else if (key === 'ssoUrl' || key === 'active') app[key] = value;
    else if (key.startsWith(CONFIG)) {
      const name = key.slice(CONFIG.length);
      config[name] = { ...(asRecord(config[name]) ?? {}), value };
    }
  }
  for (const key of unset) if (key.startsWith(CONFIG)) delete config[key.slice(CONFIG.length)];

  if ([...Object.keys(set), ...unset].some((key) => key.startsWith(CONSTANT))) {
    const constants = asRecord(config['constantAttributes']) ?? {};
    config['constantAttributes'] = { ...constants, value: mergeEntries(constants['value'], CONSTANT, set, unset) };
  }
  app['databaseAttributes'] = mergeEntries(app['databaseAttributes'], STATEMENT, set, unset);

  const current = parseRecord(typeof app['description'] === 'string' ? app['description'] : '');
  const text = set['description'] !== undefined ? String(set['description']) : unset.includes('description') ? '' : current.text;
  const record: Record<string, AttributeValue> = { ...current.record };
  for (const [key, value] of Object.entries(set)) if (isRecordKey(key)) record[key] = value;
  for (const key of unset) if (isRecordKey(key)) delete record[key];
  app['description'] = joinRecord(text, record);

  app['config'] = config;
  app['sso'] = sso;
  return app;
}

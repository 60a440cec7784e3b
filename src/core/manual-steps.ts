/**
 * Manual steps: what an administrator must do by hand in an application's admin portal, because
 * the application offers no API for its half of SAML (RingCentral's SSO settings). Each step names
 * exact values to paste. They follow from the SSO changes of the plan, whenever the application's
 * side must change:
 *
 *   a new or replaced IdP application   set up (or set up again) single sign-on with its metadata
 *   a new IdP signing certificate       import the metadata again
 *   a new IdP entity ID                 import the metadata again
 *   changed attribute statements/NameID check the mapping; a renamed email attribute is entered again
 *   SSO switched off / on               change the login policy first / afterwards
 *   a deleted IdP application           turn single sign-on off
 *
 * The catalog's `sso.adminPortal` says where and what to choose (core/desired.ts AdminPortal);
 * without it the wording is generic.
 */
import type { Change, FieldDiff } from './change.js';
import type { AdminPortal, DesiredApplication } from './desired.js';
import { RECORD_CERTIFICATE } from './idp-record.js';
import type { AttributeValue } from './model.js';

export interface ManualStep {
  readonly app: string;
  /** The change that makes the step necessary. */
  readonly address: string;
  readonly title: string;
  /** Exact values to enter, in order. */
  readonly instructions: readonly string[];
}

type Settings = Readonly<Record<string, AttributeValue>>;

const ATTRIBUTE_PREFIX = 'attributes.';
const NAME_ID_SETTINGS = ['config.subjectField', 'config.overrideNameIdFormat'];

/** SAML attribute statements and what they carry, e.g. `email ← email`. */
function attributeStatements(settings: Settings): string[] {
  return Object.keys(settings)
    .filter((key) => key.startsWith(ATTRIBUTE_PREFIX))
    .sort()
    .map((key) => `SAML attribute "${key.slice(ATTRIBUTE_PREFIX.length)}" carries the user's ${String(settings[key])}`);
}

/** The attribute statement that carries the user's email: the one named `email`, else the first sent from `email`. */
function emailAttribute(settings: Settings): string | undefined {
  if (settings[`${ATTRIBUTE_PREFIX}email`] === 'email') return 'email';
  const key = Object.keys(settings)
    .sort()
    .find((k) => k.startsWith(ATTRIBUTE_PREFIX) && settings[k] === 'email');
  return key?.slice(ATTRIBUTE_PREFIX.length);
}

const portalPlace = (portal: AdminPortal | undefined) => (portal ? `in ${portal.product}’s ${portal.where}` : 'in the application’s admin portal, single sign-on settings');

function emailInstruction(portal: AdminPortal | undefined, settings: Settings): string[] {
  const attribute = emailAttribute(settings);
  if (!portal?.emailAttributeSetting || attribute === undefined) return [];
  return [`"${portal.emailAttributeSetting}": choose Custom and type ${attribute}`];
}

/** Importing the IdP metadata and checking what it shows. */
function metadataInstructions(app: string, portal: AdminPortal | undefined, settings: Settings, created: boolean): string[] {
  const file = `${app}-idp.xml`;
  const lines = [
    `${created ? 'after apply, run' : 'run'} \`roster metadata ${app} > ${file}\`: it writes the IdP metadata of the application (and prints its URL)`,
    `${portalPlace(portal)}: import the identity provider’s metadata from ${file}`,
  ];
  if (settings['ssoUrl'] !== undefined) lines.push(`check the IdP sign-in URL it shows: ${String(settings['ssoUrl'])}`);
  if (settings['config.idpEntityId'] !== undefined) lines.push(`check the IdP entity ID it shows: ${String(settings['config.idpEntityId'])}`);
  return lines;
}

function setupInstructions(app: string, portal: AdminPortal | undefined, settings: Settings): string[] {
  return [
    ...metadataInstructions(app, portal, settings, true),
    ...emailInstruction(portal, settings),
    ...attributeStatements(settings),
    ...(portal?.enable ? [portal.enable] : ['turn single sign-on on']),
    ...(portal?.testUrl ? [`test with one user: sign in at ${portal.testUrl}`] : []),
  ];
}

const changed = (change: Change, test: (f: FieldDiff) => boolean) => change.fields.filter(test);

/** Steps for an update or adoption: only the differences the application's side sees. */
function updateSteps(change: Change, app: string, label: string, portal: AdminPortal | undefined, settings: Settings): Array<Omit<ManualStep, 'app' | 'address'>> {
  const steps: Array<Omit<ManualStep, 'app' | 'address'>> = [];
  const active = change.fields.find((f) => f.path === 'active');
  if (active?.after === false) {
    steps.push({
      title: `Before applying: single sign-on to ${label} stops when the IdP application is deactivated`,
      instructions: [portal?.disable ?? `${portalPlace(portal)}: let users sign in without single sign-on, or nobody can sign in`],
    });
  }
  const certificate = change.action === 'update' && change.fields.some((f) => f.path === RECORD_CERTIFICATE);
  const entityId = change.fields.find((f) => f.path === 'config.idpEntityId');
  if (certificate || entityId) {
    const what = [certificate ? 'a new signing certificate' : undefined, entityId ? `a new entity ID (${String(entityId.after ?? '')})` : undefined].filter(Boolean).join(' and ');
    steps.push({
      title: `The identity provider of ${label} has ${what}: import its metadata again, or SSO sign-in fails`,
      instructions: metadataInstructions(app, portal, settings, false),
    });
  }
  const statements = changed(change, (f) => f.path.startsWith(ATTRIBUTE_PREFIX) || NAME_ID_SETTINGS.includes(f.path));
  if (statements.length > 0) {
    const email = emailAttribute(settings);
    const emailMoved = email !== undefined && statements.some((f) => f.path === `${ATTRIBUTE_PREFIX}${email}`);
    steps.push({
      title: `Check the SAML attribute mapping in ${label}`,
      instructions: [
        ...statements.map((f) => {
          if (NAME_ID_SETTINGS.includes(f.path)) return `the assertion's NameID (${f.path}) is now ${String(f.after ?? 'the IdP’s default')}`;
          const name = f.path.slice(ATTRIBUTE_PREFIX.length);
          return f.after === undefined ? `SAML attribute "${name}" is no longer sent: remove it from the mapping` : `SAML attribute "${name}" now carries the user's ${String(f.after)}`;
        }),
        ...(emailMoved ? emailInstruction(portal, settings) : []),
      ],
    });
  }
  if (active?.after === true && active.before === false) {
    steps.push({ title: `Single sign-on to ${label} works again once the IdP application is active`, instructions: [portal?.enable ?? 'turn single sign-on on again in the application’s admin portal'] });
  }
  return steps;
}

/**
 * Steps for one application's SSO change; none for changes the IdP side completes alone. `desired`
 * is undefined for an application no longer configured.
 */
export function manualStepsFor(change: Change, desired: DesiredApplication | undefined): ManualStep[] {
  if (change.kind !== 'sso_app' || change.action === 'skip') return [];
  const settings = desired?.sso?.settings ?? change.before ?? {};
  const portal = desired?.sso?.adminPortal;
  const app = change.app;
  const label = String(settings['label'] ?? app);
  const base = { app, address: change.address };
  switch (change.action) {
    case 'create':
      return [{ ...base, title: `Set up SAML single sign-on in ${label}`, instructions: setupInstructions(app, portal, settings) }];
    case 'replace':
      return [{ ...base, title: `Set up the new identity provider in ${label}: SSO sign-in fails until this is done`, instructions: setupInstructions(app, portal, settings) }];
    case 'update':
    case 'adopt':
      return updateSteps(change, app, label, portal, settings).map((step) => ({ ...base, ...step }));
    case 'delete':
      return [
        {
          ...base,
          title: `Turn off SAML single sign-on in ${label}`,
          instructions: [`${portalPlace(portal)}: remove the identity provider, or users are sent to an IdP application that no longer exists`],
        },
      ];
    default:
      return [];
  }
}

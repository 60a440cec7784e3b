/**
 * Manual steps: what an administrator must do by hand in an application's admin portal, because
 * the application offers no API for its half of SAML (RingCentral's SSO settings). Each step names
 * exact values to paste. They follow from the SSO changes of the plan.
 */
import type { Change } from './change.js';
import type { DesiredApplication } from './desired.js';
import type { AttributeValue } from './model.js';

export interface ManualStep {
  readonly app: string;
  /** The change that makes the step necessary. */
  readonly address: string;
  readonly title: string;
  /** Exact values to enter, in order. */
  readonly instructions: readonly string[];
}

const ATTRIBUTE_PREFIX = 'attributes.';

/** SAML attribute statements and what they carry, e.g. `email ← email`. */
function attributeStatements(settings: Readonly<Record<string, AttributeValue>>): string[] {
  return Object.keys(settings)
    .filter((key) => key.startsWith(ATTRIBUTE_PREFIX))
    .sort()
    .map((key) => `SAML attribute "${key.slice(ATTRIBUTE_PREFIX.length)}" carries the user's ${String(settings[key])}`);
}

function metadataInstructions(app: string, settings: Readonly<Record<string, AttributeValue>>): string[] {
  const lines = [`after apply, get the IdP metadata of the application: \`roster metadata ${app}\` prints its URL and XML (the IdP's admin console exports it too)`];
  lines.push('in the application’s admin portal, single sign-on settings: upload that metadata (or paste its URL) as the identity provider');
  if (settings['ssoUrl'] !== undefined) lines.push(`IdP sign-in URL: ${String(settings['ssoUrl'])}`);
  if (settings['config.idpEntityId'] !== undefined) lines.push(`IdP entity ID: ${String(settings['config.idpEntityId'])}`);
  return [...lines, ...attributeStatements(settings)];
}

/** Steps for one application's SSO change; none for changes the IdP side completes alone. */
export function manualStepsFor(change: Change, desired: DesiredApplication): ManualStep[] {
  if (change.kind !== 'sso_app' || change.action === 'skip') return [];
  const settings = desired.sso?.settings ?? {};
  const label = String(settings['label'] ?? desired.name);
  const base = { app: desired.name, address: change.address };
  switch (change.action) {
    case 'create':
      return [{ ...base, title: `Set up SAML single sign-on in ${label}`, instructions: metadataInstructions(desired.name, settings) }];
    case 'replace':
      return [
        {
          ...base,
          title: `Replace the identity provider in ${label}: SSO sign-in fails until this is done`,
          instructions: metadataInstructions(desired.name, settings),
        },
      ];
    case 'update': {
      const changed = change.fields.filter((f) => f.path.startsWith(ATTRIBUTE_PREFIX));
      if (changed.length === 0) return [];
      return [
        {
          ...base,
          title: `Check the SAML attribute mapping in ${label}`,
          instructions: [
            ...changed.map((f) =>
              f.after === undefined
                ? `SAML attribute "${f.path.slice(ATTRIBUTE_PREFIX.length)}" is no longer sent: remove it from the mapping`
                : `SAML attribute "${f.path.slice(ATTRIBUTE_PREFIX.length)}" now carries the user's ${String(f.after)}`,
            ),
          ],
        },
      ];
    }
    case 'delete':
      return [{ ...base, title: `Turn off SAML single sign-on in ${label}`, instructions: ['in the application’s admin portal, single sign-on settings: remove the identity provider, or users are sent to an application that no longer exists'] }];
    default:
      return [];
  }
}

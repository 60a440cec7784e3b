/**
 * The desired SSO settings of an application: the configuration, the catalog's defaults and the
 * SP metadata together: `spEntityId` and `acsUrl` come from the SP metadata when the configuration
 * does not give them, and so does assertion signing when the SP wants signed assertions. Pure: the
 * metadata is read beforehand (load-metadata.ts).
 *
 * Precedence for `config.spEntityId` and `config.acsUrl`: the configuration, then the SP
 * metadata, then the catalog. A configured value that disagrees with the metadata is kept, and
 * the disagreement is an error naming both values (checks.ts), because silently preferring either
 * side could send assertions somewhere the application does not expect them.
 */
import type { SpRequirements } from '../core/desired.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { AttributeValue, FlatAttributes } from '../core/model.js';
import { checkSso } from './checks.js';
import { defaultPostEndpoint } from './endpoints.js';
import type { IdpMetadata, SpMetadata } from './metadata.js';

export type SettingOrigin = 'configuration' | 'sp-metadata' | 'catalog';

export interface DesiredSsoInput {
  readonly app: string;
  /** The configuration's settings merged over the catalog's (config/desired.ts `ssoSettings`). */
  readonly settings: FlatAttributes;
  /** What the YAML itself sets; anything else in `settings` for these keys is a catalog default. */
  readonly configured: { readonly spEntityId?: string; readonly acsUrl?: string };
  readonly spMetadata?: SpMetadata;
  /** The SP metadata as the user knows it (file or URL), for messages. */
  readonly spMetadataSource?: string;
  readonly idpMetadata?: IdpMetadata;
  readonly requirements: SpRequirements;
  readonly now: Date;
}

export interface DesiredSsoSettings {
  readonly settings: FlatAttributes;
  /** Where `config.spEntityId` and `config.acsUrl` came from, for the plan to say. */
  readonly origins: Readonly<Record<string, SettingOrigin>>;
  readonly diagnostics: readonly Diagnostic[];
}

export function buildDesiredSso(input: DesiredSsoInput): DesiredSsoSettings {
  const settings: Record<string, AttributeValue> = { ...input.settings };
  const origins: Record<string, SettingOrigin> = {};
  const metadata = input.spMetadata?.signed === 'invalid' ? undefined : input.spMetadata;
  const fromMetadata: Record<'config.spEntityId' | 'config.acsUrl', string | undefined> = {
    'config.spEntityId': metadata?.entityId,
    'config.acsUrl': metadata ? defaultPostEndpoint(metadata)?.location : undefined,
  };
  const configured: Record<'config.spEntityId' | 'config.acsUrl', string | undefined> = {
    'config.spEntityId': input.configured.spEntityId,
    'config.acsUrl': input.configured.acsUrl,
  };
  for (const key of ['config.spEntityId', 'config.acsUrl'] as const) {
    const own = configured[key];
    const taken = fromMetadata[key];
    if (own !== undefined) {
      settings[key] = own;
      origins[key] = 'configuration';
    } else if (taken !== undefined) {
      settings[key] = taken;
      origins[key] = 'sp-metadata';
    } else if (settings[key] !== undefined) {
      origins[key] = 'catalog';
    }
  }
  // An SP that wants signed assertions gets them unless the configuration says otherwise (and a
  // configuration that says otherwise is an error, checks.ts): the IdP's default may not sign them.
  if (metadata?.wantAssertionsSigned && settings['config.signAssertion'] === undefined) {
    settings['config.signAssertion'] = true;
    origins['config.signAssertion'] = 'sp-metadata';
  }
  const diagnostics = checkSso({
    app: input.app,
    settings,
    settingsOf: 'configuration',
    ...(input.spMetadata ? { spMetadata: input.spMetadata } : {}),
    ...(input.spMetadataSource !== undefined ? { spMetadataSource: input.spMetadataSource } : {}),
    ...(input.idpMetadata ? { idpMetadata: input.idpMetadata } : {}),
    requirements: input.requirements,
    now: input.now,
  });
  return { settings, origins, diagnostics };
}

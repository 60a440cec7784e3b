/**
 * Cross-checks between an IdP application's SSO settings and the service provider: its metadata
 * and its declared requirements. A mismatch here is what locks a company out at its next login,
 * so each diagnostic names both values and the next step.
 *
 * Pure: the time is an input. Metadata whose signature is invalid is not used: its values cannot
 * be trusted, and parsing already reported it as an error.
 */
import { ssoAddress } from '../core/address.js';
import type { SpRequirements } from '../core/desired.js';
import type { Diagnostic, Severity } from '../core/diagnostics.js';
import type { FlatAttributes } from '../core/model.js';
import { daysUntilExpiry, type CertificateInfo } from './certificate.js';
import { postEndpoints, sameUrl } from './endpoints.js';
import type { IdpMetadata, KeyUse, SpMetadata } from './metadata.js';
import { NAMEID_UNSPECIFIED } from './namespaces.js';

/** A certificate that expires within this many days is a warning (renewing takes coordination). */
export const CERTIFICATE_WARNING_DAYS = 30;

export interface SsoCheckInput {
  readonly app: string;
  /** Flat SSO settings: desired (from the configuration) or actual (read from the IdP). */
  readonly settings: FlatAttributes;
  /** Whose settings these are: messages and configuration paths depend on it. */
  readonly settingsOf: 'configuration' | 'idp';
  readonly spMetadata?: SpMetadata;
  /** The SP metadata as the user knows it (file or URL), for messages. */
  readonly spMetadataSource?: string;
  /** The IdP application's metadata, when read: what it actually sends. */
  readonly idpMetadata?: IdpMetadata;
  readonly requirements: SpRequirements;
  readonly now: Date;
}

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

export function checkSso(input: SsoCheckInput): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { app, settings } = input;
  const fromConfig = input.settingsOf === 'configuration';
  const holder = fromConfig ? 'the configuration' : 'the IdP application';
  const add = (severity: Severity, code: string, message: string, hint: string, setting?: string) =>
    diagnostics.push({
      severity,
      code,
      message: `${app}: ${message}`,
      hint,
      address: ssoAddress(app),
      ...(fromConfig && setting ? { path: `applications.${app}.sso.${setting}` } : {}),
    });
  const text = (key: string): string | undefined => {
    const value = settings[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };

  const metadata = input.spMetadata?.signed === 'invalid' ? undefined : input.spMetadata;
  const source = input.spMetadataSource ?? 'the SP metadata';
  if (metadata) {
    const spEntityId = text('config.spEntityId');
    if (spEntityId !== undefined && spEntityId !== metadata.entityId) {
      add(
        'error',
        'saml.sp-entity-id-mismatch',
        `SP entity ID is "${spEntityId}" in ${holder}, but ${source} has entityID "${metadata.entityId}"`,
        fromConfig ? `remove sso.spEntityId to take it from the metadata, or set it to "${metadata.entityId}"` : `the next apply sets it to "${metadata.entityId}"`,
        'spEntityId',
      );
    }
    const acsUrl = text('config.acsUrl');
    const post = postEndpoints(metadata).map((e) => e.location);
    if (acsUrl !== undefined && !post.some((location) => sameUrl(location, acsUrl))) {
      const other = metadata.assertionConsumerServices.find((e) => sameUrl(e.location, acsUrl));
      add(
        'error',
        'saml.acs-url-not-in-metadata',
        `ACS URL is "${acsUrl}" in ${holder}, but ${source} ${
          other ? `lists it for ${other.binding} only, and the IdP posts the response (HTTP-POST)` : post.length ? `lists ${quoted(post)} (HTTP-POST)` : 'lists no HTTP-POST ACS'
        }`,
        post.length
          ? fromConfig
            ? `remove sso.acsUrl to take the metadata's default, or set one of ${quoted(post)}`
            : 'the next apply sets the metadata’s default'
          : 'ask the application for metadata with an HTTP-POST AssertionConsumerService',
        'acsUrl',
      );
    }
    checkCertificates(metadata, input.now, source, add);
    if (metadata.validUntil && Date.parse(metadata.validUntil) < input.now.getTime()) {
      add('warning', 'saml.metadata-expired', `${source} is valid until ${metadata.validUntil}, which has passed`, 'download current metadata from the application', 'spMetadata');
    }
    if (metadata.wantAssertionsSigned && settings['config.signAssertion'] === false) {
      add(
        'error',
        'saml.assertion-signing-required',
        `${source} sets WantAssertionsSigned="true", but ${holder} has signAssertion off: the application will reject every login`,
        'turn assertion signing on for the IdP application',
      );
    }
    const idpFormats = input.idpMetadata?.nameIdFormats ?? [];
    const spFormats = metadata.nameIdFormats;
    if (idpFormats.length > 0 && spFormats.length > 0 && !spFormats.includes(NAMEID_UNSPECIFIED) && !idpFormats.some((f) => spFormats.includes(f))) {
      add(
        'warning',
        'saml.nameid-format-mismatch',
        `${source} asks for NameID format ${quoted(spFormats)}, but the IdP application sends ${quoted(idpFormats)}`,
        'set the IdP application’s NameID format to one the application lists, or confirm with the application that it accepts this one',
      );
    }
  }

  for (const requirement of input.requirements.attributes) {
    const source = settings[`attributes.${requirement.name}`];
    if (source === undefined || source === '') {
      add(
        requirement.severity,
        'saml.attribute-missing',
        `there is no "${requirement.name}" attribute statement in ${holder}. ${requirement.reason}`,
        fromConfig
          ? `add \`${requirement.name}: ${requirement.source ?? '<directory property>'}\` under sso.attributes`
          : `the next apply adds the "${requirement.name}" attribute statement`,
        'attributes',
      );
    } else if (requirement.source !== undefined && source !== requirement.source) {
      add(
        'warning',
        'saml.attribute-source-unexpected',
        `the "${requirement.name}" attribute statement sends ${String(source)}, not ${requirement.source}. ${requirement.reason}`,
        `map it from ${requirement.source} unless ${String(source)} holds the same value for every user`,
        'attributes',
      );
    }
  }

  if (text('config.idpInitUrl') !== undefined && !input.requirements.loginFlows.includes('idp-initiated')) {
    add(
      'warning',
      'saml.idp-initiated-unsupported',
      `${holder} sets an IdP-initiated login URL, but the application documents SP-initiated login only; starting from the IdP portal is likely to fail`,
      'remove sso.idpInitUrl, and have users start at the application’s own login page',
      'idpInitUrl',
    );
  }
  return diagnostics;
}

type Add = (severity: Severity, code: string, message: string, hint: string, setting?: string) => void;

/** Each certificate once (a `use`-less key serves both purposes), expired or close to it. */
function checkCertificates(metadata: SpMetadata, now: Date, source: string, add: Add): void {
  const seen = new Map<string, { certificate: CertificateInfo; uses: KeyUse[] }>();
  for (const { use, certificate } of metadata.certificates) {
    const entry = seen.get(certificate.fingerprintSha256) ?? { certificate, uses: [] };
    entry.uses.push(use);
    seen.set(certificate.fingerprintSha256, entry);
  }
  for (const { certificate, uses } of seen.values()) {
    const what = `the SP ${uses.includes('both') ? 'signing and encryption' : uses.join(' and ')} certificate ${certificate.subject} (SHA-256 ${certificate.fingerprintSha256}) in ${source}`;
    const days = daysUntilExpiry(certificate, now);
    const renew = 'ask the application’s administrator to renew the SP certificate, then download the SP metadata again';
    if (Date.parse(certificate.notAfter) <= now.getTime()) {
      add('error', 'saml.sp-certificate-expired', `${what} expired on ${certificate.notAfter}`, renew, 'spMetadata');
    } else if (days < CERTIFICATE_WARNING_DAYS) {
      add('warning', 'saml.sp-certificate-expiring', `${what} expires on ${certificate.notAfter}, in ${days} day${days === 1 ? '' : 's'}`, renew, 'spMetadata');
    } else if (Date.parse(certificate.notBefore) > now.getTime()) {
      add('warning', 'saml.sp-certificate-not-yet-valid', `${what} is not valid before ${certificate.notBefore}`, 'check the clock of the machine running Roster, or wait for the certificate to become valid', 'spMetadata');
    }
  }
}

/**
 * SAML 2.0 metadata as Roster reads it (saml-metadata-2.0-os): plain data that can go into a plan,
 * be compared and be rendered. Positions and raw XML are not kept; the certificates are.
 */
import type { CertificateInfo } from './certificate.js';

/** `KeyDescriptor/@use`; absent means the key serves both (saml-metadata-2.0-os §2.4.1.1). */
export type KeyUse = 'signing' | 'encryption' | 'both';

export interface KeyCertificate {
  readonly use: KeyUse;
  readonly certificate: CertificateInfo;
}

export interface Endpoint {
  readonly binding: string;
  readonly location: string;
}

/** An `AssertionConsumerService`: `index` and `isDefault` as the document gives them. */
export interface IndexedEndpoint extends Endpoint {
  readonly index?: number;
  readonly isDefault?: boolean;
}

export type SignatureStatus = 'valid' | 'invalid' | 'unsigned';

/**
 * What the signature check found. `document-certificate` proves the metadata was not altered after
 * signing, not who signed it; `trusted-certificate` proves both.
 */
export type SignatureCheck =
  | { readonly status: 'unsigned' }
  | {
      readonly status: 'valid';
      readonly verifiedWith: 'trusted-certificate' | 'document-certificate';
      readonly certificate: CertificateInfo;
    }
  | { readonly status: 'invalid'; readonly reason: string };

interface SignedMetadata {
  readonly entityId: string;
  /** ISO 8601: the earliest `validUntil` on the entity or the aggregate around it. */
  readonly validUntil?: string;
  readonly nameIdFormats: readonly string[];
  /**
   * `invalid` comes with an error diagnostic: a caller must not use the values of metadata whose
   * signature is invalid, and Roster's own functions do not.
   */
  readonly signed: SignatureStatus;
  readonly signature: SignatureCheck;
}

/** A service provider (`SPSSODescriptor`): the application's half of SAML. */
export interface SpMetadata extends SignedMetadata {
  readonly role: 'sp';
  readonly assertionConsumerServices: readonly IndexedEndpoint[];
  readonly certificates: readonly KeyCertificate[];
  readonly authnRequestsSigned: boolean;
  readonly wantAssertionsSigned: boolean;
}

/** An identity provider (`IDPSSODescriptor`): what Roster's IdP application publishes. */
export interface IdpMetadata extends SignedMetadata {
  readonly role: 'idp';
  readonly singleSignOnServices: readonly Endpoint[];
  readonly signingCertificates: readonly CertificateInfo[];
  readonly wantAuthnRequestsSigned: boolean;
}

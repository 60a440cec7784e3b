/**
 * The IdP metadata of an SSO application, as `roster metadata APP` prints it for the
 * application's administrator to import (RingCentral: "IdP metadata" upload, docs/vendors/ringcentral.md
 * §5). A SAML 2.0 `EntityDescriptor` with one `IDPSSODescriptor`, elements in the order the
 * saml-schema-metadata-2.0 XSD requires: KeyDescriptor, NameIDFormat, SingleSignOnService.
 */
import { certificateBase64, type CertificateInfo } from './certificate.js';
import { escapeAttribute, escapeText } from './dom.js';
import { BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, DS_NS, MD_NS, SAML2_PROTOCOL } from './namespaces.js';

export interface IdpMetadataInput {
  /** `config.idpEntityId` of the IdP application. */
  readonly entityId: string;
  /** The IdP URL (`ssoUrl`): where the application sends users to log in. */
  readonly ssoUrl: string;
  /**
   * The IdP application's signing certificate (its `config.idpCertificate`). Absent, the metadata
   * has no KeyDescriptor: plans compare metadata without it, as certificates have a diff of their own.
   */
  readonly signingCertificate?: CertificateInfo;
  /** The NameID formats the IdP application sends; none by default. */
  readonly nameIdFormats?: readonly string[];
  /** The bindings the SSO URL accepts; JumpCloud takes both Redirect and POST. */
  readonly bindings?: readonly string[];
  readonly wantAuthnRequestsSigned?: boolean;
}

function keyDescriptor(signingCertificate: CertificateInfo): string[] {
  const certificate = certificateBase64(signingCertificate.pem).replace(/.{1,64}/g, '\n            $&');
  return [
    '    <md:KeyDescriptor use="signing">',
    '      <ds:KeyInfo>',
    '        <ds:X509Data>',
    `          <ds:X509Certificate>${certificate}`,
    '          </ds:X509Certificate>',
    '        </ds:X509Data>',
    '      </ds:KeyInfo>',
    '    </md:KeyDescriptor>',
  ];
}

/** The metadata XML, UTF-8, ending in a newline. Every value is escaped: the output is always well-formed. */
export function buildIdpMetadata(input: IdpMetadataInput): string {
  const bindings = input.bindings ?? [BINDING_HTTP_REDIRECT, BINDING_HTTP_POST];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="${MD_NS}" xmlns:ds="${DS_NS}" entityID="${escapeAttribute(input.entityId)}">`,
    `  <md:IDPSSODescriptor WantAuthnRequestsSigned="${input.wantAuthnRequestsSigned === true}" protocolSupportEnumeration="${SAML2_PROTOCOL}">`,
    ...(input.signingCertificate ? keyDescriptor(input.signingCertificate) : []),
    ...(input.nameIdFormats ?? []).map((format) => `    <md:NameIDFormat>${escapeText(format)}</md:NameIDFormat>`),
    ...bindings.map((binding) => `    <md:SingleSignOnService Binding="${escapeAttribute(binding)}" Location="${escapeAttribute(input.ssoUrl)}"/>`),
    '  </md:IDPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}

import { configValue, type Application } from './application-model.js';

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * The IdP SAML 2.0 metadata of an application (docs/vendors/jumpcloud.md §2: `GET /organizations/{org}/
 * applications/{app}/metadata.xml` returns the IdP metadata XML). An `EntityDescriptor` whose
 * `entityID` is `config.idpEntityId`, with the signing certificate and the SSO service at
 * `ssoUrl`, per the SAML 2.0 metadata schema (saml-schema-metadata-2.0).
 */
export function idpMetadataXml(app: Application): string {
  const entityId = String(configValue(app, 'idpEntityId') ?? app.ssoUrl);
  const certificate = String(configValue(app, 'idpCertificate') ?? '')
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  const nameIdFormat = String(configValue(app, 'overrideNameIdFormat') ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified');
  const location = escapeXml(app.ssoUrl);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(entityId)}">`,
    '  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    '    <md:KeyDescriptor use="signing">',
    '      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
    `        <ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data>`,
    '      </ds:KeyInfo>',
    '    </md:KeyDescriptor>',
    `    <md:NameIDFormat>${escapeXml(nameIdFormat)}</md:NameIDFormat>`,
    `    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${location}"/>`,
    `    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${location}"/>`,
    '  </md:IDPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}

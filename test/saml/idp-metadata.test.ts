/**
 * Generated IdP metadata reads back to what went in, and it, like the fixtures Roster reads, is
 * valid against the SAML 2.0 metadata schema (xmllint, offline).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { buildIdpMetadata, parseIdpMetadata, readCertificate } from '../../src/saml/index.js';
import { context, fixtureText, requireMetadataSchema, validateMetadataSchema } from './support.js';

const IDP_CERTIFICATE = (() => {
  const read = readCertificate(fixtureText('keys/idp.crt'));
  if ('error' in read) throw new Error(read.error);
  return read.certificate;
})();

const RINGCENTRAL_IDP = {
  entityId: 'https://sso.jumpcloud.com/saml2/ringcentral',
  ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral',
  signingCertificate: IDP_CERTIFICATE,
};

describe('buildIdpMetadata', () => {
  it('reads back as the IdP metadata it describes', () => {
    const xml = buildIdpMetadata({ ...RINGCENTRAL_IDP, nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'] });
    const parsed = parseIdpMetadata(xml, context('generated'));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.metadata).toEqual({
      role: 'idp',
      entityId: RINGCENTRAL_IDP.entityId,
      nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
      singleSignOnServices: [
        { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', location: RINGCENTRAL_IDP.ssoUrl },
        { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', location: RINGCENTRAL_IDP.ssoUrl },
      ],
      signingCertificates: [IDP_CERTIFICATE],
      wantAuthnRequestsSigned: false,
      signed: 'unsigned',
      signature: { status: 'unsigned' },
    });
  });

  it('escapes every value: hostile input cannot change the document’s structure', () => {
    const xml = buildIdpMetadata({ ...RINGCENTRAL_IDP, entityId: 'urn:x"/><evil a="', ssoUrl: 'https://idp.example.com/sso?a=1&b=<2>', nameIdFormats: ['</md:NameIDFormat><evil/>'] });
    const parsed = parseIdpMetadata(xml, context('generated'));
    expect(parsed.metadata?.entityId).toBe('urn:x"/><evil a="');
    expect(parsed.metadata?.singleSignOnServices[0]?.location).toBe('https://idp.example.com/sso?a=1&b=<2>');
    expect(parsed.metadata?.nameIdFormats).toEqual(['</md:NameIDFormat><evil/>']);
    expect(xml).not.toContain('<evil');
  });

  it('bindings and WantAuthnRequestsSigned can be set', () => {
    const xml = buildIdpMetadata({ ...RINGCENTRAL_IDP, bindings: ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST'], wantAuthnRequestsSigned: true });
    expect(parseIdpMetadata(xml, context()).metadata).toMatchObject({
      singleSignOnServices: [{ binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST' }],
      wantAuthnRequestsSigned: true,
    });
  });
});

describe('SAML 2.0 metadata schema (xmllint --schema, offline)', () => {
  // In every test, so that each one fails (never skips) on a machine without the tools.
  beforeEach(() => requireMetadataSchema());

  it('generated IdP metadata is valid', () => {
    const result = validateMetadataSchema(buildIdpMetadata({ ...RINGCENTRAL_IDP, nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'] }));
    expect(result.ok, result.output).toBe(true);
  });

  it('generated IdP metadata with the least input is valid', () => {
    const result = validateMetadataSchema(buildIdpMetadata(RINGCENTRAL_IDP));
    expect(result.ok, result.output).toBe(true);
  });

  it.each(['sp/one-acs.xml', 'sp/indexed-acs.xml', 'sp/ringcentral.xml', 'sp/expired-certificate.xml', 'sp/aggregate.xml', 'sp/signed.xml', 'idp/jumpcloud.xml'])(
    'the fixture %s is valid metadata (the shapes Roster reads are real ones)',
    (file) => {
      const result = validateMetadataSchema(fixtureText(file));
      expect(result.ok, result.output).toBe(true);
    },
  );

  it('the validation can fail: an IDPSSODescriptor without SingleSignOnService is invalid', () => {
    const invalid = buildIdpMetadata({ ...RINGCENTRAL_IDP, bindings: [] });
    const result = validateMetadataSchema(invalid);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/IDPSSODescriptor': Missing child element\(s\)/);
  });

  it('the validation checks the imported xmldsig schema too: an empty X509Data is invalid', () => {
    const result = validateMetadataSchema(fixtureText('sp/signature-template.xml'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/X509Data': Missing child element/);
  });
});


/**
 * Generated IdP metadata reads back to what went in, and it, like the fixtures Roster reads, is
 * valid against the SAML 2.0 metadata schema (libxml2's xmllint compiled to WebAssembly, offline).
 */
import { describe, expect, it } from 'vitest';
import { buildIdpMetadata, parseIdpMetadata, readCertificate } from '../../src/saml/index.js';
import { METADATA_SCHEMA_FILES, context, fixtureText, readLocalSchema, schemaLocations, validateMetadataSchema } from './support.js';

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

describe('SAML 2.0 metadata schema (libxml2 in WebAssembly, offline)', () => {
  it('generated IdP metadata is valid', async () => {
    const result = await validateMetadataSchema(buildIdpMetadata({ ...RINGCENTRAL_IDP, nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'] }));
    expect(result.ok, result.output).toBe(true);
  });

  it('generated IdP metadata with the least input is valid', async () => {
    const result = await validateMetadataSchema(buildIdpMetadata(RINGCENTRAL_IDP));
    expect(result.ok, result.output).toBe(true);
  });

  it.each(['sp/one-acs.xml', 'sp/indexed-acs.xml', 'sp/ringcentral.xml', 'sp/expired-certificate.xml', 'sp/aggregate.xml', 'sp/signed.xml', 'idp/jumpcloud.xml'])(
    'the fixture %s is valid metadata (the shapes Roster reads are real ones)',
    async (file) => {
      const result = await validateMetadataSchema(fixtureText(file));
      expect(result.ok, result.output).toBe(true);
    },
  );

  it('the validation can fail: an IDPSSODescriptor without SingleSignOnService is invalid', async () => {
    const invalid = buildIdpMetadata({ ...RINGCENTRAL_IDP, bindings: [] });
    const result = await validateMetadataSchema(invalid);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/IDPSSODescriptor': Missing child element\(s\)/);
  });

  it('every import resolves to a committed schema, never to a URL', () => {
    const imported = METADATA_SCHEMA_FILES.flatMap((file) => schemaLocations(readLocalSchema(file).contents));
    expect(new Set(imported)).toEqual(new Set(METADATA_SCHEMA_FILES.slice(1)));
  });

  it.each(METADATA_SCHEMA_FILES.slice(1))('an import that does not resolve fails the validation: without %s it is never silently weaker', async (missing) => {
    const others = METADATA_SCHEMA_FILES.slice(1).filter((file) => file !== missing);
    const result = await validateMetadataSchema(fixtureText('sp/signed.xml'), others);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(`Failed to locate a schema at location '${missing}'`);
  });

  it('the validation checks the imported xmldsig schema too: an empty X509Data is invalid', async () => {
    const result = await validateMetadataSchema(fixtureText('sp/signature-template.xml'));
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/X509Data': Missing child element/);
  });
});


/**
 * SP and IdP metadata of the shapes found in the wild, read into plain data.
 */
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/core/diagnostics.js';
import { parseIdpMetadata, parseSpMetadata, readCertificate } from '../../src/saml/index.js';
import { context, fixture, fixtureText } from './support.js';

const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

function sp(file: string, options: Parameters<typeof parseSpMetadata>[2] = {}) {
  const parsed = parseSpMetadata(fixture(file), context(file), options);
  expect(hasErrors(parsed.diagnostics), JSON.stringify(parsed.diagnostics)).toBe(false);
  return parsed.metadata!;
}

function certificateOf(file: string) {
  const read = readCertificate(fixtureText(file));
  if ('error' in read) throw new Error(read.error);
  return read.certificate;
}

describe('parseSpMetadata', () => {
  it('RingCentral’s shape: entity id, one HTTP-POST ACS, no NameIDFormat, signing certificate', () => {
    const metadata = sp('sp/ringcentral.xml');
    expect(metadata).toMatchObject({
      role: 'sp',
      entityId: 'https://sso.ringcentral.com',
      assertionConsumerServices: [{ binding: POST, location: 'https://sso.ringcentral.com/sp/ACS.saml2', index: 0, isDefault: true }],
      nameIdFormats: [],
      authnRequestsSigned: false,
      wantAssertionsSigned: true,
      signed: 'unsigned',
      signature: { status: 'unsigned' },
    });
    expect(metadata.certificates).toEqual([{ use: 'signing', certificate: certificateOf('keys/sp-signing.crt') }]);
    expect(metadata.validUntil).toBeUndefined();
  });

  it('certificates are described: subject, issuer, validity, SHA-256 fingerprint', () => {
    const [key] = sp('sp/ringcentral.xml').certificates;
    expect(key!.certificate).toMatchObject({
      subject: 'CN=sso.ringcentral.example, O=Roster test SP',
      issuer: 'CN=sso.ringcentral.example, O=Roster test SP',
      notBefore: '2024-01-01T00:00:00.000Z',
      notAfter: '2034-01-01T00:00:00.000Z',
    });
    expect(key!.certificate.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(key!.certificate.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
  });

  it('one ACS; a KeyDescriptor without `use` serves both signing and encryption; booleans read', () => {
    const metadata = sp('sp/one-acs.xml');
    expect(metadata.entityId).toBe('https://app.example.com/saml/metadata');
    expect(metadata.assertionConsumerServices).toEqual([{ binding: POST, location: 'https://app.example.com/saml/acs', index: 0 }]);
    expect(metadata.nameIdFormats).toEqual([EMAIL]);
    expect(metadata.certificates.map((c) => c.use)).toEqual(['both']);
    expect(metadata).toMatchObject({ authnRequestsSigned: true, wantAssertionsSigned: true });
  });

  it('several ACS with indexes and isDefault, in document order; signing and encryption keys; a default namespace', () => {
    const metadata = sp('sp/indexed-acs.xml');
    expect(metadata.assertionConsumerServices).toEqual([
      { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact', location: 'https://crm.example.org/sp/acs/artifact', index: 0 },
      { binding: POST, location: 'https://crm.example.org/sp/acs/post', index: 1 },
      { binding: POST, location: 'https://eu.crm.example.org/sp/acs/post', index: 2, isDefault: true },
      { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:PAOS', location: 'https://crm.example.org/sp/acs/ecp', index: 3 },
    ]);
    expect(metadata.certificates.map((c) => [c.use, c.certificate.subject])).toEqual([
      ['signing', 'CN=sso.ringcentral.example, O=Roster test SP'],
      ['encryption', 'CN=encrypt.app.example, O=Roster test SP'],
    ]);
    expect(metadata.nameIdFormats).toEqual(['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', EMAIL]);
    expect(metadata.validUntil).toBe('2030-01-01T00:00:00.000Z');
  });

  it('an expired certificate is read as it is (the checks judge it)', () => {
    const metadata = sp('sp/expired-certificate.xml');
    expect(metadata.certificates[0]!.certificate.notAfter).toBe('2021-01-01T00:00:00.000Z');
  });

  it('an EntitiesDescriptor with one SP entity: that entity, and the earliest validUntil around it', () => {
    const metadata = sp('sp/aggregate.xml');
    expect(metadata.entityId).toBe('https://wiki.example.com/shibboleth');
    expect(metadata.assertionConsumerServices).toEqual([{ binding: POST, location: 'https://wiki.example.com/Shibboleth.sso/SAML2/POST', index: 1 }]);
    expect(metadata.validUntil).toBe('2029-06-30T00:00:00.000Z');
  });

  it('an aggregate with several SP entities needs the entity id, and says which ones it has', () => {
    const second = fixtureText('sp/aggregate.xml').replace(
      '</md:EntitiesDescriptor>',
      `<md:EntityDescriptor entityID="https://other.example.com/sp"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:AssertionConsumerService Binding="${POST}" Location="https://other.example.com/acs" index="0"/></md:SPSSODescriptor></md:EntityDescriptor></md:EntitiesDescriptor>`,
    );
    const ambiguous = parseSpMetadata(second, context());
    expect(ambiguous.metadata).toBeUndefined();
    expect(ambiguous.diagnostics[0]).toMatchObject({ code: 'saml.metadata-entity-ambiguous', severity: 'error' });
    expect(ambiguous.diagnostics[0]!.message).toContain('"https://wiki.example.com/shibboleth", "https://other.example.com/sp"');
    expect(ambiguous.diagnostics[0]!.hint).toMatch(/spEntityId/);

    expect(parseSpMetadata(second, context(), { entityId: 'https://other.example.com/sp' }).metadata?.entityId).toBe('https://other.example.com/sp');
    const missing = parseSpMetadata(second, context(), { entityId: 'https://nowhere.example' });
    expect(missing.diagnostics[0]).toMatchObject({ code: 'saml.metadata-entity-not-found' });
  });

  it('IdP metadata given as SP metadata is refused with what to use instead', () => {
    const parsed = parseSpMetadata(fixture('idp/jumpcloud.xml'), context());
    expect(parsed.metadata).toBeUndefined();
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'saml.metadata-wrong-role' });
    expect(parsed.diagnostics[0]!.hint).toMatch(/Download SP metadata/);
  });

  it('a document that is not SAML metadata is refused by its root element', () => {
    const parsed = parseSpMetadata('<html><body>Please sign in</body></html>', context());
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'saml.metadata-not-saml' });
    expect(parsed.diagnostics[0]!.message).toMatch(/<html>/);
  });

  it('an SP that supports only SAML 1.1 is refused', () => {
    const saml11 = fixtureText('sp/one-acs.xml').replace('urn:oasis:names:tc:SAML:2.0:protocol', 'urn:oasis:names:tc:SAML:1.1:protocol');
    expect(parseSpMetadata(saml11, context()).diagnostics[0]).toMatchObject({ code: 'saml.metadata-not-saml2' });
  });

  it('problems inside the document carry its line and column', () => {
    const broken = fixtureText('sp/one-acs.xml').replace('index="0"', 'index="first"').replace('WantAssertionsSigned="true"', 'WantAssertionsSigned="yes"');
    const parsed = parseSpMetadata(broken, context('sp.xml'));
    const codes = parsed.diagnostics.map((d) => [d.code, d.origin?.line]);
    expect(codes).toEqual([
      ['saml.metadata-invalid-value', 8],
      ['saml.metadata-invalid-value', 3],
    ]);
    expect(parsed.diagnostics[0]!.message).toBe('md:AssertionConsumerService index="first" is not a number from 0 to 65535');
  });

  it('an unreadable certificate is an error naming its use', () => {
    const cut = fixtureText('sp/ringcentral.xml').replace(/<ds:X509Certificate>(.{40})[^<]*</, '<ds:X509Certificate>$1<');
    const parsed = parseSpMetadata(cut, context());
    expect(parsed.diagnostics).toHaveLength(1);
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'saml.certificate-unreadable', severity: 'error' });
    expect(parsed.diagnostics[0]!.message).toMatch(/^signing certificate: the certificate cannot be read/);
    expect(parsed.metadata?.certificates).toEqual([]);
  });

  it('an SP without any ACS is an error: there is nowhere to send the user', () => {
    const none = fixtureText('sp/one-acs.xml').replace(/<md:AssertionConsumerService[^>]*\/>/, '');
    expect(parseSpMetadata(none, context()).diagnostics.map((d) => d.code)).toEqual(['saml.metadata-no-acs']);
  });

  it('an entity without entityID is an error', () => {
    const none = fixtureText('sp/one-acs.xml').replace(/ entityID="[^"]*"/, '');
    expect(parseSpMetadata(none, context()).diagnostics.map((d) => d.code)).toEqual(['saml.metadata-no-entity-id']);
  });
});

describe('parseIdpMetadata', () => {
  it('JumpCloud’s shape: entity id, SSO URLs with bindings, signing certificate, NameID format', () => {
    const parsed = parseIdpMetadata(fixture('idp/jumpcloud.xml'), context('idp.xml'));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.metadata).toMatchObject({
      role: 'idp',
      entityId: 'JumpCloud',
      singleSignOnServices: [
        { binding: REDIRECT, location: 'https://sso.jumpcloud.com/saml2/ringcentral' },
        { binding: POST, location: 'https://sso.jumpcloud.com/saml2/ringcentral' },
      ],
      nameIdFormats: [EMAIL],
      wantAuthnRequestsSigned: false,
      signed: 'unsigned',
    });
    expect(parsed.metadata!.signingCertificates).toEqual([certificateOf('keys/idp.crt')]);
  });

  it('picks the IdP entity out of an aggregate', () => {
    const parsed = parseIdpMetadata(fixture('sp/aggregate.xml'), context());
    expect(parsed.metadata?.entityId).toBe('https://idp.example.com/saml');
    expect(parsed.metadata?.singleSignOnServices).toEqual([{ binding: REDIRECT, location: 'https://idp.example.com/saml/sso' }]);
  });
});

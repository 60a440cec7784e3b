/**
 * Signed metadata: verified with xml-crypto, in agreement with xmldsigjs, and never accepted when
 * the signature does not cover what Roster reads (signature wrapping).
 */
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { parseSpMetadata } from '../../src/saml/index.js';
import { context, fixtureText, signWithXmldsig, validateMetadataSchema, verifyWithXmldsig } from './support.js';

const SIGNED = fixtureText('sp/signed.xml');
const SIGNER = fixtureText('keys/metadata-signer.crt');
const OTHER = fixtureText('keys/other-signer.crt');

const parse = (xml: string, trustedCertificates?: string[]) => parseSpMetadata(xml, context(), trustedCertificates ? { trustedCertificates } : {});

function errorCodes(xml: string, trustedCertificates?: string[]) {
  return parse(xml, trustedCertificates)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.code);
}

/** The signature element of the signed fixture, verbatim. */
const SIGNATURE = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(SIGNED)![0];

describe('signed metadata', () => {
  it('a valid signature verifies with the certificate the document carries, and says that proves integrity only', () => {
    const parsed = parse(SIGNED);
    expect(parsed.metadata).toMatchObject({ signed: 'valid', signature: { status: 'valid', verifiedWith: 'document-certificate' } });
    expect(parsed.metadata!.signature.status === 'valid' && parsed.metadata!.signature.certificate.subject).toBe('CN=metadata-signer.example, O=Roster test');
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ severity: 'info', code: 'saml.signature-self-verified' })]);
    expect(parsed.metadata!.entityId).toBe('https://sso.ringcentral.com');
  });

  it('with a trusted certificate: valid when it is the signer’s, invalid when it is not', () => {
    const trusted = parse(SIGNED, [SIGNER]);
    expect(trusted.metadata?.signature).toMatchObject({ status: 'valid', verifiedWith: 'trusted-certificate' });
    expect(trusted.diagnostics).toEqual([]);

    const other = parse(SIGNED, [OTHER]);
    expect(other.metadata?.signed).toBe('invalid');
    expect(other.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'saml.signature-invalid' })]);
    expect(other.diagnostics[0]!.message).toMatch(/does not verify with the configured certificate/);

    expect(parse(SIGNED, [OTHER, SIGNER]).metadata?.signed).toBe('valid');
  });

  it('unsigned metadata is `unsigned`, and an error when a trusted certificate is configured', () => {
    const unsigned = fixtureText('sp/ringcentral.xml');
    expect(parse(unsigned)).toMatchObject({ metadata: { signed: 'unsigned' }, diagnostics: [] });
    expect(errorCodes(unsigned, [SIGNER])).toEqual(['saml.metadata-unsigned']);
  });

  it('any change to the signed content makes it invalid, with the reason', () => {
    const tampered = SIGNED.replace('https://sso.ringcentral.com/sp/ACS.saml2', 'https://evil.example/sp/ACS.saml2');
    const parsed = parse(tampered);
    expect(parsed.metadata?.signed).toBe('invalid');
    expect(parsed.metadata?.signature).toEqual({ status: 'invalid', reason: 'the signed content was changed after signing (digest mismatch)' });
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['saml.signature-invalid']);
  });

  it('a changed signature value is invalid', () => {
    const forged = SIGNED.replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    expect(parse(forged).metadata?.signature).toMatchObject({ status: 'invalid', reason: 'the signature value does not verify with the certificate' });
  });

  it('a signature with no certificate and none configured is invalid, never trusted by default', () => {
    const bare = SIGNED.replace(/<ds:KeyInfo>[\s\S]*?<\/ds:KeyInfo>/, '');
    expect(parse(bare).metadata?.signature).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/no certificate/) });
    expect(parse(bare, [SIGNER]).metadata?.signed).toBe('valid');
  });
});

// The signed element moved inside an attacker's root, whose own content Roster would read. The
// reference still finds the untouched original by its ID and its digest still matches, so
// xml-crypto on its own calls this valid; Roster must not.
const original = SIGNED.replace(/^<\?xml[^>]*>\n/, '').replace(SIGNATURE, '');
const wrapped = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ID="_evil" entityID="https://sso.ringcentral.com">',
  `  ${SIGNATURE}`,
  `  <md:Extensions>${original}</md:Extensions>`,
  '  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
  '    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://evil.example/acs" index="0"/>',
  '  </md:SPSSODescriptor>',
  '</md:EntityDescriptor>',
].join('\n');


describe('signature wrapping is refused', () => {
  it('the wrapped document is a real attack: xml-crypto alone accepts it', () => {
    const verifier = new SignedXml({ publicCert: SIGNER, getCertFromKeyInfo: () => null });
    const document = new DOMParser().parseFromString(wrapped, 'text/xml') as unknown as Node;
    verifier.loadSignature(verifier.findSignatures(document)[0]!);
    expect(verifier.checkSignature(wrapped)).toBe(true);
  });

  it('Roster refuses it: the reference is not to the root element it reads', () => {
    const parsed = parse(wrapped, [SIGNER]);
    expect(parsed.metadata?.signed).toBe('invalid');
    expect(parsed.metadata?.signature).toMatchObject({ reason: 'the signature references "#_rc-sp-metadata", not the root element\'s ID "#_evil"' });
    expect(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['saml.signature-invalid']);
  });

  it('the same ID on the root and on a copy is refused', () => {
    const duplicated = wrapped.replace('ID="_evil"', 'ID="_rc-sp-metadata"');
    expect(parse(duplicated, [SIGNER]).metadata?.signature).toMatchObject({ status: 'invalid', reason: 'the ID "_rc-sp-metadata" occurs on more than one element' });
  });

  it('a signature on an inner element is refused', () => {
    const aggregate = [
      '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">',
      SIGNED.replace(/^<\?xml[^>]*>\n/, ''),
      '</md:EntitiesDescriptor>',
    ].join('\n');
    expect(parse(aggregate).metadata?.signature).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/^the signature is on <md:EntityDescriptor>, not on the root element <md:EntitiesDescriptor>/) });
  });

  it('a second signature is refused', () => {
    const twice = SIGNED.replace('<md:SPSSODescriptor', `${SIGNATURE}<md:SPSSODescriptor`);
    expect(parse(twice).metadata?.signature).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/has 2 signatures/) });
  });

  it('a transform outside saml-core’s list is refused', () => {
    const xslt = SIGNED.replace('<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>', '<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/>');
    expect(parse(xslt).metadata?.signature).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/REC-xslt/) });
  });
});

describe('agreement with xmldsigjs, a second XML-DSig implementation', () => {
  // xmldsigjs signs and verifies over Node's WebCrypto and shares no code with xml-crypto, which
  // Roster uses; the committed sp/signed.xml was signed by xmlsec1 (make-fixtures.sh), a third.
  const template = fixtureText('sp/signature-template.xml');

  it('the committed signed fixture verifies in xmldsigjs too, and not with another certificate', async () => {
    expect((await verifyWithXmldsig(SIGNED, 'keys/metadata-signer.crt')).ok).toBe(true);
    expect((await verifyWithXmldsig(SIGNED, 'keys/other-signer.crt')).ok).toBe(false);
  });

  it('metadata signed by xmldsigjs now is valid in Roster, with the signer’s certificate trusted, and valid metadata', async () => {
    const signed = await signWithXmldsig(template, 'keys/metadata-signer.key', 'keys/metadata-signer.crt');
    expect(signed).toContain('<ds:Reference URI="#_rc-sp-metadata">');
    expect((await verifyWithXmldsig(signed, 'keys/metadata-signer.crt')).ok).toBe(true);
    expect(parse(signed, [SIGNER]).metadata?.signature).toMatchObject({ status: 'valid', verifiedWith: 'trusted-certificate' });
    expect(parse(signed).metadata).toEqual(parse(SIGNED).metadata);
    const schema = await validateMetadataSchema(signed);
    expect(schema.ok, schema.output).toBe(true);
  });

  it('a changed signature value: invalid in both', async () => {
    const signed = await signWithXmldsig(template, 'keys/metadata-signer.key', 'keys/metadata-signer.crt');
    const forged = signed.replace(/(<ds:SignatureValue>)(.)/, (_m, open: string, c: string) => `${open}${c === 'A' ? 'B' : 'A'}`);
    expect((await verifyWithXmldsig(forged, 'keys/metadata-signer.crt')).ok).toBe(false);
    expect(parse(forged).metadata?.signature).toMatchObject({ status: 'invalid', reason: 'the signature value does not verify with the certificate' });
  });

  it('tampered: invalid in both', async () => {
    const signed = await signWithXmldsig(template, 'keys/metadata-signer.key', 'keys/metadata-signer.crt');
    const tampered = signed.replace('WantAssertionsSigned="true"', 'WantAssertionsSigned="false"');
    expect((await verifyWithXmldsig(tampered, 'keys/metadata-signer.crt')).ok).toBe(false);
    expect(parse(tampered).metadata?.signed).toBe('invalid');
  });

  it('signed by another key: both accept it with that key and refuse it with the expected signer’s', async () => {
    const signed = await signWithXmldsig(template, 'keys/other-signer.key', 'keys/other-signer.crt');
    expect((await verifyWithXmldsig(signed, 'keys/other-signer.crt')).ok).toBe(true);
    expect(parse(signed, [OTHER]).metadata?.signed).toBe('valid');
    expect((await verifyWithXmldsig(signed, 'keys/metadata-signer.crt')).ok).toBe(false);
    expect(parse(signed, [SIGNER]).metadata?.signed).toBe('invalid');
  });

  it('a signed aggregate: the signature on the EntitiesDescriptor covers the entity Roster picks', async () => {
    const signatureTemplate = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(template)![0].replace('#_rc-sp-metadata', '#_federation');
    const aggregate = fixtureText('sp/aggregate.xml').replace('Name="urn:example:federation"', 'ID="_federation" Name="urn:example:federation"').replace(/(<md:EntitiesDescriptor[^>]*>)/, `$1${signatureTemplate}`);
    const signed = await signWithXmldsig(aggregate, 'keys/metadata-signer.key', 'keys/metadata-signer.crt');
    expect((await verifyWithXmldsig(signed, 'keys/metadata-signer.crt')).ok).toBe(true);
    const parsed = parse(signed, [SIGNER]);
    expect(parsed.metadata).toMatchObject({ signed: 'valid', entityId: 'https://wiki.example.com/shibboleth', validUntil: '2029-06-30T00:00:00.000Z' });
    const tampered = signed.replace('Shibboleth.sso/SAML2/POST', 'evil');
    expect((await verifyWithXmldsig(tampered, 'keys/metadata-signer.crt')).ok).toBe(false);
    expect(parse(tampered, [SIGNER]).metadata?.signed).toBe('invalid');
  });

  it('the wrapped document: xmldsigjs verifies the signature cryptographically, and Roster still refuses the document', async () => {
    // xmldsigjs checks the signature over the element the reference names, which is intact; which
    // element a program then reads is the program's business. Roster's answer is the root's.
    expect((await verifyWithXmldsig(wrapped, 'keys/metadata-signer.crt')).ok).toBe(true);
    expect(parse(wrapped, [SIGNER]).metadata?.signed).toBe('invalid');
  });
});

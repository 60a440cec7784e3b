/**
 * Certificate and metadata differences as unified diffs for plans.
 */
import { describe, expect, it } from 'vitest';
import { describeCertificate, diffCertificates, diffMetadata, diffText, normaliseMetadataXml, readCertificate } from '../../src/saml/index.js';
import { context, fixtureText } from './support.js';

function certificate(file: string) {
  const read = readCertificate(fixtureText(file));
  if ('error' in read) throw new Error(read.error);
  return read.certificate;
}

describe('normaliseMetadataXml', () => {
  it('one element a line, namespace declarations then attributes in code-point order, comments and layout dropped', () => {
    const xml = `<?xml version="1.0"?>
<!-- exported 2026-01-01 -->
<md:EntityDescriptor entityID="https://sp.example.com" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAssertionsSigned="true" AuthnRequestsSigned="false">
      <md:NameIDFormat>
         urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress
      </md:NameIDFormat><!-- the ACS -->
<md:AssertionConsumerService Location="https://sp.example.com/acs?a=1&amp;b=2" index="0" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"/></md:SPSSODescriptor></md:EntityDescriptor>`;
    expect(normaliseMetadataXml(xml, context()).text).toBe(
      [
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp.example.com">',
        '  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
        '    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>',
        '    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.com/acs?a=1&amp;b=2" index="0"/>',
        '  </md:SPSSODescriptor>',
        '</md:EntityDescriptor>',
        '',
      ].join('\n'),
    );
  });

  it('the same metadata laid out differently normalises to the same text', () => {
    const oneLine = fixtureText('sp/ringcentral.xml').replace(/>\s+</g, '><');
    expect(normaliseMetadataXml(oneLine, context()).text).toBe(normaliseMetadataXml(fixtureText('sp/ringcentral.xml'), context()).text);
  });

  it('certificates are wrapped at 64 characters', () => {
    const text = normaliseMetadataXml(fixtureText('idp/jumpcloud.xml'), context()).text!;
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.trim() === '<ds:X509Certificate>');
    expect(lines[start + 1]!.trim()).toHaveLength(64);
    expect(certificate('keys/idp.crt').pem).toContain(lines[start + 1]!.trim());
  });

  it('hostile XML is refused here too', () => {
    const result = normaliseMetadataXml(fixtureText('hostile/billion-laughs.xml'), context());
    expect(result.text).toBeUndefined();
    expect(result.diagnostics[0]?.code).toBe('saml.xml-doctype');
  });
});

describe('diffMetadata', () => {
  it('shows the changed lines only, with their context', () => {
    const before = fixtureText('sp/ringcentral.xml');
    const after = before.replace('https://sso.ringcentral.com/sp/ACS.saml2', 'https://ssoeuro.ringcentral.com/sp/ACS.saml2');
    const { diff, diagnostics } = diffMetadata('ringcentral SP metadata', before, after, context());
    expect(diagnostics).toEqual([]);
    expect(diff.split('\n').slice(0, 2)).toEqual(['--- ringcentral SP metadata (before)', '+++ ringcentral SP metadata (after)']);
    expect(diff.split('\n').filter((l) => /^[-+][^-+]/.test(l))).toEqual([
      '-    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sso.ringcentral.com/sp/ACS.saml2" index="0" isDefault="true"/>',
      '+    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://ssoeuro.ringcentral.com/sp/ACS.saml2" index="0" isDefault="true"/>',
    ]);
  });

  it('no difference in meaning is no diff', () => {
    const before = fixtureText('sp/ringcentral.xml');
    expect(diffMetadata('m', before, before.replace(/>\s+</g, '><'), context()).diff).toBe('');
  });

  it('added metadata is all additions', () => {
    const { diff } = diffMetadata('m', undefined, fixtureText('sp/one-acs.xml'), context());
    expect(diff.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]);
    expect(diff).toContain('+<md:EntityDescriptor');
  });

  it('a refused document gives its diagnostics and no diff', () => {
    const result = diffMetadata('m', fixtureText('sp/one-acs.xml'), fixtureText('hostile/external-entity.xml'), context());
    expect(result.diff).toBe('');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['saml.xml-doctype']);
  });
});

describe('diffCertificates', () => {
  const idp = certificate('keys/idp.crt');
  const renewed = certificate('keys/other-signer.crt');

  it('a replaced certificate shows who, validity and fingerprint before the PEM', () => {
    const diff = diffCertificates('ringcentral IdP certificate', idp, renewed);
    const changed = diff.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(changed.slice(0, 3)).toEqual([`-Subject:    ${idp.subject}`, `-Issuer:     ${idp.issuer}`, `-Serial:     ${idp.serialNumber}`]);
    expect(changed).toContain(`-Not after:  ${idp.notAfter}`);
    expect(changed).toContain(`+Not after:  ${renewed.notAfter}`);
    expect(changed).toContain(`+SHA-256:    ${renewed.fingerprintSha256}`);
    expect(diff).not.toContain('-Not before'); // both start on 2024-01-01: context, not change
  });

  it('the same certificate is no diff; a new one is all additions', () => {
    expect(diffCertificates('c', idp, certificate('keys/idp.crt'))).toBe('');
    expect(diffCertificates('c', undefined, idp)).toContain(`+${describeCertificate(idp).split('\n')[0]}`);
  });
});

describe('diffText', () => {
  it('is empty for equal texts and a unified diff otherwise', () => {
    expect(diffText('x', 'a\n', 'a\n')).toBe('');
    expect(diffText('x', 'a\nb\n', 'a\nc\n')).toBe('--- x (before)\n+++ x (after)\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
  });
});

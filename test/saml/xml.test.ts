/**
 * Safe XML loading: hostile documents are refused with a clear diagnostic before anything is
 * expanded, fetched or allowed to exhaust the process.
 */
import { describe, expect, it } from 'vitest';
import { loadXml, parseSpMetadata, type XmlLoad } from '../../src/saml/index.js';
import { context, fixture, fixtureText } from './support.js';

function refusal(load: XmlLoad) {
  expect(load.ok).toBe(false);
  if (load.ok) throw new Error('unreachable');
  expect(load.diagnostics).toHaveLength(1);
  return load.diagnostics[0]!;
}

describe('loadXml refuses hostile documents', () => {
  it.each([
    ['hostile/external-entity.xml', /external entity \(XXE\)/, 2],
    ['hostile/billion-laughs.xml', /entity declarations .*billion laughs/, 3],
    ['hostile/external-dtd.xml', /names an external DTD/, 2],
  ])('%s: refused as a DOCTYPE, with its position', (file, message, line) => {
    const d = refusal(loadXml(fixture(file), context(file)));
    expect(d).toMatchObject({ severity: 'error', code: 'saml.xml-doctype', address: 'ringcentral/sso', path: 'applications.ringcentral.sso.spMetadata' });
    expect(d.message).toMatch(message);
    expect(d.message).toMatch(/refused without reading it/);
    expect(d.origin).toEqual({ file, line, column: 1 });
    expect(d.hint).toMatch(/never needs a DTD/);
  });

  it('a bare DOCTYPE is refused too, and so is one in lower case', () => {
    expect(refusal(loadXml('<!DOCTYPE md:EntityDescriptor><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>', context())).message).toMatch(/contains a DOCTYPE declaration/);
    expect(refusal(loadXml('<!doctype a><a/>', context())).code).toBe('saml.xml-doctype');
  });

  it('a DOCTYPE after the root element is not well-formed', () => {
    expect(refusal(loadXml('<a/>\n<!DOCTYPE a>', context())).code).toMatch(/^saml\.xml-(malformed|doctype)$/);
  });

  it('an entity reference without a declaration is refused, not passed through', () => {
    const d = refusal(loadXml('<a>\n  <b>&secret;</b>\n</a>', context()));
    expect(d.code).toBe('saml.xml-malformed');
    expect(d.message).toMatch(/entity not found:&secret;/);
    expect(d.origin?.line).toBe(2);
  });

  it('a DOCTYPE mentioned in a comment before the root is harmless and accepted', () => {
    expect(loadXml('<?xml version="1.0"?>\n<!-- no <!DOCTYPE here -->\n<a/>', context()).ok).toBe(true);
  });

  it('the hostile fixtures never become metadata', () => {
    for (const file of ['hostile/external-entity.xml', 'hostile/billion-laughs.xml', 'hostile/external-dtd.xml', 'hostile/malformed.xml']) {
      const parsed = parseSpMetadata(fixture(file), context(file));
      expect(parsed.metadata).toBeUndefined();
      expect(parsed.diagnostics.map((d) => d.severity)).toEqual(['error']);
    }
  });

  it('a 20 MB document is refused by size before it is parsed', () => {
    const padding = `<md:Extensions>${'<x:pad xmlns:x="urn:pad">laughs</x:pad>'.repeat(20 * 1024 * 1024 / 38)}</md:Extensions>`;
    const huge = fixtureText('sp/one-acs.xml').replace('<md:SPSSODescriptor', `${padding}<md:SPSSODescriptor`);
    expect(Buffer.byteLength(huge)).toBeGreaterThan(20 * 1024 * 1024);
    const d = refusal(loadXml(huge, context()));
    expect(d.code).toBe('saml.xml-too-large');
    expect(d.message).toMatch(/over the 1048576-byte limit/);
    expect(refusal(loadXml(Buffer.from(huge), context())).code).toBe('saml.xml-too-large');
  });

  it('the size cap can be set, and counts bytes, not characters', () => {
    const text = `<a>${'é'.repeat(600)}</a>`; // 607 characters, 1207 bytes
    expect(refusal(loadXml(text, context(), { maxBytes: 1000 })).code).toBe('saml.xml-too-large');
    expect(loadXml(text, context(), { maxBytes: 2000 }).ok).toBe(true);
  });

  it('malformed XML is reported with the line and column the parser gives', () => {
    const d = refusal(loadXml(fixture('hostile/malformed.xml'), context('hostile/malformed.xml')));
    expect(d.code).toBe('saml.xml-malformed');
    expect(d.message).toMatch(/not well-formed XML: Opening and ending tag mismatch/);
    expect(d.origin).toMatchObject({ file: 'hostile/malformed.xml', line: 4 });
    expect(d.origin!.column).toBeGreaterThan(1);
  });

  it.each([
    ['empty', ''],
    ['text', 'not xml at all'],
    ['truncated', '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor'],
    ['two roots', '<a/><b/>'],
    ['unbound prefix', '<md:EntityDescriptor/>'],
    ['unquoted attribute', '<a b=c/>'],
    ['duplicate attribute', '<a b="1" b="2"/>'],
  ])('%s: refused as malformed', (_name, text) => {
    expect(refusal(loadXml(text, context())).code).toBe('saml.xml-malformed');
  });

  it('elements nested deeper than metadata ever is are refused', () => {
    const deep = `${'<a>'.repeat(100)}${'</a>'.repeat(100)}`;
    const d = refusal(loadXml(deep, context()));
    expect(d.code).toBe('saml.xml-too-deep');
    expect(loadXml(`${'<a>'.repeat(20)}${'</a>'.repeat(20)}`, context()).ok).toBe(true);
  });

  it('bytes that are not UTF-8, and declared encodings other than UTF-8, are refused', () => {
    expect(refusal(loadXml(Buffer.from([0x3c, 0x61, 0x3e, 0xe9, 0x3c, 0x2f, 0x61, 0x3e]), context())).code).toBe('saml.xml-encoding');
    expect(refusal(loadXml('<?xml version="1.0" encoding="ISO-8859-1"?><a/>', context())).message).toMatch(/declares encoding "ISO-8859-1"/);
  });

  it('a UTF-8 byte order mark is accepted', () => {
    expect(loadXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('sp/one-acs.xml')]), context()).ok).toBe(true);
  });
});

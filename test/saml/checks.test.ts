/**
 * The desired SSO settings (configuration + catalog + SP metadata) and the cross-checks between an
 * application's settings and its service provider.
 */
import { describe, expect, it } from 'vitest';
import { NO_SP_REQUIREMENTS } from '../../src/core/desired.js';
import type { FlatAttributes } from '../../src/core/model.js';
import { loadCatalog } from '../../src/config/catalog.js';
import {
  buildDesiredSso,
  checkSso,
  defaultPostEndpoint,
  parseIdpMetadata,
  parseSpMetadata,
  type SpMetadata,
  type SsoCheckInput,
} from '../../src/saml/index.js';
import { context, fixture, fixtureText } from './support.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const RINGCENTRAL = loadCatalog('ringcentral').sso.requirements;

function sp(file: string): SpMetadata {
  const parsed = parseSpMetadata(fixture(file), context(file));
  if (!parsed.metadata) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.metadata;
}

/** What config/desired.ts `ssoSettings` yields for the example configuration with the RingCentral catalog. */
const CATALOG_SETTINGS: FlatAttributes = {
  label: 'RingCentral',
  portal: 'visible',
  ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral',
  'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS.saml2',
  'config.spEntityId': 'https://sso.ringcentral.com',
  'attributes.email': 'email',
  'attributes.number': 'phoneNumbers[type eq "work"].number',
};

const codes = (diagnostics: readonly { code: string; severity: string }[]) => diagnostics.map((d) => `${d.severity} ${d.code}`);

describe('buildDesiredSso', () => {
  it('takes the SP entity id and the default HTTP-POST ACS from the SP metadata when the configuration does not give them', () => {
    const desired = buildDesiredSso({
      app: 'crm',
      settings: { label: 'CRM', 'attributes.email': 'email' },
      configured: {},
      spMetadata: sp('sp/indexed-acs.xml'),
      spMetadataSource: 'metadata/crm.xml',
      requirements: NO_SP_REQUIREMENTS,
      now: NOW,
    });
    expect(desired.settings).toEqual({
      label: 'CRM',
      'attributes.email': 'email',
      'config.spEntityId': 'https://crm.example.org/sp',
      'config.acsUrl': 'https://eu.crm.example.org/sp/acs/post',
    });
    expect(desired.origins).toEqual({ 'config.spEntityId': 'sp-metadata', 'config.acsUrl': 'sp-metadata' });
    expect(desired.diagnostics).toEqual([]);
  });

  it('the SP metadata replaces the catalog’s defaults (an EU account’s ssoeuro values)', () => {
    const eu = fixtureText('sp/ringcentral.xml').replaceAll('sso.ringcentral.com', 'ssoeuro.ringcentral.com');
    const desired = buildDesiredSso({
      app: 'ringcentral',
      settings: CATALOG_SETTINGS,
      configured: {},
      spMetadata: parseSpMetadata(eu, context()).metadata!,
      requirements: RINGCENTRAL,
      now: NOW,
    });
    expect(desired.settings['config.spEntityId']).toBe('https://ssoeuro.ringcentral.com');
    expect(desired.settings['config.acsUrl']).toBe('https://ssoeuro.ringcentral.com/sp/ACS.saml2');
    expect(desired.diagnostics).toEqual([]);
  });

  it('without SP metadata the catalog’s defaults stay, and say so', () => {
    const desired = buildDesiredSso({ app: 'ringcentral', settings: CATALOG_SETTINGS, configured: {}, requirements: RINGCENTRAL, now: NOW });
    expect(desired.settings).toEqual(CATALOG_SETTINGS);
    expect(desired.origins).toEqual({ 'config.spEntityId': 'catalog', 'config.acsUrl': 'catalog' });
  });

  it('a configured value that disagrees with the metadata is kept, and is an error naming both values', () => {
    const desired = buildDesiredSso({
      app: 'ringcentral',
      settings: { ...CATALOG_SETTINGS, 'config.spEntityId': 'saml2:ringcentral:prod', 'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS' },
      configured: { spEntityId: 'saml2:ringcentral:prod', acsUrl: 'https://sso.ringcentral.com/sp/ACS' },
      spMetadata: sp('sp/ringcentral.xml'),
      spMetadataSource: 'configs/metadata/rc-sp.xml',
      requirements: RINGCENTRAL,
      now: NOW,
    });
    expect(desired.settings['config.spEntityId']).toBe('saml2:ringcentral:prod');
    expect(desired.origins['config.spEntityId']).toBe('configuration');
    expect(desired.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'saml.sp-entity-id-mismatch',
        message: 'ringcentral: SP entity ID is "saml2:ringcentral:prod" in the configuration, but configs/metadata/rc-sp.xml has entityID "https://sso.ringcentral.com"',
        hint: 'remove sso.spEntityId to take it from the metadata, or set it to "https://sso.ringcentral.com"',
        address: 'ringcentral/sso',
        path: 'applications.ringcentral.sso.spEntityId',
      },
      {
        severity: 'error',
        code: 'saml.acs-url-not-in-metadata',
        message:
          'ringcentral: ACS URL is "https://sso.ringcentral.com/sp/ACS" in the configuration, but configs/metadata/rc-sp.xml lists "https://sso.ringcentral.com/sp/ACS.saml2" (HTTP-POST)',
        hint: 'remove sso.acsUrl to take the metadata\'s default, or set one of "https://sso.ringcentral.com/sp/ACS.saml2"',
        address: 'ringcentral/sso',
        path: 'applications.ringcentral.sso.acsUrl',
      },
    ]);
  });

  it('a configured value that agrees with the metadata (up to URL normalisation) is fine', () => {
    const desired = buildDesiredSso({
      app: 'ringcentral',
      settings: CATALOG_SETTINGS,
      configured: { spEntityId: 'https://sso.ringcentral.com', acsUrl: 'HTTPS://SSO.RINGCENTRAL.COM:443/sp/ACS.saml2' },
      spMetadata: sp('sp/ringcentral.xml'),
      requirements: RINGCENTRAL,
      now: NOW,
    });
    expect(desired.diagnostics).toEqual([]);
  });

  it('metadata with an invalid signature lends no values', () => {
    const tampered = fixtureText('sp/signed.xml').replace('ACS.saml2', 'ACS.evil');
    const metadata = parseSpMetadata(tampered, context()).metadata!;
    expect(metadata.signed).toBe('invalid');
    const desired = buildDesiredSso({ app: 'ringcentral', settings: CATALOG_SETTINGS, configured: {}, spMetadata: metadata, requirements: RINGCENTRAL, now: NOW });
    expect(desired.settings).toEqual(CATALOG_SETTINGS);
    expect(desired.origins['config.acsUrl']).toBe('catalog');
    expect(desired.diagnostics).toEqual([]);
  });
});

describe('defaultPostEndpoint (saml-metadata §2.2.3, HTTP-POST only)', () => {
  const metadata = (endpoints: string) => parseSpMetadata(
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="e"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${endpoints}</md:SPSSODescriptor></md:EntityDescriptor>`,
    context(),
  ).metadata!;
  const acs = (location: string, extra = '', binding = 'HTTP-POST') =>
    `<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:${binding}" Location="${location}" ${extra}/>`;

  it.each([
    ['isDefault="true" wins over order', acs('a', 'index="0"') + acs('b', 'index="1" isDefault="true"'), 'b'],
    ['else the first without isDefault="false"', acs('a', 'index="0" isDefault="false"') + acs('b', 'index="1"'), 'b'],
    ['else the first', acs('a', 'index="0" isDefault="false"') + acs('b', 'index="1" isDefault="false"'), 'a'],
    ['other bindings do not count, even marked default', acs('art', 'index="0" isDefault="true"', 'HTTP-Artifact') + acs('post', 'index="1"'), 'post'],
    ['none with HTTP-POST', acs('art', 'index="0"', 'HTTP-Artifact'), undefined],
  ])('%s', (_rule, endpoints, expected) => {
    expect(defaultPostEndpoint(metadata(endpoints))?.location).toBe(expected);
  });
});

describe('checkSso', () => {
  const base: SsoCheckInput = { app: 'ringcentral', settings: CATALOG_SETTINGS, settingsOf: 'configuration', spMetadata: sp('sp/ringcentral.xml'), requirements: RINGCENTRAL, now: NOW };

  it('RingCentral’s metadata with the catalog’s settings: nothing to say', () => {
    expect(checkSso(base)).toEqual([]);
  });

  it.each<[string, Partial<SsoCheckInput>, string[]]>([
    ['SP certificate expired: error', { spMetadata: sp('sp/expired-certificate.xml'), settings: { ...CATALOG_SETTINGS, 'config.spEntityId': 'https://legacy.example.net/sp', 'config.acsUrl': 'https://legacy.example.net/sp/acs' } }, ['error saml.sp-certificate-expired']],
    ['SP certificate expiring in 29 days: warning', { now: new Date('2033-12-03T00:00:00Z') }, ['warning saml.sp-certificate-expiring']],
    ['SP certificate expiring in 30 days: fine', { now: new Date('2033-12-02T00:00:00Z') }, []],
    ['SP certificate not valid yet: warning', { now: new Date('2023-06-01T00:00:00Z') }, ['warning saml.sp-certificate-not-yet-valid']],
    ['no email attribute statement: error', { settings: { ...CATALOG_SETTINGS, 'attributes.email': '' } }, ['error saml.attribute-missing']],
    ['email from another property: warning', { settings: { ...CATALOG_SETTINGS, 'attributes.email': 'username' } }, ['warning saml.attribute-source-unexpected']],
    ['no number attribute statement: warning', { settings: Object.fromEntries(Object.entries(CATALOG_SETTINGS).filter(([k]) => k !== 'attributes.number')) }, ['warning saml.attribute-missing']],
    ['attributes are not required without requirements', { settings: { label: 'x' }, requirements: NO_SP_REQUIREMENTS }, []],
    ['IdP-initiated URL, SP documents SP-initiated only: warning', { settings: { ...CATALOG_SETTINGS, 'config.idpInitUrl': 'https://sso.jumpcloud.com/saml2/rc?init' }, requirements: { ...RINGCENTRAL, loginFlows: ['sp-initiated'] } }, ['warning saml.idp-initiated-unsupported']],
    ['IdP-initiated URL on RingCentral, which documents both flows', { settings: { ...CATALOG_SETTINGS, 'config.idpInitUrl': 'https://sso.jumpcloud.com/saml2/rc?init' } }, []],
    ['SP wants signed assertions, IdP does not sign them: error', { settings: { ...CATALOG_SETTINGS, 'config.signAssertion': false } }, ['error saml.assertion-signing-required']],
    ['metadata validUntil passed: warning', { spMetadata: sp('sp/indexed-acs.xml'), settings: { 'config.spEntityId': 'https://crm.example.org/sp', 'config.acsUrl': 'https://crm.example.org/sp/acs/post' }, requirements: NO_SP_REQUIREMENTS, now: new Date('2030-02-01T00:00:00Z') }, ['warning saml.metadata-expired']],
    ['ACS listed only for another binding: error', { spMetadata: sp('sp/indexed-acs.xml'), settings: { 'config.spEntityId': 'https://crm.example.org/sp', 'config.acsUrl': 'https://crm.example.org/sp/acs/artifact' }, requirements: NO_SP_REQUIREMENTS }, ['error saml.acs-url-not-in-metadata']],
  ])('%s', (_name, change, expected) => {
    expect(codes(checkSso({ ...base, ...change }))).toEqual(expected);
  });

  it('an expired certificate names the certificate, its use and the date', () => {
    const [d] = checkSso({ ...base, now: new Date('2034-02-01T00:00:00Z') });
    expect(d!.message).toBe(
      `ringcentral: the SP signing certificate CN=sso.ringcentral.example, O=Roster test SP (SHA-256 ${sp('sp/ringcentral.xml').certificates[0]!.certificate.fingerprintSha256}) in the SP metadata expired on 2034-01-01T00:00:00.000Z`,
    );
    expect(d!.hint).toMatch(/renew the SP certificate/);
    expect(d!.path).toBe('applications.ringcentral.sso.spMetadata');
  });

  it('a key without `use` is one certificate for both purposes, reported once', () => {
    const metadata = sp('sp/one-acs.xml');
    const found = checkSso({ ...base, spMetadata: metadata, settings: { 'config.spEntityId': metadata.entityId, 'config.acsUrl': 'https://app.example.com/saml/acs' }, requirements: NO_SP_REQUIREMENTS, now: new Date('2033-12-20T00:00:00Z') });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/the SP signing and encryption certificate .* expires on 2034-01-01T00:00:00.000Z, in 12 days/);
  });

  it('the missing email attribute says why RingCentral needs it and what to add', () => {
    const [d] = checkSso({ ...base, settings: { ...CATALOG_SETTINGS, 'attributes.email': '' } });
    expect(d!.message).toMatch(/no "email" attribute statement in the configuration\. RingCentral matches the SAML assertion to a user by email/);
    expect(d!.hint).toBe('add `email: email` under sso.attributes');
    expect(d!.path).toBe('applications.ringcentral.sso.attributes');
  });

  it('NameID format: the SP asks for one the IdP does not send (warning); unspecified or no request is fine', () => {
    const idp = parseIdpMetadata(fixture('idp/jumpcloud.xml'), context()).metadata!; // sends emailAddress
    const persistentOnly = parseSpMetadata(fixtureText('sp/one-acs.xml').replace('1.1:nameid-format:emailAddress', '2.0:nameid-format:persistent'), context()).metadata!;
    const settings = { 'config.spEntityId': persistentOnly.entityId, 'config.acsUrl': 'https://app.example.com/saml/acs' };
    const check = (spMetadata: SpMetadata) => checkSso({ ...base, spMetadata, settings, idpMetadata: idp, requirements: NO_SP_REQUIREMENTS });
    const [d] = check(persistentOnly);
    expect(d).toMatchObject({ severity: 'warning', code: 'saml.nameid-format-mismatch' });
    expect(d!.message).toBe(
      'ringcentral: the SP metadata asks for NameID format "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent", but the IdP application sends "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"',
    );
    expect(check(sp('sp/one-acs.xml'))).toEqual([]);
    expect(check(parseSpMetadata(fixtureText('sp/one-acs.xml').replace('1.1:nameid-format:emailAddress', '1.1:nameid-format:unspecified'), context()).metadata!)).toEqual([]);
    expect(checkSso({ ...base, idpMetadata: idp })).toEqual([]); // RingCentral's metadata requests none
  });

  it('settings read from the IdP: no configuration paths, and the hint is what apply will do', () => {
    const [d] = checkSso({ ...base, settingsOf: 'idp', settings: { ...CATALOG_SETTINGS, 'config.acsUrl': 'https://sso.ringcentral.com/old' } });
    expect(d).toMatchObject({ code: 'saml.acs-url-not-in-metadata', hint: 'the next apply sets the metadata’s default' });
    expect(d!.message).toMatch(/in the IdP application, but the SP metadata lists/);
    expect(d!.path).toBeUndefined();
  });
});

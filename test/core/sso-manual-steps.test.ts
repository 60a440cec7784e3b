/**
 * Manual steps for the application's side of SAML, with the catalog's admin portal: exact places,
 * choices and values, whenever that side must change, and never otherwise.
 */
import { describe, expect, it } from 'vitest';
import type { Change, FieldDiff } from '../../src/core/change.js';
import { manualStepsFor } from '../../src/core/manual-steps.js';
import { loadCatalog } from '../../src/config/catalog.js';
import { application } from './fixtures.js';

const portal = loadCatalog('ringcentral').sso.adminPortal!;
const settings = {
  label: 'RingCentral',
  ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral',
  'config.idpEntityId': 'https://sso.jumpcloud.com/saml2/ringcentral',
  'attributes.mail': 'email',
  'attributes.number': 'phoneNumbers[type eq "work"].number',
};
const app = application(['Sales'], { sso: { enabled: true, settings, adminPortal: portal } });

const change = (action: Change['action'], fields: FieldDiff[] = [], kind: Change['kind'] = 'sso_app'): Change => ({
  address: 'ringcentral/sso',
  app: 'ringcentral',
  kind,
  action,
  fields,
  reason: { code: 'config', message: '' },
  steps: [],
  problems: [],
});

const text = (steps: ReturnType<typeof manualStepsFor>) => steps.map((s) => [s.title, ...s.instructions].join('\n')).join('\n\n');

describe('manual steps with RingCentral’s admin portal', () => {
  it('a new application: metadata to import, where, the email attribute to map, the login policy, a test', () => {
    const steps = manualStepsFor(change('create'), app);
    expect(steps).toHaveLength(1);
    expect(steps[0]!.instructions).toEqual([
      'after apply, run `roster metadata ringcentral > ringcentral-idp.xml`: it writes the IdP metadata of the application (and prints its URL)',
      'in RingCentral’s Admin Portal → More → Security and Compliance → Single Sign-on: import the identity provider’s metadata from ringcentral-idp.xml',
      'check the IdP sign-in URL it shows: https://sso.jumpcloud.com/saml2/ringcentral',
      'check the IdP entity ID it shows: https://sso.jumpcloud.com/saml2/ringcentral',
      '"Map Email Attribute to": choose Custom and type mail',
      'SAML attribute "mail" carries the user\'s email',
      'SAML attribute "number" carries the user\'s phoneNumbers[type eq "work"].number',
      portal.enable,
      'test with one user: sign in at https://service.ringcentral.com/login/startupSSOLogin.html',
    ]);
  });

  it.each<[string, FieldDiff[], RegExp | undefined, string[]]>([
    ['a new IdP entity ID: import the metadata again', [{ path: 'config.idpEntityId', before: 'old', after: 'https://sso.jumpcloud.com/saml2/ringcentral' }], /has a new entity ID/, ['run `roster metadata ringcentral > ringcentral-idp.xml`']],
    ['a new certificate: import the metadata again', [{ path: 'roster.certificate', before: 'aa', after: 'bb' }], /has a new signing certificate: import its metadata again, or SSO sign-in fails/, ['import the identity provider’s metadata']],
    ['SSO switched off: the login policy first', [{ path: 'active', before: true, after: false }], /^Before applying: single sign-on to RingCentral stops/, [portal.disable!]],
    ['SSO back on', [{ path: 'active', before: false, after: true }], /works again/, [portal.enable!]],
    ['the email attribute renamed: map it again', [{ path: 'attributes.mail', after: 'email' }, { path: 'attributes.email', before: 'email' }], /Check the SAML attribute mapping/, ['"Map Email Attribute to": choose Custom and type mail', 'SAML attribute "email" is no longer sent: remove it from the mapping']],
    ['a new NameID format', [{ path: 'config.overrideNameIdFormat', before: 'a', after: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' }], /Check the SAML attribute mapping/, ["the assertion's NameID (config.overrideNameIdFormat) is now urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"]],
    ['a new label: nothing by hand', [{ path: 'label', before: 'RC', after: 'RingCentral' }], undefined, []],
    ['a new ACS URL from the SP metadata: nothing by hand, the application changed itself', [{ path: 'config.acsUrl', before: 'a', after: 'b' }], undefined, []],
  ])('%s', (_, fields, title, includes) => {
    const steps = manualStepsFor(change('update', fields), app);
    if (!title) {
      expect(steps).toEqual([]);
      return;
    }
    expect(steps.map((s) => s.title).join('\n')).toMatch(title);
    for (const line of includes) expect(text(steps)).toContain(line);
  });

  it('a certificate recorded while adopting needs nothing: the application’s side is taken as set up', () => {
    expect(manualStepsFor(change('adopt', [{ path: 'roster.certificate', after: 'bb' }, { path: 'roster.app', after: 'ringcentral' }]), app)).toEqual([]);
  });

  it('a deleted application no longer configured: generic wording, its label from what was read', () => {
    const steps = manualStepsFor({ ...change('delete'), before: { label: 'Phones' } }, undefined);
    expect(steps).toEqual([
      {
        app: 'ringcentral',
        address: 'ringcentral/sso',
        title: 'Turn off SAML single sign-on in Phones',
        instructions: ['in the application’s admin portal, single sign-on settings: remove the identity provider, or users are sent to an IdP application that no longer exists'],
      },
    ]);
  });

  it('the provisioning record and bindings need nothing by hand', () => {
    expect(manualStepsFor(change('delete', [], 'provisioning'), app)).toEqual([]);
    expect(manualStepsFor(change('create', [], 'group_binding'), app)).toEqual([]);
  });
});

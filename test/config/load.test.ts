/**
 * Loading with an environment (plan, apply): references resolved, missing variables named,
 * formats checked on resolved values; the desired state and the digest.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { evaluateConfigFiles } from '../../src/config/load.js';

const IDP = 'idp:\n  type: jumpcloud\n  url: ${IDP_URL:-https://console.jumpcloud.com}\n  apiKey: ${JUMPCLOUD_API_KEY}\n';

const RINGCENTRAL = `applications:
  ringcentral:
    catalog: ringcentral
    label: RingCentral
    groups: [Sales]
    sso:
      ssoUrl: https://sso.jumpcloud.com/saml2/ringcentral
      spMetadata: metadata/sp.xml
      signAssertion: true
      nameId: email
      defaultRelayState: https://service.ringcentral.com/mobile/ssoLogin
      groupsAttribute: memberOf
      attributes:
        number: attributes.directNumber
      constantAttributes:
        region: EU
    provisioning:
      auth:
        clientId: \${RINGCENTRAL_CLIENT_ID}
        clientSecret: \${RINGCENTRAL_CLIENT_SECRET}
        jwt: \${RINGCENTRAL_JWT}
      mappings:
        userName: email
        phoneNumbers[]: ~
        title: attributes.jobTitle
      onRemove: deprovision
      safety:
        maxDeprovision: 25%
`;

const ENV = {
  JUMPCLOUD_API_KEY: 'jc-key',
  RINGCENTRAL_CLIENT_ID: 'client',
  RINGCENTRAL_CLIENT_SECRET: 'client-secret',
  RINGCENTRAL_JWT: 'jwt-secret',
};

function load(text: string, env?: Record<string, string>) {
  return evaluateConfigFiles([{ display: 'configs/roster.yaml', path: '/work/configs/roster.yaml', text }], {
    cwd: '/work',
    ...(env ? { env } : {}),
    probe: (path) => (path === '/work/configs/metadata/sp.xml' ? 'file' : 'missing'),
  });
}

const lines = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.origin?.line}:${d.origin?.column} ${d.severity}: ${d.message}`);

describe('loading with an environment', () => {
  it('resolves references, using defaults for unset variables', () => {
    const { loaded, diagnostics } = load(IDP + RINGCENTRAL, ENV);
    expect(diagnostics).toEqual([]);
    expect(loaded?.config.idp).toEqual({ type: 'jumpcloud', url: 'https://console.jumpcloud.com', apiKey: 'jc-key' });
    expect(loaded?.config.applications['ringcentral']?.provisioning?.auth).toEqual({ clientId: 'client', clientSecret: 'client-secret', jwt: 'jwt-secret' });
  });

  it('names each missing variable and where it is used, without offering a default for secrets', () => {
    const { loaded, diagnostics } = load(IDP + RINGCENTRAL, { ...ENV, RINGCENTRAL_JWT: '', JUMPCLOUD_API_KEY: '' });
    expect(loaded).toBeUndefined();
    expect(diagnostics.map((d) => [d.origin?.line, d.message, d.hint])).toEqual([
      [4, 'environment variable JUMPCLOUD_API_KEY is not set or empty (used by idp.apiKey)', 'export JUMPCLOUD_API_KEY=… before running Roster'],
      [25, 'environment variable RINGCENTRAL_JWT is not set or empty (used by applications.ringcentral.provisioning.auth.jwt)', 'export RINGCENTRAL_JWT=… before running Roster'],
    ]);
  });

  it('checks formats on resolved values, which validate could not', () => {
    expect(lines(load(IDP + RINGCENTRAL).diagnostics)).toEqual([]);
    expect(lines(load(IDP + RINGCENTRAL, { ...ENV, IDP_URL: 'http://jumpcloud.example.com' }).diagnostics)).toEqual([
      '3:8 error: "http://jumpcloud.example.com" must use https',
    ]);
  });

  it('never repeats a literal secret', () => {
    const text = IDP.replace('${JUMPCLOUD_API_KEY}', 'sk-literal-123') + RINGCENTRAL.replace('${RINGCENTRAL_JWT}', '12345');
    const output = JSON.stringify(load(text, ENV).diagnostics);
    expect(output).toContain('apiKey holds a literal value');
    expect(output).not.toContain('sk-literal-123');
    expect(output).not.toContain('12345');
  });
});

describe('desired state', () => {
  const loaded = load(IDP + RINGCENTRAL, ENV).loaded!;
  const app = loaded.desired.applications[0]!;

  it('flattens SSO settings to the keys the IdP provider maps, leaving SP values to the metadata', () => {
    expect(app.sso).toMatchObject({
      enabled: true,
      spMetadata: { reference: 'metadata/sp.xml', declaredIn: { path: '/work/configs/roster.yaml', display: 'configs/roster.yaml' }, origin: { file: 'configs/roster.yaml', line: 12, column: 19 } },
      requirements: { attributes: [{ name: 'email', severity: 'error', source: 'email' }, { name: 'number', severity: 'warning' }], loginFlows: ['sp-initiated', 'idp-initiated'] },
      adminPortal: { product: 'RingCentral', emailAttributeSetting: 'Map Email Attribute to' },
    });
    expect(app.sso?.fromCatalog).toBeUndefined();
    expect(app.sso?.settings).toEqual({
      label: 'RingCentral',
      portal: 'visible',
      active: true,
      ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral',
      'config.signAssertion': true,
      'config.subjectField': 'email',
      'config.defaultTargetUrl': 'https://service.ringcentral.com/mobile/ssoLogin',
      'config.includeGroups': true,
      'config.groupsAttributeName': 'memberOf',
      'attributes.email': 'email',
      'attributes.number': 'attributes.directNumber',
      'constantAttributes.region': 'EU',
    });
  });

  it('names the IdP URL after the application when the configuration gives none', () => {
    const { loaded: unnamed } = load(IDP + RINGCENTRAL.replace('      ssoUrl: https://sso.jumpcloud.com/saml2/ringcentral\n', ''), ENV);
    expect(unnamed?.desired.applications[0]?.sso?.settings['ssoUrl']).toBe('https://sso.jumpcloud.com/saml2/ringcentral');
  });

  it('carries the SCIM URL Roster provisions at: the application’s, else the catalog’s', () => {
    expect(app.provisioning?.url).toBe('https://platform.ringcentral.com/scim/v2');
  });

  it('merges mappings over the catalog’s, with removals', () => {
    expect(app.provisioning?.mappings).toEqual([
      { target: 'userName', source: 'email' },
      { target: 'emails[type eq "work"].value', source: 'email' },
      { target: 'name.givenName', source: 'firstname' },
      { target: 'name.familyName', source: 'lastname' },
      { target: 'addresses[]', source: 'addresses[]' },
      { target: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', source: 'department' },
      { target: 'title', source: 'attributes.jobTitle' },
    ]);
    expect(app.provisioning).toMatchObject({ enabled: true, deprovision: 'deactivate', onRemove: 'deprovision', safety: { maxDeprovision: { percent: 25 }, protect: [] } });
  });

  it('takes SP values from the catalog when there is no SP metadata', () => {
    const { loaded: withoutMetadata } = load(IDP + RINGCENTRAL.replace('      spMetadata: metadata/sp.xml\n', ''), ENV);
    expect(withoutMetadata?.desired.applications[0]?.sso?.settings).toMatchObject({
      'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS.saml2',
      'config.spEntityId': 'https://sso.ringcentral.com',
    });
    expect(withoutMetadata?.desired.applications[0]?.sso?.fromCatalog).toEqual(['config.acsUrl', 'config.spEntityId']);
  });

  it('has a digest that ignores secret values and follows everything else', () => {
    const rotated = load(IDP + RINGCENTRAL, { ...ENV, RINGCENTRAL_JWT: 'rotated', JUMPCLOUD_API_KEY: 'rotated' }).loaded!;
    const relabelled = load(IDP + RINGCENTRAL.replace('label: RingCentral', 'label: Phones'), ENV).loaded!;
    expect(rotated.digest).toBe(loaded.digest);
    expect(relabelled.digest).not.toBe(loaded.digest);
  });
});

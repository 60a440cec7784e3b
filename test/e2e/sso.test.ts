/**
 * SSO through `roster plan`, `roster apply` and `roster metadata` against the sandbox: the IdP
 * application's life (create, relabel, replace, deactivate, provisioning switched off, removal)
 * with a plan right after each apply showing nothing for it, manual steps with RingCentral's exact
 * values, certificate and metadata diffs in every format, adoption, a certificate replaced by hand,
 * and SP metadata problems pointing at the YAML line that names the metadata. A replace and a
 * delete are refused without their `--allow` and made with it.
 */
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import type { Plan } from '../../src/core/plan.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { validateMetadataSchema } from '../saml/support.js';
import { roster, sandboxEnv } from '../support/cli.js';

const SP_METADATA = fileURLToPath(new URL('../fixtures/saml/sp/ringcentral.xml', import.meta.url));
const EXPIRED_SP_METADATA = fileURLToPath(new URL('../fixtures/saml/sp/expired-certificate.xml', import.meta.url));
const IDP_KEY = fileURLToPath(new URL('../fixtures/saml/keys/metadata-signer.key', import.meta.url));
const IDP_CERTIFICATE = fileURLToPath(new URL('../fixtures/saml/keys/metadata-signer.crt', import.meta.url));
const validatePlan = new Ajv({ allowUnionTypes: true }).compile(JSON.parse(await readFile(new URL('../../docs/plan.schema.json', import.meta.url), 'utf8')));

interface Application {
  label?: string;
  ssoUrl?: string;
  sso?: string;
  provisioning?: string;
  groups?: string;
}

/** The RingCentral application with every SSO setting set, provisioned in the sandbox. */
function ringcentral(app: Application = {}): string {
  return `  ringcentral:
    catalog: ringcentral
    label: ${app.label ?? 'RingCentral'}
    description: Company phone system
    groups: ${app.groups ?? '[Sales, Support]'}
    sso:
      ssoUrl: ${app.ssoUrl ?? 'https://sso.jumpcloud.com/saml2/ringcentral'}
      spMetadata: metadata/ringcentral-sp.xml
      signAssertion: true
      signResponse: false
      signatureAlgorithm: RSA-SHA256
      nameId: email
      nameIdFormat: urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress
      defaultRelayState: https://service.ringcentral.com/mobile/ssoLogin
      groupsAttribute: memberOf
      constantAttributes:
        region: US
${app.sso ?? ''}    provisioning:
      url: \${ROSTER_SCIM_URL}
      auth:
        clientId: \${RINGCENTRAL_CLIENT_ID}
        clientSecret: \${RINGCENTRAL_CLIENT_SECRET}
        jwt: \${RINGCENTRAL_JWT}
      mappings:
        userName: email
${app.provisioning ?? ''}`;
}

/** An application without SSO: what is left once ringcentral is removed. */
const WIKI = `  wiki:
    catalog: scim
    groups: [Sales]
`;

const IDP = `idp:
  type: jumpcloud
  url: \${ROSTER_IDP_URL}
  apiKey: \${JUMPCLOUD_API_KEY}
applications:
`;

let sandbox: Sandbox;
let env: Record<string, string>;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo', rateLimits: false });
  env = sandboxEnv(sandbox);
  dir = await mkdtemp(join(tmpdir(), 'roster-sso-'));
  await mkdir(join(dir, 'metadata'));
  await copyFile(SP_METADATA, join(dir, 'metadata/ringcentral-sp.xml'));
});
afterAll(async () => {
  await sandbox.close();
});

async function configure(applications: string): Promise<void> {
  await writeFile(join(dir, 'roster.yaml'), `${IDP}${applications}`);
}

async function plan(format = 'json'): Promise<{ code: number; stdout: string; stderr: string; plan: Plan }> {
  const run = await roster(['plan', '-c', dir, '--format', format, '--detailed-exitcode'], { env });
  const json = format === 'json' ? (JSON.parse(run.stdout) as Plan) : (JSON.parse((await roster(['plan', '-c', dir, '--format', 'json'], { env })).stdout) as Plan);
  if (format === 'json') expect(validatePlan(json), JSON.stringify(validatePlan.errors)).toBe(true);
  return { ...run, plan: json };
}

async function apply(...allow: string[]): Promise<string> {
  const run = await roster(['apply', '-c', dir, '--auto-approve', ...allow.flatMap((a) => ['--allow', a])], { env });
  expect(run.stderr).not.toMatch(/error/);
  expect(run.code).toBe(0);
  return run.stdout;
}

/** `roster apply` without the acknowledgement a destructive change needs: refused, nothing changed. */
async function applyRefused(allow: string): Promise<void> {
  const run = await roster(['apply', '-c', dir, '--auto-approve'], { env });
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('Apply refused');
  expect(run.stderr).toContain(`run apply again with: --allow ${allow}`);
}

const idpSide = (p: Plan) => p.changes.filter((c) => c.kind === 'sso_app' || c.kind === 'group_binding' || c.kind === 'provisioning');
const brief = (c: Change) => `${c.action} ${c.address}`;

async function jumpcloud(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'x-api-key': sandbox.apiKey, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function applicationsLabelled(label: string): Promise<any[]> {
  return (await jumpcloud('GET', '/api/applications?limit=100')).results.filter((a: { displayLabel: string }) => a.displayLabel === label);
}

describe('the life of an SSO application', () => {
  beforeAll(async () => {
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST', body: JSON.stringify({ seed: 'demo' }), headers: { 'content-type': 'application/json' } });
  });

  it('a new application: created with every setting and the metadata’s SP values, bound, provisioning recorded, RingCentral’s manual steps listed', async () => {
    await configure(ringcentral());
    const { code, plan: first } = await plan();
    expect(code).toBe(2);
    expect(idpSide(first).map(brief)).toEqual(['create ringcentral/sso', 'create ringcentral/binding/Sales', 'create ringcentral/binding/Support', 'create ringcentral/provisioning']);
    const create = first.changes[0]!;
    expect(create.after).toMatchObject({
      'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS.saml2',
      'config.spEntityId': 'https://sso.ringcentral.com',
      'config.signatureAlgorithm': 'RSA-SHA256',
      'config.subjectField': 'email',
      'constantAttributes.region': 'US',
      'attributes.email': 'email',
      'roster.app': 'ringcentral',
    });
    expect(create.reason.message).toBe(`declared in the configuration (config.acsUrl and config.spEntityId from ${join(dir, 'metadata/ringcentral-sp.xml')})`);
    expect(first.manualSteps).toHaveLength(1);
    expect(first.manualSteps[0]!.instructions).toEqual(
      expect.arrayContaining([
        'in RingCentral’s Admin Portal → More → Security and Compliance → Single Sign-on: import the identity provider’s metadata from ringcentral-idp.xml',
        '"Map Email Attribute to": choose Custom and type email',
        'login policy: choose "Allow users to log in with SSO or RingCentral credential" and save; choose "Enforce SSO login only" only once a test user signs in with SSO',
      ]),
    );

    // Apply ends with what RingCentral's admin must now do by hand.
    const summary = await apply();
    const manual = summary.slice(summary.lastIndexOf('Manual steps'));
    expect(manual).toMatch(/^Manual steps — do these now in the application’s admin portal:\n {2}1\. ringcentral: /);
    expect(manual).toContain('- "Map Email Attribute to": choose Custom and type email');
    const after = await plan();
    expect(after.code).toBe(0);
    expect(idpSide(after.plan)).toEqual([]);
    expect(after.plan.manualSteps).toEqual([]);
    const [stored] = await applicationsLabelled('RingCentral');
    expect(stored.description).toMatch(/^Company phone system \[roster app=ringcentral onRemove=keep provisioning=[0-9a-f]{8} certificate=[0-9a-f]{16}\]$/);
  });

  it('a new label: an update of the label only, nothing to do by hand', async () => {
    await configure(ringcentral({ label: 'Phones' }));
    const { plan: relabel } = await plan();
    expect(idpSide(relabel).map(brief)).toEqual(['update ringcentral/sso']);
    expect(relabel.changes[0]!.fields).toEqual([{ path: 'label', before: 'RingCentral', after: 'Phones' }]);
    expect(relabel.manualSteps).toEqual([]);
    await apply();
    expect((await plan()).code).toBe(0);
    expect(await applicationsLabelled('Phones')).toHaveLength(1);
  });

  it('a new IdP URL: a replace refused without --allow replace, with certificate and metadata diffs in every format and the set-up steps again', async () => {
    await configure(ringcentral({ label: 'Phones', ssoUrl: 'https://sso.jumpcloud.com/saml2/phones' }));
    const { plan: replace } = await plan();
    expect(idpSide(replace).map(brief)).toEqual(['replace ringcentral/sso', 'create ringcentral/binding/Sales', 'create ringcentral/binding/Support']);
    expect(replace.violations).toEqual([expect.objectContaining({ kind: 'replace', allow: '--allow replace:ringcentral', addresses: ['ringcentral/sso'] })]);
    expect(replace.manualSteps.map((s) => s.title)).toEqual(['Set up the new identity provider in Phones: SSO sign-in fails until this is done']);
    expect(replace.manualSteps[0]!.instructions).toContain('check the IdP sign-in URL it shows: https://sso.jumpcloud.com/saml2/phones');
    const documents = replace.changes[0]!.documents ?? [];
    expect(documents.map((d) => d.name)).toEqual(['IdP certificate', 'IdP metadata']);
    expect(documents[0]!.diff).toMatch(/^-SHA-256: {4}([0-9A-F]{2}:){31}[0-9A-F]{2}$/m);
    expect(documents[1]!.diff).toContain('+    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sso.jumpcloud.com/saml2/phones"/>');

    const text = (await plan('text')).stdout;
    expect(text).toContain('--- IdP certificate (before)');
    expect(text).toContain('-SHA-256:');
    expect(text).toContain('--allow replace:ringcentral');
    const markdown = (await plan('markdown')).stdout;
    expect(markdown).toContain('<details><summary>IdP metadata</summary>');
    expect(markdown).toMatch(/```diff\n {2}--- IdP certificate \(before\)/);

    const [before] = await applicationsLabelled('Phones');
    await applyRefused('replace:ringcentral');
    expect((await applicationsLabelled('Phones'))[0]._id).toBe(before._id);
    await apply('replace:ringcentral');
    const after = await plan();
    expect(idpSide(after.plan)).toEqual([]);
    const [replaced] = await applicationsLabelled('Phones');
    expect(replaced._id).not.toBe(before._id);
    expect(replaced.ssoUrl).toBe('https://sso.jumpcloud.com/saml2/phones');
    // The record came over: still provisioned, still Roster's.
    expect(replaced.description).toMatch(/\[roster app=ringcentral onRemove=keep provisioning=[0-9a-f]{8} certificate=[0-9a-f]{16}\]$/);
  });

  it('sso.enabled: false deactivates the IdP application and keeps its bindings; the login policy is changed first', async () => {
    await configure(ringcentral({ label: 'Phones', ssoUrl: 'https://sso.jumpcloud.com/saml2/phones', sso: '      enabled: false\n' }));
    const { plan: off } = await plan();
    expect(idpSide(off).map(brief)).toEqual(['update ringcentral/sso']);
    expect(off.changes[0]!.fields).toEqual([{ path: 'active', before: true, after: false }]);
    expect(off.manualSteps[0]!.title).toBe('Before applying: single sign-on to Phones stops when the IdP application is deactivated');
    await apply();
    expect((await plan()).code).toBe(0);
    const [stored] = await applicationsLabelled('Phones');
    expect(stored.active).toBe(false);
    const bindings = await jumpcloud('GET', `/api/v2/applications/${stored._id}/associations?targets=user_group`);
    expect(bindings).toHaveLength(2);
  });

  it('provisioning.enabled: false records that provisioning stopped and leaves every account as it is', async () => {
    await configure(ringcentral({ label: 'Phones', ssoUrl: 'https://sso.jumpcloud.com/saml2/phones', sso: '      enabled: false\n', provisioning: '      enabled: false\n' }));
    const accounts = async () => ((await (await fetch(`${sandbox.url}/scim/v2/Users?count=100`, { headers: { authorization: `Bearer ${sandbox.scimToken}` } })).json()) as { Resources: unknown[] }).Resources;
    const before = await accounts();
    const { plan: stop } = await plan();
    expect(stop.changes.map(brief)).toEqual(['delete ringcentral/provisioning']);
    expect(stop.changes[0]!.reason.message).toBe('provisioning is switched off: accounts already in ringcentral are left as they are, and Roster no longer creates, updates or deprovisions them');
    await apply();
    expect((await plan()).code).toBe(0);
    expect(await accounts()).toEqual(before);
  });

  it('removed from the configuration: the IdP application Roster made is deleted, with --allow delete only, and nothing else is', async () => {
    await jumpcloud('POST', '/api/applications', { name: 'custom', displayLabel: 'Hand made', ssoUrl: 'https://sso.jumpcloud.com/saml2/hand-made', config: {} });
    await configure(WIKI);
    const { plan: removal } = await plan();
    expect(removal.changes.map(brief)).toEqual(['delete ringcentral/sso']);
    // Reviewed though no configured application has SSO left: the certificate leaves with it.
    expect(removal.changes[0]?.documents?.map((d) => d.name)).toEqual(['IdP certificate']);
    expect(removal.violations).toEqual([expect.objectContaining({ kind: 'delete', allow: '--allow delete:ringcentral' })]);
    expect(removal.manualSteps.map((s) => s.title)).toEqual(['Turn off SAML single sign-on in Phones']);
    // Provisioning was switched off before: no account is left provisioned by Roster's record.
    expect(removal.diagnostics.map((d) => d.code)).not.toContain('idp.remove-keeps-accounts');
    await applyRefused('delete:ringcentral');
    expect(await applicationsLabelled('Phones')).toHaveLength(1);
    await apply('delete:ringcentral');
    expect(await applicationsLabelled('Phones')).toEqual([]);
    expect(await applicationsLabelled('Hand made')).toHaveLength(1);
    expect((await plan()).code).toBe(0);
  });
});

describe('removing an application Roster provisions', () => {
  beforeAll(async () => {
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST', body: JSON.stringify({ seed: 'demo' }), headers: { 'content-type': 'application/json' } });
    await configure(ringcentral({ groups: '[]', provisioning: '      onRemove: deprovision\n' }));
    await apply();
  });

  it('with onRemove: deprovision, the delete is blocked until the accounts are deprovisioned', async () => {
    await configure(WIKI);
    const { plan: blocked } = await plan();
    expect(blocked.changes).toEqual([expect.objectContaining({ address: 'ringcentral/sso', action: 'skip', blockedAction: 'delete', problems: [expect.objectContaining({ code: 'idp.remove-needs-deprovision' })] })]);
    expect(blocked.violations).toEqual([]);
  });

  it('with onRemove: keep, deleted with a warning that the accounts stay as they are', async () => {
    await configure(ringcentral({ groups: '[]' }));
    await apply();
    await configure(WIKI);
    const { plan: removal } = await plan();
    expect(removal.changes.map(brief)).toEqual(['delete ringcentral/sso']);
    expect(removal.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'idp.remove-keeps-accounts', address: 'ringcentral/sso' }));
  });
});

describe('an IdP application Roster did not create', () => {
  beforeAll(async () => {
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST', body: JSON.stringify({ seed: 'demo' }), headers: { 'content-type': 'application/json' } });
  });

  it('with the label and IdP URL: adopted, visibly, and its settings made the configuration’s', async () => {
    await jumpcloud('POST', '/api/applications', { name: 'ringcentral', displayLabel: 'RingCentral', description: 'set up by hand', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral', config: { acsUrl: { value: 'https://sso.ringcentral.com/sp/ACS.saml2' } } });
    await configure(ringcentral());
    const { plan: adoption } = await plan();
    const adopt = adoption.changes.find((c) => c.address === 'ringcentral/sso')!;
    expect(adopt).toMatchObject({ action: 'adopt', reason: { code: 'matched', message: 'an IdP application labelled "RingCentral" exists that Roster did not create: Roster adopts it' } });
    expect(adopt.fields).toContainEqual({ path: 'description', before: 'set up by hand', after: 'Company phone system' });
    expect(adopt.fields).toContainEqual({ path: 'roster.app', after: 'ringcentral' });
    expect(adoption.manualSteps.map((s) => s.title)).toEqual(['Check the SAML attribute mapping in RingCentral']);
    await apply();
    expect(idpSide((await plan()).plan)).toEqual([]);
    expect(await applicationsLabelled('RingCentral')).toHaveLength(1);
  });

  it('a new certificate issued by hand: an update that records it, its diff, and the steps to import it', async () => {
    const [stored] = await applicationsLabelled('RingCentral');
    const [key, certificate] = await Promise.all([readFile(IDP_KEY, 'utf8'), readFile(IDP_CERTIFICATE, 'utf8')]);
    const current = await jumpcloud('GET', `/api/applications/${stored._id}`);
    await jumpcloud('PUT', `/api/applications/${stored._id}`, { ...current, config: { ...current.config, idpCertificate: { value: certificate }, idpPrivateKey: { value: key } } });
    const { plan: rotated } = await plan();
    const update = rotated.changes.find((c) => c.address === 'ringcentral/sso')!;
    expect(update).toMatchObject({ action: 'update', reason: { message: 'the IdP application has a new signing certificate' } });
    expect(update.fields.map((f) => f.path)).toEqual(['roster.certificate']);
    expect(update.documents?.[0]?.name).toBe('IdP certificate');
    expect(update.documents?.[0]?.diff).toContain('(the certificate the application’s admin was last given)');
    expect(rotated.manualSteps.map((s) => s.title)).toEqual(['The identity provider of RingCentral has a new signing certificate: import its metadata again, or SSO sign-in fails']);
    await apply();
    expect(idpSide((await plan()).plan)).toEqual([]);
  });

  it('`roster metadata` prints the URL and the XML the IdP serves, valid against the SAML metadata schema', async () => {
    const run = await roster(['metadata', 'ringcentral', '-c', dir], { env });
    expect(run.code).toBe(0);
    const [stored] = await applicationsLabelled('RingCentral');
    expect(run.stderr).toContain(`URL:         ${sandbox.url}/api/organizations/${sandbox.orgId}/applications/${stored._id}/metadata.xml`);
    expect(run.stderr).toContain('sign-in URL: https://sso.jumpcloud.com/saml2/ringcentral (HTTP-POST)');
    expect(run.stderr).toMatch(/certificate: SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}, valid until /);
    expect(run.stdout).toMatch(/^<\?xml/);
    const validation = await validateMetadataSchema(run.stdout);
    expect(validation.ok, validation.output).toBe(true);
  });

  it('`roster metadata` for an application without an IdP application, or unknown, says so', async () => {
    expect(await roster(['metadata', 'nothing', '-c', dir], { env })).toMatchObject({ code: 1, stderr: expect.stringContaining('no application "nothing" in the configuration. Applications with SSO: ringcentral.') });
    await configure(ringcentral({ label: 'Phones', ssoUrl: 'https://sso.jumpcloud.com/saml2/phones' }).replace('  ringcentral:', '  phones:'));
    expect(await roster(['metadata', 'phones', '-c', dir], { env })).toMatchObject({ code: 1, stderr: expect.stringContaining('phones has no IdP application yet: `roster apply` creates it.') });
  });
});

describe('SP metadata problems', () => {
  it('a configured SP entity ID the metadata contradicts is a plan error naming both values and the YAML line', async () => {
    await configure(ringcentral({ sso: '      spEntityId: saml2:ringcentral:prod\n' }));
    const run = await roster(['plan', '-c', dir, '--format', 'json'], { env });
    expect(run.code).toBe(1);
    const diagnostics = (JSON.parse(run.stdout) as Plan).diagnostics;
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        code: 'saml.sp-entity-id-mismatch',
        message: `ringcentral: SP entity ID is "saml2:ringcentral:prod" in the configuration, but ${join(dir, 'metadata/ringcentral-sp.xml')} has entityID "https://sso.ringcentral.com"`,
        path: 'applications.ringcentral.sso.spEntityId',
      }),
    );
  });

  it('an expired SP certificate is an error that points at the setting naming the metadata', async () => {
    await copyFile(EXPIRED_SP_METADATA, join(dir, 'metadata/expired-sp.xml'));
    await configure(ringcentral().replace('spMetadata: metadata/ringcentral-sp.xml', 'spMetadata: metadata/expired-sp.xml'));
    const run = await roster(['plan', '-c', dir, '--format', 'json'], { env });
    const diagnostics = (JSON.parse(run.stdout) as Plan).diagnostics;
    const expired = diagnostics.find((d) => d.code === 'saml.sp-certificate-expired');
    expect(expired).toMatchObject({ severity: 'error', path: 'applications.ringcentral.sso.spMetadata' });
  });

  it('an SP metadata file with an external entity is refused with a clear message, and nothing is planned from it', async () => {
    await copyFile(fileURLToPath(new URL('../fixtures/saml/hostile/external-entity.xml', import.meta.url)), join(dir, 'metadata/hostile.xml'));
    await configure(ringcentral().replace('spMetadata: metadata/ringcentral-sp.xml', 'spMetadata: metadata/hostile.xml'));
    const run = await roster(['plan', '-c', dir, '--format', 'json'], { env });
    expect(run.code).toBe(1);
    const diagnostics = (JSON.parse(run.stdout) as Plan).diagnostics;
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'saml.xml-doctype', origin: expect.objectContaining({ file: join(dir, 'metadata/hostile.xml') }) }));
  });
});

import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isRecord } from '../http.js';
import { badRequest } from './errors.js';

/** A stored SSO application: the `application` object the API returns (docs/vendors/jumpcloud.md §2). */
export type Application = Record<string, unknown> & {
  _id: string;
  name: string;
  ssoUrl: string;
  config: Record<string, unknown>;
  sso: Record<string, unknown>;
};

export interface KeyPair {
  certificatePem: string;
  privateKeyPem: string;
  notAfter: Date;
}

type ValueType = 'string' | 'boolean' | 'attributes';

interface Template {
  label: string;
  type: string;
  valueType: ValueType;
  readOnly?: boolean;
  /** Select keys (docs/vendors/jumpcloud.md §2: "Select-type keys add `options: [{text, value:int32}]`"). */
  options?: { text: string; value: number }[];
  /** `groupsAttributeName` names the key it depends on (§2: "adds `dependsOnProperty`"). */
  dependsOnProperty?: string;
  /** The value an application gets when the request does not set one. */
  fallback: (app: { ssoUrl: string }) => unknown;
}

const optionsOf = (texts: readonly string[]) => texts.map((text, value) => ({ text, value }));

/** SAML 2.0 core §8.3 NameID formats, the options of `overrideNameIdFormat`. */
const NAME_ID_FORMATS = [
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:entity',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
];

/**
 * The `config` keys the sandbox understands, as field descriptors `{value, label, type, position,
 * readOnly, required, visible}` (docs/vendors/jumpcloud.md §2 "config field-descriptor shape" and key table:
 * the template keys, and the keys found in the SDK's override only). Labels, types and defaults
 * are the generic SAML template's; the RingCentral template itself is not in any stored spec (§7),
 * so these are not documented values. A select's `value` is the text of one of its options (inferred:
 * the spec gives the options' shape, not how a value refers to one). `idpCertificate` and
 * `idpPrivateKey` are handled apart: they are the server's key pair.
 */
const TEMPLATE: Record<string, Template> = {
  idpEntityId: { label: 'IdP Entity ID', type: 'text', valueType: 'string', fallback: (app) => app.ssoUrl },
  spEntityId: { label: 'SP Entity ID', type: 'text', valueType: 'string', fallback: () => '' },
  acsUrl: { label: 'ACS URL', type: 'text', valueType: 'string', fallback: () => '' },
  spCertificate: { label: 'SP Certificate', type: 'file', valueType: 'string', fallback: () => '' },
  // The IdP-initiated URL is derived from the IdP URL, not set: readOnly (inferred).
  idpInitUrl: { label: 'IDP-Initiated URL', type: 'text', valueType: 'string', readOnly: true, fallback: (app) => app.ssoUrl },
  defaultTargetUrl: { label: 'Default RelayState', type: 'text', valueType: 'string', fallback: () => '' },
  signAssertion: { label: 'Sign Assertion', type: 'checkbox', valueType: 'boolean', fallback: () => false },
  signResponse: { label: 'Sign Response', type: 'checkbox', valueType: 'boolean', fallback: () => true },
  signatureAlgorithm: { label: 'Signature Algorithm', type: 'select', valueType: 'string', options: optionsOf(['RSA-SHA256', 'RSA-SHA1']), fallback: () => 'RSA-SHA256' },
  subjectField: { label: 'SAMLSubject NameID', type: 'select', valueType: 'string', options: optionsOf(['email', 'username']), fallback: () => 'email' },
  overrideNameIdFormat: {
    label: 'SAMLSubject NameID Format',
    type: 'select',
    valueType: 'string',
    options: optionsOf(NAME_ID_FORMATS),
    fallback: () => 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  },
  includeGroups: { label: 'Include group attribute', type: 'checkbox', valueType: 'boolean', fallback: () => false },
  groupsAttributeName: { label: 'Group attribute name', type: 'text', valueType: 'string', dependsOnProperty: 'includeGroups', fallback: () => '' },
  declareRedirectEndpoint: { label: 'Declare Redirect Endpoint', type: 'checkbox', valueType: 'boolean', fallback: () => false },
  spErrorFlow: { label: 'SP error flow', type: 'checkbox', valueType: 'boolean', fallback: () => false },
  constantAttributes: { label: 'Attributes', type: 'list', valueType: 'attributes', fallback: () => [] },
};

const COLORS = ['', '#202D38', '#005466', '#3E8696', '#006CAC', '#0617AC', '#7C6ADA', '#D5779D', '#9E2F00', '#FFB000', '#58C469', '#57C49F', '#FF6C03'];

function descriptor(position: number, template: Omit<Template, 'fallback'>, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {
    value,
    label: template.label,
    type: template.type,
    position,
    readOnly: template.readOnly ?? false,
    required: false,
    visible: true,
  };
  if (template.options) out.options = template.options;
  if (template.dependsOnProperty) out.dependsOnProperty = template.dependsOnProperty;
  if (template.valueType === 'attributes') out.mutable = true;
  return out;
}

function checkValue(key: string, template: Template, value: unknown): unknown {
  const type = template.valueType;
  if (template.options && !template.options.some((option) => option.text === value)) {
    throw badRequest(`config.${key}.value must be one of ${template.options.map((o) => o.text).join(', ')}`);
  }
  if (type === 'string' && typeof value === 'string') return value;
  if (type === 'boolean' && typeof value === 'boolean') return value;
  if (type === 'attributes' && Array.isArray(value)) {
    return value.map((item, i) => {
      if (!isRecord(item) || typeof item.name !== 'string' || typeof item.value !== 'string') {
        throw badRequest(`config.${key}.value[${i}] must be {name, value} strings`);
      }
      return { name: item.name, value: item.value, readOnly: false, required: false, visible: true };
    });
  }
  throw badRequest(`config.${key}.value must be ${type === 'attributes' ? 'an array' : `a ${type}`}`);
}

/** A key pair the client uploads instead of the generated one (docs/vendors/jumpcloud.md §7: "or upload your own"). */
function uploadedKeyPair(config: Record<string, unknown>): KeyPair | undefined {
  const cert = isRecord(config.idpCertificate) ? config.idpCertificate.value : undefined;
  const key = isRecord(config.idpPrivateKey) ? config.idpPrivateKey.value : undefined;
  if (key === undefined || key === '') return undefined;
  if (typeof cert !== 'string' || typeof key !== 'string') throw badRequest('config.idpCertificate and config.idpPrivateKey must be uploaded together as PEM strings');
  try {
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(createPrivateKey(key))) throw new Error('mismatch');
    return { certificatePem: cert, privateKeyPem: key, notAfter: new Date(x509.validTo) };
  } catch {
    throw badRequest('config.idpCertificate and config.idpPrivateKey must be a matching PEM certificate and private key');
  }
}

export interface ServerFields {
  id: string;
  created: string;
  organization: string;
  keys: KeyPair;
  keysUpdatedAt: string;
}

export interface ApplicationInput {
  ssoUrl: string;
  /** A key pair sent in `config.idpCertificate`/`config.idpPrivateKey`, if any. */
  uploadedKeys: KeyPair | undefined;
  /** The whole application once the server's fields are known. */
  build(server: ServerFields): Application;
}

/**
 * Reads a POST or PUT body (all validation happens here, before any key is generated). PUT is a
 * full replace: "Any fields not provided will be reset or created with default values"
 * (docs/vendors/jumpcloud.md §2). Required: `config`, `name`, `ssoUrl`. The key pair is the server's: it is
 * kept across PUTs unless a new pair is uploaded, and `idpPrivateKey.value` is never returned
 * (§2: never log it; not documented whether the API returns it).
 */
export function readApplication(body: unknown): ApplicationInput {
  if (!isRecord(body)) throw badRequest('The request body must be a JSON object.');
  for (const required of ['name', 'ssoUrl']) {
    if (typeof body[required] !== 'string' || body[required] === '') throw badRequest(`${required} is required`);
  }
  if (!isRecord(body.config)) throw badRequest('config is required');
  const sentConfig = body.config;
  const name = body.name as string;
  const ssoUrl = body.ssoUrl as string;
  const text = (key: string, fallback: string): string => {
    const value = body[key] ?? fallback;
    if (typeof value !== 'string') throw badRequest(`${key} must be a string`);
    return value;
  };
  const description = text('description', '');
  if (description.length > 256) throw badRequest('description must be at most 256 characters');
  const color = text('color', '');
  if (!COLORS.includes(color)) throw badRequest(`color must be one of ${COLORS.filter(Boolean).join(', ')} or empty`);
  const displayLabel = text('displayLabel', name);
  const displayName = text('displayName', '');
  const learnMore = text('learnMore', '');
  const active = body.active ?? true;
  if (typeof active !== 'boolean') throw badRequest('active must be a boolean');
  const sso = isRecord(body.sso) ? body.sso : {};
  for (const flag of ['hidden', 'jit', 'beta']) {
    if (sso[flag] !== undefined && typeof sso[flag] !== 'boolean') throw badRequest(`sso.${flag} must be a boolean`);
  }

  const config: Record<string, unknown> = {};
  let position = 0;
  for (const [key, template] of Object.entries(TEMPLATE)) {
    const sent = sentConfig[key];
    if (sent !== undefined && !isRecord(sent)) throw badRequest(`config.${key} must be an object with a value`);
    const value = sent?.value === undefined || template.readOnly ? template.fallback({ ssoUrl }) : checkValue(key, template, sent.value);
    config[key] = descriptor(position++, template, value);
  }
  const uploadedKeys = uploadedKeyPair(sentConfig);

  const build = (server: ServerFields): Application => {
    const keyDescriptor = descriptor(position + 1, { label: 'IdP Private Key', type: 'file', valueType: 'string' }, undefined);
    delete keyDescriptor.value;
    return {
      _id: server.id,
      name,
      displayLabel,
      displayName,
      description,
      ssoUrl,
      active,
      beta: false,
      color,
      learnMore,
      logo: { color: '', url: '' },
      // specs/jumpcloud-v1: top-level `databaseAttributes` is an array of objects; kept as sent
      // (attribute statements `{name, value}`), reset by a PUT that omits it.
      databaseAttributes: Array.isArray(body.databaseAttributes) ? body.databaseAttributes.filter(isRecord) : [],
      organization: server.organization,
      created: server.created,
      sso: {
        type: typeof sso.type === 'string' ? sso.type : 'saml',
        hidden: sso.hidden ?? false,
        jit: sso.jit ?? false,
        beta: sso.beta ?? false,
        idpCertExpirationAt: server.keys.notAfter.toISOString(),
        idpCertificateUpdatedAt: server.keysUpdatedAt,
        idpPrivateKeyUpdatedAt: server.keysUpdatedAt,
      },
      config: {
        ...config,
        idpCertificate: descriptor(position, { label: 'IdP Certificate', type: 'file', valueType: 'string' }, server.keys.certificatePem),
        idpPrivateKey: keyDescriptor,
        databaseAttributes: { position: position + 2 },
      },
    };
  };
  return { ssoUrl, uploadedKeys, build };
}

/** Reads `config.<key>.value` of a stored application. */
export function configValue(app: Application, key: string): unknown {
  const entry = app.config[key];
  return isRecord(entry) ? entry.value : undefined;
}

/**
 * Parses SP and IdP metadata (saml-metadata-2.0-os) from untrusted text: safe loading (xml.ts),
 * entity selection in an `EntitiesDescriptor` aggregate, the role descriptor's endpoints, NameID
 * formats and certificates, and the signature check (signature.ts).
 *
 * Contract: every problem is a diagnostic; `metadata` is present whenever the document could be
 * read as metadata of the asked role, even when a diagnostic is an error (an invalid signature,
 * an unreadable certificate), so that the user sees everything at once. Callers check
 * `hasErrors(diagnostics)` before acting on it.
 */
import type { Element } from '@xmldom/xmldom';
import type { Diagnostic } from '../core/diagnostics.js';
import { readCertificate, type CertificateInfo } from './certificate.js';
import { samlDiagnostic, type MetadataContext } from './context.js';
import { attribute, positionOf, selectElements, textOf } from './dom.js';
import type { Endpoint, IdpMetadata, IndexedEndpoint, KeyCertificate, KeyUse, SpMetadata } from './metadata.js';
import { MD_NS, SAML2_PROTOCOL } from './namespaces.js';
import { verifyMetadataSignature } from './signature.js';
import { loadXml } from './xml.js';

export interface ParseMetadataOptions {
  /** Picks the entity out of an `EntitiesDescriptor` aggregate (an SP's configured entity id). */
  readonly entityId?: string;
  /**
   * PEM certificates the metadata's signature must verify with. When given, the document's own
   * certificate is not trusted, and unsigned metadata is an error.
   */
  readonly trustedCertificates?: readonly string[];
  readonly maxBytes?: number;
}

export interface MetadataParse<T> {
  readonly metadata?: T;
  readonly diagnostics: readonly Diagnostic[];
}

type Role = 'sp' | 'idp';

const DESCRIPTOR: Record<Role, string> = { sp: 'SPSSODescriptor', idp: 'IDPSSODescriptor' };
const ROLE_NAME: Record<Role, string> = { sp: 'service provider', idp: 'identity provider' };

type SpFields = Omit<SpMetadata, 'signed' | 'signature'>;
type IdpFields = Omit<IdpMetadata, 'signed' | 'signature'>;
type Fields = SpFields | IdpFields;

interface Extraction {
  readonly fields?: Fields;
  readonly diagnostics: Diagnostic[];
}

const isMd = (element: Element, localName: string) => element.namespaceURI === MD_NS && element.localName === localName;

/** xs:boolean: `true`, `false`, `1`, `0`. */
function parseBoolean(value: string | undefined): boolean | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === 'true' || trimmed === '1') return true;
  if (trimmed === 'false' || trimmed === '0') return false;
  return 'invalid';
}

class Extractor {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly context: MetadataContext) {}

  problem(severity: 'error' | 'warning', code: string, message: string, at: Element | undefined, hint?: string): void {
    // With a position the diagnostic's origin names the file; without one the message must.
    const position = at ? positionOf(at) : {};
    const text = position.line !== undefined ? message : `${this.context.source}: ${message}`;
    this.diagnostics.push(samlDiagnostic(this.context, { severity, code, message: text, ...(hint ? { hint } : {}), ...position }));
  }

  boolean(element: Element, name: string): boolean {
    const parsed = parseBoolean(attribute(element, name));
    if (parsed === 'invalid') {
      this.problem('error', 'saml.metadata-invalid-value', `${name}="${attribute(element, name)}" is not true or false`, element);
      return false;
    }
    return parsed ?? false;
  }

  /** The `md:EntityDescriptor` to read: the root, or the one entity of the role in an aggregate. */
  selectEntity(root: Element, role: Role, entityId: string | undefined): Element | undefined {
    if (isMd(root, 'EntityDescriptor')) return root;
    if (!isMd(root, 'EntitiesDescriptor')) {
      this.problem(
        'error',
        'saml.metadata-not-saml',
        `the root element is <${root.tagName}>${root.namespaceURI ? ` in namespace ${root.namespaceURI}` : ''}, not SAML 2.0 metadata (md:EntityDescriptor or md:EntitiesDescriptor in ${MD_NS})`,
        root,
        'check that the file or URL is the application’s SAML metadata and not a web page or another format',
      );
      return undefined;
    }
    const entities = selectElements(`.//md:EntityDescriptor[md:${DESCRIPTOR[role]}]`, root);
    const ids = entities.map((e) => attribute(e, 'entityID') ?? '');
    if (entityId !== undefined) {
      const found = entities.filter((e) => attribute(e, 'entityID') === entityId);
      if (found.length === 1) return found[0];
      this.problem(
        'error',
        'saml.metadata-entity-not-found',
        found.length === 0
          ? `the aggregate has no ${ROLE_NAME[role]} entity "${entityId}"${ids.length ? `; it has ${ids.map((i) => `"${i}"`).join(', ')}` : ''}`
          : `the aggregate has ${found.length} entities "${entityId}"`,
        root,
        'set the entity id to one the metadata lists, or give the application’s own metadata',
      );
      return undefined;
    }
    if (entities.length === 1) return entities[0];
    this.problem(
      'error',
      'saml.metadata-entity-ambiguous',
      entities.length === 0
        ? `the aggregate has no ${ROLE_NAME[role]} entity (no md:${DESCRIPTOR[role]})`
        : `the aggregate has ${entities.length} ${ROLE_NAME[role]} entities (${ids.map((i) => `"${i}"`).join(', ')}) and none is chosen`,
      root,
      entities.length === 0 ? 'give the metadata of the application itself' : 'set the application’s `sso.spEntityId` to the entity to use',
    );
    return undefined;
  }

  /** The earliest `validUntil` on the entity and the aggregates around it. */
  validUntil(entity: Element): string | undefined {
    let earliest: number | undefined;
    for (let node: Element | null = entity; node; node = node.parentNode?.nodeType === node.ELEMENT_NODE ? (node.parentNode as Element) : null) {
      const value = attribute(node, 'validUntil');
      if (value === undefined) continue;
      const time = Date.parse(value);
      if (Number.isNaN(time)) {
        this.problem('warning', 'saml.metadata-invalid-value', `validUntil="${value}" is not a date and time; ignored`, node);
        continue;
      }
      earliest = earliest === undefined ? time : Math.min(earliest, time);
    }
    return earliest === undefined ? undefined : new Date(earliest).toISOString();
  }

  /** The entity's first role descriptor that supports SAML 2.0. */
  descriptor(entity: Element, role: Role): Element | undefined {
    const descriptors = selectElements(`md:${DESCRIPTOR[role]}`, entity);
    const saml2 = descriptors.find((d) => (attribute(d, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL));
    if (saml2) return saml2;
    this.problem(
      'error',
      descriptors.length === 0 ? 'saml.metadata-wrong-role' : 'saml.metadata-not-saml2',
      descriptors.length === 0
        ? `entity "${attribute(entity, 'entityID') ?? ''}" has no md:${DESCRIPTOR[role]}: it is not ${role === 'sp' ? 'a service provider' : 'an identity provider'}'s metadata`
        : `md:${DESCRIPTOR[role]} does not list ${SAML2_PROTOCOL} in protocolSupportEnumeration`,
      descriptors[0] ?? entity,
      role === 'sp'
        ? 'use the SP metadata the application offers for download (for RingCentral: Admin Portal → Single Sign-On → Download SP metadata)'
        : 'use the IdP application’s metadata',
    );
    return undefined;
  }

  endpoints(descriptor: Element, name: string): IndexedEndpoint[] {
    const endpoints: IndexedEndpoint[] = [];
    for (const element of selectElements(`md:${name}`, descriptor)) {
      const binding = attribute(element, 'Binding')?.trim();
      const location = attribute(element, 'Location')?.trim();
      if (!binding || !location) {
        this.problem('error', 'saml.metadata-invalid-endpoint', `md:${name} without ${binding ? 'Location' : 'Binding'}; ignored`, element);
        continue;
      }
      const indexText = attribute(element, 'index');
      let index: number | undefined;
      if (indexText !== undefined) {
        index = /^\s*\d{1,5}\s*$/.test(indexText) ? Number(indexText) : Number.NaN;
        if (!(index <= 65535)) {
          this.problem('error', 'saml.metadata-invalid-value', `md:${name} index="${indexText}" is not a number from 0 to 65535`, element);
          index = undefined;
        }
      }
      const isDefault = parseBoolean(attribute(element, 'isDefault'));
      if (isDefault === 'invalid') this.problem('error', 'saml.metadata-invalid-value', `md:${name} isDefault="${attribute(element, 'isDefault')}" is not true or false`, element);
      endpoints.push({
        binding,
        location,
        ...(index !== undefined ? { index } : {}),
        ...(typeof isDefault === 'boolean' ? { isDefault } : {}),
      });
    }
    return endpoints;
  }

  nameIdFormats(descriptor: Element): string[] {
    return selectElements('md:NameIDFormat', descriptor).map(textOf).filter((f) => f !== '');
  }

  certificates(descriptor: Element): KeyCertificate[] {
    const result: KeyCertificate[] = [];
    for (const key of selectElements('md:KeyDescriptor', descriptor)) {
      const useText = attribute(key, 'use');
      if (useText !== undefined && useText !== 'signing' && useText !== 'encryption') {
        this.problem('error', 'saml.metadata-invalid-value', `md:KeyDescriptor use="${useText}" is neither signing nor encryption`, key);
        continue;
      }
      const use: KeyUse = useText ?? 'both';
      const elements = selectElements('ds:KeyInfo/ds:X509Data/ds:X509Certificate', key);
      if (elements.length === 0) {
        this.problem('warning', 'saml.metadata-key-without-certificate', `md:KeyDescriptor (${use}) carries no X509Certificate; Roster cannot check its validity`, key);
      }
      for (const element of elements) {
        const read = readCertificate(textOf(element));
        if ('error' in read) {
          this.problem('error', 'saml.certificate-unreadable', `${use} certificate: ${read.error}`, element, 'download the metadata again; the certificate was probably cut or edited');
          continue;
        }
        result.push({ use, certificate: read.certificate });
      }
    }
    return result;
  }

  extract(root: Element, role: Role, entityId: string | undefined): Fields | undefined {
    const entity = this.selectEntity(root, role, entityId);
    if (!entity) return undefined;
    const id = attribute(entity, 'entityID')?.trim();
    if (!id) {
      this.problem('error', 'saml.metadata-no-entity-id', 'md:EntityDescriptor has no entityID', entity);
      return undefined;
    }
    const descriptor = this.descriptor(entity, role);
    if (!descriptor) return undefined;
    const validUntil = this.validUntil(entity);
    const common = { entityId: id, ...(validUntil ? { validUntil } : {}), nameIdFormats: this.nameIdFormats(descriptor) };
    if (role === 'sp') {
      const assertionConsumerServices = this.endpoints(descriptor, 'AssertionConsumerService');
      if (assertionConsumerServices.length === 0) {
        this.problem('error', 'saml.metadata-no-acs', 'md:SPSSODescriptor lists no AssertionConsumerService: there is nowhere to send the user after login', descriptor);
      }
      return {
        role,
        ...common,
        assertionConsumerServices,
        certificates: this.certificates(descriptor),
        authnRequestsSigned: this.boolean(descriptor, 'AuthnRequestsSigned'),
        wantAssertionsSigned: this.boolean(descriptor, 'WantAssertionsSigned'),
      };
    }
    const singleSignOnServices: Endpoint[] = this.endpoints(descriptor, 'SingleSignOnService').map(({ binding, location }) => ({ binding, location }));
    if (singleSignOnServices.length === 0) this.problem('error', 'saml.metadata-no-sso-service', 'md:IDPSSODescriptor lists no SingleSignOnService', descriptor);
    const signingCertificates: CertificateInfo[] = this.certificates(descriptor)
      .filter((k) => k.use !== 'encryption')
      .map((k) => k.certificate);
    return { role, ...common, singleSignOnServices, signingCertificates, wantAuthnRequestsSigned: this.boolean(descriptor, 'WantAuthnRequestsSigned') };
  }
}

function extract(root: Element, role: Role, context: MetadataContext, entityId: string | undefined): Extraction {
  const extractor = new Extractor(context);
  const fields = extractor.extract(root, role, entityId);
  return { ...(fields ? { fields } : {}), diagnostics: extractor.diagnostics };
}

function parseMetadata(input: string | Uint8Array, role: Role, context: MetadataContext, options: ParseMetadataOptions): MetadataParse<SpMetadata | IdpMetadata> {
  const loaded = loadXml(input, context, options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {});
  if (!loaded.ok) return { diagnostics: loaded.diagnostics };
  const read = extract(loaded.root, role, context, options.entityId);
  if (!read.fields) return { diagnostics: read.diagnostics };

  const verified = verifyMetadataSignature(loaded, context, options.trustedCertificates ?? []);
  const diagnostics = [...read.diagnostics, ...verified.diagnostics];
  let fields = read.fields;
  let signature = verified.check;
  if (signature.status === 'valid') {
    // What Roster uses is what was signed: the values come from the signed bytes xml-crypto
    // returns, not from the document around them (xml-crypto's advice against wrapping attacks).
    const signed = loadXml(verified.signedXml ?? '', context);
    const fromSigned = signed.ok ? extract(signed.root, role, context, options.entityId).fields : undefined;
    if (fromSigned) fields = fromSigned;
    else {
      signature = { status: 'invalid', reason: 'the signed content cannot be read as metadata' };
      diagnostics.push(
        samlDiagnostic(context, {
          severity: 'error',
          code: 'saml.signature-invalid',
          message: `${context.source}: the signature is valid but what it covers cannot be read as metadata; refused`,
          hint: 'download the metadata again from the application',
        }),
      );
    }
  }
  return { metadata: { ...fields, signed: signature.status, signature } as SpMetadata | IdpMetadata, diagnostics };
}

/** Parses service provider metadata (`SPSSODescriptor`). */
export function parseSpMetadata(input: string | Uint8Array, context: MetadataContext, options: ParseMetadataOptions = {}): MetadataParse<SpMetadata> {
  return parseMetadata(input, 'sp', context, options) as MetadataParse<SpMetadata>;
}

/** Parses identity provider metadata (`IDPSSODescriptor`), e.g. the IdP application's own. */
export function parseIdpMetadata(input: string | Uint8Array, context: MetadataContext, options: ParseMetadataOptions = {}): MetadataParse<IdpMetadata> {
  return parseMetadata(input, 'idp', context, options) as MetadataParse<IdpMetadata>;
}

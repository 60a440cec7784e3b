/**
 * Verifies the XML Signature on metadata with xml-crypto.
 *
 * Roster accepts one layout, the one saml-core-2.0-os §5.4 prescribes and signed metadata uses:
 * exactly one `ds:Signature`, a child of the root element, with a single `ds:Reference` to the
 * root's `ID`, enveloped-signature and canonicalisation transforms only. Anything else is
 * `invalid`, never ignored: a signature on some inner element, a second signature, a reference to
 * another element or an ID that occurs twice are how signature wrapping attacks hide content.
 * parse-metadata.ts then takes the metadata's values from the signed bytes xml-crypto returns.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { Diagnostic } from '../core/diagnostics.js';
import { readCertificate, type CertificateInfo } from './certificate.js';
import { samlDiagnostic, type MetadataContext } from './context.js';
import { attribute, selectElement, selectElements, textOf } from './dom.js';
import type { SignatureCheck } from './metadata.js';
import { C14N_EXCLUSIVE, C14N_EXCLUSIVE_WITH_COMMENTS, C14N_INCLUSIVE, C14N_INCLUSIVE_WITH_COMMENTS, TRANSFORM_ENVELOPED } from './namespaces.js';

export interface SignatureVerification {
  readonly check: SignatureCheck;
  /** The canonical XML the signature covers, once verified. */
  readonly signedXml?: string;
  readonly diagnostics: readonly Diagnostic[];
}

const ALLOWED_TRANSFORMS = new Set([TRANSFORM_ENVELOPED, C14N_EXCLUSIVE, C14N_EXCLUSIVE_WITH_COMMENTS, C14N_INCLUSIVE, C14N_INCLUSIVE_WITH_COMMENTS]);
const SHA1 = /#(rsa-)?sha1$/;
const ID_ATTRIBUTES = new Set(['ID', 'Id', 'id']);

/** How many elements carry `value` in an attribute xml-crypto treats as an ID. */
function elementsWithId(document: Document, value: string): number {
  let count = 0;
  for (const element of selectElements('//*', document)) {
    for (let i = 0; i < element.attributes.length; i += 1) {
      const attr = element.attributes.item(i);
      if (attr && ID_ATTRIBUTES.has(attr.localName ?? attr.name) && attr.value === value) count += 1;
    }
  }
  return count;
}

/** The reason the signature's layout is not the one Roster verifies, or undefined when it is. */
function layoutProblem(document: Document, root: Element, signature: Element, signatures: number): string | undefined {
  if (signatures > 1) return `the document has ${signatures} signatures; Roster verifies metadata with one signature on its root element`;
  if (signature.parentNode !== root) return `the signature is on <${(signature.parentNode as Element | null)?.tagName ?? '?'}>, not on the root element <${root.tagName}>`;
  const id = attribute(root, 'ID');
  if (!id) return `the signed root element <${root.tagName}> has no ID attribute to reference`;
  const references = selectElements('ds:SignedInfo/ds:Reference', signature);
  if (references.length !== 1) return `the signature has ${references.length} references; SAML signatures have exactly one (saml-core §5.4.2)`;
  const uri = attribute(references[0]!, 'URI');
  if (uri !== `#${id}`) return `the signature references "${uri ?? ''}", not the root element's ID "#${id}"`;
  if (elementsWithId(document, id) !== 1) return `the ID "${id}" occurs on more than one element`;
  const transforms = selectElements('ds:Transforms/ds:Transform', references[0]!).map((t) => attribute(t, 'Algorithm') ?? '');
  const unexpected = transforms.find((t) => !ALLOWED_TRANSFORMS.has(t));
  if (unexpected !== undefined) return `the signature uses the transform "${unexpected}"; SAML signatures use enveloped-signature and canonicalisation only (saml-core §5.4.4)`;
  return undefined;
}

function embeddedCertificate(signature: Element): CertificateInfo | string {
  const element = selectElement('ds:KeyInfo/ds:X509Data/ds:X509Certificate', signature);
  if (!element) return 'the signature carries no certificate and no trusted certificate is configured';
  const read = readCertificate(textOf(element));
  return 'error' in read ? `the signature's certificate cannot be used: ${read.error}` : read.certificate;
}

/** xml-crypto's messages quote whole digests and signature values; people need the meaning. */
function explain(message: string): string {
  if (/calculated digest/.test(message)) return 'the signed content was changed after signing (digest mismatch)';
  if (/signature value .* is incorrect/s.test(message)) return 'the signature value does not verify with the certificate';
  return message;
}

/** xml-crypto's verdict with one key: the signed canonical XML, or why it failed. */
function verifyWith(certificate: CertificateInfo, signature: Element, text: string): { signedXml: string } | { reason: string } {
  const verifier = new SignedXml({ publicCert: certificate.pem, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signature as unknown as globalThis.Node);
    if (!verifier.checkSignature(text)) {
      const failed = verifier.getReferences().find((r) => r.validationError)?.validationError;
      return { reason: explain(failed ? failed.message : 'the signed content was changed after signing (digest mismatch)') };
    }
  } catch (error) {
    return { reason: explain(error instanceof Error ? error.message : String(error)) };
  }
  const signed = verifier.getSignedReferences();
  return signed.length === 1 ? { signedXml: signed[0]! } : { reason: `the signature covers ${signed.length} references` };
}

export function verifyMetadataSignature(
  loaded: { readonly document: Document; readonly root: Element; readonly text: string },
  context: MetadataContext,
  trustedCertificates: readonly string[],
): SignatureVerification {
  const diagnostics: Diagnostic[] = [];
  const signatures = selectElements('//ds:Signature', loaded.document);
  const signature = signatures[0];
  if (!signature) {
    if (trustedCertificates.length > 0) {
      diagnostics.push(
        samlDiagnostic(context, {
          severity: 'error',
          code: 'saml.metadata-unsigned',
          message: `${context.source} is not signed, but a certificate to verify it with is configured`,
          hint: 'use the signed metadata the provider publishes, or remove the trusted certificate from the configuration',
        }),
      );
    }
    return { check: { status: 'unsigned' }, diagnostics };
  }

  const invalid = (reason: string): SignatureVerification => ({
    check: { status: 'invalid', reason },
    diagnostics: [
      ...diagnostics,
      samlDiagnostic(context, {
        severity: 'error',
        code: 'saml.signature-invalid',
        message: `${context.source}: the metadata signature is invalid: ${reason}`,
        hint: 'download the metadata again from the application; if it still fails, the file was altered or the configured certificate is not the signer’s',
      }),
    ],
  });

  const layout = layoutProblem(loaded.document, loaded.root, signature, signatures.length);
  if (layout) return invalid(layout);

  const algorithms = [
    ...selectElements('ds:SignedInfo/ds:SignatureMethod', signature),
    ...selectElements('ds:SignedInfo/ds:Reference/ds:DigestMethod', signature),
  ].map((e) => attribute(e, 'Algorithm') ?? '');
  if (algorithms.some((a) => SHA1.test(a))) {
    diagnostics.push(
      samlDiagnostic(context, {
        severity: 'warning',
        code: 'saml.signature-sha1',
        message: `${context.source} is signed with SHA-1, which no longer resists forgery`,
        hint: 'ask the provider for metadata signed with RSA-SHA256',
      }),
    );
  }

  let keys: CertificateInfo[];
  if (trustedCertificates.length > 0) {
    keys = [];
    for (const pem of trustedCertificates) {
      const read = readCertificate(pem);
      if ('error' in read) return invalid(`the configured trusted certificate cannot be used: ${read.error}`);
      keys.push(read.certificate);
    }
  } else {
    const embedded = embeddedCertificate(signature);
    if (typeof embedded === 'string') return invalid(embedded);
    keys = [embedded];
  }

  let lastReason = '';
  for (const key of keys) {
    const result = verifyWith(key, signature, loaded.text);
    if ('reason' in result) {
      lastReason = result.reason;
      continue;
    }
    const verifiedWith = trustedCertificates.length > 0 ? 'trusted-certificate' : 'document-certificate';
    if (verifiedWith === 'document-certificate') {
      diagnostics.push(
        samlDiagnostic(context, {
          severity: 'info',
          code: 'saml.signature-self-verified',
          message: `${context.source}: the signature verifies with the certificate the document carries (${key.fingerprintSha256}); this proves it was not altered after signing, not who signed it`,
          hint: 'to pin the signer, configure its certificate as trusted',
        }),
      );
    }
    return { check: { status: 'valid', verifiedWith, certificate: key }, signedXml: result.signedXml, diagnostics };
  }
  return invalid(trustedCertificates.length > 0 ? `it does not verify with the configured certificate (${lastReason})` : lastReason);
}

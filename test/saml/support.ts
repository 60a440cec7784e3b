/**
 * Shared helpers for the SAML tests: fixtures, and the independent checks of Roster's work — XML
 * Schema validation by libxml2 (xmllint-wasm) with the SAML 2.0 metadata schema, and XML
 * signatures made and verified by xmldsigjs over Node's WebCrypto. Roster's own code uses
 * xml-crypto; neither check shares it, and both run with Node alone (no system tools).
 */
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// xml-core is the DOM layer of xmldsigjs (its dependency, one copy in the lockfile); in Node it
// must be told which DOM to use, and xmldsigjs does not re-export the setter.
import { setNodeDependencies } from 'xml-core';
import * as xmldsig from 'xmldsigjs';
import { validateXML } from 'xmllint-wasm';
import xpath from 'xpath';
import type { MetadataContext } from '../../src/saml/index.js';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/saml');

export function fixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export const context = (source = 'metadata/sp.xml'): MetadataContext => ({ app: 'ringcentral', source, path: 'applications.ringcentral.sso.spMetadata' });

export async function withTempDirAsync<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-saml-'));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ToolResult {
  readonly ok: boolean;
  readonly output: string;
}

// ---------------------------------------------------------------------------------------------
// XML Schema validation

/**
 * The SAML 2.0 metadata schema first, then every schema it imports, directly or not; all are
 * committed under test/fixtures/saml/xsd (its README names their sources).
 */
export const METADATA_SCHEMA_FILES: readonly string[] = ['saml-schema-metadata-2.0.xsd', 'saml-schema-assertion-2.0.xsd', 'xmldsig-core-schema.xsd', 'xenc-schema.xsd', 'xml.xsd'];

/**
 * The OASIS schemas import the W3C ones by their public URLs. The copies are read with those
 * schemaLocation attributes rewritten, in memory, to the committed file's name, under which it is
 * given to libxml2; the committed files stay as published. Relative locations
 * (saml-schema-assertion-2.0.xsd, xmldsig-core-schema.xsd from xenc) already are file names.
 */
const SCHEMA_LOCATIONS: Readonly<Record<string, string>> = {
  'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd': 'xmldsig-core-schema.xsd',
  'http://www.w3.org/TR/2002/REC-xmlenc-core-20021210/xenc-schema.xsd': 'xenc-schema.xsd',
  'http://www.w3.org/2001/xml.xsd': 'xml.xsd',
};

const SCHEMA_LOCATION = /\bschemaLocation\s*=\s*(["'])([^"']*)\1/g;

/** A committed schema as validation reads it: its imports pointing at the committed files. */
export function readLocalSchema(file: string): { fileName: string; contents: string } {
  const contents = fixtureText(join('xsd', file)).replace(SCHEMA_LOCATION, (_m, quote: string, location: string) => `schemaLocation=${quote}${SCHEMA_LOCATIONS[location] ?? location}${quote}`);
  return { fileName: file, contents };
}

/** The schemaLocation values of a schema's text, in order. */
export function schemaLocations(schema: string): string[] {
  return [...schema.matchAll(SCHEMA_LOCATION)].map((m) => m[2]!);
}

/** What libxml2 prints when an import or include did not load; such a validation never passes. */
const UNRESOLVED = /Failed to locate a schema|failed to load external entity|Attempt to load network entity|Skipping the import/;

/**
 * Validates XML against the SAML 2.0 metadata schema with libxml2 (xmllint-wasm), offline: the
 * schemas are given from the committed copies and `--nonet` refuses any URL. An import that does
 * not resolve fails the validation, so a silently weaker check is impossible: libxml2 then
 * either fails to compile the schema (the references into the missing namespace do not resolve)
 * or, should it compile, its warning is in the output and refused here. `imported` (the schemas
 * given besides the metadata schema) is for the tests that prove this.
 */
export async function validateMetadataSchema(xml: string, imported: readonly string[] = METADATA_SCHEMA_FILES.slice(1)): Promise<ToolResult> {
  try {
    const result = await validateXML({
      xml: { fileName: 'metadata.xml', contents: xml },
      schema: readLocalSchema(METADATA_SCHEMA_FILES[0]!),
      preload: imported.map(readLocalSchema),
      modifyArguments: (args) => ['--nonet', ...args],
    });
    const output = result.rawOutput;
    return { ok: result.valid && !UNRESOLVED.test(output) && /metadata\.xml validates/.test(output), output };
  } catch (error) {
    // xmllint's own failures (a schema that does not compile, exit code 5) reject with its
    // stderr and a numeric code; anything else is a broken test setup and is thrown.
    if (error instanceof Error && typeof (error as { code?: unknown }).code === 'number') return { ok: false, output: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// XML signatures (xmldsigjs)

xmldsig.Application.setEngine('NodeJS', globalThis.crypto);
setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const RSA_SHA256: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/** A PEM file's base64 body, on one line. */
function pemBase64(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

function pemBody(pem: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(pemBase64(pem), 'base64'));
}

/** The public key of a committed certificate, read by xmldsigjs (pkijs), not by Roster. */
async function certificateKey(certFile: string): Promise<CryptoKey> {
  return new xmldsig.X509Certificate(pemBody(fixtureText(certFile))).exportKey(RSA_SHA256);
}

/**
 * Signs a document holding a signature template with xmldsigjs, as `xmlsec1 --sign` would: the
 * template (an enveloped ds:Signature with one Reference, as in sp/signature-template.xml) says
 * where the signature goes and which element it covers; its content is replaced by xmldsigjs's
 * own signature over that reference: RSA-SHA256, SHA-256 digest, the enveloped-signature and
 * exclusive canonicalisation transforms, exclusive canonicalisation of SignedInfo, the signer's
 * certificate in KeyInfo. Unlike xmlsec1, xmldsigjs cannot fill a template: it builds the
 * signature from options, so only the template's place and Reference URI are read, and the
 * algorithms are the ones named here (the same as sp/signature-template.xml's).
 */
export async function signWithXmldsig(template: string, keyFile: string, certFile: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('pkcs8', pemBody(fixtureText(keyFile)), RSA_SHA256, false, ['sign']);
  const document = xmldsig.Parse(template);
  const placeholder = document.getElementsByTagNameNS(DSIG, 'Signature')[0];
  const uri = placeholder?.getElementsByTagNameNS(DSIG, 'Reference')[0]?.getAttribute('URI');
  if (!placeholder?.parentNode || !uri) throw new Error('signWithXmldsig: the document holds no signature template with a Reference URI');
  const parent = placeholder.parentNode;
  const next = placeholder.nextSibling;
  parent.removeChild(placeholder);

  const signer = new xmldsig.SignedXml();
  signer.XmlSignature.SignedInfo.CanonicalizationMethod.Algorithm = EXC_C14N;
  const signature = await signer.Sign({ name: RSA_SHA256.name }, key, document, {
    x509: [pemBase64(fixtureText(certFile))],
    references: [{ uri, hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'] }],
  });
  parent.insertBefore(document.importNode(signature.GetXml()!, true), next);
  return xmldsig.Stringify(document);
}

/**
 * Verifies the document's first signature with xmldsigjs, with the key of the given certificate
 * (the certificates in KeyInfo are not used): the references' digests over the elements their
 * URIs name, then the signature value. Which element a program then reads is not its concern.
 * Where xmlsec1 was told which attribute is an ID (`--id-attr:ID` on the metadata elements),
 * xmldsigjs takes an `ID`, `Id` or `id` attribute on any element; the documents here use `ID`.
 */
export async function verifyWithXmldsig(xml: string, certFile: string): Promise<ToolResult> {
  const key = await certificateKey(certFile);
  try {
    const document = xmldsig.Parse(xml);
    const signature = document.getElementsByTagNameNS(DSIG, 'Signature')[0];
    if (!signature) return { ok: false, output: 'no ds:Signature element' };
    const verifier = new xmldsig.SignedXml(document);
    verifier.LoadXml(signature);
    const ok = await verifier.Verify(key);
    return { ok, output: ok ? 'signature verifies' : 'signature does not verify' };
  } catch (error) {
    return { ok: false, output: error instanceof Error ? error.message : String(error) };
  }
}

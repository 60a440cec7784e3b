/**
 * Shared helpers for the SAML tests: fixtures, and the external tools that check Roster's work
 * independently (xmllint with the SAML metadata XSD, xmlsec1). A missing tool fails the test with
 * the Debian package to install; it never skips.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetadataContext } from '../../src/saml/index.js';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/saml');

export function fixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export const context = (source = 'metadata/sp.xml'): MetadataContext => ({ app: 'ringcentral', source, path: 'applications.ringcentral.sso.spMetadata' });

/** Fails (never skips) when a tool the test needs is not installed, naming the package. */
export function requireTool(command: string, debianPackage: string): void {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(`${command} is not installed; these tests need it: apt-get install ${debianPackage} (Debian/Ubuntu), as .ci/run does`);
  }
}

export const METADATA_XSD = '/usr/share/xml/opensaml/saml-schema-metadata-2.0.xsd';
const IMPORTED_XSDS = ['xmldsig-core-schema.xsd', 'xenc-schema.xsd', 'xml.xsd'].map((f) => `/usr/share/xml/xmltooling/${f}`);

export function requireMetadataSchema(): void {
  requireTool('xmllint', 'libxml2-utils');
  if (!existsSync(METADATA_XSD)) throw new Error(`${METADATA_XSD} is missing: apt-get install opensaml-schemas`);
  const missing = IMPORTED_XSDS.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`${missing.join(', ')} missing: apt-get install xmltooling-schemas`);
}

export function withTempDir<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'roster-saml-'));
  try {
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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

/**
 * Validates XML against the SAML 2.0 metadata schema, offline: the imported xmldsig, xenc and
 * xml.xsd schemas resolve through test/fixtures/saml/xsd/catalog.xml. An import that does not
 * resolve fails the validation, so a silently weaker check is impossible.
 */
export function validateMetadataSchema(xml: string): ToolResult {
  return withTempDir((dir) => {
    const file = join(dir, 'metadata.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', METADATA_XSD, file], {
      encoding: 'utf8',
      env: { ...process.env, XML_CATALOG_FILES: join(FIXTURES, 'xsd/catalog.xml') },
    });
    const output = `${run.stdout}${run.stderr}`;
    const resolved = !/Failed to locate a schema|failed to load external entity/.test(output);
    return { ok: run.status === 0 && resolved && /validates/.test(output), output };
  });
}

export const METADATA_ID_ATTRIBUTE = 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor';

/** xmlsec1 --sign on a document holding a signature template; the signed XML. */
export function signWithXmlsec(template: string, keyFile: string, certFile: string, idAttributeOn = METADATA_ID_ATTRIBUTE): string {
  return withTempDir((dir) => {
    const input = join(dir, 'template.xml');
    const output = join(dir, 'signed.xml');
    writeFileSync(input, template);
    const run = spawnSync('xmlsec1', ['--sign', '--privkey-pem', `${join(FIXTURES, keyFile)},${join(FIXTURES, certFile)}`, '--id-attr:ID', idAttributeOn, '--output', output, input], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`xmlsec1 --sign failed: ${run.stderr}`);
    return readFileSync(output, 'utf8');
  });
}

/** xmlsec1 --verify with the given certificate's key. */
export function verifyWithXmlsec(xml: string, certFile: string, idAttributeOn = METADATA_ID_ATTRIBUTE): ToolResult {
  return withTempDir((dir) => {
    const input = join(dir, 'signed.xml');
    writeFileSync(input, xml);
    const run = spawnSync('xmlsec1', ['--verify', '--pubkey-cert-pem', join(FIXTURES, certFile), '--id-attr:ID', idAttributeOn, input], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  });
}

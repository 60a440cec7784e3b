/**
 * Certificate and metadata differences as unified text diffs (the `diff` package), for plans:
 * reviewers see which certificate replaces which, and which metadata lines change.
 *
 * Metadata is normalised first so that only meaning shows: one element a line, attributes sorted
 * (namespace declarations first), comments and formatting whitespace dropped, certificates wrapped
 * at 64 characters. Element names keep their prefixes as written.
 */
import type { Element, Node } from '@xmldom/xmldom';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Diagnostic } from '../core/diagnostics.js';
import type { CertificateInfo } from './certificate.js';
import type { MetadataContext } from './context.js';
import { escapeAttribute, escapeText } from './dom.js';
import { loadXml } from './xml.js';

/** The unified diff of two texts, or '' when they are equal. */
export function diffText(label: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`${label} (before)`, `${label} (after)`, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}

/** What people compare when a certificate changes, then the PEM itself. */
export function describeCertificate(certificate: CertificateInfo): string {
  return [
    `Subject:    ${certificate.subject}`,
    `Issuer:     ${certificate.issuer}`,
    `Serial:     ${certificate.serialNumber}`,
    `Not before: ${certificate.notBefore}`,
    `Not after:  ${certificate.notAfter}`,
    `SHA-256:    ${certificate.fingerprintSha256}`,
    certificate.pem,
  ].join('\n');
}

/** A certificate added, removed or replaced; '' when it is the same certificate. */
export function diffCertificates(label: string, before: CertificateInfo | undefined, after: CertificateInfo | undefined): string {
  if (before?.fingerprintSha256 === after?.fingerprintSha256) return '';
  return diffText(label, before ? describeCertificate(before) : '', after ? describeCertificate(after) : '');
}

function attributesOf(element: Element): string {
  const attributes: Array<{ name: string; value: string }> = [];
  for (let i = 0; i < element.attributes.length; i += 1) {
    const attribute = element.attributes.item(i);
    if (attribute) attributes.push({ name: attribute.name, value: attribute.value });
  }
  const isNamespace = (name: string) => name === 'xmlns' || name.startsWith('xmlns:');
  // Code-point order, not the locale's: the same metadata must render the same everywhere.
  attributes.sort((a, b) => Number(isNamespace(b.name)) - Number(isNamespace(a.name)) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return attributes.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
}

function normaliseElement(element: Element, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const open = `${element.tagName}${attributesOf(element)}`;
  const children: Element[] = [];
  const texts: string[] = [];
  for (let child: Node | null = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === child.ELEMENT_NODE) children.push(child as Element);
    else if (child.nodeType === child.TEXT_NODE || child.nodeType === child.CDATA_SECTION_NODE) {
      const text = (child.nodeValue ?? '').trim();
      if (text !== '') texts.push(text);
    }
  }
  if (children.length === 0 && texts.length === 0) {
    lines.push(`${indent}<${open}/>`);
    return;
  }
  if (children.length === 0) {
    const text = texts.join(' ');
    if (element.localName === 'X509Certificate') {
      lines.push(`${indent}<${open}>`, ...text.replace(/\s+/g, '').match(/.{1,64}/g)!.map((line) => `${indent}  ${line}`), `${indent}</${element.tagName}>`);
    } else {
      lines.push(`${indent}<${open}>${escapeText(text)}</${element.tagName}>`);
    }
    return;
  }
  lines.push(`${indent}<${open}>`);
  for (const text of texts) lines.push(`${indent}  ${escapeText(text)}`);
  for (const child of children) normaliseElement(child, depth + 1, lines);
  lines.push(`${indent}</${element.tagName}>`);
}

/** Metadata XML in the normal form described above; refused documents yield diagnostics. */
export function normaliseMetadataXml(xml: string, context: MetadataContext): { text?: string; diagnostics: readonly Diagnostic[] } {
  const loaded = loadXml(xml, context);
  if (!loaded.ok) return { diagnostics: loaded.diagnostics };
  const lines: string[] = [];
  normaliseElement(loaded.root, 0, lines);
  return { text: `${lines.join('\n')}\n`, diagnostics: [] };
}

/** The diff between two metadata documents (either may be absent: added or removed). */
export function diffMetadata(label: string, before: string | undefined, after: string | undefined, context: MetadataContext): { diff: string; diagnostics: readonly Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const normal = (xml: string | undefined): string => {
    if (xml === undefined) return '';
    const result = normaliseMetadataXml(xml, context);
    diagnostics.push(...result.diagnostics);
    return result.text ?? '';
  };
  const beforeText = normal(before);
  const afterText = normal(after);
  return { diff: diagnostics.length > 0 ? '' : diffText(label, beforeText, afterText), diagnostics };
}

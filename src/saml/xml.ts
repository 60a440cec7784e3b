/**
 * Safe XML loading for metadata that comes from outside: a file someone downloaded or a URL.
 *
 * Contract: a document is refused, with a diagnostic that says why and where, when it is larger
 * than the cap, is not UTF-8, declares a DOCTYPE (DTDs, entity declarations, external entities:
 * billion laughs and XXE), is not well-formed, or nests deeper than any metadata does. Nothing is
 * ever expanded or fetched: the DOCTYPE is found by scanning the prolog before the parser runs, and
 * the parsed document is checked again for a doctype node. SAML metadata never needs a DTD
 * (saml-metadata-2.0-os is defined by an XML Schema), so refusing one costs nothing legitimate.
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import type { Diagnostic } from '../core/diagnostics.js';
import { samlDiagnostic, type MetadataContext } from './context.js';
import { positionOf } from './dom.js';

/** Metadata for one entity is a few kilobytes; a megabyte leaves room for large certificates and aggregates of a few entities. */
export const DEFAULT_MAX_METADATA_BYTES = 1024 * 1024;

/** Metadata nests about eight elements deep; anything much deeper is hostile (and recursive code downstream could exhaust the stack). */
export const MAX_ELEMENT_DEPTH = 64;

export interface XmlLoadOptions {
  readonly maxBytes?: number;
}

export type XmlLoad =
  | { readonly ok: true; readonly document: Document; readonly root: Element; readonly text: string }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

interface Position {
  readonly line: number;
  readonly column: number;
}

function positionAt(text: string, index: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/**
 * The index of a DOCTYPE declaration in the prolog (after the XML declaration, comments and
 * processing instructions), or undefined. A DOCTYPE anywhere else is not well-formed and the
 * parser refuses it.
 */
function findDoctype(text: string): number | undefined {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return undefined;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return undefined;
      i = end + 3;
    } else {
      return /^<!DOCTYPE/i.test(text.slice(i, i + 9)) ? i : undefined;
    }
  }
}

/** What a DOCTYPE carries, for the message: the attack it enables is what the user needs to hear. */
function describeDoctype(doctype: string): string {
  if (/<!ENTITY[^>]*\s(SYSTEM|PUBLIC)\s/i.test(doctype)) return 'a DOCTYPE with an external entity (XXE)';
  if (/<!ENTITY/i.test(doctype)) return 'a DOCTYPE with entity declarations (entity expansion, "billion laughs")';
  const declaration = doctype.split(/[[>]/, 1)[0] ?? '';
  if (/\s(SYSTEM|PUBLIC)\s/i.test(declaration)) return 'a DOCTYPE that names an external DTD';
  return 'a DOCTYPE declaration';
}

const DOCTYPE_HINT = 'SAML metadata never needs a DTD: remove the <!DOCTYPE …> declaration, or download the metadata again from the application’s admin portal';

function decode(input: string | Uint8Array, context: MetadataContext): { text: string } | { diagnostic: Diagnostic } {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, '') };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input) };
  } catch {
    return {
      diagnostic: samlDiagnostic(context, {
        severity: 'error',
        code: 'saml.xml-encoding',
        message: `${context.source} is not valid UTF-8`,
        hint: 'save the metadata as UTF-8 (for example with `iconv -t UTF-8`)',
      }),
    };
  }
}

function deepestElement(root: Element): { depth: number; element: Element } | undefined {
  const stack: Array<{ element: Element; depth: number }> = [{ element: root, depth: 1 }];
  while (stack.length > 0) {
    const { element, depth } = stack.pop()!;
    if (depth > MAX_ELEMENT_DEPTH) return { depth, element };
    for (let child = element.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === child.ELEMENT_NODE) stack.push({ element: child as Element, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Parses metadata XML, refusing what could hang, exhaust or leak (see the module comment). */
export function loadXml(input: string | Uint8Array, context: MetadataContext, options: XmlLoadOptions = {}): XmlLoad {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_METADATA_BYTES;
  const fail = (diagnostic: Diagnostic): XmlLoad => ({ ok: false, diagnostics: [diagnostic] });

  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    return fail(
      samlDiagnostic(context, {
        severity: 'error',
        code: 'saml.xml-too-large',
        message: `${context.source} is ${size} bytes, over the ${maxBytes}-byte limit for metadata`,
        hint: 'metadata for one application is a few kilobytes: check that the file or URL is the application’s own SP metadata, not a federation aggregate',
      }),
    );
  }
  const decoded = decode(input, context);
  if ('diagnostic' in decoded) return fail(decoded.diagnostic);
  const text = decoded.text;

  const declared = /^<\?xml[^?]*\bencoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  if (declared !== undefined && !/^(utf-8|us-ascii)$/i.test(declared)) {
    return fail(
      samlDiagnostic(context, {
        severity: 'error',
        code: 'saml.xml-encoding',
        message: `${context.source} declares encoding "${declared}"; Roster reads metadata as UTF-8`,
        hint: 'convert the file to UTF-8 and change the XML declaration to encoding="UTF-8"',
        line: 1,
        column: 1,
      }),
    );
  }

  const doctypeAt = findDoctype(text);
  if (doctypeAt !== undefined) {
    const { line, column } = positionAt(text, doctypeAt);
    return fail(
      samlDiagnostic(context, {
        severity: 'error',
        code: 'saml.xml-doctype',
        message: `${context.source} contains ${describeDoctype(text.slice(doctypeAt, doctypeAt + 4096))}; refused without reading it`,
        hint: DOCTYPE_HINT,
        line,
        column,
      }),
    );
  }

  let problem: { message: string; line?: number; column?: number } | undefined;
  let document: Document;
  try {
    document = new DOMParser({
      // Every report stops parsing: xmldom's warnings and errors are all well-formedness faults
      // (unquoted attributes, unknown entities, content after the root), and metadata has none.
      onError: (_level, message, handler: { locator?: { lineNumber?: number; columnNumber?: number } } | undefined) => {
        problem ??= { message, line: handler?.locator?.lineNumber, column: handler?.locator?.columnNumber };
        throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    const locator = (error as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    const message = problem?.message ?? (error instanceof Error ? error.message : String(error));
    const line = problem?.line ?? locator?.lineNumber;
    const column = problem?.column ?? locator?.columnNumber;
    return fail(
      samlDiagnostic(context, {
        severity: 'error',
        code: 'saml.xml-malformed',
        message: `${context.source} is not well-formed XML: ${message}`,
        hint: 'download the metadata again; a file edited by hand or cut short by a proxy is the usual cause',
        ...(line ? { line, ...(column ? { column } : {}) } : {}),
      }),
    );
  }

  const root = document.documentElement;
  if (document.doctype || !root) {
    return fail(
      samlDiagnostic(context, {
        severity: 'error',
        code: document.doctype ? 'saml.xml-doctype' : 'saml.xml-malformed',
        message: document.doctype ? `${context.source} contains a DOCTYPE declaration; refused` : `${context.source} has no root element`,
        ...(document.doctype ? { hint: DOCTYPE_HINT } : {}),
      }),
    );
  }
  const deep = deepestElement(root);
  if (deep) {
    return fail(
      samlDiagnostic(context, {
        severity: 'error',
        code: 'saml.xml-too-deep',
        message: `${context.source} nests elements more than ${MAX_ELEMENT_DEPTH} deep; metadata never does`,
        hint: 'check that the file or URL is SAML metadata',
        ...positionOf(deep.element),
      }),
    );
  }
  return { ok: true, document, root, text };
}

/**
 * Namespace-aware queries over an xmldom tree, and the escaping Roster uses when it writes XML.
 * xpath's type declarations name the browser's DOM types, which xmldom's do not match
 * structurally; the one conversion between them lives here.
 */
import type { Element, Node } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { XPATH_NAMESPACES } from './namespaces.js';

const selectWithNamespaces = xpath.useNamespaces(XPATH_NAMESPACES);

const ELEMENT_NODE = 1;

/** The elements an XPath expression (with the `md:` and `ds:` prefixes) selects from `context`. */
export function selectElements(expression: string, context: Node): Element[] {
  const result = selectWithNamespaces(expression, context as unknown as globalThis.Node);
  if (!Array.isArray(result)) return [];
  // By node type: xpath is CommonJS, and under Node's ESM loader only the exports its lexer
  // detects (select, useNamespaces, …) are importable by name; its type guards are not.
  return (result as unknown as Node[]).filter((node) => node.nodeType === ELEMENT_NODE) as Element[];
}

export function selectElement(expression: string, context: Node): Element | undefined {
  return selectElements(expression, context)[0];
}

/** An attribute's value, or undefined when the attribute is absent. */
export function attribute(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? element.getAttribute(name) ?? undefined : undefined;
}

/** The element's text with surrounding whitespace removed. */
export function textOf(element: Element): string {
  return (element.textContent ?? '').trim();
}

/** The 1-based line and column where the element starts, when the parser recorded them. */
export function positionOf(element: Node): { line?: number; column?: number } {
  const at = element as unknown as { lineNumber?: number; columnNumber?: number };
  return at.lineNumber ? { line: at.lineNumber, column: at.columnNumber ?? 1 } : {};
}

/** Text content escaped for XML. */
export function escapeText(value: string): string {
  return value.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

/** An attribute value escaped for a double-quoted XML attribute; whitespace characters survive attribute normalisation. */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/["\n\r\t]/g, (c) => ({ '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' })[c]!);
}

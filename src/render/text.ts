/**
 * The plain-text plan, for CI logs and anywhere the output is not a terminal: the plan document
 * (document.ts) without colours.
 */
import type { Plan } from '../core/plan.js';
import { planDocument, type DocumentOptions } from './document.js';

export function renderText(plan: Plan, options: DocumentOptions = {}): string {
  const lines = planDocument(plan, options).map((l) => `${' '.repeat(l.indent)}${l.segments.map((s) => s.text).join('')}`.trimEnd());
  return `${lines.join('\n')}\n`;
}

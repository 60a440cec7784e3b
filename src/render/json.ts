/**
 * The JSON plan: the Plan data itself, stable and versioned by `formatVersion` (documented in
 * docs/plan-format.md, checked against docs/plan.schema.json). The same text is what `-o FILE`
 * saves for apply.
 */
import type { Plan } from '../core/plan.js';
import { printableJson } from './printable.js';

/** `JSON.parse` of it is the plan; no control character appears raw in it (printable.ts). */
export function renderJson(plan: Plan): string {
  return `${printableJson(plan)}\n`;
}

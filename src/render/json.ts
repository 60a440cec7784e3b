/**
 * The JSON plan: the Plan data itself, stable and versioned by `formatVersion` (documented in
 * docs/plan-format.md, checked against docs/plan.schema.json). The same text is what `-o FILE`
 * saves for apply.
 */
import type { Plan } from '../core/plan.js';

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

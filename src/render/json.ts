/** The JSON plan: the Plan data itself, stable and versioned by `formatVersion`. */
import type { Plan } from '../core/plan.js';

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

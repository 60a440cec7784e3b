/**
 * Output formats of a plan: name → renderer. Each takes the plan (already redacted when asked)
 * and the display options; none of them fetches or changes anything. Text on a terminal is laid
 * out by ink; the other renderers live in plain-formats.ts, which does not load it.
 */
import type { Plan } from '../core/plan.js';
import { PLAIN_FORMATS, type RenderOptions } from './plain-formats.js';
import { renderTerminal } from './terminal.js';

export { isPlanFormat, type PlanFormat, type RenderOptions } from './plain-formats.js';

export const PLAN_FORMATS = {
  ...PLAIN_FORMATS,
  text: (plan, options) =>
    options.terminalColumns !== undefined ? renderTerminal(plan, { ...options, columns: options.terminalColumns }) : PLAIN_FORMATS.text(plan, options),
} as const satisfies Record<keyof typeof PLAIN_FORMATS, (plan: Plan, options: RenderOptions) => string>;

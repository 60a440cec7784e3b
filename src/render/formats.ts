/**
 * Output formats of a plan: name → renderer. Each takes the plan (already redacted when asked)
 * and the display options; none of them fetches or changes anything.
 */
import type { Plan } from '../core/plan.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';
import { renderText } from './text.js';

export interface RenderOptions {
  /** List unmanaged accounts by userName, not only count them. */
  readonly showUnmanaged?: boolean;
  /** Set when the output is a terminal: its width. Text is then laid out by ink, in colour. */
  readonly terminalColumns?: number;
}

export const PLAN_FORMATS = {
  text: (plan, options) =>
    options.terminalColumns !== undefined ? renderTerminal(plan, { ...options, columns: options.terminalColumns }) : renderText(plan, options),
  markdown: (plan, options) => renderMarkdown(plan, options),
  json: (plan) => renderJson(plan),
} as const satisfies Record<string, (plan: Plan, options: RenderOptions) => string>;

export type PlanFormat = keyof typeof PLAN_FORMATS;

export function isPlanFormat(value: string): value is PlanFormat {
  return Object.hasOwn(PLAN_FORMATS, value);
}

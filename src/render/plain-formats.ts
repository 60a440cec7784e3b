/**
 * The output formats of a plan that need no terminal: text as plain lines, markdown and json.
 * They load nothing heavy, so a plan printed in CI does not pay for the terminal renderer (ink
 * takes about half a second of CPU to load); formats.ts adds the terminal view on top of them.
 */
import type { Plan } from '../core/plan.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export interface RenderOptions {
  /** List unmanaged accounts by userName, not only count them. */
  readonly showUnmanaged?: boolean;
  /** Set when the output is a terminal: its width. Text is then laid out by ink, in colour. */
  readonly terminalColumns?: number;
  /** On a terminal: false leaves colours and styles out (NO_COLOR, --no-color); the layout stays. */
  readonly color?: boolean;
}

export const PLAIN_FORMATS = {
  text: (plan, options) => renderText(plan, options),
  markdown: (plan, options) => renderMarkdown(plan, options),
  json: (plan) => renderJson(plan),
} as const satisfies Record<string, (plan: Plan, options: RenderOptions) => string>;

export type PlanFormat = keyof typeof PLAIN_FORMATS;

export function isPlanFormat(value: string): value is PlanFormat {
  return Object.hasOwn(PLAIN_FORMATS, value);
}

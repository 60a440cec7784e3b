/** Output formats of a plan: name → renderer. */
import type { Plan } from '../core/plan.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

export const PLAN_FORMATS = {
  text: renderText,
  json: renderJson,
} as const satisfies Record<string, (plan: Plan) => string>;

export type PlanFormat = keyof typeof PLAN_FORMATS;

export function isPlanFormat(value: string): value is PlanFormat {
  return Object.hasOwn(PLAN_FORMATS, value);
}

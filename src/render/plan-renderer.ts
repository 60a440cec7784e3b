/**
 * Choosing a plan's renderer. The terminal view is laid out by ink, which takes about half a
 * second of CPU to load: it is loaded only when text goes to a terminal, so that a plan or an
 * apply in CI, or any other command, never pays for it.
 */
import type { Plan } from '../core/plan.js';
import { PLAIN_FORMATS, type PlanFormat, type RenderOptions } from './plain-formats.js';

export async function planRenderer(format: PlanFormat, terminal: boolean): Promise<(plan: Plan, options: RenderOptions) => string> {
  if (format === 'text' && terminal) return (await import('./formats.js')).PLAN_FORMATS.text;
  return PLAIN_FORMATS[format];
}

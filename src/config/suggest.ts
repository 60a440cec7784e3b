/**
 * "Did you mean …?": the nearest valid name to a misspelt one. The distance lives in the core,
 * which the plan uses for names the IdP does not have.
 */
import { nearest } from '../core/suggest.js';

export { editDistance, nearest } from '../core/suggest.js';

/** "did you mean `x`?" when a candidate is close, otherwise the list of allowed values. */
export function suggestion(word: string, candidates: readonly string[], listLimit = 12): string | undefined {
  const near = nearest(word, candidates);
  if (near !== undefined) return `did you mean \`${near}\`?`;
  if (candidates.length === 0) return undefined;
  const shown = candidates.slice(0, listLimit).join(', ');
  return `allowed: ${shown}${candidates.length > listLimit ? ', …' : ''}`;
}

/**
 * "Did you mean …?": the nearest valid name to a misspelt one.
 */

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/**
 * The candidate closest to `word` (ignoring case), when it is close enough to be a likely typo:
 * by default at most two edits, or a third of the word's length for long words.
 */
export function nearest(word: string, candidates: Iterable<string>, maxDistance = Math.max(2, Math.floor(word.length / 3))): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= maxDistance ? best : undefined;
}

/** "did you mean `x`?" when a candidate is close, otherwise the list of allowed values. */
export function suggestion(word: string, candidates: readonly string[], listLimit = 12): string | undefined {
  const near = nearest(word, candidates);
  if (near !== undefined) return `did you mean \`${near}\`?`;
  if (candidates.length === 0) return undefined;
  const shown = candidates.slice(0, listLimit).join(', ');
  return `allowed: ${shown}${candidates.length > listLimit ? ', …' : ''}`;
}

/**
 * "Did you mean …?": the nearest valid name to a misspelt one. Used by the configuration's
 * checks and by the plan (a bound group the IdP does not have).
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

/** The name `word` was likely meant to be: one that differs only in case first, else the nearest. */
export function likelyName(word: string, candidates: readonly string[]): { readonly name: string; readonly caseOnly: boolean } | undefined {
  const lower = word.toLowerCase();
  const sameButCase = candidates.find((candidate) => candidate !== word && candidate.toLowerCase() === lower);
  if (sameButCase !== undefined) return { name: sameButCase, caseOnly: true };
  const near = nearest(word, candidates.filter((candidate) => candidate !== word));
  return near !== undefined ? { name: near, caseOnly: false } : undefined;
}

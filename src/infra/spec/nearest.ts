// "Did you mean …?": the known word nearest to a misspelt one.

/** Levenshtein distance (insert, delete, substitute; an adjacent swap counts as one). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        (rows[0] as number[])[j] = j;
        continue;
      }
      const prev = rows[i - 1] as number[];
      const cur = rows[i] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      cur[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * The candidate closest to `word` (case-insensitive), if it is close enough to be a plausible typo:
 * at most a third of the word's length (at least 1, at most 3) edits away, or differing only in case,
 * `-`/`_`, or a plural `s`. Ties go to the first candidate in sorted order.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const squash = (s: string): string => s.toLowerCase().replace(/[-_]/g, '').replace(/s$/, '');
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of [...candidates].sort()) {
    if (candidate === word) continue;
    const distance = squash(candidate) === squash(word) ? 0 : editDistance(w, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  return best.distance <= limit ? best.candidate : undefined;
}

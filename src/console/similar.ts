// "Did you mean ...?": Python's difflib.get_close_matches, which az uses for its suggestions (cutoff
// 0.7). The ratio is Ratcliff/Obershelp: twice the matched characters over the total length.

function matched(a: string, b: string): number {
  if (!a || !b) return 0;
  // The longest common substring, then the same on each side of it.
  let best = 0;
  let ai = 0;
  let bi = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > best) [best, ai, bi] = [k, i, j];
    }
  }
  if (best === 0) return 0;
  return best + matched(a.slice(0, ai), b.slice(0, bi)) + matched(a.slice(ai + best), b.slice(bi + best));
}

export function ratio(a: string, b: string): number {
  const total = a.length + b.length;
  return total ? (2 * matched(a, b)) / total : 1;
}

/** Up to `n` candidates scoring at least `cutoff`, best first (as difflib.get_close_matches). */
export function closeMatches(word: string, candidates: readonly string[], n = 3, cutoff = 0.7): string[] {
  return candidates
    .map((c) => ({ c, r: ratio(word, c) }))
    .filter((x) => x.r >= cutoff)
    .sort((x, y) => y.r - x.r)
    .slice(0, n)
    .map((x) => x.c);
}

/** The candidate closest to `word`, however far (for naming the nearest supported command). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let score = -1;
  for (const c of candidates) {
    const r = ratio(word, c);
    if (r > score) [best, score] = [c, r];
  }
  return best;
}

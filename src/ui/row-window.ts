// Which rows of a long list to put in the page: rows keep their measured heights (they wrap, so they
// differ), rows not yet measured count as the average of those that were, and the rows outside the
// window are stood in for by padding of the same height.

export interface RowWindow {
  first: number;
  /** One past the last row to render. */
  last: number;
  padTop: number;
  padBottom: number;
}

/** Offsets of each row's top (length n + 1; the last is the total height). */
export function rowOffsets(n: number, measured: ReadonlyMap<number, number>, fallback = 44): number[] {
  let sum = 0;
  let count = 0;
  for (const [i, h] of measured) if (i < n) ((sum += h), count++);
  const estimate = count ? sum / count : fallback;
  const offsets = new Array<number>(n + 1);
  offsets[0] = 0;
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + (measured.get(i) ?? estimate);
  return offsets;
}

/** The index of the row that contains y (binary search over the offsets). */
export function rowAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The rows in view from scrollTop over viewHeight, with `overscan` rows either side. */
export function rowWindow(offsets: readonly number[], scrollTop: number, viewHeight: number, overscan: number): RowWindow {
  const n = offsets.length - 1;
  if (n <= 0) return { first: 0, last: 0, padTop: 0, padBottom: 0 };
  const first = Math.max(0, rowAt(offsets, scrollTop) - overscan);
  const last = Math.min(n, rowAt(offsets, scrollTop + viewHeight) + 1 + overscan);
  return { first, last, padTop: offsets[first]!, padBottom: offsets[n]! - offsets[last]! };
}

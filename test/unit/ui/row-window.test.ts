// The timeline's windowing: which rows are in the page for a scroll position, with measured heights.
import { describe, expect, it } from 'vitest';
import { rowAt, rowOffsets, rowWindow } from '../../../src/ui/row-window.ts';

describe('row window', () => {
  it('uses measured heights and the average of them for rows not yet measured', () => {
    const offsets = rowOffsets(4, new Map([[0, 10], [1, 30]]));
    expect(offsets).toEqual([0, 10, 40, 60, 80]);
  });

  it('finds the row under a point, and renders the rows in view plus the overscan', () => {
    const offsets = rowOffsets(1000, new Map(), 20);
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 39.9)).toBe(1);
    expect(rowAt(offsets, 1e9)).toBe(999);
    const w = rowWindow(offsets, 2000, 200, 5);
    expect(w).toEqual({ first: 95, last: 116, padTop: 1900, padBottom: (1000 - 116) * 20 });
    // Padding plus rendered rows always add up to the whole list.
    expect(w.padTop + (w.last - w.first) * 20 + w.padBottom).toBe(20000);
    expect(rowWindow(offsets, 0, 200, 5).first).toBe(0);
    expect(rowWindow(offsets, 1e9, 200, 5).last).toBe(1000);
  });

  it('an empty list renders nothing', () => {
    expect(rowWindow(rowOffsets(0, new Map()), 0, 100, 3)).toEqual({ first: 0, last: 0, padTop: 0, padBottom: 0 });
  });
});

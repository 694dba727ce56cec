// The arithmetic of looking at a diagram: legible scales in the column and the enlarged view, and zoom
// that keeps the point under the pointer still.
import { describe, expect, it } from 'vitest';
import { boxesCross, fitWidth, initialView, LABEL_PX, MIN_COLUMN_SCALE, MIN_ENLARGED_SCALE, naturalSize, zoomAt } from '../../../src/ui/diagram/view-box.ts';

describe('view box', () => {
  it('reads the natural size from the viewBox Mermaid writes', () => {
    expect(naturalSize('<svg id="a" width="100%" viewBox="-8 -8 1234.5 678" style="max-width: 1234.5px;">')).toEqual({ width: 1234.5, height: 678 });
    expect(naturalSize('<svg id="a">')).toBeUndefined();
  });

  it('tells boxes that cross from boxes side by side or one inside another', () => {
    const box = (x: number, y: number, w: number, h: number) => `<g class="cluster" id="c${x}-${y}" data-look="classic"><rect style="" x="${x}" y="${y}" width="${w}" height="${h}"></rect></g>`;
    const svg = (...boxes: string[]) => `<svg viewBox="0 0 500 300"><g class="clusters">${boxes.join('')}</g></svg>`;
    expect(boxesCross(svg(box(0, 0, 400, 300), box(20, 40, 150, 100), box(200, 40, 150, 100)))).toBe(false);
    expect(boxesCross(svg(box(0, 0, 200, 100), box(200.5, 0, 100, 100)))).toBe(false);
    expect(boxesCross(svg(box(0, 0, 200, 100), box(150, 20, 200, 100)))).toBe(true);
    // A box widened past its parent's edge to fit its title runs out of it.
    expect(boxesCross(svg(box(0, 0, 300, 200), box(100, 40, 260, 100)))).toBe(true);
    expect(boxesCross(svg())).toBe(false);
  });

  it('never shrinks labels below 12 px in the column (the view scrolls instead)', () => {
    expect(MIN_COLUMN_SCALE * LABEL_PX).toBeGreaterThanOrEqual(12);
  });

  it('starts a large diagram with labels of at least 14 px, on the anchor, without empty space beyond its edges', () => {
    const viewport = { width: 1280, height: 600 };
    const v = initialView({ width: 4000, height: 1500 }, viewport, { x: 3000, y: 900, width: 200, height: 80 });
    expect(v.scale * LABEL_PX).toBeGreaterThanOrEqual(14);
    expect(v.scale).toBe(MIN_ENLARGED_SCALE);
    // The anchor's centre is across the middle of the viewport.
    expect(v.x + 3100 * v.scale).toBeCloseTo(640);
    expect(v.x + 4000 * v.scale).toBeGreaterThanOrEqual(1280 - 16);
    // A small diagram fits the width, at most twice its size, centred.
    const small = initialView({ width: 300, height: 200 }, viewport);
    expect(small.scale).toBe(2);
    expect(small.x).toBeCloseTo((1280 - 600) / 2);
  });

  it('fits the width with a margin', () => {
    const v = fitWidth({ width: 2000, height: 1000 }, { width: 1032, height: 700 });
    expect(v.scale).toBeCloseTo(0.5);
    expect(v.x).toBeCloseTo(16);
  });

  it('zooms around the pointer: the point under it stays put', () => {
    const v = { scale: 1, x: 100, y: 50 };
    const z = zoomAt(v, 2, 400, 300);
    // The diagram point under (400, 300) was (300, 250); it still is.
    expect((400 - z.x) / z.scale).toBeCloseTo(300);
    expect((300 - z.y) / z.scale).toBeCloseTo(250);
    expect(zoomAt(v, 1000, 0, 0).scale).toBe(6);
  });
});

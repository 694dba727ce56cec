// The arithmetic of looking at a diagram: its natural size, the scale at which its labels stay
// legible, and pan and zoom (a scale and an offset) that keep the point under the pointer still.

/** Mermaid draws labels at 16 px (mermaid.ts); these are the smallest scales we show them at. */
export const LABEL_PX = 16;
/** In the side column: 12 px labels, readable from the back of a room on a 1280x720 projector. */
export const MIN_COLUMN_SCALE = 0.75;
/** In the enlarged view, the first zoom never goes below 15 px labels. */
export const MIN_ENLARGED_SCALE = 15 / LABEL_PX;
export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 6;

export interface Size {
  width: number;
  height: number;
}

/** The SVG's own size, from its viewBox (Mermaid always writes one). */
export function naturalSize(svg: string): Size | undefined {
  const m = /<svg\b[^>]*?\sviewBox="\s*([-\d.e]+)[\s,]+([-\d.e]+)[\s,]+([\d.e]+)[\s,]+([\d.e]+)\s*"/i.exec(svg);
  if (!m) return undefined;
  const width = Number(m[3]);
  const height = Number(m[4]);
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * Whether two boxes (subgraphs) of a drawing cross, neither inside the other: Mermaid widens a box to its
 * title after the layout, so a title wider than what the box holds can run into its neighbour.
 */
export function boxesCross(svg: string): boolean {
  const boxes = [...svg.matchAll(/<g class="cluster\b[^"]*"[^>]*>\s*<rect\b([^>]*)>/g)].map(([, attrs]) => {
    const n = (name: string) => Number(new RegExp(`\\s${name}="([-\\d.e]+)"`).exec(attrs!)?.[1] ?? NaN);
    return { x: n('x'), y: n('y'), w: n('width'), h: n('height') };
  });
  const inside = (a: (typeof boxes)[number], b: (typeof boxes)[number]) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.w <= b.x + b.w + 1 && a.y + a.h <= b.y + b.h + 1;
  return boxes.some((a, i) =>
    boxes.some((b, j) => j > i && a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1 && !inside(a, b) && !inside(b, a)),
  );
}

export interface View {
  scale: number;
  /** Where the diagram's top-left corner is, in the viewport's pixels. */
  x: number;
  y: number;
}

export const clampZoom = (s: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, s));

/** The scale at which the diagram's width fills the viewport (with a margin). */
export function fitWidthScale(diagram: Size, viewport: Size, margin = 16): number {
  return clampZoom((viewport.width - 2 * margin) / diagram.width);
}

/** Fit to width, centred; the top in view. */
export function fitWidth(diagram: Size, viewport: Size, margin = 16): View {
  const scale = fitWidthScale(diagram, viewport, margin);
  return { scale, x: (viewport.width - diagram.width * scale) / 2, y: margin };
}

/**
 * The first view of the enlarged diagram: fit to width when that keeps labels legible (at most twice
 * the natural size, so a small diagram does not turn into a poster), else legible and panned to its
 * top-left corner: the rest is a drag away.
 */
export function initialView(diagram: Size, viewport: Size, anchor?: Rect, margin = 16): View {
  const fit = fitWidthScale(diagram, viewport, margin);
  if (fit >= MIN_ENLARGED_SCALE) {
    const scale = Math.min(fit, 2);
    const x = (viewport.width - diagram.width * scale) / 2;
    const y = Math.max(margin, (viewport.height - diagram.height * scale) / 2);
    return { scale, x, y };
  }
  const scale = MIN_ENLARGED_SCALE;
  if (!anchor) return { scale, x: margin, y: margin };
  // Start where there is something to read: the anchor (what changed, or the topmost node) centred
  // across and near the top, without showing space beyond the diagram's edges.
  const clampX = (x: number) => Math.min(margin, Math.max(viewport.width - margin - diagram.width * scale, x));
  const clampY = (y: number) => Math.min(margin, Math.max(viewport.height - margin - diagram.height * scale, y));
  const x = clampX(viewport.width / 2 - (anchor.x + anchor.width / 2) * scale);
  const y = clampY(margin * 3 - anchor.y * scale);
  return { scale, x, y };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Zoom by `factor` keeping the viewport point (px, py) over the same spot of the diagram. */
export function zoomAt(view: View, factor: number, px: number, py: number): View {
  const scale = clampZoom(view.scale * factor);
  const k = scale / view.scale;
  return { scale, x: px - (px - view.x) * k, y: py - (py - view.y) * k };
}

export const pan = (view: View, dx: number, dy: number): View => ({ ...view, x: view.x + dx, y: view.y + dy });

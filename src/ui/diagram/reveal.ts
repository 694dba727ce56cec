// A drawing larger than its view (a wide topology in the side column; a sandbox of fifty things on the
// presenter's stage, at 20 px labels) shows only part of itself: after a step, scroll to what the step
// marked, so NEW, CHANGED or DELETED is on screen rather than somewhere to the right.
import type { Marked } from '../../diagram/index.ts';

/**
 * The marked parts of a drawing on screen: nodes by Mermaid's element ids (`<svg id>-flowchart-<id>-<n>`),
 * boxes (`<svg id>-<id>`), and edges by their label, or their line when they have none (Mermaid's edge
 * ids are `L_<from>_<to>_<n>`; node ids are hashes, so `L_<from>_<to>_` names one pair of ends).
 */
function markedParts(svg: SVGSVGElement, marked: Marked): Element[] {
  const prefix = `${svg.id}-`;
  const out: Element[] = [];
  for (const id of marked.nodes) {
    const el = svg.querySelector(`g.node[id^="${CSS.escape(`${prefix}flowchart-${id}-`)}"], g.cluster[id="${CSS.escape(prefix + id)}"]`);
    if (el) out.push(el);
  }
  for (const { from, to } of marked.edges) {
    const edge = CSS.escape(`L_${from}_${to}_`);
    const label = svg.querySelector(`g.edgeLabel > g.label[data-id^="${edge}"]`);
    const el = label?.textContent?.trim() ? label : svg.querySelector(`path.flowchart-link[data-id^="${edge}"]`);
    if (el) out.push(el);
  }
  return out;
}

/**
 * Scroll `view` (the element that scrolls around the drawing) so the middle of what the last step marked
 * is in the middle of what shows, on each axis where the drawing overflows. Nothing marked or nothing
 * overflowing: it stays where it is.
 */
export function revealMarked(view: HTMLElement, svg: SVGSVGElement | null, marked: Marked | undefined): void {
  if (!svg || !marked) return;
  const wide = view.scrollWidth > view.clientWidth + 1;
  const tall = view.scrollHeight > view.clientHeight + 1;
  if (!wide && !tall) return;
  const boxes = markedParts(svg, marked).map((el) => el.getBoundingClientRect());
  if (!boxes.length) return;
  const shown = view.getBoundingClientRect();
  const middle = (a: number, b: number) => (a + b) / 2;
  if (wide) view.scrollLeft += middle(Math.min(...boxes.map((r) => r.left)), Math.max(...boxes.map((r) => r.right))) - middle(shown.left, shown.right);
  if (tall) view.scrollTop += middle(Math.min(...boxes.map((r) => r.top)), Math.max(...boxes.map((r) => r.bottom))) - middle(shown.top, shown.bottom);
}

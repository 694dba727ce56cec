// Spotlight one node of a drawn flowchart: it, its edges and their other ends stay, the rest dims.
// Mermaid names a node's group `<svg id>-flowchart-<node id>-<n>` and gives each edge path (and its
// label) `data-id="L_<from>_<to>_<n>"`; those are the only hooks used. The dimming itself is CSS on `.spotlighting` (see
// `SPOTLIGHT_CSS`), so removing the class restores the picture exactly.

/** The class on the diagram's container while a node is lit. */
export const SPOTLIGHTING = 'spotlighting';

export const SPOTLIGHT_CSS = `
.spotlighting svg g.node, .spotlighting svg path.flowchart-link, .spotlighting svg g.edgeLabel {
  opacity: 0.18; transition: opacity 150ms;
}
.spotlighting svg g.cluster { opacity: 0.6; }
@media (prefers-reduced-motion: reduce) { .spotlighting svg * { transition: none !important; } }
.spotlighting svg .lit { opacity: 1 !important; }
.spotlighting svg g.node.lit > :is(rect, path, polygon, circle, ellipse) { stroke-width: 5px !important; }
`;

/** The drawn nodes (not counted groups' boxes), in document order. */
export function spotlightNodes(root: ParentNode): SVGGElement[] {
  return [...root.querySelectorAll<SVGGElement>('svg g.node')].filter((g) => nodeIdOf(g) !== null);
}

/** The Mermaid node id of a node group (`n1a2b3c`), from its element id. */
export function nodeIdOf(el: Element): string | null {
  return /-flowchart-(.+)-\d+$/.exec(el.id)?.[1] ?? null;
}

/** The node's text as a person reads it: its label lines joined. */
export function nodeLabel(el: Element): string {
  // Mermaid writes a label's lines as <br> and <p>: read them as spaces, not run together.
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    else if (n.nodeName.toLowerCase() === 'br' || n.nodeName.toLowerCase() === 'p') parts.push(' ');
    n.childNodes.forEach(walk);
  };
  walk(el);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * Light one node (by Mermaid node id) and its edges; null lights nothing and undims all.
 * Returns the lit node's label, or null when nothing is lit.
 */
export function applySpotlight(root: HTMLElement, nodeId: string | null): string | null {
  for (const el of root.querySelectorAll('svg .lit')) el.classList.remove('lit');
  const node = nodeId ? spotlightNodes(root).find((g) => nodeIdOf(g) === nodeId) : undefined;
  root.classList.toggle(SPOTLIGHTING, !!node);
  if (!node || !nodeId) return null;
  node.classList.add('lit');
  const neighbours = new Set<string>();
  for (const edge of root.querySelectorAll('svg path.flowchart-link[data-id]')) {
    const id = edge.getAttribute('data-id')!;
    const ends = edgeEnds(id);
    if (!ends || (ends[0] !== nodeId && ends[1] !== nodeId)) continue;
    edge.classList.add('lit');
    neighbours.add(ends[0] === nodeId ? ends[1] : ends[0]);
    for (const label of root.querySelectorAll(`svg g.edgeLabel [data-id="${CSS.escape(id)}"]`)) label.closest('g.edgeLabel')?.classList.add('lit');
  }
  // The nodes at the other end of a lit edge stay readable: an arrow to nowhere says nothing.
  for (const g of spotlightNodes(root)) if (neighbours.has(nodeIdOf(g)!)) g.classList.add('lit');
  return nodeLabel(node);
}

/** An edge's two node ids from Mermaid's edge id `L_<from>_<to>_<n>` (our node ids have no `_`). */
export function edgeEnds(edgeId: string): [string, string] | null {
  const m = /^L_([^_]+)_([^_]+)_\d+$/.exec(edgeId);
  return m ? [m[1]!, m[2]!] : null;
}

/** Nodes take keyboard focus (Tab) and clicks; `onpick` gets the node id. Returns the undo. */
export function bindSpotlight(root: HTMLElement, onpick: (nodeId: string) => void): () => void {
  const nodes = spotlightNodes(root);
  for (const g of nodes) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `Spotlight ${nodeLabel(g)}`);
  }
  const pick = (e: Event) => {
    const g = (e.target as Element).closest?.('g.node');
    const id = g && nodeIdOf(g);
    if (id) onpick(id);
  };
  root.addEventListener('click', pick);
  root.addEventListener('focusin', pick);
  return () => {
    root.removeEventListener('click', pick);
    root.removeEventListener('focusin', pick);
  };
}

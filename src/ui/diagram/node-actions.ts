// Clicks on nodes of a drawn flowchart. Mermaid's click statements are off (securityLevel 'strict'),
// so the page finds the node's element by the id Mermaid derives from the node id and listens itself.
// The SVG sits inside role="img", so these are pointer shortcuts only: every action also has a button
// beside the diagram for the keyboard.

export interface NodeAction {
  /** The node id in the Mermaid text. */
  nodeId: string;
  /** What the click does, as a tooltip. */
  label: string;
  run: () => void;
}

/** Mermaid names a flowchart node's element `<svg id>-flowchart-<node id>-<n>`. */
const elementOf = (root: Element, nodeId: string) => [...root.querySelectorAll('g.node')].find((g) => new RegExp(`-flowchart-${nodeId}-\\d+$`).test(g.id));

export function bindNodeActions(root: HTMLElement, actions: NodeAction[]): () => void {
  const undo: (() => void)[] = [];
  for (const action of actions) {
    const node = elementOf(root, action.nodeId);
    if (!(node instanceof SVGElement)) continue;
    const onclick = (e: Event) => {
      e.stopPropagation();
      action.run();
    };
    node.addEventListener('click', onclick);
    node.style.cursor = 'pointer';
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = action.label;
    node.prepend(title);
    undo.push(() => {
      node.removeEventListener('click', onclick);
      node.style.cursor = '';
      title.remove();
    });
  }
  return () => undo.forEach((f) => f());
}

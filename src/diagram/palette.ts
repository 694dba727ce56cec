// The visual language shared by the diagrams and the panels (src/ui/theme.css uses the same hues):
// Entra ID objects purple, compute blue, identities teal, targets amber, "not found" red. Every hue is
// paired with a shape, and every state with a line style and a word in the label, so nothing depends on
// colour alone.
import type { Theme } from './diagram.ts';

export type Category = 'entra' | 'compute' | 'identity' | 'target' | 'missing' | 'scope';
export type Mark = 'new' | 'changed' | 'deleted' | 'broken' | 'ok';

interface Swatch {
  fill: string;
  stroke: string;
  text: string;
}

const LIGHT: Record<Category, Swatch> = {
  entra: { fill: '#efe9f9', stroke: '#6b45b0', text: '#1b1f24' },
  compute: { fill: '#e5f0fa', stroke: '#0063b1', text: '#1b1f24' },
  identity: { fill: '#e0f3f0', stroke: '#00786b', text: '#1b1f24' },
  target: { fill: '#fbeedd', stroke: '#9a5200', text: '#1b1f24' },
  missing: { fill: '#fde7e5', stroke: '#b3261e', text: '#1b1f24' },
  scope: { fill: '#eef1f5', stroke: '#505a66', text: '#1b1f24' },
};

const DARK: Record<Category, Swatch> = {
  entra: { fill: '#2a2240', stroke: '#b69cf0', text: '#e8ebef' },
  compute: { fill: '#16283a', stroke: '#6cb4f0', text: '#e8ebef' },
  identity: { fill: '#123430', stroke: '#4fd1bf', text: '#e8ebef' },
  target: { fill: '#3a2a14', stroke: '#f0a350', text: '#e8ebef' },
  missing: { fill: '#3a1d1b', stroke: '#ff8a80', text: '#e8ebef' },
  scope: { fill: '#272c33', stroke: '#a9b3be', text: '#e8ebef' },
};

/** What each category and shape stands for, for the legend and the docs. */
export const LEGEND: Record<Category, { shape: string; meaning: string }> = {
  entra: { shape: 'rounded rectangle', meaning: 'Entra ID object: a service principal (managed identity or app registration); a counted one stands for several that hold the same roles' },
  compute: { shape: 'rectangle', meaning: 'Compute resource whose code asks for tokens (VM, app, slot, function, logic or container app)' },
  identity: { shape: 'hexagon', meaning: 'User-assigned managed identity (an Azure resource)' },
  target: { shape: 'cylinder', meaning: 'Target resource holding data (key vault, storage account)' },
  missing: { shape: 'rectangle, dashed outline', meaning: '"Identity not found": a principal or identity that no longer exists' },
  scope: { shape: 'parallelogram (scopes), rectangle (steps)', meaning: 'Neutral grey: a management group scope; in the access path, the assignment, scope and role steps' },
};

/** Line styles that say what changed; each also puts a word in the label. */
export const MARKS: Record<Mark, string> = {
  new: 'thick outline, label starts with "new"',
  changed: 'thick outline, label starts with "changed"',
  deleted: 'faded with a dotted outline, label starts with "deleted" (a ghost of what the last step removed)',
  broken: 'thick dashed outline and a ✗ in the label: where access broke',
  ok: 'thick outline and a ✓ in the label: a step that held',
};

/** The classDef lines for a theme. Categories give hue; marks add line style on top. */
export function classDefs(theme: Theme): string[] {
  const swatches = theme === 'dark' ? DARK : LIGHT;
  const defs = (Object.keys(swatches) as Category[]).map((c) => {
    const s = swatches[c];
    const dash = c === 'missing' ? ',stroke-dasharray:8 5' : '';
    return `  classDef ${c} fill:${s.fill},stroke:${s.stroke},color:${s.text},stroke-width:2px${dash}`;
  });
  return [
    ...defs,
    '  classDef new stroke-width:5px',
    '  classDef changed stroke-width:5px',
    '  classDef deleted opacity:0.55,stroke-dasharray:2 4',
    '  classDef broken stroke-width:4px,stroke-dasharray:8 5',
    '  classDef ok stroke-width:4px',
  ];
}

/** The linkStyle of an edge in the same language, or '' for the theme's plain line. */
export function edgeStyle(edge: { deleted?: boolean; broken?: boolean; highlight?: boolean }, theme: Theme): string {
  const parts: string[] = [];
  if (edge.deleted) parts.push('opacity:0.55', 'stroke-dasharray:2 4');
  else if (edge.broken) parts.push(`stroke:${(theme === 'dark' ? DARK : LIGHT).missing.stroke}`, 'stroke-dasharray:8 5');
  if (edge.highlight) parts.push('stroke-width:4px');
  return parts.join(',');
}

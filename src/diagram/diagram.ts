// What every diagram generator returns: Mermaid text, and the same title and description in plain
// words for the page (a caption, a live region, a screen reader).
import { mermaidText } from './escape.ts';

export type Theme = 'light' | 'dark';

/**
 * Which way a flowchart runs: top to bottom (a side panel's column), or left to right, which suits a
 * wide stage; left to right, boxes wrap their lines narrow, since there every box's width adds up.
 */
export type Direction = 'TB' | 'LR';

export interface Diagram {
  /** Mermaid source; a pure function of the generator's inputs. */
  text: string;
  /** Short title, plain text (also the diagram's accTitle). */
  title: string;
  /** One line in plain words of what the diagram shows (also its accDescr). */
  description: string;
}

/**
 * What the last step marked (NEW, CHANGED, DELETED, NOW ORPHANED) among the parts a drawing shows, by
 * Mermaid id: nodes and boxes, and edges by the ids at their two ends. A view that cannot show the whole
 * drawing scrolls to these (ui/diagram/reveal.ts).
 */
export interface Marked {
  nodes: string[];
  edges: { from: string; to: string }[];
}

/**
 * Tighter gaps, for a stage where every pixel goes to 20 px labels: a Mermaid directive of our own, a
 * constant (no name ever reaches one; see escape.ts), placed after the diagram's first line so the type
 * still leads the text. A flowchart's gaps shrink across the page only: the gaps down it are where a box
 * inside a box keeps its title clear of the outer one's.
 */
export const COMPACT = {
  'flowchart TB': '%%{init: {"flowchart": {"nodeSpacing": 24}}}%%',
  'flowchart LR': '%%{init: {"flowchart": {"rankSpacing": 32}}}%%',
  sequenceDiagram: '%%{init: {"sequence": {"actorMargin": 16, "width": 120, "messageMargin": 16, "boxMargin": 6, "noteMargin": 6, "diagramMarginX": 8, "diagramMarginY": 4}}}%%',
} as const;

/** Descriptions can list a whole world; past this many characters they end with an ellipsis. */
const MAX_DESCRIPTION = 4000;

/** The header lines of a diagram: its type, then accTitle and accDescr, escaped like any label. */
export function accessible(kind: keyof typeof COMPACT, title: string, description: string, compact = false): string[] {
  const spacing = compact ? [COMPACT[kind]] : [];
  return [kind, ...spacing, `  accTitle: ${mermaidText(title, 200)}`, `  accDescr: ${mermaidText(description, MAX_DESCRIPTION)}`];
}

/** A description cut to the length the diagram carries, so the page and the SVG say the same. */
export function describe(sentences: string[]): string {
  const text = sentences.filter(Boolean).join(' ');
  const chars = Array.from(text);
  return chars.length > MAX_DESCRIPTION ? `${chars.slice(0, MAX_DESCRIPTION - 1).join('')}…` : text;
}

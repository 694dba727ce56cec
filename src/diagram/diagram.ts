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

/** Descriptions can list a whole world; past this many characters they end with an ellipsis. */
const MAX_DESCRIPTION = 4000;

/** The header lines of a diagram: its type, then accTitle and accDescr, escaped like any label. */
export function accessible(kind: string, title: string, description: string): string[] {
  return [kind, `  accTitle: ${mermaidText(title, 200)}`, `  accDescr: ${mermaidText(description, MAX_DESCRIPTION)}`];
}

/** A description cut to the length the diagram carries, so the page and the SVG say the same. */
export function describe(sentences: string[]): string {
  const text = sentences.filter(Boolean).join(' ');
  const chars = Array.from(text);
  return chars.length > MAX_DESCRIPTION ? `${chars.slice(0, MAX_DESCRIPTION - 1).join('')}…` : text;
}

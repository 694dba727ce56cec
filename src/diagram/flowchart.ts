// Writing flowchart statements. Labels arrive already escaped (see escape.ts); ids are generated.
import type { Shape } from './graph.ts';

const SHAPES: Record<Shape, [string, string]> = {
  rect: ['["', '"]'],
  round: ['("', '")'],
  stadium: ['(["', '"])'],
  hexagon: ['{{"', '"}}'],
  cylinder: ['[("', '")]'],
  parallelogram: ['[/"', '"/]'],
};

export function nodeLine(id: string, shape: Shape, label: string, indent = '  '): string {
  const [open, close] = SHAPES[shape];
  return `${indent}${id}${open}${label}${close}`;
}

/** solid: a relation; thick: grants access; dotted: broken, stale or deleted. */
export type Line = 'solid' | 'thick' | 'dotted';
const ARROWS: Record<Line, string> = { solid: '-->', thick: '==>', dotted: '-.->' };

export function edgeLine(from: string, to: string, line: Line, label: string): string {
  return label ? `  ${from} ${ARROWS[line]}|"${label}"| ${to}` : `  ${from} ${ARROWS[line]} ${to}`;
}

/** `class a,b name` lines, one per class, in a stable order. */
export function classLines(members: Map<string, string[]>): string[] {
  return [...members.entries()].filter(([, ids]) => ids.length).map(([name, ids]) => `  class ${ids.join(',')} ${name}`);
}

/** `linkStyle i,j style` lines; indices are edge positions in the text. */
export function linkStyleLines(styles: Map<string, number[]>): string[] {
  return [...styles.entries()].filter(([, idx]) => idx.length).map(([style, idx]) => `  linkStyle ${idx.join(',')} ${style}`);
}

// Diagrams as text: pure functions of the world and the last outcomes, no DOM, no Mermaid import.
export type { Diagram, Direction, Marked, Theme } from './diagram.ts';
export { topology, type TopologyDiagram, type TopologyOptions } from './topology.ts';
export { flow, failureText, type FlowNames } from './flow.ts';
export { accessPath, type AccessPathOptions } from './access-path.ts';
export { LEGEND, MARKS } from './palette.ts';
export { mermaidText, plain } from './escape.ts';

// The only lines the generators may write. A diagram passes when every line is one of these shapes and
// every label in it is "inert": entity codes, our own <br/> and <b>, and characters that mean nothing to
// Mermaid. Whatever a name contains, it can then only ever be text.
import { expect } from 'vitest';
import { COMPACT } from '../../../src/diagram/diagram.ts';

/** A label: no character Mermaid gives a meaning to, except as an entity code or our own tags. */
const INERT = /^(?:#\d+;|<br\/>|<b>|<\/b>|[^"<>&#%{}[\]()|;`:,\\$=~@*_\n\r\uFB02\u00B0\u00B6\u00DF])*$/u;
const ID = 'n[0-9a-z]+';
const STEP = 's\\d+';
const PARTY = '(?:code|imds|endpoint|entra|target|rbac)';

const LINES: RegExp[] = [
  /^(?:flowchart TB|flowchart LR|sequenceDiagram)$/,
  /^  accTitle: (?<label>.*)$/,
  /^  accDescr: (?<label>.*)$/,
  /^  classDef (?:entra|compute|identity|target|missing|scope|new|changed|deleted|broken|ok) [a-z-]+:[^\s,]+(?: [^\s,]+)?(?:,[a-z-]+:[^\s,]+(?: [^\s,]+)?)*$/,
  new RegExp(`^ *subgraph ${ID} \\["(?<label>[^"]*)"\\]$`),
  /^ *end$/,
  new RegExp(`^ *(?:${ID}|${STEP})(?:\\["|\\("|\\(\\["|\\{\\{"|\\[\\("|\\[/")(?<label>[^"]*)(?:"\\]|"\\)|"\\]\\)|"\\}\\}|"\\)\\]|"/\\])$`),
  new RegExp(`^  (?:${ID}|${STEP}) (?:-->|==>|-\\.->)\\|"(?<label>[^"]*)"\\| (?:${ID}|${STEP})$`),
  new RegExp(`^  (?:${ID}|${STEP}) (?:-->|==>|-\\.->) (?:${ID}|${STEP})$`),
  new RegExp(`^  class (?:${ID}|${STEP})(?:,(?:${ID}|${STEP}))* (?:entra|compute|identity|target|missing|scope|new|changed|deleted|broken|ok)$`),
  /^  linkStyle \d+(?:,\d+)* [a-z-]+:[^\s,]+(?: [^\s,]+)?(?:,[a-z-]+:[^\s,]+(?: [^\s,]+)?)*$/,
  new RegExp(`^  participant ${PARTY} as (?<label>.*)$`),
  new RegExp(`^  ${PARTY}(?:->>|-->>)${PARTY}: (?<label>.*)$`),
  new RegExp(`^  Note over ${PARTY}: (?<label>.*)$`),
];

/**
 * Fail with the offending line unless every line is a known shape with inert labels. The only directive
 * allowed is the constant spacing line of a compact diagram (diagram.ts COMPACT), right after the type.
 */
export function expectOnlyGeneratedSyntax(text: string): void {
  const lines = text.split('\n').filter((l, i) => !(i === 1 && Object.values<string>(COMPACT).includes(l)));
  for (const line of lines) {
    const match = LINES.map((re) => re.exec(line)).find((m) => m !== null);
    expect(match, `unexpected line: ${line}`).toBeTruthy();
    const label = match?.groups?.label;
    if (label !== undefined) expect(INERT.test(label), `label is not inert: ${label}`).toBe(true);
  }
  // Mermaid looks for directives anywhere, and for `direction XX` anywhere on a flowchart line.
  expect(lines.join('\n')).not.toMatch(/%%/);
  expect(text).not.toMatch(/direction\s+(?:TB|BT|RL|LR|TD)/i);
}

/** Node and cluster ids, in order of appearance. */
export function nodeIds(text: string): string[] {
  return [...text.matchAll(/^ *(?:subgraph (n[0-9a-z]+) \[|(n[0-9a-z]+)[[({])/gm)].map((m) => (m[1] ?? m[2])!);
}

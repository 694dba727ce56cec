// The topology diagram: the tenant's directory beside the subscription's resource groups, with "has
// identity", "assigned to" and role assignment edges. What the last step created or changed is
// outlined; what it deleted is drawn as a faded ghost taken from the previous world.
import type { Outcome, World } from '../sim/index.ts';
import { accessible, describe, type Diagram, type Direction, type Marked, type Theme } from './diagram.ts';
import { lines, narrowLines, plain } from './escape.ts';
import { classLines, edgeLine, linkStyleLines, nodeLine, type Line } from './flowchart.ts';
import { around, countEntities, everything, mostRecent, WHOLE_PICTURE_MAX, type Selection } from './focus.ts';
import { buildGraph, type EdgeKind, type GCluster, type GEdge, type GNode, type Graph } from './graph.ts';
import { NodeIds } from './ids.ts';
import { classDefs, edgeStyle, type Mark } from './palette.ts';

export interface TopologyOptions {
  /** The world before the last step: what it deleted is drawn from here as ghosts. */
  previous?: World;
  /** What the last step did: created and changed things are outlined, and the focus follows them. */
  outcome?: Outcome;
  /** Entity ids (ARM ids, object ids) to centre on, or 'all' for the whole picture. */
  focus?: string[] | 'all';
  /** Keys of counted groups (`TopologyGroup.key`) to draw member by member. */
  expanded?: readonly string[];
  /**
   * Draw as the first release did (principals as stadiums, every edge labelled, no groups): kept only
   * so the benchmark can measure today's design against it in the same run.
   */
  baseline?: boolean;
  /** Top to bottom (the default), or left to right with narrow boxes, for a wide stage. */
  direction?: Direction;
  /**
   * For the presenter's stage: tighter gaps across the page (diagram.ts COMPACT), and a box holding
   * only one other box left out.
   */
  compact?: boolean;
  theme: Theme;
}

/** Principals drawn as one counted node: they hold the same roles on the same scopes. */
export interface TopologyGroup {
  /** Stable while its members hold those roles: pass it in `expanded` to draw them one by one. */
  key: string;
  /** The Mermaid node id it is drawn with (a click on that node expands it). */
  nodeId: string;
  count: number;
  /** "14 service principals with Key Vault Secrets User on key vault kv-1". */
  label: string;
}

export interface TopologyDiagram extends Diagram {
  /** Things drawn and things left out by the focus (nodes plus role assignments). */
  shown: number;
  hidden: number;
  /** Counted nodes drawn in place of several principals (collapsed ones only). */
  groups: TopologyGroup[];
  /** What the last step marked, among what is drawn. */
  marked: Marked;
}

/** From this many principals with the same roles on the same scopes, they are drawn as one counted node. */
export const GROUP_MIN = 3;

const TITLE = 'Topology: resources, identities and role assignments';
const MARK_WORD: Record<Mark, string> = { new: 'NEW', changed: 'CHANGED', deleted: 'DELETED', broken: 'BROKEN', ok: 'OK' };
const EDGE_ORDER: Record<EdgeKind, number> = { identity: 0, principal: 1, assigned: 2, role: 3, appRole: 4 };

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const lower = (ids: string[] | undefined) => new Set((ids ?? []).map((i) => i.toLowerCase()));

/** The graph of `world`, with ghosts of what `previous` had and `world` lost, and marks from the outcome. */
function markedGraph(world: World, previous: World | undefined, outcome: Outcome | undefined): Graph {
  const g = buildGraph(world);
  const created = lower(outcome?.created);
  const changed = lower(outcome?.changed);
  const orphaned = lower(outcome?.orphaned);
  const before = previous ? buildGraph(previous) : undefined;

  for (const [k, n] of g.nodes) {
    const isNew = created.has(k.toLowerCase()) || (before !== undefined && !before.nodes.has(k) && n.category !== 'missing');
    if (isNew) g.nodes.set(k, { ...n, mark: 'new' });
    else if (changed.has(k.toLowerCase())) g.nodes.set(k, { ...n, mark: 'changed' });
  }
  for (const [k, c] of g.clusters) {
    if (created.has(k) || (before && !before.clusters.has(k))) g.clusters.set(k, { ...c, mark: 'new' });
  }
  const refsBefore = new Set(before ? [...before.edges.values()].map((e) => e.ref) : []);
  for (const [k, e] of g.edges) {
    if (orphaned.has(e.ref) || (before && e.broken && !before.edges.has(k) && refsBefore.has(e.ref))) g.edges.set(k, { ...e, mark: 'changed' });
    else if (created.has(e.ref) || (before && !refsBefore.has(e.ref))) g.edges.set(k, { ...e, mark: 'new' });
  }
  if (!before) return g;

  for (const [k, c] of before.clusters) if (!g.clusters.has(k)) g.clusters.set(k, { ...c, mark: 'deleted' });
  for (const [k, n] of before.nodes) if (!g.nodes.has(k)) g.nodes.set(k, { ...n, mark: 'deleted' });
  const refsNow = new Set([...g.edges.values()].map((e) => e.ref));
  const exists = (k: string) => g.nodes.has(k) || g.clusters.has(k);
  for (const [k, e] of before.edges) {
    // An assignment still there is drawn as it is now (orphaned), not as the ghost of what it was.
    if (!g.edges.has(k) && !refsNow.has(e.ref) && exists(e.from) && exists(e.to)) g.edges.set(k, { ...e, mark: 'deleted' });
  }
  return g;
}

function chooseSelection(g: Graph, focus: TopologyOptions['focus']): { selection: Selection; why: string } {
  if (focus === 'all') return { selection: everything(g), why: 'all' };
  if (Array.isArray(focus)) {
    const wanted = lower(focus);
    const seeds = [...g.nodes.keys(), ...g.clusters.keys()].filter((k) => wanted.has(k.toLowerCase()));
    for (const e of g.edges.values()) if (wanted.has(e.ref)) seeds.push(e.key);
    return { selection: around(g, seeds), why: 'the chosen items' };
  }
  const marked = [
    ...[...g.nodes.values()].filter((n) => n.mark).map((n) => n.key),
    ...[...g.clusters.values()].filter((c) => c.mark).map((c) => c.key),
    ...[...g.edges.values()].filter((e) => e.mark).map((e) => e.key),
  ];
  if (marked.length) return { selection: around(g, marked), why: 'what the last step changed' };
  if (g.nodes.size <= WHOLE_PICTURE_MAX) return { selection: everything(g), why: 'all' };
  return { selection: around(g, mostRecent(g)), why: 'the most recently created items' };
}

/**
 * Principals that hold exactly the same role assignments (role and scope, all settled and drawn) and
 * nothing else that sets them apart (no mark, no app roles), GROUP_MIN or more of them: one node each
 * set. Render time follows node count; fourteen identical pills teach no more than one counted node.
 */
function groupPrincipals(g: Graph, s: Selection, expanded: ReadonlySet<string>): Map<string, GNode[]> {
  const bySignature = new Map<string, GNode[]>();
  const roles = new Map<string, GEdge[]>();
  const special = new Set<string>();
  for (const k of s.edges) {
    const e = g.edges.get(k)!;
    if (e.kind === 'role') roles.set(e.from, [...(roles.get(e.from) ?? []), e]);
    if (e.kind === 'appRole' || e.mark || e.broken || (e.kind === 'role' && e.label[2])) special.add(e.from).add(e.to);
  }
  for (const k of s.nodes) {
    const n = g.nodes.get(k)!;
    const held = roles.get(k);
    if (n.category !== 'entra' || n.mark || !held || special.has(k)) continue;
    const signature = held.map((e) => `${e.label[0]}>${e.to}`).sort().join('|');
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), n]);
  }
  const groups = new Map<string, GNode[]>();
  for (const [signature, members] of bySignature) {
    const key = `group:${signature}`;
    if (members.length >= GROUP_MIN && !expanded.has(key)) groups.set(key, members);
  }
  return groups;
}

const words = (n: GNode) => plain(n.noun ? `${n.noun} ${plain(n.name)}` : n.detail ? `${n.name} (${n.kind}, ${n.detail})` : `${n.name} (${n.kind})`, 200);

/** The state word, on a line of its own above the label: colour is never the only sign. */
function markLine(mark: Mark | undefined, broken = false): string {
  return mark === 'changed' && broken ? 'NOW ORPHANED' : mark ? MARK_WORD[mark] : '';
}

/** Left to right, a box's lines wrap at about this many characters. */
const NARROW = 18;
const NARROW_EDGE = 14;

function nodeLabel(n: GNode, narrow: boolean): string {
  const mark = markLine(n.mark);
  const rest = narrow ? [n.kind, n.detail ?? ''].flatMap((l) => narrowLines(l, NARROW)) : [n.kind, n.detail ?? ''];
  return [mark ? `${lines([mark])}<br/>` : '', `<b>${lines([plain(n.name)])}</b>`, `<br/>${lines(rest)}`].join('');
}

/**
 * What an edge says. The arrow already points at the scope, and a principal's own label says whose
 * identity it is: only the role (and "at …" where the arrow ends on a box), "assigned to", and the
 * state words are written. The baseline writes every label line, as the first release did.
 */
function edgeLabel(e: GEdge, g: Graph, baseline: boolean, narrow: boolean): string {
  if (baseline) return lines([markLine(e.mark, e.broken), ...e.label]);
  let label = e.label;
  if (e.kind === 'identity' || e.kind === 'principal') label = [];
  else if (e.kind === 'role' && g.nodes.has(e.to)) label = [e.label[0] ?? '', ...e.label.slice(2)];
  return lines([markLine(e.mark, e.broken), ...(narrow ? label.flatMap((l) => narrowLines(l, NARROW_EDGE)) : label)]);
}

function edgeSentence(g: Graph, e: GEdge): string {
  const from = g.nodes.get(e.from);
  const toNode = g.nodes.get(e.to);
  const to = toNode ? words(toNode) : plain(g.clusters.get(e.to)?.title ?? '', 80);
  const who = from ? words(from) : '';
  const lead = e.mark === 'deleted' ? 'Removed: ' : '';
  const label = e.label.filter(Boolean).map((l) => plain(l, 80));
  let s: string;
  switch (e.kind) {
    case 'identity':
      s = `${who} has the system-assigned identity ${to}`;
      break;
    case 'principal':
      s = `${who} has the principal ${to}`;
      break;
    case 'assigned':
      s = e.broken ? `${who} is still assigned to ${to} (${label.slice(1).join(', ')})` : `${who} is assigned to ${to}`;
      break;
    case 'role':
      s = `${who} ${e.broken ? 'still holds' : 'has'} the role ${label.join(', ')}${e.broken ? ': an orphaned assignment' : ''}`;
      break;
    case 'appRole':
      s = `${who} has the ${label.join(', ')} of ${to}`;
      break;
  }
  return lead ? `${lead}${s}.` : `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function changeSentences(g: Graph, s: Selection): string[] {
  const out: string[] = [];
  const list = (mark: Mark, title: string) => {
    const items = [
      ...[...g.clusters.values()].filter((c) => c.mark === mark && s.clusters.has(c.key)).map((c) => plain(c.title, 80)),
      ...[...g.nodes.values()].filter((n) => n.mark === mark && s.nodes.has(n.key)).map(words),
      ...[...g.edges.values()].filter((e) => e.mark === mark && e.kind === 'role' && s.edges.has(e.key)).map((e) => `role assignment ${e.label.filter(Boolean).map((l) => plain(l, 80)).join(' ')}`),
    ];
    if (items.length) out.push(`${title}: ${items.join('; ')}.`);
  };
  list('new', 'New');
  list('changed', 'Changed or now orphaned');
  list('deleted', 'Deleted');
  return out;
}

export function topology(world: World, options: TopologyOptions): TopologyDiagram {
  const g = markedGraph(world, options.previous, options.outcome);
  const { selection: s, why } = chooseSelection(g, options.focus);
  const total = countEntities(g);
  const shown = countEntities(g, s);
  const hidden = total - shown;

  const baseline = !!options.baseline;
  const direction = options.direction ?? 'TB';
  const narrow = direction === 'LR';
  const grouped = baseline ? new Map<string, GNode[]>() : groupPrincipals(g, s, new Set(options.expanded ?? []));
  const groupOf = new Map<string, string>();
  for (const [key, members] of grouped) for (const m of members) groupOf.set(m.key, key);

  const ids = new NodeIds();
  for (const k of [...s.clusters, ...s.nodes, ...grouped.keys()].sort()) ids.of(k);

  // By name, then key: plain code-unit order, the same in every runtime (no locale collation).
  const nameOf = (n: GNode) => n.name.toLowerCase();
  const groupNodes: GNode[] = [...grouped].map(([key, members]) => ({
    key,
    category: 'entra',
    shape: 'round',
    name: `${members.length} service principals`,
    kind: 'same roles on the same scopes',
    noun: '',
    detail: 'select to show each',
    cluster: members[0]!.cluster,
    time: 0,
    seq: 0,
  }));
  const nodes = [...[...s.nodes].filter((k) => !groupOf.has(k)).map((k) => g.nodes.get(k)!), ...groupNodes].sort((a, b) =>
    nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : byKey(a, b),
  );
  const clusters = [...s.clusters].map((k) => g.clusters.get(k)!).sort(byKey);
  const allEdges = [...s.edges].map((k) => g.edges.get(k)!).sort((a, b) => EDGE_ORDER[a.kind] - EDGE_ORDER[b.kind] || byKey(a, b));
  // Edges of grouped principals end at their group; the group's role edges are drawn once.
  const drawnEdges = new Map<string, GEdge>();
  for (const e of allEdges) {
    const from = groupOf.get(e.from) ?? e.from;
    const to = groupOf.get(e.to) ?? e.to;
    const key = from === e.from && to === e.to ? e.key : `${e.kind}|${from}|${to}|${e.kind === 'role' ? e.label.join('|') : e.ref}`;
    if (!drawnEdges.has(key)) drawnEdges.set(key, { ...e, key, from, to });
  }
  const edges = [...drawnEdges.values()];

  const body: string[] = [];
  /**
   * Compact, a box that holds nothing but one other box (a subscription around its one resource group)
   * is left out: one title band instead of two nested ones, and no outer title wider than what it holds.
   * A simplification for the stage: the side panel draws the subscription.
   */
  const soleChild = (c: GCluster): GCluster | undefined => {
    if (!options.compact || c.mark) return undefined;
    const inner = clusters.filter((x) => x.parent === c.key);
    const only = inner.length === 1 ? inner[0]! : undefined;
    if (!only || only.mark || nodes.some((n) => n.cluster === c.key) || edges.some((e) => e.from === c.key || e.to === c.key)) return undefined;
    return only;
  };
  const write = (parent: string, indent: string) => {
    for (const outer of clusters.filter((x) => x.parent === parent)) {
      const only = soleChild(outer);
      const c = only ?? outer;
      const title = c.mark ? `${MARK_WORD[c.mark]} · ${c.title}` : c.title;
      body.push(`${indent}subgraph ${ids.of(c.key)} ["${lines([title])}"]`);
      write(c.key, `${indent}  `);
      body.push(`${indent}end`);
    }
    for (const n of nodes.filter((x) => x.cluster === parent || (parent === '' && !s.clusters.has(x.cluster)))) {
      body.push(nodeLine(ids.of(n.key), baseline && n.shape === 'round' ? 'stadium' : n.shape, nodeLabel(n, narrow), indent));
    }
  };
  write('', '  ');

  // One linkStyle per edge at most: Mermaid replaces an edge's style rather than adding to it.
  const styles = new Map<string, number[]>();
  edges.forEach((e, i) => {
    const line: Line = e.broken || e.mark === 'deleted' ? 'dotted' : e.kind === 'role' || e.kind === 'appRole' ? 'thick' : 'solid';
    body.push(edgeLine(ids.of(e.from), ids.of(e.to), line, edgeLabel(e, g, baseline, narrow)));
    const style = edgeStyle({ deleted: e.mark === 'deleted', broken: !!e.broken, highlight: e.mark === 'new' || e.mark === 'changed' }, options.theme);
    if (style) styles.set(style, [...(styles.get(style) ?? []), i]);
  });

  const members = new Map<string, string[]>();
  const classify = (name: string, id: string) => members.set(name, [...(members.get(name) ?? []), id]);
  for (const n of nodes) classify(n.category, ids.of(n.key));
  for (const n of nodes) if (n.mark) classify(n.mark, ids.of(n.key));
  for (const c of clusters) if (c.mark) classify(c.mark, ids.of(c.key));

  const focusSentence =
    why === 'all' ? `Showing all ${total} items.` : `Showing ${shown} of ${total} items, around ${why}; ${hidden} hidden.`;
  const drawnNodesWithEdges = new Set(allEdges.flatMap((e) => [e.from, e.to]));
  // Things already named as new, changed or deleted are not repeated as "also shown".
  const lonely = [...s.nodes].map((k) => g.nodes.get(k)!).filter((n) => !drawnNodesWithEdges.has(n.key) && !n.mark).map(words);
  const groups: TopologyGroup[] = [...grouped].map(([key, members]) => {
    const held = allEdges.filter((e) => e.kind === 'role' && e.from === members[0]!.key);
    const what = held.map((e) => e.label.filter(Boolean).map((l) => plain(l, 80)).join(' ')).join('; ');
    return { key, nodeId: ids.of(key), count: members.length, label: `${members.length} service principals with ${what}` };
  });
  const groupSentences = [...grouped].map(([, members], i) => `Drawn as one node: ${groups[i]!.label} (${members.map((m) => plain(m.name, 40)).join(', ')}).`);
  const description = describe([
    focusSentence,
    nodes.length === 0 ? 'Nothing to draw yet: create a resource group and a resource in it.' : '',
    ...changeSentences(g, s),
    ...groupSentences,
    ...allEdges.map((e) => edgeSentence(g, e)),
    lonely.length ? `Also shown: ${lonely.join('; ')}.` : '',
  ]);

  const text = [
    ...accessible(`flowchart ${direction}`, TITLE, description, options.compact),
    ...classDefs(options.theme),
    ...body,
    ...classLines(members),
    ...linkStyleLines(styles),
  ].join('\n');
  const marked: Marked = {
    nodes: [...clusters, ...nodes].filter((x) => x.mark).map((x) => ids.of(x.key)),
    edges: edges.filter((e) => e.mark).map((e) => ({ from: ids.of(e.from), to: ids.of(e.to) })),
  };
  return { text, title: TITLE, description, shown, hidden, groups, marked };
}

// Which part of the graph to draw. Mermaid lays out on the main thread (about 10 ms per node here), so
// by default the topology shows what the last step touched plus one hop, and the whole picture only
// when it is small or asked for.
import type { Graph } from './graph.ts';

export interface Selection {
  /** Node keys to draw. */
  nodes: Set<string>;
  /** Cluster keys to draw (the boxes around drawn nodes, and boxes that are scopes of drawn edges). */
  clusters: Set<string>;
  edges: Set<string>;
}

/** Up to this many nodes the whole picture is drawn when nothing in particular changed (about 200 ms here). */
export const WHOLE_PICTURE_MAX = 16;

function withAncestors(g: Graph, nodes: Set<string>, clusters: Set<string>): Set<string> {
  const out = new Set<string>();
  const climb = (k: string) => {
    for (let c = g.clusters.get(k); c && !out.has(c.key); c = g.clusters.get(c.parent)) out.add(c.key);
  };
  for (const n of nodes) climb(g.nodes.get(n)?.cluster ?? '');
  for (const c of clusters) climb(c);
  return out;
}

function select(g: Graph, nodes: Set<string>, scopeClusters: Set<string>): Selection {
  const clusters = withAncestors(g, nodes, scopeClusters);
  const drawn = (k: string) => nodes.has(k) || clusters.has(k);
  const edges = new Set([...g.edges.values()].filter((e) => drawn(e.from) && drawn(e.to)).map((e) => e.key));
  return { nodes, clusters, edges };
}

/** Every node and every box, empty resource groups included. */
export function everything(g: Graph): Selection {
  return select(g, new Set(g.nodes.keys()), new Set(g.clusters.keys()));
}

/**
 * The seeds (node, cluster or edge keys) and one hop around them: their identities and principals,
 * the role assignments they hold or that point at them, and the other end of those. A resource and its
 * own principal count as one thing seen in two planes, so each brings the other along.
 */
export function around(g: Graph, seeds: Iterable<string>): Selection {
  const core = new Set<string>();
  for (const s of seeds) {
    const e = g.edges.get(s);
    if (e) {
      core.add(e.from);
      core.add(e.to);
    } else if (g.nodes.has(s) || g.clusters.has(s)) core.add(s);
  }
  const picked = new Set(core);
  for (const e of g.edges.values()) {
    if (core.has(e.from)) picked.add(e.to);
    if (core.has(e.to)) picked.add(e.from);
  }
  for (const e of g.edges.values()) {
    if ((e.kind === 'identity' || e.kind === 'principal') && (picked.has(e.from) || picked.has(e.to))) {
      picked.add(e.from);
      picked.add(e.to);
    }
  }
  const nodes = new Set([...picked].filter((k) => g.nodes.has(k)));
  const scopes = new Set([...picked].filter((k) => g.clusters.has(k)));
  return select(g, nodes, scopes);
}

/**
 * "Most recently touched": the newest resource, the newest principal and the newest role assignment
 * (creation time, then creation order: the sandbox clock often stands still), those of them made last.
 */
export function mostRecent(g: Graph): string[] {
  const newest = <T extends { time: number; seq: number }>(items: T[]) =>
    items.reduce<T | undefined>((best, x) => (!best || x.time > best.time || (x.time === best.time && x.seq > best.seq) ? x : best), undefined);
  const nodes = [...g.nodes.values()].filter((n) => n.time > 0);
  const picks = [
    newest(nodes.filter((n) => n.category !== 'entra')),
    newest(nodes.filter((n) => n.category === 'entra')),
    newest([...g.edges.values()].filter((e) => e.kind === 'role')),
  ].filter((x) => x !== undefined);
  const latest = Math.max(...picks.map((p) => p.time));
  return picks.filter((p) => p.time === latest).map((p) => p.key);
}

/** How many things a selection holds (or the graph, without one): nodes, resource groups, role and app role assignments. */
export function countEntities(g: Graph, s?: Selection): number {
  const assignments = [...g.edges.values()].filter((e) => (e.kind === 'role' || e.kind === 'appRole') && (!s || s.edges.has(e.key)));
  const groups = [...g.clusters.values()].filter((c) => c.item && (!s || s.clusters.has(c.key)));
  return (s ? s.nodes.size : g.nodes.size) + groups.length + assignments.length;
}

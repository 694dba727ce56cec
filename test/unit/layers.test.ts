// The layers import only downward. src/sim is the bottom: it imports nothing of the app around it, and
// inside it the core modules stay below the control plane, the control plane below the token side, and
// both below the modules that put them together. The UI reaches the simulation only through its public
// entry points. Every relative import (types included) is read from the source text.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|svelte)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?[^;]*?\s+from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Each file (relative to src/) and the files it imports (relative to src/; outside src kept as '../…'). */
const graph = new Map<string, string[]>(
  sources(SRC).map((file) => {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(IMPORT)]
      .map((m) => m[1] ?? m[2] ?? m[3]!)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(SRC, resolve(dirname(file), spec)).split('\\').join('/'));
    return [relative(SRC, file).split('\\').join('/'), deps];
  }),
);

/** The import cycles among files, each as a list of files. */
function cycles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      // A Svelte component that renders itself (a tree) imports itself: recursion, not a cycle.
      if (!graph.has(g) || g === f) continue;
      if (state.get(g) === 'open') found.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

/** Imports that break a rule: `from` matches the importer, `to` a forbidden target. */
function breaking(from: (f: string) => boolean, to: (d: string) => boolean): string[] {
  return [...graph].flatMap(([f, deps]) => (from(f) ? deps.filter(to).map((d) => `${f} -> ${d}`) : []));
}

// Inside src/sim, from the bottom up.
const COMPOSITION = new Set(['sim/actions.ts', 'sim/apply.ts', 'sim/describe.ts', 'sim/scenario.ts', 'sim/index.ts']);
const isControl = (f: string) => f === 'sim/control.ts' || f.startsWith('sim/control/');
const isToken = (f: string) => f.startsWith('sim/token/');
const isSim = (f: string) => f.startsWith('sim/');
const isCore = (f: string) => isSim(f) && !isControl(f) && !isToken(f) && !COMPOSITION.has(f);

// The simulation's public entry points: the API, and the authority's documents, loaded apart so that
// pages fetch jose and the signing keys only when they need them.
const PUBLIC = new Set(['sim/index.ts', 'sim/token/index.ts']);

// No file above the simulation reaches past its public API.
const DEEP_IMPORTS_ALLOWED = new Set<string>();

const KNOWN_CYCLES = new Set<string>();

describe('layers', () => {
  it('no file imports itself through others (no cycles)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles().map((c) => c.join(' -> ')).filter((c) => !KNOWN_CYCLES.has(c))).toEqual([]);
  });

  it('src/sim imports nothing above it (UI, lessons, diagrams, console, machine, persistence)', () => {
    expect(breaking(isSim, (d) => !isSim(d) && !d.endsWith('.json'))).toEqual([]);
  });

  it('inside src/sim: core below the control plane, the control plane below tokens, both below the composition', () => {
    expect(breaking(isCore, (d) => isControl(d) || isToken(d) || COMPOSITION.has(d))).toEqual([]);
    expect(breaking(isControl, (d) => isToken(d) || COMPOSITION.has(d))).toEqual([]);
    expect(breaking(isToken, (d) => COMPOSITION.has(d))).toEqual([]);
  });

  it('the UI, and everything else above the simulation, reaches it only through its public entry points', () => {
    const deep = breaking((f) => !isSim(f) && !DEEP_IMPORTS_ALLOWED.has(f), (d) => isSim(d) && !PUBLIC.has(d));
    expect(deep).toEqual([]);
  });

  it('the rule is not vacuous: a deep import would be caught', () => {
    expect(graph.get('ui/kind.ts')).toContain('sim/index.ts');
    expect(breaking((f) => f === 'sim/control.ts', (d) => d === 'sim/run.ts')).toEqual(['sim/control.ts -> sim/run.ts']);
  });
});

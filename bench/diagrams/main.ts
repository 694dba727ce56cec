// Browser harness for the diagram pipeline: renders generated diagrams through DiagramView and the one
// render queue, times them, and checks that hostile names stay text. Driven by measure.ts; it can also
// be opened by hand (`npx vite`, then /bench/diagrams/) and run from the console.
import { mount } from 'svelte';
import { accessPath, flow, plain, topology, type Diagram } from '../../src/diagram/index.ts';
import { DEMO, HOSTILE, hostileWorld, last, play, realCalls, worldOfSize } from '../../test/unit/diagram/worlds.ts';
import { RenderQueue } from '../../src/ui/diagram/queue.ts';
import { draw } from '../../src/ui/diagram/mermaid.ts';
import { afterPaint, renderQueue } from '../../src/ui/diagram/renderer.ts';
import Bench from './Bench.svelte';

const bench = mount(Bench, { target: document.getElementById('bench')! });

let longest = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
}).observe({ type: 'longtask', buffered: true });

const RUNS = 9;
const round = (x: number) => Math.round(x * 10) / 10;
function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: round(at(0.5)), p95: round(at(0.95)), min: round(s[0]!), max: round(s[s.length - 1]!) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function whenIdle(): Promise<void> {
  while (!renderQueue.idle) await sleep(20);
}

/** Render `d` in the topology slot again and again, forcing a real render each time. */
async function timeRenders(d: Diagram, other: Diagram) {
  const raw: number[] = [];
  const wall: number[] = [];
  const longs: number[] = [];
  const hits: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await bench.show('topology', other);
    renderQueue.cache.delete(RenderQueue.key(d.text, 'light'));
    longest = 0;
    const r = await bench.show('topology', d);
    await sleep(60); // let the long-task observer report
    raw.push(r.ms);
    wall.push(r.wall);
    longs.push(longest);
  }
  const painted: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await bench.show('topology', other);
    await afterPaint();
    const start = performance.now();
    const h = await bench.show('topology', d);
    if (!h.cached) throw new Error('expected a cache hit');
    hits.push(h.wall);
    // Until the frame with the cached SVG has been painted.
    await afterPaint();
    painted.push(performance.now() - start);
  }
  return { mermaid: stats(raw), onScreen: stats(wall), longestTask: stats(longs), cacheHit: stats(hits), cacheHitPainted: stats(painted) };
}

async function run() {
  const demo = play(DEMO);
  const granted = demo[4]!;
  const first = topology(granted.world, { previous: granted.previous, outcome: granted.outcome, theme: 'light' });
  longest = 0;
  const cold = await bench.show('topology', first);
  await sleep(60);
  const report: Record<string, unknown> = { firstDiagram: { onScreen: round(cold.wall), mermaid: round(cold.ms), longestTask: round(longest) } };

  const sizes: unknown[] = [];
  for (const n of [10, 20, 50]) {
    const d = topology(worldOfSize(n), { focus: 'all', theme: 'light' });
    const edges = d.text.split('\n').filter((l) => /-->|==>|-\.->/.test(l)).length;
    sizes.push({ entities: n, drawn: d.shown, edges, chars: d.text.length, ...(await timeRenders(d, first)) });
  }
  report.topology = sizes;

  // The default focus on a 50-node world after one change: what a learner actually sees.
  const big = worldOfSize(50);
  const step = play([{ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'vm-new', identity: { systemAssigned: true } }], big)[0]!;
  const focused = topology(step.world, { previous: step.previous, outcome: step.outcome, theme: 'light' });
  report.focusedAfterChangeIn50 = { drawn: focused.shown, hidden: focused.hidden, ...(await timeRenders(focused, first)) };

  // Adaptive debounce: eight different 20-node texts requested 30 ms apart (a held Ctrl+Z).
  const variants = Array.from({ length: 8 }, (_, i) => topology(worldOfSize(20, `burst-${i}`), { focus: 'all', theme: 'light' }));
  await whenIdle();
  const before = renderQueue.renders;
  const burstStart = performance.now();
  let lastShown: Promise<unknown> = Promise.resolve();
  for (const v of variants) {
    lastShown = bench.show('topology', v);
    await sleep(30);
  }
  await lastShown;
  report.burst = { requests: variants.length, renders: renderQueue.renders - before, lastOnScreenAfterMs: round(performance.now() - burstStart) };

  // Sequence and access path diagrams.
  // The simulation's own answers: a token from IMDS, the vault's 403 to Reader, its 401 to an ARM token.
  const calls = await realCalls();
  const f = flow(calls.token, calls.forbidden, { source: 'web-1', target: 'kv-demo-1' });
  const a = accessPath(calls.forbidden, { world: calls.refusedWorld });
  const a401 = accessPath(calls.wrongAudience, { world: calls.world });
  const fShown = await bench.show('flow', f);
  const aShown = await bench.show('access', a);
  const a401Shown = await bench.show('access', a401);
  report.flow = { mermaid: round(fShown.ms), onScreen: round(fShown.wall) };
  report.accessPath = { mermaid: round(aShown.ms), onScreen: round(aShown.wall), wrongAudience: round(a401Shown.ms) };

  // Dark theme renders too.
  const dark = await bench.show('topology', topology(granted.world, { theme: 'dark' }), 'dark');
  report.dark = { mermaid: round(dark.ms) };
  await bench.show('topology', first, 'light');

  // Hostile names: drawn as text, nothing runs, no element or attribute comes from a name.
  const h = hostileWorld();
  const ht = topology(h.world, { previous: h.previous, outcome: h.outcome, theme: 'light', focus: 'all' });
  const hf = flow(calls.token, calls.forbidden, { source: HOSTILE[4]!, target: HOSTILE[3]! });
  const ha = accessPath(calls.forbidden, { world: h.world });
  const shownHostile = [await bench.show('topology', ht), await bench.show('flow', hf), await bench.show('access', ha)];
  await sleep(200);
  const root = document.getElementById('bench')!;
  const svgText = root.textContent ?? '';
  const attributes = [...root.querySelectorAll('svg *')].flatMap((el) => [...el.attributes].map((at) => at.name));
  report.hostile = {
    rendered: shownHostile.every((s) => s.ms >= 0),
    errors: [...root.querySelectorAll('.error')].map((e) => e.textContent),
    pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
    dangerousElements: root.querySelectorAll('svg img, svg script, svg iframe, svg a, svg use[href^="http"]').length,
    eventAttributes: attributes.filter((n) => /^on/i.test(n)),
    // Every name shows as its own text (cut at 40 characters, one line; zero-width spaces aside).
    namesNotShown: HOSTILE.map((n) => plain(n)).filter((n) => !svgText.replace(/\u200B/g, '').includes(n)),
    descriptionMatches: [ht, hf, ha].every((d) => root.textContent?.includes(d.description)),
  };
  report.cache = { entries: renderQueue.cache.count, renders: renderQueue.renders };
  return report;
}

// For measure.ts and for trying things by hand in the console.
const fixtures = { DEMO, HOSTILE, hostileWorld, play, realCalls, worldOfSize };
Object.assign(window, { diagramBench: { run, show: bench.show, draw, topology, flow, accessPath, fixtures } });

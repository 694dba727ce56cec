// The render queue and its cache, with a fake Mermaid and a fake clock: renders never overlap, stale
// requests are dropped, the same text is drawn once, failures are remembered, bursts are coalesced.
import { describe, expect, it } from 'vitest';
import { SvgCache, type SvgEntry } from '../../../src/ui/diagram/cache.ts';
import { RenderQueue, withId, type RenderResult } from '../../../src/ui/diagram/queue.ts';

/** A fake Mermaid: each draw waits until the test finishes it, and records what was drawn. */
function fakeMermaid(renderMs = 100) {
  let clock = 0;
  let active = 0;
  const state = { maxActive: 0, drawn: [] as string[], fail: new Set<string>() };
  const waiting: Array<() => void> = [];
  const deps = {
    now: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
    yieldToPaint: async () => {},
    draw: (text: string): Promise<SvgEntry> =>
      new Promise((resolve, reject) => {
        active++;
        state.maxActive = Math.max(state.maxActive, active);
        waiting.push(() => {
          active--;
          clock += renderMs;
          state.drawn.push(text);
          if (state.fail.has(text)) reject(new Error(`Parse error on line 2: ${text}`));
          else resolve({ svg: `<svg id="r${state.drawn.length}x">${text}</svg>`, id: `r${state.drawn.length}x` });
        });
      }),
  };
  /** Let queued microtasks run, then finish the draw in progress (if any). */
  const finish = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    waiting.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  const drain = async () => {
    for (let i = 0; i < 20; i++) await finish();
  };
  return { deps, state, finish, drain, advance: (ms: number) => (clock += ms) };
}

const svgOf = (r: RenderResult) => (r.status === 'done' ? r.entry.svg : r.status);

describe('RenderQueue', () => {
  it('draws one text at a time, whatever the number of slots asking', async () => {
    const m = fakeMermaid();
    const q = new RenderQueue(m.deps);
    const results = Promise.all(['a', 'b', 'c'].map((t, i) => q.request({ slot: `s${i}`, text: t, theme: 'light' })));
    await m.drain();
    expect((await results).map(svgOf)).toEqual(['<svg id="r1x">a</svg>', '<svg id="r2x">b</svg>', '<svg id="r3x">c</svg>']);
    expect(m.state.maxActive).toBe(1);
  });

  it('drops a waiting request when a newer one for the same slot arrives', async () => {
    const m = fakeMermaid();
    const q = new RenderQueue(m.deps);
    const first = q.request({ slot: 'topology', text: 'one', theme: 'light' });
    await Promise.resolve();
    const second = q.request({ slot: 'topology', text: 'two', theme: 'light' });
    const third = q.request({ slot: 'topology', text: 'three', theme: 'light' });
    await m.drain();
    expect(svgOf(await first)).toContain('one'); // already being drawn: it finishes
    expect((await second).status).toBe('superseded');
    expect(svgOf(await third)).toContain('three');
    expect(m.state.drawn).toEqual(['one', 'three']);
  });

  it('draws a text once: a repeat while it is drawn shares the render, a later one comes from the cache', async () => {
    const m = fakeMermaid();
    const q = new RenderQueue(m.deps);
    const a = q.request({ slot: 'flow', text: 'same', theme: 'light' });
    await Promise.resolve();
    await Promise.resolve();
    const b = q.request({ slot: 'flow', text: 'same', theme: 'light' });
    await m.drain();
    expect(svgOf(await b)).toBe(svgOf(await a));
    const c = await q.request({ slot: 'flow', text: 'same', theme: 'light' });
    expect(c).toMatchObject({ status: 'done', cached: true, ms: 0 });
    expect(q.cached('same', 'light')?.svg).toBe(svgOf(c));
    expect(m.state.drawn).toEqual(['same']);
  });

  it('keeps themes apart in the cache', async () => {
    const m = fakeMermaid();
    const q = new RenderQueue(m.deps);
    const light = q.request({ slot: 'x', text: 't', theme: 'light' });
    await m.drain();
    await light;
    expect(q.cached('t', 'dark')).toBeUndefined();
  });

  it('reports an error without throwing, and does not retry the same text', async () => {
    const m = fakeMermaid();
    m.state.fail.add('bad');
    const q = new RenderQueue(m.deps);
    const r = q.request({ slot: 'x', text: 'bad', theme: 'light' });
    await m.drain();
    expect(await r).toEqual({ status: 'error', message: 'Parse error on line 2: bad' });
    expect(await q.request({ slot: 'x', text: 'bad', theme: 'light' })).toEqual({ status: 'error', message: 'Parse error on line 2: bad' });
    expect(m.state.drawn).toEqual(['bad']);
  });

  it('waits for a pause when a slot is redrawn in quick succession and renders are slow', async () => {
    const m = fakeMermaid(300);
    const q = new RenderQueue(m.deps);
    const warm = q.request({ slot: 'topology', text: 'v0', theme: 'light' });
    await m.drain();
    await warm;
    expect(q.lastMs).toBe(300);
    // Requests 50 ms apart: each one replaces the last while the queue waits for 300 ms of quiet.
    const results: Promise<RenderResult>[] = [];
    for (let i = 1; i <= 5; i++) {
      results.push(q.request({ slot: 'topology', text: `v${i}`, theme: 'light' }));
      m.advance(50);
    }
    await m.drain();
    const statuses = (await Promise.all(results)).map((r) => r.status);
    expect(statuses).toEqual(['superseded', 'superseded', 'superseded', 'superseded', 'done']);
    expect(m.state.drawn).toEqual(['v0', 'v5']);
  });

  it('does not count states shown from the cache as a burst: undo, redo, then a new action draws at once', async () => {
    const m = fakeMermaid(300);
    const q = new RenderQueue(m.deps);
    for (const t of ['v0', 'v1']) {
      const r = q.request({ slot: 'topology', text: t, theme: 'light' });
      await m.drain();
      await r;
      m.advance(1000);
    }
    expect((await q.request({ slot: 'topology', text: 'v0', theme: 'light' })).status).toBe('done'); // undo: cached
    m.advance(50);
    expect((await q.request({ slot: 'topology', text: 'v1', theme: 'light' })).status).toBe('done'); // redo: cached
    m.advance(50);
    const start = m.deps.now();
    const fresh = q.request({ slot: 'topology', text: 'v2', theme: 'light' });
    await m.drain();
    expect((await fresh).status).toBe('done');
    // Only the render itself (300 ms), no debounce wait in front of it.
    expect(m.deps.now() - start).toBeLessThanOrEqual(300 + 20);
  });

  it('does not wait after a pause, nor when renders are fast', async () => {
    const m = fakeMermaid(10);
    const q = new RenderQueue(m.deps);
    for (const t of ['a', 'b', 'c']) {
      const r = q.request({ slot: 'topology', text: t, theme: 'light' });
      await m.drain();
      expect((await r).status).toBe('done');
    }
    expect(m.state.drawn).toEqual(['a', 'b', 'c']);
  });
});

describe('withId', () => {
  it("replaces Mermaid's id everywhere in the SVG, so two copies on a page never share ids", () => {
    const entry = { id: 'mdr3x', svg: '<svg id="mdr3x"><style>#mdr3x .node{}</style><marker id="mdr3x_arrow"/><path marker-end="url(#mdr3x_arrow)"/></svg>' };
    expect(withId(entry, 'diagram-2-svg')).toBe('<svg id="diagram-2-svg"><style>#diagram-2-svg .node{}</style><marker id="diagram-2-svg_arrow"/><path marker-end="url(#diagram-2-svg_arrow)"/></svg>');
  });
});

describe('SvgCache', () => {
  it('forgets the least recently used entry first, by count and by size', () => {
    const c = new SvgCache(2, 1000);
    c.set('a', { id: 'a', svg: 'A' });
    c.set('b', { id: 'b', svg: 'B' });
    c.get('a');
    c.set('c', { id: 'c', svg: 'C' });
    expect([c.get('a')?.svg, c.get('b')?.svg, c.get('c')?.svg]).toEqual(['A', undefined, 'C']);
    const small = new SvgCache(10, 5);
    small.set('x', { id: 'x', svg: '123' });
    small.set('y', { id: 'y', svg: '456' });
    expect(small.get('x')).toBeUndefined();
    expect(small.get('y')?.svg).toBe('456');
    // An entry larger than the budget is still kept while it is the newest: it is being shown.
    small.set('z', { id: 'z', svg: '1234567' });
    expect(small.count).toBe(1);
  });
});

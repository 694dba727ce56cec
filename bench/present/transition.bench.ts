// Main-thread cost of animated diagram transitions (src/ui/diagram/animate.ts), in the built app:
//   npm run bench:present            (SIZE=50 STEPS=10 RUNS=2 to change the defaults; CACHED=1 for the
//                                     measure with the drawings in the cache alone)
// A world of SIZE entities (the app benchmark's builder) opened from a link with its last STEPS actions
// as history, "Show everything" ticked so each drawing holds the whole picture, then Undo step by step.
// Each run does that twice, with the animation setting on and off, and reports per step:
// - the transition's own work: the User Timing entries `diagram-transition` (remembering where everything
//   was, then reading the new drawing and starting the animations), median, p95 and max, against the
//   budget of 20 ms;
// - the main thread's CPU time for the whole step (Chrome's ThreadTime metric, from the click until
//   600 ms after the new drawing is in: rendering it, laying it out, the animation's frames), with the
//   animation and without: the difference is what animating adds, style, layout and paint included.
// CPU time rather than wall time: the machine may be busy with other work, which stretches wall time.
// The whole step's CPU varies by tens of ms from page to page (Mermaid's render, garbage collection), so
// the bench also takes each step with its drawing already in the cache, with and without the animation
// in turns in one page (going back with Redo between): what animating adds, with far less noise.
// VERIFY=1 also checks that each kept node starts its glide where it was (in the canvas's content, placed
// in the canvas's parent: the canvas itself may move), and that each window's copy of its node lines up
// with the node in the drawing itself.
// WHOLE=0 measures the topology as it is drawn by default (around what each step changed) instead of
// the whole picture. PRESENT=1 measures presenter mode instead (`#present&from=<link>`, each of the link's
// last STEPS actions a step, the stage drawing what a teacher shows): drawings cached, each step forward
// taken with and without animating in one page (`prefers-reduced-motion` turns it off), CACHED-style.
// Both also print each step's figure with how many parts glided and how many nodes were drawn.
// TRACE=file records a Chrome trace of the first run's animated steps.
// GC=1 collects garbage before each measured step of the cached measure (Chromium started with
// --expose-gc), so a collection owed by earlier steps lands on neither side: steadier medians.
import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { encodeShareLink } from '../../src/persist/index.ts';
import { scenarioOf } from '../scenario.ts';
import { percentile } from '../stats.ts';

const root = resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.BENCH_PORT ?? 4219);
const SIZE = Number(process.env.SIZE ?? 50);
const STEPS = Number(process.env.STEPS ?? 10);
const RUNS = Number(process.env.RUNS ?? 2);
const VERIFY = !!process.env.VERIFY;
/** CACHED=1: only the measure with the drawings in the cache (quicker). */
const CACHED_ONLY = !!process.env.CACHED;
/** PRESENT=1: only the measure in presenter mode (cached drawings, the stage's own view of each step). */
const PRESENT = !!process.env.PRESENT;
/** WHOLE=0: the topology as it is drawn by default (around what each step changed), not the whole picture. */
const WHOLE = process.env.WHOLE !== '0';

const SETTING = 'managed-identity-sandbox/animate-diagrams';
const DRAWING = '.diagram-view .canvas > svg';
/** Mermaid's node ids end with a counter that shifts between drawings (as in animate.ts). */
const NODE_KEY = /^.*?flowchart-(.+)-\d+$/;

interface Pass {
  /** `diagram-transition` per step (ms); empty without animation. */
  own: number[];
  /** Main-thread CPU time per step (ms). */
  cpu: number[];
  nodes: number[];
  /** Largest distance between a kept node's place before the step and its glide's first frame (px). */
  drift: number;
}

async function pass(browser: Browser, link: string, animate: boolean, trace?: string): Promise<Pass> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await page.addInitScript(([key, on]) => localStorage.setItem(key, on), [SETTING, animate ? 'on' : 'off'] as const);
    const threadTime = await cpuClock(page);
    await page.goto(link);
    const panel = page.getByRole('region', { name: 'Diagrams' });
    if (WHOLE) await panel.getByRole('checkbox', { name: 'Show everything' }).check();
    await panel.locator(DRAWING).first().waitFor();
    await page.waitForTimeout(1500);
    if (trace) await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'blink.user_timing', 'disabled-by-default-devtools.timeline'] });
    const out: Pass = { own: [], cpu: [], nodes: [], drift: 0 };
    for (let i = 0; i < STEPS; i++) {
      const before = await page.evaluate(
        ([sel, key]) => {
          performance.clearMeasures('diagram-transition');
          const svg = document.querySelector(sel)!;
          delete (svg.parentElement as HTMLElement).dataset.transition;
          (svg as unknown as { old: boolean }).old = true;
          const re = new RegExp(key);
          // In the canvas's content, placed in the canvas's parent: the canvas may move (a stage centres each
          // drawing), or scroll to what changed, and the page may scroll, as the new drawing goes in.
          const canvas = svg.parentElement!;
          const around = canvas.parentElement!;
          const c = around.getBoundingClientRect();
          return Object.fromEntries(
            [...svg.querySelectorAll('g.node')].map((g) => {
              const r = g.getBoundingClientRect();
              return [g.id.replace(re, '$1'), { x: r.left + r.width / 2 - c.left + around.scrollLeft + canvas.scrollLeft, y: r.top + r.height / 2 - c.top + around.scrollTop + canvas.scrollTop }];
            }),
          );
        },
        [DRAWING, NODE_KEY.source] as const,
      );
      const cpu0 = await threadTime();
      await page.getByRole('button', { name: /Undo/ }).click();
      await drawn(page, DRAWING, animate);
      if (animate && VERIFY) out.drift = Math.max(out.drift, await page.evaluate(glideStart, { before, key: NODE_KEY.source, sel: DRAWING }));
      await page.waitForTimeout(600);
      out.cpu.push((await threadTime()) - cpu0);
      const { ms, worst, count } = await page.evaluate((sel) => ({
        ms: performance.getEntriesByName('diagram-transition').reduce((s, e) => s + e.duration, 0),
        worst: performance.getEntriesByName('diagram-transition').map((e) => `${(e as PerformanceMeasure).detail} ${e.duration.toFixed(1)} ms`).join(', '),
        count: document.querySelectorAll(`${sel} g.node`).length,
      }), DRAWING);
      if (animate) out.own.push(ms);
      // Over budget: say in which part (remembering the old drawing, or starting from the new one).
      if (animate && ms > 20) console.log(`  (step ${i + 1}: ${worst})`);
      out.nodes.push(count);
    }
    if (trace) await browser.stopTracing();
    return out;
  } finally {
    await page.close();
  }
}

/** The page's main-thread CPU time so far (ms), as Chrome counts it. */
async function cpuClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'ThreadTime')!.value * 1000;
  };
}

/** Wait until the drawing marked `old` has been replaced and, animating, its transition has started (animate.ts sets `data-transition`). */
async function drawn(page: Page, sel: string, animate: boolean): Promise<void> {
  await page.waitForFunction((sel) => !(document.querySelector(sel) as unknown as { old?: boolean } | null)?.old, sel, { timeout: 30_000 });
  if (animate) await page.waitForFunction((sel) => (document.querySelector(sel)?.parentElement as HTMLElement | null)?.dataset.transition !== undefined, sel, { timeout: 30_000 });
}

/** How many parts glided in the transition just started (animate.ts sets it), and how many nodes are drawn. */
const glided = (page: Page, sel: string) =>
  page.evaluate((sel) => `${(document.querySelector(sel)!.parentElement as HTMLElement).dataset.transition}/${document.querySelectorAll(`${sel} g.node`).length}`, sel);

/**
 * The same steps with their drawings already in the cache (no Mermaid render, far less noise): in one
 * page, each step is taken twice, with the animation and without (in turns), going back with Redo between.
 * Returns the main-thread CPU each adds by animating (ms).
 */
async function cachedPass(browser: Browser, link: string): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    const threadTime = await cpuClock(page);
    const setting = (on: boolean) => page.evaluate(([key, value]) => localStorage.setItem(key, value), [SETTING, on ? 'on' : 'off'] as const);
    await page.goto(link);
    const panel = page.getByRole('region', { name: 'Diagrams' });
    if (WHOLE) await panel.getByRole('checkbox', { name: 'Show everything' }).check();
    await panel.locator(DRAWING).first().waitFor();
    const undo = page.getByRole('button', { name: /Undo/ });
    const redo = page.getByRole('button', { name: /Redo/ });
    /** Per animated step: the parts that glided / the nodes drawn. */
    const moved: string[] = [];
    /** Click, and wait until the drawing has changed (and, animating, its transition has come and gone). */
    const step = async (button: typeof undo, animate: boolean) => {
      await page.evaluate((sel) => ((document.querySelector(sel) as unknown as { old: boolean }).old = true), DRAWING);
      await button.click();
      await drawn(page, DRAWING, animate);
      if (animate) moved.push(await glided(page, DRAWING));
      await page.waitForTimeout(600);
    };
    // Every drawing once, into the cache.
    await setting(false);
    for (let i = 0; i < STEPS; i++) await step(undo, false);
    for (let i = 0; i < STEPS; i++) await step(redo, false);
    await page.waitForTimeout(1000);
    const added: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      const cpu = { on: 0, off: 0 };
      for (const animate of i % 2 ? [false, true] : [true, false]) {
        await setting(animate);
        await page.evaluate(() => delete (document.querySelector('.diagram-view .canvas') as HTMLElement | null)?.dataset.transition);
        if (process.env.GC) await page.evaluate(() => (globalThis as unknown as { gc(): void }).gc());
        const cpu0 = await threadTime();
        await step(undo, animate);
        cpu[animate ? 'on' : 'off'] = (await threadTime()) - cpu0;
        await setting(false);
        await step(redo, false);
      }
      added.push(cpu.on - cpu.off);
      await step(undo, false);
    }
    console.log(`  each step, added (parts gliding / nodes drawn): ${added.map((x, i) => `${x.toFixed(1)} (${moved[i]})`).join(', ')}`);
    return added;
  } finally {
    await page.close();
  }
}

/**
 * Presenter mode (`#present&from=<link>`: each of the link's actions a step, the stage drawing the
 * topology around what each step changed, as a teacher shows it), drawings in the cache: each step
 * forward is taken twice in one page, animated and under `prefers-reduced-motion` (which turns the
 * animation off), going back between. Returns the main-thread CPU each adds by animating (ms).
 */
async function presenterPass(browser: Browser, link: string): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    const threadTime = await cpuClock(page);
    await page.goto(link.replace('#s=', '#present&from='));
    const count = page.locator('.count');
    await count.waitFor();
    const total = Number((await count.textContent())!.match(/of (\d+)/)![1]);
    const STAGE = '.stage .canvas > svg';
    await page.locator(STAGE).waitFor();
    /** Per animated step: the parts that glided / the nodes drawn. */
    const moved: string[] = [];
    /** Press a key and wait for step `n` (1-based) and its drawing (and, animating, its transition come and gone). */
    const go = async (key: string, n: number, animate: boolean) => {
      await page.evaluate((sel) => {
        const svg = document.querySelector(sel) as unknown as { old: boolean };
        svg.old = true;
        delete (document.querySelector(sel)!.parentElement as HTMLElement).dataset.transition;
      }, STAGE);
      await page.keyboard.press(key);
      await page.getByText(`Step ${n} of ${total}`, { exact: true }).waitFor({ timeout: 30_000 });
      await drawn(page, STAGE, animate);
      if (animate) moved.push(await glided(page, STAGE));
      await page.waitForTimeout(600);
    };
    // Every drawing once, into the cache.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    for (let n = 2; n <= total; n++) await go('ArrowRight', n, false);
    await page.keyboard.press('Home');
    await page.getByText(`Step 1 of ${total}`, { exact: true }).waitFor();
    await page.waitForTimeout(1000);
    const added: number[] = [];
    for (let n = 2; n <= total; n++) {
      const cpu = { on: 0, off: 0 };
      for (const animate of n % 2 ? [false, true] : [true, false]) {
        await page.emulateMedia({ reducedMotion: animate ? 'no-preference' : 'reduce' });
        if (process.env.GC) await page.evaluate(() => (globalThis as unknown as { gc(): void }).gc());
        const cpu0 = await threadTime();
        await go('ArrowRight', n, animate);
        cpu[animate ? 'on' : 'off'] = (await threadTime()) - cpu0;
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await go('ArrowLeft', n - 1, false);
      }
      added.push(cpu.on - cpu.off);
      await go('ArrowRight', n, false);
    }
    console.log(`  each step, added (parts gliding / nodes drawn): ${added.map((x, i) => `${x.toFixed(1)} (${moved[i]})`).join(', ')}`);
    return added;
  } finally {
    await page.close();
  }
}

/**
 * In the page: hold every glide at its first frame and measure how far each kept node is from where it
 * was; then at its last frame, how far each window's image is from the drawing it stands for.
 */
function glideStart({ before, key, sel }: { before: Record<string, { x: number; y: number }>; key: string; sel: string }): number {
  const svg = document.querySelector(sel)!;
  const canvas = svg.parentElement!;
  const around = canvas.parentElement!;
  const c = around.getBoundingClientRect();
  const re = new RegExp(key);
  // Each group of copies that move alike holds them in a shadow root.
  const held = [...document.querySelectorAll('.transition-overlay [data-windows]')].flatMap((host) => [...host.shadowRoot!.querySelectorAll<SVGGElement>('[data-key^="node:"]')]);
  const windows = new Map(held.map((w) => [w.dataset.key!, w]));
  // (No helper functions in here: the page gets this function's text alone.)
  const animations = document.getAnimations();
  for (const a of animations) a.pause();
  let worst = 0;
  for (const g of svg.querySelectorAll('g.node')) {
    const name = g.id.replace(re, '$1');
    const was = before[name];
    const w = windows.get(`node:${name}`);
    if (!was || !w) continue;
    // Where the node is in the drawing, and where the window showing it is at rest and at the start.
    const is = g.getBoundingClientRect();
    for (const a of animations) a.currentTime = Number(a.effect!.getComputedTiming().endTime) - 0.001;
    const rest = w.getBoundingClientRect();
    // The copy, at rest, over the node it stands for.
    const copy = w.querySelector('g.node')!.getBoundingClientRect();
    worst = Math.max(worst, Math.abs(copy.left - is.left), Math.abs(copy.top - is.top), Math.abs(copy.width - is.width));
    for (const a of animations) a.currentTime = 0;
    const first = w.getBoundingClientRect();
    const k = first.width / rest.width;
    const x = first.left + (is.left + is.width / 2 - rest.left) * k - c.left + around.scrollLeft + canvas.scrollLeft;
    const y = first.top + (is.top + is.height / 2 - rest.top) * k - c.top + around.scrollTop + canvas.scrollTop;
    worst = Math.max(worst, Math.abs(x - was.x), Math.abs(y - was.y));
  }
  for (const a of animations) {
    a.currentTime = 0;
    a.play();
  }
  return worst;
}

const f = (x: number) => `${x.toFixed(1)} ms`;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${f(percentile(s, 50))}, p95 ${f(percentile(s, 95))}, max ${f(s[s.length - 1]!)}`;
};

async function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-present-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: PORT, strictPort: true } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim(),
    args: [...(process.env.GC ? ['--js-flags=--expose-gc'] : []), '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const actions = scenarioOf(SIZE);
    const encoded = await encodeShareLink({ scenario: { version: 1, seed: 'bench', actions }, base: actions.length - STEPS, cursor: STEPS });
    if (!encoded.ok) throw new Error(encoded.message);
    const link = `http://127.0.0.1:${PORT}/#s=${encoded.value}`;
    const on: Pass[] = [];
    const off: Pass[] = [];
    for (let run = 0; run < (CACHED_ONLY || PRESENT ? 0 : RUNS); run++) {
      // Alternate which goes first, so a busier moment of the machine does not always fall on one side.
      const order = run % 2 ? [false, true] : [true, false];
      for (const animate of order) (animate ? on : off).push(await pass(browser, link, animate, animate && run === 0 ? process.env.TRACE : undefined));
    }
    if (PRESENT) {
      const added: number[] = [];
      for (let run = 0; run < RUNS; run++) added.push(...(await presenterPass(browser, link)));
      console.log(`${SIZE} entities, presenter mode (each of the last ${STEPS} actions a step), drawings from the cache, each step taken with and without animating in one page: added ${stats(added)}`);
      return;
    }
    if (CACHED_ONLY) {
      const cached: number[] = [];
      for (let run = 0; run < RUNS; run++) cached.push(...(await cachedPass(browser, link)));
      console.log(`${SIZE} entities${WHOLE ? ', "Show everything"' : ', the default view'}, drawings from the cache, each step taken with and without animating in one page: added ${stats(cached)}`);
      return;
    }
    const own = on.flatMap((p) => p.own);
    const nodes = [...on, ...off].flatMap((p) => p.nodes);
    // The same step of the same run, with and without the animation.
    const added = on.flatMap((p, r) => p.cpu.map((x, i) => x - off[r]!.cpu[i]!));
    console.log(`${SIZE} entities, ${WHOLE ? '"Show everything"' : 'the default view'}, ${STEPS} undo steps (${Math.min(...nodes)}-${Math.max(...nodes)} nodes drawn), ${RUNS} runs (${own.length} animated steps):`);
    console.log(`  transition's own main-thread work per step: ${stats(own)} (budget 20 ms)`);
    console.log(`  each step: ${own.map((x) => x.toFixed(1)).join(', ')} ms`);
    console.log(`  main-thread CPU per step (render, layout, frames): animated ${stats(on.flatMap((p) => p.cpu))}; not animated ${stats(off.flatMap((p) => p.cpu))}`);
    console.log(`  added by animating (same step, same run): ${stats(added)}`);
    const cached: number[] = [];
    for (let run = 0; run < RUNS; run++) cached.push(...(await cachedPass(browser, link)));
    console.log(`  drawings from the cache (no Mermaid render), each step taken with and without animating in one page: added ${stats(cached)}`);
    if (VERIFY) console.log(`  kept nodes start their glide within ${Math.max(...on.map((p) => p.drift)).toFixed(2)} px of where they were`);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
}

await main();

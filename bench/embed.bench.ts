// Browser benchmark of an embedded widget (Playwright + Debian's Chromium, not a timed test):
//   npm run bench:embed
// Serves the example docs page (examples/docs-page) under /docs/ with the sandbox's dist/ beside it and
// measures, on cold loads, the gzipped JavaScript a lazy <mi-sandbox> costs before it is in view and
// before its first paint once in view, and the time from scrolling it into view to its first paint,
// to mi-ready, and to its first diagram on screen.
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { dirname, join, relative, resolve } from 'node:path';
import { serveFile, siteFile } from '../examples/serve.ts';
import { ms, summarize } from './stats.ts';

const root = resolve(import.meta.dirname, '..');
const ORIGIN = 'http://127.0.0.1:4192';
const RUNS = Number(process.env.RUNS ?? 5);

const dist = join(root, 'dist');

/** A built file and everything it imports statically (what must load before its code runs). */
function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(join(dist, file), 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) closure(relative(dist, resolve(dist, dirname(file), m[1]!)), seen);
  return seen;
}
const gzFiles = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0);

const gz = (paths: string[]) => [...new Set(paths)].reduce((sum, p) => sum + gzipSync(readFileSync(siteFile(p)!.path)).length, 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * In the page: scroll the diagram widget into view and time its first paint (the app in its shadow
 * root, then a frame), mi-ready and its first diagram; note the scripts loaded by its first paint.
 */
const PROBE = `new Promise((done) => {
  const start = performance.now();
  const out = { paint: 0, ready: 0, diagram: 0, scripts: [] };
  const widget = document.getElementById('diagram-widget');
  widget.addEventListener('mi-ready', () => (out.ready = performance.now() - start), { once: true });
  let painting = false;
  const poll = () => {
    const root = widget.shadowRoot;
    if (!painting && root.querySelector('.mis-app')) {
      painting = true;
      out.scripts = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js'));
      requestAnimationFrame(() => setTimeout(() => (out.paint = performance.now() - start)));
    }
    if (out.paint && root.querySelector('figure[data-status="ready"] svg')) {
      out.diagram = performance.now() - start;
      return done(out);
    }
    requestAnimationFrame(poll);
  };
  widget.scrollIntoView();
  poll();
})`;

/** Paths of the page's own scripts requested so far (the iframe embed's are its own page's). */
function watchScripts(page: Page): { at: () => string[] } {
  const paths: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && r.frame() === page.mainFrame() && paths.push(new URL(r.url()).pathname));
  return { at: () => [...paths] };
}

async function main() {
  await build({ root, logLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const before: number[] = [];
  const atPaint: number[] = [];
  const afterDiagram: number[] = [];
  const toPaint: number[] = [];
  const toReady: number[] = [];
  const toDiagram: number[] = [];
  let lists: string[][] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 420 } });
      await context.route(`${ORIGIN}/docs/**`, async (route) => {
        const { status, headers, body } = await serveFile(new URL(route.request().url()).pathname);
        await route.fulfill({ status, headers, body });
      });
      const page = await context.newPage();
      const scripts = watchScripts(page);
      await page.goto(`${ORIGIN}/docs/guide/`, { waitUntil: 'load' });
      await page.waitForTimeout(1000);
      before.push(gz(scripts.at()));
      const early = scripts.at();

      // Into view: time the widget's first paint (the app in its shadow root, then a frame), mi-ready
      // and the diagram widget's first diagram.
      // (A string: tsx would add helpers to a function that the page does not have.)
      const t = (await page.evaluate(PROBE)) as { paint: number; ready: number; diagram: number; scripts: string[] };
      const paintScripts = t.scripts;
      atPaint.push(gz(paintScripts));
      afterDiagram.push(gz(scripts.at()));
      toPaint.push(t.paint);
      toReady.push(t.ready);
      toDiagram.push(t.diagram);
      lists = [early, paintScripts];
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const name = (p: string) => p.split('/').pop()!;
  // Exact figures from the build: the element's script with its static imports; then the widget chunk
  // (the element's one dynamic import) with its static imports, which is all its first paint runs.
  const element = closure('embed/mi-sandbox.js');
  const widgetChunk = readdirSync(join(dist, 'assets')).find((f) => /^widget-[\w-]+\.js$/.test(f))!;
  const firstPaint = closure(`assets/${widgetChunk}`, new Set(element));
  console.log(`Build: the element's script and its imports: ${kb(gzFiles(element))} gzipped (${[...element].map(name).join(', ')})`);
  console.log(`Build: everything a widget runs before its first paint: ${kb(gzFiles(firstPaint))} gzipped (${[...firstPaint].map(name).join(', ')})`);
  console.log(`JavaScript before a lazy widget is in view: ${kb(Math.max(...before))} gzipped (${lists[0]!.map(name).join(', ')}); aim ≤ 15 KB`);
  console.log(`JavaScript loaded when the widget first paints (the page's second widget and Mermaid may have started too): ${kb(Math.max(...atPaint))} gzipped; aim for one widget ≤ 120 KB`);
  if (process.env.VERBOSE) for (const p of new Set(lists[1])) console.log(`  ${name(p)} ${kb(gz([p]))}`);
  console.log(`JavaScript once its first diagram is drawn: ${kb(Math.max(...afterDiagram))} gzipped (Mermaid, its flowchart and layout code)`);
  for (const [label, values] of [
    ['scroll into view → first paint', toPaint],
    ['scroll into view → mi-ready', toReady],
    ['scroll into view → first diagram on screen', toDiagram],
  ] as const) {
    const s = summarize(values);
    console.log(`${label}: median ${ms(s.median)}, p95 ${ms(s.p95)} (${RUNS} cold loads)`);
  }
}

await main();

// Browser benchmark (Playwright + Debian's Chromium): opening a large share link in the built app.
//   npm run bench:open
// A link of 10,000 `resourceGroup.create` actions (the probe that froze the page for 30 s): the time
// until the sandbox is open (the replay's progress bar gone, the explorer showing the first group), the
// longest main-thread task meanwhile, whether the progress bar was shown, the JS heap and the number of
// elements once open, and then the time from scrolling the explorer to its end to the last group on screen.
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { encodeShareLink } from '../src/persist/index.ts';
import type { Action } from '../src/sim/index.ts';
import { ms, summarize } from './stats.ts';

const root = resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_OPEN_PORT ?? 4196);
const SIZES = [1_000, 10_000];
const RUNS = 3;

async function main() {
  await build({ root, logLevel: 'warn', build: { outDir: join(root, 'dist') } });
  const server = await preview({ root, preview: { port: PORT, strictPort: true, host: '127.0.0.1' }, logLevel: 'warn' });
  const executablePath = process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
  try {
    for (const size of SIZES) {
      const actions: Action[] = Array.from({ length: size }, (_, i) => ({ type: 'resourceGroup.create', name: `rg-${i}` }));
      const link = await encodeShareLink({ scenario: { version: 1, seed: 'open', actions }, base: 0, cursor: size });
      if (!link.ok) throw new Error(link.message);
      const times: number[] = [];
      const toEnd: number[] = [];
      const longest: number[] = [];
      let progressSeen = false;
      let heap = 0;
      let elements = 0;
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.addInitScript(() => {
          const w = window as unknown as { __longest: number; __progress: boolean };
          w.__longest = 0;
          w.__progress = false;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
          }).observe({ type: 'longtask', buffered: true });
          new MutationObserver(() => {
            if (document.querySelector('progress')) w.__progress = true;
          }).observe(document, { childList: true, subtree: true });
        });
        const start = Date.now();
        await page.goto(`http://127.0.0.1:${PORT}/#s=${link.value}`);
        // Polled in the page (a role query over tens of thousands of elements would time the test tool).
        await page.waitForFunction(() => !document.querySelector('progress') && (document.querySelector('nav.explorer')?.textContent?.includes('rg-0') ?? false), undefined, {
          timeout: 120_000,
          polling: 50,
        });
        times.push(Date.now() - start);
        const scrolled = await page.evaluate(() => {
          // The element that scrolls the explorer (its column on a wide screen).
          let el: HTMLElement | null = document.querySelector<HTMLElement>('nav.explorer');
          while (el && el.scrollHeight <= el.clientHeight) el = el.parentElement;
          (el ?? document.documentElement).scrollTop = 1e9;
          return performance.now();
        });
        await page.waitForFunction((last) => document.querySelector('nav.explorer')?.textContent?.includes(last) ?? false, `rg-${size - 1}`, { timeout: 60_000, polling: 'raf' });
        toEnd.push((await page.evaluate(() => performance.now())) - scrolled);
        const m = await page.evaluate(() => {
          const w = window as unknown as { __longest: number; __progress: boolean; performance: { memory?: { usedJSHeapSize: number } } };
          return { longest: w.__longest, progress: w.__progress, heap: w.performance.memory?.usedJSHeapSize ?? 0, elements: document.getElementsByTagName('*').length };
        });
        longest.push(m.longest);
        progressSeen ||= m.progress;
        heap = m.heap;
        elements = m.elements;
        await context.close();
      }
      const t = summarize(times);
      console.log(
        `${size.toLocaleString('en-US')}-action link (${link.value.length.toLocaleString('en-US')} characters): open median ${ms(t.median)} (max ${ms(Math.max(...times))}); longest task ${ms(Math.max(...longest))}; progress bar ${progressSeen ? 'shown' : 'not shown'}; heap ${(heap / 1024 / 1024).toFixed(0)} MB; ${elements.toLocaleString('en-US')} elements; explorer scrolled to its end, last group on screen after median ${ms(summarize(toEnd).median)}`,
      );
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

await main();

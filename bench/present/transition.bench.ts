// Main-thread cost of animated diagram transitions (src/ui/diagram/animate.ts), in the built app:
//   npm run bench:present            (SIZE=50 STEPS=10 to change the defaults)
// A world of SIZE entities (the app benchmark's builder) opened from a link with its last STEPS actions
// as history, "Show everything" ticked so each drawing holds the whole picture, then Undo step by
// step. Per step it sums the User Timing entries `diagram-transition` (remembering where everything
// was, then starting the animations) and prints the median and the worst, against the budget of 20 ms.
import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { encodeShareLink } from '../../src/persist/index.ts';
import { scenarioOf } from '../scenario.ts';

const root = resolve(import.meta.dirname, '../..');
const PORT = Number(process.env.BENCH_PORT ?? 4219);
const SIZE = Number(process.env.SIZE ?? 50);
const STEPS = Number(process.env.STEPS ?? 10);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-present-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: PORT, strictPort: true } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim(),
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // The free sandbox animates when its setting is on (More → Animate diagram changes).
    await page.addInitScript(() => localStorage.setItem('managed-identity-sandbox/animate-diagrams', 'on'));
    const actions = scenarioOf(SIZE);
    const encoded = await encodeShareLink({ scenario: { version: 1, seed: 'bench', actions }, base: actions.length - STEPS, cursor: STEPS });
    if (!encoded.ok) throw new Error(encoded.message);
    await page.goto(`http://127.0.0.1:${PORT}/#s=${encoded.value}`);
    const panel = page.getByRole('region', { name: 'Diagrams' });
    await panel.getByRole('checkbox', { name: 'Show everything' }).check();
    await panel.locator('.diagram-view svg').first().waitFor();
    await page.waitForTimeout(1500);
    if (process.env.TRACE) await browser.startTracing(page, { path: process.env.TRACE, categories: ['devtools.timeline', 'blink.user_timing', 'disabled-by-default-devtools.timeline'] });
    const perStep: number[] = [];
    const nodes: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      await page.evaluate(() => performance.clearMeasures('diagram-transition'));
      await page.getByRole('button', { name: /Undo/ }).click();
      // The new drawing is in and its transition started (the measures are written synchronously).
      await page.waitForFunction(() => performance.getEntriesByName('diagram-transition').length >= 2, undefined, { timeout: 30_000 }).catch(() => {});
      const { ms, count } = await page.evaluate(() => ({
        ms: performance.getEntriesByName('diagram-transition').reduce((s, e) => s + e.duration, 0),
        count: document.querySelectorAll('.diagram-view .canvas > svg:not(.transition-ghost) g.node').length,
      }));
      perStep.push(ms);
      nodes.push(count);
      await page.waitForTimeout(600);
    }
    if (process.env.TRACE) await browser.stopTracing();
    console.log(`${SIZE} entities, "Show everything", ${STEPS} undo steps (${Math.min(...nodes)}-${Math.max(...nodes)} nodes drawn):`);
    console.log(`  transition main-thread work per step: median ${median(perStep).toFixed(1)} ms, max ${Math.max(...perStep).toFixed(1)} ms (budget 20 ms)`);
    console.log(`  each step: ${perStep.map((x) => x.toFixed(1)).join(', ')} ms`);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
}

await main();

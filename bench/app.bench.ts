// Browser benchmark of the built app (Playwright + Debian's Chromium, not a timed test):
//   npm run bench:app            (SIZES=20,50,200 COLD=7 RUNS=11 to change the defaults)
// The app is built twice and both builds run side by side in one browser, interleaved: "now", and
// "baseline", the diagrams as the first release drew them (VITE_DIAGRAM_BASELINE=1: principals as
// stadiums, every edge labelled, no counted groups, Mermaid's chunks loaded one after another, Mermaid's
// own slow configuration copy), so every run prints the ratio now/baseline on the same machine under the
// same load. For worlds of 20, 50 and 200 entities it prints the time from an action (a role assignment in
// Access control) to the updated panels and to the diagram on screen, the longest main-thread task and how
// long a real click made during the redraw waited, a revisited state (undo), and "Show everything"; then
// the cold first load, and memory after 1,000 actions.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { encodeShareLink } from '../src/persist/index.ts';
import { replay, type Action, type World } from '../src/sim/index.ts';
import { scenarioOf, vm } from './scenario.ts';
import { ms, summarize } from './stats.ts';

const root = resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 4191);
const VARIANTS = [
  { name: 'now', outDir: join(root, 'dist'), port: PORT, env: {} },
  { name: 'baseline', outDir: join(root, 'dist-baseline'), port: PORT + 1, env: { VITE_DIAGRAM_BASELINE: '1' } },
] as const;
type Variant = (typeof VARIANTS)[number]['name'];


const entities = (w: World) =>
  Object.keys(w.resourceGroups).length + Object.keys(w.resources).length + Object.keys(w.servicePrincipals).length + Object.keys(w.roleAssignments).length;

const probe = readFileSync(join(import.meta.dirname, 'app-probe.js'), 'utf8').replace(/^\/\/.*\n/gm, '').trim();

/** In the page: click a button, then time the panels (the outcome panel's words) and the diagram changing. */
async function timeAction(page: Page, button: string): Promise<{ panels: number; panelsPainted: number; diagram: number; diagramInPage: number; longest: number; clickWait: number }> {
  return page.evaluate(`${probe}(${JSON.stringify(button)})`);
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const ratio = (now: number, base: number) => `${(now / base).toFixed(2)}×`;

async function link(actions: Action[], base: number, cursor: number): Promise<string> {
  const r = await encodeShareLink({ scenario: { version: 1, seed: 'bench', actions }, base, cursor });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const coldProbe = readFileSync(join(import.meta.dirname, 'cold-probe.js'), 'utf8');

/** Cold loads, alternating the variants: first paint, and the first diagram on a 20-entity link, painted (bench/cold-probe.js). */
async function coldLoads(browser: Browser, runs: number): Promise<Record<Variant, { fcp: number[]; first: number[] }>> {
  const out = { now: { fcp: [] as number[], first: [] as number[] }, baseline: { fcp: [] as number[], first: [] as number[] } };
  const demo = await link(scenarioOf(20), 0, scenarioOf(20).length);
  for (let i = 0; i < runs; i++) {
    for (const v of VARIANTS) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.addInitScript({ content: coldProbe });
      await page.goto(`http://127.0.0.1:${v.port}/#s=${demo}`);
      // Straight through the DevTools protocol: page.evaluate would compile Playwright's own helper in the page as it loads.
      const cdp = await context.newCDPSession(page);
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression: `Promise.race([window.__firstDiagram, new Promise((_, fail) => setTimeout(() => fail(new Error('no diagram within 20 s')), 20000))]).then((first) => ({ first, fcp: performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? NaN }))`,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(`cold load: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      const t = result.value as { first: { painted: number }; fcp: number };
      out[v.name].first.push(t.first.painted);
      out[v.name].fcp.push(t.fcp);
      await context.close();
    }
  }
  return out;
}

interface SizeResult {
  nodes: number;
  allNodes: number;
  panels: number[];
  diagrams: number[];
  longest: number[];
  clickWait: number[];
  revisits: number[];
  all: number[];
  allAgain: number[];
}

/**
 * Both variants at one size, step by step in turn (so a burst of load elsewhere hits both alike): a role
 * assignment redrawn RUNS times with undo/redo after each, then "Show everything" walked back and forth.
 */
async function sizeRun(browser: Browser, size: number): Promise<Record<Variant, SizeResult>> {
  const actions = scenarioOf(size);
  const value = await link(actions, actions.length, 0);
  const sessions = [];
  for (const v of VARIANTS) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${v.port}/#s=${value}`);
    await page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /Key vault\s+kv-bench-0/ }).click();
    await page.getByRole('main').getByRole('tab', { name: 'Access control (IAM)' }).click();
    await page.locator('.diagram-view[data-status="ready"] svg').first().waitFor();
    // Where a person clicks during a redraw: the top bar's title, inert, and where it is whatever the panels
    // below do (the outcome panel grows after an action and moves the diagrams' own heading down).
    const heading = (await page.getByRole('heading', { name: 'Managed Identity Sandbox', level: 1 }).boundingBox())!;
    const r: SizeResult = { nodes: 0, allNodes: 0, panels: [], diagrams: [], longest: [], clickWait: [], revisits: [], all: [], allAgain: [] };
    sessions.push({ v, context, page, heading, r });
  }
  // Each step grants another role the blade offers at this scope (a new assignment, so a new diagram).
  const offered = await sessions[0]!.page.getByRole('combobox', { name: 'Role', exact: true }).locator('option:not([disabled])').allTextContents();
  const wanted = ['Reader', 'Contributor', 'Owner', 'User Access Administrator', 'Key Vault Administrator', 'Key Vault Secrets Officer', 'Key Vault Reader', 'Storage Account Contributor', 'Storage Blob Data Owner', 'Storage Blob Data Contributor', 'Storage Blob Data Reader', 'Managed Identity Operator', 'Managed Identity Contributor'];
  const names = offered.map((r) => r.trim());
  // The scenario's principals already hold Key Vault Secrets User on the vault: granting it again changes nothing.
  const roles = [...wanted.filter((r) => names.includes(r)), ...names.filter((r) => r && r !== 'Key Vault Secrets User' && !wanted.includes(r))].slice(0, 13);
  for (const [i, role] of roles.slice(0, Number(process.env.RUNS) + 2 || roles.length).entries()) {
    for (const { page, heading, r } of sessions) {
      await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption(role);
      await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ index: 1 }); // 0 is "Choose a member"
      const timing = timeAction(page, 'Assign');
      // A person clicks (an inert heading) while the diagram is being redrawn.
      await sleep(60);
      await page.mouse.click(heading.x + 5, heading.y + heading.height / 2);
      const t = await timing;
      if (i < 2) continue; // warm-up
      r.panels.push(t.panelsPainted);
      r.diagrams.push(t.diagram);
      r.longest.push(t.longest);
      r.clickWait.push(t.clickWait);
      for (const b of ['↶ Undo', '↷ Redo']) r.revisits.push((await timeAction(page, b)).diagram);
    }
  }
  for (const { page, r } of sessions) {
    r.nodes = await page.evaluate(() => document.querySelectorAll('.diagram-view svg g.node').length);
    await page.getByLabel('Show everything').check();
    await page.locator('.diagram-view[data-status="ready"] svg').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.diagram-view[data-status="drawing"]'));
  }
  // Walking back draws each state whole for the first time; walking forward shows them from the cache.
  const steps = Math.min(6, sessions[0]!.r.diagrams.length + 2);
  for (let i = 0; i < steps; i++) for (const { page, r } of sessions) r.all.push((await timeAction(page, '↶ Undo')).diagram);
  for (let i = 0; i < steps; i++) for (const { page, r } of sessions) r.allAgain.push((await timeAction(page, '↷ Redo')).diagram);
  const out = {} as Record<Variant, SizeResult>;
  for (const { v, context, page, r } of sessions) {
    r.allNodes = await page.evaluate(() => document.querySelectorAll('.diagram-view svg g.node').length);
    await context.close();
    out[v.name] = r;
  }
  return out;
}

/** Memory after 1,000 actions (a link of 1,000 steps), then after 150 more diagrams drawn walking back. */
async function memory(browser: Browser, port: number): Promise<string> {
  const base = scenarioOf(20);
  // Turning vm-1's system-assigned identity off and on, 1,000 times.
  const toggles: Action[] = Array.from({ length: 1000 }, (_, i) => ({ type: i % 2 ? 'identity.system.enable' : 'identity.system.disable', resourceId: vm(1) }));
  const actions = [...base, ...toggles];
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    return `heap ${(usedSize / 1024 / 1024).toFixed(1)} MB, ${elements} elements`;
  };
  // First the 20 actions alone: what the page holds for a short history, to compare with.
  await page.goto(`http://127.0.0.1:${port}/#s=${await link(base, base.length, 0)}`);
  await page.locator('.diagram-view[data-status="ready"] svg').first().waitFor({ timeout: 60_000 });
  const short = await heap();
  await page.goto('about:blank');
  await page.goto(`http://127.0.0.1:${port}/#s=${await link(actions, base.length, actions.length - base.length)}`);
  await page.locator('.diagram-view[data-status="ready"] svg').first().waitFor({ timeout: 60_000 });
  const loaded = await heap();
  await page.getByLabel('Show everything').check();
  for (let i = 0; i < 150; i++) await timeAction(page, '↶ Undo');
  const walked = await heap();
  await context.close();
  return `after opening 20 actions: ${short}; after opening 1,020 actions: ${loaded}; after 150 more diagrams drawn (Show everything, undo): ${walked}`;
}

async function main() {
  const servers: PreviewServer[] = [];
  for (const v of VARIANTS) {
    const saved = { ...process.env };
    Object.assign(process.env, v.env);
    await build({ root, logLevel: 'warn', build: { outDir: v.outDir, emptyOutDir: true } });
    process.env = saved;
    servers.push(await preview({ root, logLevel: 'warn', build: { outDir: v.outDir }, preview: { host: '127.0.0.1', port: v.port, strictPort: true } }));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // What the page needs before first paint: the entry script and what index.html preloads.
    const html = readFileSync(join(VARIANTS[0].outDir, 'index.html'), 'utf8');
    const firstJs = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const gz = firstJs.reduce((sum, f) => sum + gzipSync(readFileSync(join(VARIANTS[0].outDir, f))).length, 0);
    console.log(`JavaScript before first paint: ${(gz / 1024).toFixed(1)} KB gzipped (${firstJs.map((f) => f.split('/').pop()).join(', ')})`);

    for (const size of (process.env.SIZES ?? '20,50,200').split(',').filter(Boolean).map(Number)) {
      const { world } = await replay({ seed: 'bench', actions: scenarioOf(size) });
      const results = await sizeRun(browser, size);
      console.log(`${entities(world)} entities:`);
      for (const v of VARIANTS) {
        const r = results[v.name];
        const d = summarize(r.diagrams);
        const p = summarize(r.panels);
        const a = summarize(r.all);
        const again = summarize(r.allAgain);
        const c = summarize(r.clickWait);
        console.log(
          `  ${v.name.padEnd(8)} after the action (${r.nodes} nodes): panels painted median ${ms(p.median)}; diagram on screen median ${ms(d.median)} p95 ${ms(d.p95)}; ` +
            `longest task median ${ms(summarize(r.longest).median)} max ${ms(Math.max(...r.longest))}; a click during the redraw waited median ${ms(c.median)} max ${ms(Math.max(...r.clickWait))}; ` +
            `revisited median ${ms(summarize(r.revisits).median)}; Show everything (${r.allNodes} nodes) median ${ms(a.median)} p95 ${ms(a.p95)}, revisited median ${ms(again.median)}`,
        );
      }
      const n = results.now;
      const b = results.baseline;
      console.log(
        `  ratio now/baseline: diagram on screen median ${ratio(summarize(n.diagrams).median, summarize(b.diagrams).median)}, p95 ${ratio(summarize(n.diagrams).p95, summarize(b.diagrams).p95)}; ` +
          `Show everything median ${ratio(summarize(n.all).median, summarize(b.all).median)}`,
      );
    }

    const cold = await coldLoads(browser, Number(process.env.COLD) || 7);
    for (const v of VARIANTS) {
      const f = summarize(cold[v.name].fcp);
      const d = summarize(cold[v.name].first);
      console.log(`cold load, ${v.name.padEnd(8)}: first contentful paint median ${ms(f.median)}; first diagram on screen (20-entity link) median ${ms(d.median)} p95 ${ms(d.p95)}`);
    }
    console.log(`  ratio now/baseline: first diagram median ${ratio(summarize(cold.now.first).median, summarize(cold.baseline.first).median)}, p95 ${ratio(summarize(cold.now.first).p95, summarize(cold.baseline.first).p95)}`);

    console.log(`memory (now): ${await memory(browser, VARIANTS[0].port)}`);
  } finally {
    await browser.close();
    for (const server of servers) await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

await main();

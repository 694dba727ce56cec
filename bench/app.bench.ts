// Browser benchmark of the built app (Playwright + Debian's Chromium, not a timed test):
//   npm run bench:app
// For worlds of 10, 20 and 50 entities it prints the time from an action (turning a VM's
// system-assigned identity on or off) to the updated panels and to the updated diagram on screen, the
// longest main-thread task during a redraw, a revisited state's diagram (undo), and, for the app as
// shipped, the first-load time, the first diagram on a cold load and the gzipped JavaScript needed
// before first paint.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { encodeShareLink } from '../src/persist/index.ts';
import { replay, type Action, type World } from '../src/sim/index.ts';
import { ms, summarize } from './stats.ts';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'dist');
const PORT = 4191;

const rg = '/resourceGroups/rg-bench';
const vm = (i: number) => `${rg}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;

/** A scenario of about `target` entities: VMs with identities and a grant each, vaults, shared identities. */
function scenarioOf(target: number): Action[] {
  const actions: Action[] = [
    { type: 'settings.set', propagationDelay: 0 },
    { type: 'resourceGroup.create', name: 'rg-bench' },
    { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-bench', name: 'kv-bench-0' },
  ];
  let count = 2;
  for (let i = 1; count < target; i++) {
    if (i % 6 === 0 && count + 2 <= target) {
      actions.push({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-bench', name: `id-${i}` });
      actions.push({ type: 'identity.user.assign', resourceId: vm(i - 1), identityId: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${i}` });
      count += 2;
    } else if (count + 3 <= target) {
      actions.push({ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-bench', name: `vm-${i}`, identity: { systemAssigned: true } });
      actions.push({ type: 'roleAssignment.create', scope: `${rg}/providers/Microsoft.KeyVault/vaults/kv-bench-0`, role: 'Key Vault Secrets User', assignee: vm(i) });
      count += 3;
    } else {
      actions.push({ type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-bench', name: `sabench${i}` });
      count += 1;
    }
  }
  return actions;
}

const entities = (w: World) =>
  Object.keys(w.resourceGroups).length + Object.keys(w.resources).length + Object.keys(w.servicePrincipals).length + Object.keys(w.roleAssignments).length;

const probe = readFileSync(join(import.meta.dirname, 'app-probe.js'), 'utf8').replace(/^\/\/.*\n/gm, '').trim();

/** In the page: click a button, then time the panels (the outcome panel's words) and the diagram changing. */
async function timeAction(page: Page, button: string): Promise<{ panels: number; panelsPainted: number; diagram: number; diagramInPage: number; longest: number }> {
  return page.evaluate(`${probe}(${JSON.stringify(button)})`);
}

async function main() {
  await build({ root, logLevel: 'warn' });
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: PORT, strictPort: true } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const base = `http://127.0.0.1:${PORT}/`;
  try {
    // What the page needs before first paint: the entry script and what index.html preloads.
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const firstJs = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const gz = firstJs.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, f))).length, 0);
    console.log(`JavaScript before first paint: ${(gz / 1024).toFixed(1)} KB gzipped (${firstJs.map((f) => f.split('/').pop()).join(', ')})`);

    // Cold loads: a fresh browser context each time, no cache.
    const loads: number[] = [];
    const fcps: number[] = [];
    const firstDiagrams: number[] = [];
    const firstEmpty: number[] = [];
    const demo = await encodeShareLink({ scenario: { version: 1, seed: 'bench', actions: scenarioOf(20) }, base: 0, cursor: scenarioOf(20).length });
    if (!demo.ok) throw new Error(demo.message);
    for (let i = 0; i < (Number(process.env.COLD) || 9); i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(base);
      await page.waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'), null, { timeout: 5000 }).catch(() => {});
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? NaN;
        return { load: nav.loadEventEnd - nav.startTime, fcp };
      });
      loads.push(t.load);
      fcps.push(t.fcp);
      await page.locator('.diagram-view[data-status="ready"] svg').first().waitFor({ timeout: 20_000 });
      firstEmpty.push(await page.evaluate(() => performance.now()));
      await context.close();
      const cold = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const p2 = await cold.newPage();
      await p2.goto(`${base}#s=${demo.value}`);
      await p2.locator('.diagram-view[data-status="ready"] svg').first().waitFor({ timeout: 20_000 });
      firstDiagrams.push(await p2.evaluate(() => performance.now()));
      await cold.close();
    }
    const l = summarize(loads);
    const f = summarize(fcps);
    const d = summarize(firstDiagrams);
    console.log(`cold load of the built app: load event median ${ms(l.median)} (p95 ${ms(l.p95)}), first contentful paint median ${ms(f.median)} (p95 ${ms(f.p95)})`);
    const e = summarize(firstEmpty);
    console.log(`first diagram on screen on a cold load: the start page median ${ms(e.median)} (p95 ${ms(e.p95)}); a 20-entity shared link median ${ms(d.median)} (p95 ${ms(d.p95)})`);

    for (const size of (process.env.SIZES ?? "10,20,50").split(",").map(Number)) {
      const actions = scenarioOf(size);
      const { world } = await replay({ seed: 'bench', actions });
      const link = await encodeShareLink({ scenario: { version: 1, seed: 'bench', actions }, base: actions.length, cursor: 0 });
      if (!link.ok) throw new Error(link.message);
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(`${base}#s=${link.value}`);
      // The action: grant vm-1 a role on the vault (Access control), a different role each time so
      // that every diagram is new; then undo and redo, which revisit states already drawn.
      await page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /Key vault\s+kv-bench-0/ }).click();
      await page.getByRole('main').getByRole('tab', { name: 'Access control (IAM)' }).click();
      await page.locator('.diagram-view[data-status="ready"] svg').first().waitFor();
      const roles = ['Reader', 'Contributor', 'Owner', 'User Access Administrator', 'Key Vault Administrator', 'Key Vault Secrets Officer', 'Key Vault Reader', 'Storage Account Contributor', 'Storage Blob Data Owner', 'Storage Blob Data Contributor', 'Storage Blob Data Reader', 'Managed Identity Operator', 'Managed Identity Contributor'];
      const panels: number[] = [];
      const painted: number[] = [];
      const diagrams: number[] = [];
      const longest: number[] = [];
      const revisits: number[] = [];
      const revisitsInPage: number[] = [];
      for (const [i, role] of roles.entries()) {
        await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption(role);
        await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ index: 0 });
        const r = await timeAction(page, 'Assign');
        if (i < 2) continue; // warm-up
        panels.push(r.panels);
        painted.push(r.panelsPainted);
        diagrams.push(r.diagram);
        longest.push(r.longest);
        for (const b of ['↶ Undo', '↷ Redo']) {
          const r2 = await timeAction(page, b);
          revisits.push(r2.diagram);
          revisitsInPage.push(r2.diagramInPage);
        }
      }
      const nodes = await page.evaluate(() => document.querySelectorAll('.diagram-view svg g.node').length);
      const p = summarize(panels);
      const pp = summarize(painted);
      const dg = summarize(diagrams);
      const rv = summarize(revisits);
      const rvIn = summarize(revisitsInPage);
      console.log(
        `${String(entities(world)).padStart(3)} entities (diagram of ${nodes} nodes after the action): panels updated median ${ms(p.median)} p95 ${ms(p.p95)} (painted: median ${ms(pp.median)} p95 ${ms(pp.p95)}); ` +
          `diagram on screen median ${ms(dg.median)} p95 ${ms(dg.p95)}; longest task ${ms(Math.max(...longest))}; revisited state's diagram in the page median ${ms(rvIn.median)} p95 ${ms(rvIn.p95)}, painted median ${ms(rv.median)} p95 ${ms(rv.p95)}`,
      );
      // The whole picture on demand ("Show everything").
      await page.getByLabel('Show everything').check();
      await page.locator('.diagram-view[data-status="ready"] svg').first().waitFor();
      // Walking back through the history draws each state whole for the first time; walking forward
      // again shows them from the cache.
      const all: number[] = [];
      const allAgain: number[] = [];
      for (let i = 0; i < 8; i++) all.push((await timeAction(page, '↶ Undo')).diagram);
      for (let i = 0; i < 8; i++) allAgain.push((await timeAction(page, '↷ Redo')).diagram);
      const a = summarize(all);
      const again = summarize(allAgain);
      const allNodes = await page.evaluate(() => document.querySelectorAll('.diagram-view svg g.node').length);
      console.log(`      with "Show everything" (${allNodes} nodes): diagram on screen median ${ms(a.median)} p95 ${ms(a.p95)}; revisited median ${ms(again.median)} p95 ${ms(again.p95)}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

await main();

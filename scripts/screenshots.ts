// Take screenshots of the app's main screens in light and dark, wide and narrow, to look at them the
// way a person will. Usage: npx tsx scripts/screenshots.ts [out-dir] (needs `npm run build` first;
// serves dist/ with vite preview).
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { execSync } from 'node:child_process';

const out = process.argv[2] ?? '/tmp/shots';
mkdirSync(out, { recursive: true });
const port = 4179;
// Its own process group, so that stopping it stops vite too (npx runs it as a child).
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
await new Promise((r) => setTimeout(r, 1500));

type Scene = { name: string; run: (page: Page) => Promise<void> };
const scenes: Scene[] = (await import(process.env.SCENES ?? './screenshot-scenes.ts')).scenes;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? execSync('command -v chromium').toString().trim(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [label, viewport] of [
      ['wide', { width: 1280, height: 720 }],
      ['narrow', { width: 390, height: 844 }],
    ] as const) {
      const page = await browser.newPage({ viewport, colorScheme: scheme });
      for (const scene of scenes) {
        await page.goto(`http://127.0.0.1:${port}/`);
        await page.evaluate(() => localStorage.clear());
        await page.goto(`http://127.0.0.1:${port}/`);
        await scene.run(page);
        await page.screenshot({ path: `${out}/${scene.name}-${label}-${scheme}.png`, fullPage: label === 'narrow' });
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  process.kill(-server.pid!, 'SIGTERM');
}
console.log(`screenshots in ${out}`);

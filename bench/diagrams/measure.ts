// Measure the diagram pipeline in headless Chromium: builds the harness page (index.html here) with
// the project's Vite config, serves it, runs it and prints the figures as JSON. Also checks which
// chunks the page fetched: Mermaid must come as a lazy chunk and ELK must never be fetched.
//   npm run bench:diagrams
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(tmpdir(), 'diagram-bench-dist');
const PORT = Number(process.env.BENCH_DIAGRAMS_PORT ?? 4199);

await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, rolldownOptions: { input: resolve(root, 'bench/diagrams/index.html') } } });
const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: PORT, strictPort: true } });

const executablePath = process.env.CHROMIUM_PATH ?? execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
  page.on('dialog', (d) => {
    errors.push(`a dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`http://127.0.0.1:${PORT}/bench/diagrams/index.html`);
  const entry = fetched.filter((p) => p.endsWith('.js'));
  const report = (await page.evaluate('window.diagramBench.run()')) as Record<string, unknown>;

  const js = fetched.filter((p) => p.endsWith('.js'));
  const assets = join(outDir, 'assets');
  const gz = (name: string) => gzipSync(readFileSync(join(assets, name))).length;
  const mermaidChunks = readdirSync(assets).filter((f) => /^mermaid\.core|^flowDiagram|^dagre|^sequenceDiagram/.test(f) && f.endsWith('.js'));
  report.chunks = {
    entryScripts: entry.map((p) => p.split('/').pop()),
    entryGzipBytes: entry.reduce((sum, p) => sum + gz(p.split('/').pop()!), 0),
    mermaidInEntry: entry.some((p) => /mermaid/i.test(p)),
    fetchedLazily: js.length - entry.length,
    elkFetched: js.filter((p) => /elk/i.test(p)),
    mermaidChunksGzipBytes: Object.fromEntries(mermaidChunks.map((f) => [f, gz(f)])),
    totalJsFetchedGzipBytes: js.reduce((sum, p) => sum + (statSync(join(outDir, p)).isFile() ? gzipSync(readFileSync(join(outDir, p))).length : 0), 0),
  };
  report.pageErrors = errors;
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  await new Promise<void>((done) => server.httpServer.close(() => done()));
}

import { build } from 'vite';
import { gzipSync } from 'node:zlib';
const want = new Set(process.argv.slice(2));
await build({ root: '/work/main', logLevel: 'silent', build: { outDir: '/tmp/bund/dist', emptyOutDir: true }, plugins: [{
  name: 'dump', generateBundle(_o, bundle) {
    for (const [file, c] of Object.entries(bundle)) {
      if (c.type !== 'chunk') continue;
      const short = file.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, '');
      if (want.size && !want.has(short)) continue;
      const gz = gzipSync(c.code).length;
      console.log(`\n${file} ${(gz/1024).toFixed(1)} KB gz, ${(c.code.length/1024).toFixed(0)} KB raw; imports ${c.imports.map(i=>i.replace(/^assets\//,'')).join(' ')}`);
      const mods = Object.entries(c.modules).map(([id, m]) => [id.replace('/work/main/', ''), m.renderedLength] as const).sort((a, b) => b[1] - a[1]);
      for (const [id, n] of mods.slice(0, 25)) if (n > 1500) console.log(`  ${(n/1024).toFixed(1).padStart(6)} KB  ${id}`);
    }
  } }] });

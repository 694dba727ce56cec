import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { lessonsPlugin } from './src/lessons/vite-plugin.ts';
import { mermaidConfigCopy } from './src/ui/diagram/vite-plugin-mermaid.ts';

/** Where the custom element's one script lands in dist/: a fixed name a docs page can link to. */
const ELEMENT_ENTRY = 'mi-sandbox';

/**
 * The app's styles again as `embed/mi-sandbox.css`, beside the element's script: the element fetches
 * this one file and adopts it into each shadow root (document-level styles never reach a shadow root,
 * and the host page never sees these).
 */
function elementStylesheet(): Plugin {
  return {
    name: 'managed-identity-sandbox:element-stylesheet',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
      const css = Object.values(bundle)
        .filter((file) => file.type === 'asset' && file.fileName.endsWith('.css'))
        .map((file) => (file.type === 'asset' ? String(file.source) : ''))
        .join('\n');
      if (!css) this.error('The app has no stylesheet to give the custom element.');
      this.emitFile({ type: 'asset', fileName: `embed/${ELEMENT_ENTRY}.css`, source: css });
      },
    },
  };
}

export default defineConfig({
  plugins: [svelte(), lessonsPlugin(), elementStylesheet(), mermaidConfigCopy()],
  // Relative URLs throughout: dist/ works from any path of any static host (/, /docs/sandbox/, a file share).
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
    // One stylesheet for the whole app: the page links it, the element adopts it into its shadow roots,
    // and no lazy chunk ever adds a <link> to a host page's <head>.
    cssCodeSplit: false,
    rolldownOptions: {
      input: { index: 'index.html', embed: 'embed.html', [ELEMENT_ENTRY]: 'src/embed/mi-sandbox.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === ELEMENT_ENTRY ? `embed/${ELEMENT_ENTRY}.js` : 'assets/[name]-[hash].js'),
        // The render frame's script keeps its name: frame.html (in assets/ too) loads it as `frame-boot.js`.
        assetFileNames: (asset) => (asset.names.includes('frame-boot.js') ? 'assets/frame-boot.js' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // Sized for a busy 2-core machine (CI runs beside other work); a test that needs longer says so.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

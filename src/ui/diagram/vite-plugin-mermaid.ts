// Build step: Mermaid's `getConfig` copies with `copyConfig` (mermaid-config-copy.ts) instead of its own
// slow `assignWithDepth`, in both Mermaids the app runs: the ES modules the page draws with, and the
// one-file build the isolated render frame loads (isolated.ts imports its URL), which the build emits
// patched and the dev server serves patched from node_modules/.cache. If a Mermaid release changes the
// function, the build stops and says so (a silent miss would only make every diagram slower again);
// test/unit/diagram/mermaid-config-copy.test.ts checks that the installed Mermaid still has it.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformWithOxc, type Plugin } from 'vite';

/** Mermaid's getConfig, as its ESM build writes it. */
export const GET_CONFIG = /(var getConfig = \/\* @__PURE__ \*\/ __name\(\(\) => \{\s*return )assignWithDepth_default\(\{\}, currentConfig\)(;\s*\}, "getConfig"\);)/;
/** The same in the minified one-file build: `ri=i(()=>Bh({},Uee),"getConfig")`. */
export const MINIFIED_GET_CONFIG = /([\w$]+=[\w$]+\(\(\)=>)[\w$]+\(\{\},([\w$]+)\)(,"getConfig"\))/g;
const COPY = fileURLToPath(new URL('./mermaid-config-copy.ts', import.meta.url)).split('\\').join('/');
const ERROR = "Mermaid's getConfig is not the function src/ui/diagram/vite-plugin-mermaid.ts replaces: update it (and mermaid-config-copy.ts) for this Mermaid release.";

/** Mermaid's module source with getConfig copying through copyConfig, or null when it is not that module. */
export function patchGetConfig(code: string): string | null {
  if (!GET_CONFIG.test(code)) return null;
  return `import { copyConfig as __copyConfig } from ${JSON.stringify(COPY)};\n${code.replace(GET_CONFIG, '$1__copyConfig(currentConfig)$2')}`;
}

/** The one-file build with getConfig copying through `copyModule`'s copyConfig (that module as plain JavaScript). */
export function patchOneFile(script: string, copyModule: string): string {
  const found = [...script.matchAll(MINIFIED_GET_CONFIG)].length;
  if (found !== 1) throw new Error(`${ERROR} (${found} matches in mermaid.min.js)`);
  const copy = `var __miCopyConfig=(()=>{${copyModule.replace(/^export /gm, '')}\nreturn copyConfig;})();\n`;
  const body = script.replace(MINIFIED_GET_CONFIG, '$1__miCopyConfig($2)$3');
  const strict = '"use strict";';
  return body.startsWith(strict) ? strict + copy + body.slice(strict.length) : copy + body;
}

/** copyConfig's module, types stripped. */
export async function copyModuleSource(): Promise<string> {
  const { code } = await transformWithOxc(readFileSync(COPY, 'utf8'), COPY, { lang: 'ts', sourcemap: false });
  return code;
}

/** The one-file build, patched. */
async function patchedOneFile(): Promise<string> {
  return patchOneFile(readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8'), await copyModuleSource());
}

/** For the dev server: the patched one-file build written beside node_modules' other caches (atomically: servers may run side by side). */
async function writeOneFile(): Promise<string> {
  const out = join(dirname(createRequire(import.meta.url).resolve('mermaid/package.json')), '../.cache/managed-identity-sandbox/mermaid.min.js');
  const patched = await patchedOneFile();
  if (!existsSync(out) || readFileSync(out, 'utf8') !== patched) {
    mkdirSync(dirname(out), { recursive: true });
    const temp = `${out}.${process.pid}.tmp`;
    writeFileSync(temp, patched);
    renameSync(temp, out);
  }
  return out;
}

/** What isolated.ts imports for the frame's script, and the module that answers it. */
const ONE_FILE_URL = 'mermaid/dist/mermaid.min.js?url';
const ONE_FILE_MODULE = '\0managed-identity-sandbox:mermaid-one-file-url';

const isMermaidModule = (id: string) => /[\\/]node_modules[\\/]mermaid[\\/]dist[\\/].*\.mjs$/.test(id);

/** The transform of Mermaid's modules, for Vite's build and for the dev server's pre-bundling. */
function transformer() {
  let patched = false;
  let sawMermaid = false;
  return {
    name: 'managed-identity-sandbox:mermaid-config-copy',
    transform(code: string, id: string) {
      if (!isMermaidModule(id)) return null;
      sawMermaid = true;
      const out = patchGetConfig(code);
      if (out === null) return null;
      patched = true;
      return { code: out, map: null };
    },
    buildEnd(this: { error(message: string): never }, error?: Error) {
      if (!error && sawMermaid && !patched) this.error(ERROR);
    },
  };
}

export function mermaidConfigCopy(): Plugin {
  let serving = false;
  return {
    ...transformer(),
    // Before Vite's own resolver, which would otherwise answer the `?url` import with the file as it is.
    enforce: 'pre',
    // The benchmark's baseline build is the first release's pipeline: Mermaid as it comes.
    apply: () => process.env.VITE_DIAGRAM_BASELINE !== '1',
    config: () => ({ optimizeDeps: { rolldownOptions: { plugins: [transformer()] } } }),
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId: (source) => (source === ONE_FILE_URL ? ONE_FILE_MODULE : null),
    async load(id) {
      if (id !== ONE_FILE_MODULE) return null;
      if (serving) return `export default ${JSON.stringify(`/@fs/${(await writeOneFile()).split('\\').join('/').replace(/^\//, '')}`)};`;
      const reference = this.emitFile({ type: 'asset', name: 'mermaid.min.js', source: await patchedOneFile() });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
  };
}

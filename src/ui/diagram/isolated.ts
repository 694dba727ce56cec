// Drawing in an isolated frame: <iframe sandbox="allow-scripts"> has an opaque origin, so Chromium
// runs it in a process of its own and Mermaid's layout (100-500 ms of script for a large diagram) no
// longer blocks the page: clicks are answered while it draws. It costs a frame, a one-file Mermaid
// (loaded on first use, in that process) and a message each way; securityLevel stays 'strict' there.
// Until the frame is ready, and for good if it fails (the frame or its script cannot load, no
// answer), the renderer draws in the page instead.
import type { MermaidConfig } from 'mermaid';
import frameUrl from './frame.html?url';
// frame.html loads its script as `frame-boot.js` beside it; importing it here makes the build emit it
// there under that fixed name (vite.config.ts), in dist/ and dist/embed/'s assets alike.
import frameBootUrl from './frame-boot.js?url';
import mermaidScriptUrl from 'mermaid/dist/mermaid.min.js?url';

interface Pending {
  resolve: (svg: string) => void;
  reject: (e: Error) => void;
}

let frame: HTMLIFrameElement | undefined;
let ready: Promise<void> | undefined;
let loaded = false;
let seq = 0;
const pending = new Map<number, Pending>();

/** How long the first load (frame plus Mermaid) may take before drawing in the page instead. */
const LOAD_TIMEOUT_MS = 15_000;
/** A render the frame has not answered by then is given up on (and the page draws from then on). */
const RENDER_TIMEOUT_MS = 20_000;

function start(): Promise<void> {
  if (ready) return ready;
  ready = new Promise<void>((resolve, reject) => {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.title = 'Diagram renderer';
    // Laid out (Mermaid measures text) but out of sight; as wide as the page's own render host.
    iframe.style.cssText = 'position:fixed;left:-10000px;top:0;width:1280px;height:800px;border:0;visibility:hidden;pointer-events:none';
    const timer = setTimeout(() => reject(new Error('The render frame did not answer')), LOAD_TIMEOUT_MS);
    window.addEventListener('message', (event) => {
      if (event.source !== iframe.contentWindow) return;
      const m = event.data as { type: string; seq?: number; svg?: string; message?: string };
      if (m.type === 'hello') iframe.contentWindow?.postMessage({ type: 'load', src: new URL(mermaidScriptUrl, document.baseURI).href }, '*');
      else if (m.type === 'ready') {
        clearTimeout(timer);
        loaded = true;
        resolve();
      } else if (m.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(m.message));
      } else if (m.seq !== undefined) {
        const p = pending.get(m.seq);
        pending.delete(m.seq);
        if (m.type === 'done' && typeof m.svg === 'string') p?.resolve(m.svg);
        else p?.reject(new Error(m.message ?? 'The diagram could not be drawn'));
      }
    });
    const src = new URL(frameUrl, document.baseURI);
    if (new URL('frame-boot.js', src).href !== new URL(frameBootUrl, document.baseURI).href) console.warn('The render frame\'s script is not beside it:', frameBootUrl);
    iframe.src = src.href;
    document.body.append(iframe);
    frame = iframe;
  });
  ready.catch(() => {});
  return ready;
}

/** Draw in the frame; rejects (without a diagram) when the frame is not available. */
export async function drawIsolated(id: string, text: string, config: MermaidConfig, configKey: string): Promise<string> {
  await start();
  const n = ++seq;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(n);
      reject(new Error('The render frame did not answer'));
    }, RENDER_TIMEOUT_MS);
    pending.set(n, {
      resolve: (svg) => (clearTimeout(timer), resolve(svg)),
      reject: (e) => (clearTimeout(timer), reject(e)),
    });
    frame!.contentWindow!.postMessage({ type: 'render', seq: n, id, text, config, configKey }, '*');
  });
}

/** Whether the frame has Mermaid loaded: until then large diagrams are drawn in the page, not kept waiting. */
export function isolatedReady(): boolean {
  return loaded;
}

/** Load the frame and its Mermaid ahead of the first large diagram. */
export function prepareIsolated(): void {
  void start().catch(() => {});
}

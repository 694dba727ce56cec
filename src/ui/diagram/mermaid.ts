// Mermaid itself: loaded on first use with import() (a separate chunk, never in the entry), set up once
// per theme, and drawing into a hidden host element of its own. Only the render queue calls draw(), so
// renders never overlap.
import type { Mermaid, MermaidConfig } from 'mermaid';
import type { Theme } from '../../diagram/diagram.ts';
import type { SvgEntry } from './cache.ts';
import { renderStrict } from './csp.ts';
import { drawIsolated, isolatedReady, prepareIsolated } from './isolated.ts';

/** Start the isolated frame when diagrams are getting large, before one needs it. */
export function expectLarge(text: string): void {
  if (Number.isFinite(ISOLATE_ABOVE_NODES) && nodeCount(text) > ISOLATE_ABOVE_NODES * 0.75) prepareIsolated();
}

/**
 * Diagrams with more nodes than this are drawn in the isolated frame (isolated.ts), so the page keeps
 * answering clicks while Mermaid lays them out; smaller ones are drawn in the page, which is faster to
 * screen (no frame, no message round trip) and costs under ~150 ms of the page's time. At 16, the redraw
 * after a change in a 50-entity world (17 nodes) no longer holds up clicks; the frame is started only once
 * a topology passes 12 nodes. Measured in docs/diagrams.md. The benchmark's baseline never isolates;
 * VITE_DIAGRAM_ISOLATE_ABOVE sets another threshold for measuring (0: always, -1: never).
 */
const BASELINE = import.meta.env.VITE_DIAGRAM_BASELINE === '1';
const SETTING = Number(import.meta.env.VITE_DIAGRAM_ISOLATE_ABOVE ?? 16);
export const ISOLATE_ABOVE_NODES = BASELINE || SETTING < 0 ? Infinity : SETTING;
let isolationBroken = false;

/** Node statements in a flowchart text (sequence diagrams count 0: they are small and quick). */
export function nodeCount(text: string): number {
  if (!text.startsWith('flowchart')) return 0;
  return text.split('\n').filter((l) => /^\s+[ns][0-9a-z]+[[({]/.test(l)).length;
}

/** The diagrams' type: calm, large enough for a projector, and the same as the page's where it can be. */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const FONT_SIZE = 16;

/** Mermaid's 'base' theme, coloured like the app (src/ui/theme.css): neutral boxes, the hues are the diagrams' own. */
const THEME_VARIABLES: Record<Theme, Record<string, string | boolean>> = {
  light: {
    darkMode: false,
    background: '#ffffff',
    primaryColor: '#eef1f5',
    primaryTextColor: '#1b1f24',
    primaryBorderColor: '#505a66',
    secondaryColor: '#f5f6f8',
    tertiaryColor: '#f5f6f8',
    lineColor: '#505a66',
    textColor: '#1b1f24',
    titleColor: '#1b1f24',
    clusterBkg: '#f7f8fa',
    clusterBorder: '#c9d0d9',
    edgeLabelBackground: '#ffffff',
    noteBkgColor: '#fff4d6',
    noteBorderColor: '#8a5a00',
    noteTextColor: '#1b1f24',
    actorBkg: '#eef1f5',
    actorBorder: '#505a66',
    actorTextColor: '#1b1f24',
    actorLineColor: '#505a66',
    signalColor: '#1b1f24',
    signalTextColor: '#1b1f24',
    sequenceNumberColor: '#ffffff',
  },
  dark: {
    darkMode: true,
    background: '#1e2227',
    primaryColor: '#272c33',
    primaryTextColor: '#e8ebef',
    primaryBorderColor: '#a9b3be',
    secondaryColor: '#1b1f24',
    tertiaryColor: '#1b1f24',
    lineColor: '#a9b3be',
    textColor: '#e8ebef',
    titleColor: '#e8ebef',
    clusterBkg: '#1b1f24',
    clusterBorder: '#414a55',
    edgeLabelBackground: '#1e2227',
    noteBkgColor: '#33290f',
    noteBorderColor: '#f2c14e',
    noteTextColor: '#e8ebef',
    actorBkg: '#272c33',
    actorBorder: '#a9b3be',
    actorTextColor: '#e8ebef',
    actorLineColor: '#a9b3be',
    signalColor: '#e8ebef',
    signalTextColor: '#e8ebef',
    sequenceNumberColor: '#1b1f24',
  },
};

function config(theme: Theme): MermaidConfig {
  return {
    startOnLoad: false,
    // Labels are text only: no click handlers, no HTML beyond Mermaid's own, output sanitized.
    securityLevel: 'strict',
    // ELK (Mermaid 12's default) costs ~450 KB gzipped more and is slower to the first diagram here.
    layout: 'dagre',
    // A bad text throws; Mermaid must not append its own error picture to the page.
    suppressErrorRendering: true,
    theme: 'base',
    darkMode: theme === 'dark',
    fontFamily: FONT_FAMILY,
    // No drop shadows, no gradient outlines: calmer, crisper on a projector, and cheaper to paint.
    themeVariables: { ...THEME_VARIABLES[theme], dropShadow: 'none', useGradient: false, fontFamily: FONT_FAMILY, fontSize: `${FONT_SIZE}px` },
    flowchart: { useMaxWidth: true, nodeSpacing: 36, rankSpacing: 56, padding: 10, wrappingWidth: 300 },
    sequence: { useMaxWidth: true, mirrorActors: false, actorFontSize: FONT_SIZE, messageFontSize: FONT_SIZE, noteFontSize: FONT_SIZE, wrap: false, width: 150, actorMargin: 30, messageMargin: 30 },
  };
}

let loading: Promise<Mermaid> | undefined;
let configured: Theme | undefined;
let host: HTMLElement | undefined;
let counter = 0;

/** Mermaid, loaded once. A failed load (offline) is forgotten so the next render can try again. */
export function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then(
    (m) => m.default,
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/**
 * Mermaid's own lazy chunks for a flowchart: the diagram and the dagre layout. Left to Mermaid they
 * load one after another (core, then the flowchart when parsing, then dagre when laying out); asking
 * for all three at once turns the chain into one round of parallel requests. The same modules as
 * Mermaid's own dynamic imports, so the bundler makes them the same chunks (the glob survives the hash
 * in their names changing with Mermaid's version).
 */
const FLOWCHART_CHUNKS = import.meta.glob(['/node_modules/mermaid/dist/chunks/mermaid.core/flowDiagram-*.mjs', '/node_modules/mermaid/dist/chunks/mermaid.core/dagre-*.mjs']);

/**
 * Load Mermaid and the flowchart code it loads lazily, in parallel, so that the first real diagram
 * waits for less. Drawing nothing, it never holds up the render queue.
 */
export async function prepare(theme: Theme, parallel = true): Promise<void> {
  if (parallel) for (const load of Object.values(FLOWCHART_CHUNKS)) void load().catch(() => {});
  const mermaid = await loadMermaid();
  if (configured !== theme) {
    mermaid.initialize(config(theme));
    configured = theme;
  }
  await mermaid.parse('flowchart TB\n  a', { suppressErrors: true });
}

/** Where Mermaid measures text: laid out (so sizes are real) but invisible and out of the way. */
function renderHost(): HTMLElement {
  if (host?.isConnected) return host;
  host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.dataset.diagramRenderHost = '';
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:1280px;visibility:hidden;pointer-events:none;contain:layout style';
  document.body.append(host);
  return host;
}

export async function draw(text: string, theme: Theme): Promise<SvgEntry> {
  const large = !isolationBroken && nodeCount(text) > ISOLATE_ABOVE_NODES;
  if (large && !isolatedReady()) prepareIsolated();
  if (large && isolatedReady()) {
    const id = `mdr${++counter}x`;
    let svg: string | undefined;
    try {
      svg = await drawIsolated(id, text, config(theme), theme);
    } catch (e) {
      // A text Mermaid refuses fails the same way in the page; a frame that cannot run is given up on.
      if (e instanceof Error && /render frame|could not be loaded/.test(e.message)) isolationBroken = true;
      else throw e;
    }
    if (svg !== undefined) return { svg, id };
  }
  const mermaid = await loadMermaid();
  if (configured !== theme) {
    mermaid.initialize(config(theme));
    configured = theme;
  }
  // A distinctive id: withId() replaces it throughout the SVG when it is shown.
  const id = `mdr${++counter}x`;
  const target = renderHost();
  try {
    const { svg } = await renderStrict(target, () => mermaid.render(id, text, target)); // a strict CSP: csp.ts
    return { svg, id };
  } finally {
    target.replaceChildren();
  }
}

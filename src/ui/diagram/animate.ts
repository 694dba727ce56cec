// Animated transitions between two drawings of a diagram. Consecutive SVGs of the same diagram share
// element ids (node ids are hashes of the entities, diagram/ids.ts; Mermaid's edge ids are built from
// them), so: before the new SVG goes in, remember where each node, box and edge label was (from the SVG's
// own attributes, which costs no layout); once the browser has laid the new one out, play the change.
// Every frame of it runs on the compositor: Chrome restyles and repaints an SVG on the main thread in
// every frame in which anything inside it moves or fades (when the nodes themselves were animated, that
// came to 84 ms of main-thread CPU per step at 50 entities), while the transform and opacity of HTML
// elements animate without it (not an SVG's root: fading the old <svg> itself was repainted in every
// frame, 92 ms a step). So the main thread works once, as the transition
// starts, and once as it ends, and hardly at all in between:
// - the new drawing goes in as it is and is never animated itself (so nothing of it is repainted as the
//   transition ends);
// - over it, the old drawing itself (the SVG element that just left the page, put back for the length
//   of the transition) on the colour behind it fades out: what is gone fades out, what is new fades in,
//   boxes and edges cross-fade, an orphaned principal turns into "Identity not found", and what stayed
//   where it was does not dip, being the same in both;
// - over that, the kept nodes and edge labels that moved glide from where they were on screen (at the
//   size they were): copies of them from the new drawing, taken out of the old one. Parts that move
//   alike share one group, one animation, one layer.
// Copies are styled in shadow roots that adopt the drawings' own sheets, and the spotlight's, so what
// was dimmed stays dimmed while it fades or glides (Mermaid's rules are scoped to
// the SVG's id, which old and new drawings share: in a shadow root of its own, no id is in the page
// twice); styles go through the CSSOM, so a strict CSP allows it all. Then the overlay goes, and the
// drawing itself is all there is, clickable and focusable. At most 400 ms; nothing at all under
// prefers-reduced-motion. Presenter mode always animates; the free sandbox when its setting (More →
// Animate diagram changes, kept in this browser, off by default) is on.
// `npm run bench:present` measures it (CACHED=1: main-thread CPU animating adds per step at 50 entities,
// drawings cached; 2-core machine shared with other work, each figure a median of 10 steps):
// - nodes animated inside the SVG: 84 ms;
// - windows onto an image of the new drawing, over images of the old: 47-58 ms;
// - windows holding DOM copies instead (the old drawing still an image): 36-44 ms;
// - this design: 23-31 ms (p95 38-71); its parts, measured by leaving them out (GC=1, docs/diagrams.md):
//   reading where everything is ~2 ms, the copies that glide ~5 ms, the old drawing put back ~7 ms, and
//   ~12-15 ms that any overlay fading over the drawing costs, however small;
// - with animations that hold their end and a timer that ends them (below): 20-28 ms, median 24;
// - the browser's View Transitions on the canvas, cross-fading only: 64 ms.
// At 50 entities the budget of 20 ms per step holds where people see it (presenter mode 15-16 ms, the
// sandbox's default view 11-17: each draws around what a step changed) and not for the whole picture
// (*Show everything*, ~20 nodes nearly all moving: 18-28 ms).

import { SPOTLIGHT_CSS, SPOTLIGHTING } from './spotlight.ts';

export const TRANSITION_MS = 350;
/** How many times longer than what they show the animations last (see `start`). */
const HOLD = 20;
const SETTING_KEY = 'managed-identity-sandbox/animate-diagrams';

export interface Snapshot {
  /** The drawing itself: put back over the next one while it fades out. */
  svg: SVGSVGElement;
  /** Where it sat in its container. */
  at: Placement;
  /** Where each of its parts was. */
  spots: Map<string, Spot>;
  /** The style sheets that styled it (see sheetsOf). */
  sheets: CSSStyleSheet[];
  /** Whether a node of it was spotlighted (spotlight.ts): its copies dim the rest as it did. */
  spotlit: boolean;
}

/** A drawing's box in its container's padding box (CSS px, scrolling included), and its user units: screen x = x0 + x * scale. */
interface Placement {
  left: number;
  top: number;
  width: number;
  height: number;
  scale: number;
  x0: number;
  y0: number;
  /** The container's own place in its parent's content (a stage may re-centre it for a new drawing). */
  ox: number;
  oy: number;
}

/** A part's position in its drawing's units; for an edge also its path. */
interface Spot {
  x: number;
  y: number;
  d?: string;
}

/** The free sandbox's setting (default off), kept in this browser. */
export function animationSetting(): boolean {
  try {
    return localStorage.getItem(SETTING_KEY) === 'on';
  } catch {
    return fallback;
  }
}

export function setAnimationSetting(on: boolean): void {
  try {
    localStorage.setItem(SETTING_KEY, on ? 'on' : 'off');
  } catch {
    // storage blocked: the setting lasts as long as the page
  }
  fallback = on;
}
let fallback = false;

export function motionAllowed(): boolean {
  if (typeof window === 'undefined' || typeof Element.prototype.animate !== 'function') return false;
  if (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return false;
  return true;
}

/** The parts of a drawing that can be matched with the next one, by a key stable across drawings. */
function parts(svg: SVGSVGElement): Map<string, SVGGraphicsElement> {
  const out = new Map<string, SVGGraphicsElement>();
  const prefix = `${svg.id}-`;
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.node, g.cluster')) {
    const id = el.id.startsWith(prefix) ? el.id.slice(prefix.length) : el.id;
    // A node's id ends with Mermaid's counter (`flowchart-n1ab-3`), which shifts when others come and go.
    if (id) out.set(id.replace(/^flowchart-(.+)-\d+$/, 'node:$1'), el);
  }
  // Mermaid draws an empty label on every edge without one, unplaced: nothing to show, nowhere to glide from.
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.edgeLabel > g.label[data-id]')) if (el.textContent?.trim()) out.set(`label:${el.dataset.id}`, el.parentElement as unknown as SVGGraphicsElement);
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('path.flowchart-link[data-id]')) out.set(`edge:${el.dataset.id}`, el);
  return out;
}

/**
 * Where a part is in its drawing's units, read from the SVG's attributes alone (no style or layout):
 * Mermaid places nodes, edge labels and nested subgraphs with transform="translate(x, y)", a box by its
 * rect's x and y, and an edge by its path's `d`.
 */
function spotOf(el: SVGGraphicsElement, svg: SVGSVGElement): Spot {
  let { x, y } = offsetOf(el, svg);
  const box = el.classList.contains('cluster') ? el.querySelector(':scope > rect') : null;
  if (box) {
    x += Number(box.getAttribute('x')) || 0;
    y += Number(box.getAttribute('y')) || 0;
  }
  return el instanceof SVGPathElement ? { x, y, d: el.getAttribute('d') ?? '' } : { x, y };
}

/** Sum of the translations on a part and the groups around it, in its drawing's units. */
function offsetOf(el: Element, svg: SVGSVGElement): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let g: Element | null = el; g && g !== svg; g = g.parentElement) {
    const list = (g as SVGGraphicsElement).transform?.baseVal;
    for (let i = 0; list && i < list.numberOfItems; i++) {
      const m = list.getItem(i).matrix;
      x += m.e;
      y += m.f;
    }
  }
  return { x, y };
}

/** Where a drawing sits in its container (one layout read each, which must already be up to date). */
function placement(svg: SVGSVGElement, container: HTMLElement): Placement | null {
  const vb = svg.viewBox.baseVal;
  if (!vb?.width || !vb.height) return null;
  const r = svg.getBoundingClientRect();
  const host = container.getBoundingClientRect();
  const parent = container.parentElement;
  const around = parent?.getBoundingClientRect();
  const ox = around ? host.left - around.left + parent!.scrollLeft : 0;
  const oy = around ? host.top - around.top + parent!.scrollTop : 0;
  const left = r.left - host.left - container.clientLeft + container.scrollLeft;
  const top = r.top - host.top - container.clientTop + container.scrollTop;
  // preserveAspectRatio's default (xMidYMid meet): the drawing is centred at the smaller scale.
  const scale = Math.min(r.width / vb.width, r.height / vb.height) || 1;
  return { left, top, width: r.width, height: r.height, scale, x0: left + (r.width - vb.width * scale) / 2 - vb.x * scale, y0: top + (r.height - vb.height * scale) / 2 - vb.y * scale, ox, oy };
}

/** Where a placement of the container's last drawing is in the container as it is now placed. */
function rebase(was: Placement, now: Placement): Placement {
  const dx = was.ox - now.ox;
  const dy = was.oy - now.oy;
  return { ...was, left: was.left + dx, top: was.top + dy, x0: was.x0 + dx, y0: was.y0 + dy, ox: now.ox, oy: now.oy };
}

/** A transition waiting for its drawing to be laid out, per container: a newer drawing cancels it. */
const waiting = new WeakMap<HTMLElement, { observer: ResizeObserver; before: Snapshot }>();
/** A transition on screen, per container: calling it ends it at once (overlay gone, drawing shown). */
const running = new WeakMap<HTMLElement, () => void>();

/** Where everything is now, before the drawing is replaced. */
export function snapshot(container: HTMLElement): Snapshot | null {
  // A drawing that came in since the last frame was never seen: what is on screen is still the one before.
  const pending = waiting.get(container);
  if (pending) return pending.before;
  const t0 = performance.now();
  const svg = container.querySelector<SVGSVGElement>(':scope > svg');
  const at = svg && placement(svg, container);
  if (!svg || !at) return null;
  const spots = new Map<string, Spot>();
  for (const [key, el] of parts(svg)) spots.set(key, spotOf(el, svg));
  measure(t0, 'snapshot');
  // Its styles as they are now: where the page adopts them (a strict CSP), the next drawing replaces them.
  return { svg, at, spots, sheets: sheetsOf(svg), spotlit: container.classList.contains(SPOTLIGHTING) };
}

/**
 * Animate from `before` to the drawing now in `container`. Where the new drawing sits is known once the
 * browser has laid it out, which it does before the next paint anyway; a ResizeObserver's first call
 * comes right then (after layout, before paint), so the transition starts there without forcing a layout
 * of its own, and in the same frame as the new drawing first shows.
 */
export function animateFrom(container: HTMLElement, before: Snapshot | null, duration = TRANSITION_MS): void {
  waiting.get(container)?.observer.disconnect();
  waiting.delete(container);
  running.get(container)?.();
  const svg = container.querySelector<SVGSVGElement>(':scope > svg');
  if (!before || !svg) return;
  if (typeof ResizeObserver === 'undefined') return start(container, svg, before, duration);
  const observer = new ResizeObserver(() => {
    observer.disconnect();
    if (waiting.get(container)?.observer === observer) waiting.delete(container);
    if (svg.isConnected) start(container, svg, before, duration);
  });
  waiting.set(container, { observer, before });
  observer.observe(svg);
}

/**
 * The style sheets that style a drawing: under a strict policy the page's adopted sheet scoped to the
 * SVG's id (csp.ts), otherwise Mermaid's own <style> in the SVG, as a constructed sheet (cached by its
 * text: consecutive drawings of a diagram share it). A shadow root adopts them to style copies of it.
 */
function sheetsOf(svg: SVGSVGElement): CSSStyleSheet[] {
  const out: CSSStyleSheet[] = [];
  const root = svg.getRootNode() as Document | ShadowRoot;
  if (svg.id && 'adoptedStyleSheets' in root) {
    const scope = `#${CSS.escape(svg.id)}`;
    for (const sheet of root.adoptedStyleSheets) if (headOf(sheet).includes(scope)) out.push(sheet);
  }
  for (const style of svg.querySelectorAll(':scope > style')) out.push(constructed(style.textContent ?? ''));
  return out;
}

/** The text of a sheet's first rules, where a drawing's sheet names its SVG (a sheet never changes once adopted). */
function headOf(sheet: CSSStyleSheet): string {
  let text = heads.get(sheet);
  if (text === undefined) {
    text = '';
    for (let i = 0; i < sheet.cssRules.length && i < 8; i++) text += sheet.cssRules[i]!.cssText;
    heads.set(sheet, text);
  }
  return text;
}
const heads = new WeakMap<CSSStyleSheet, string>();

function constructed(css: string): CSSStyleSheet {
  let sheet = fromText.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    fromText.set(css, sheet);
    if (fromText.size > 8) fromText.delete(fromText.keys().next().value!);
  }
  return sheet;
}
const fromText = new Map<string, CSSStyleSheet>();

/** The colour behind a drawing: the nearest opaque background around it (the page's, at the last). */
function backdrop(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null)) {
    const color = getComputedStyle(e).backgroundColor;
    if (color && color !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(color)) return color;
  }
  return 'Canvas';
}

/** A host whose shadow root adopts `sheets`: copies of a drawing keep its ids and its styles, scoped to themselves. */
function shadowed(sheets: CSSStyleSheet[], styles: Record<string, string>): [HTMLElement, ShadowRoot] {
  const host = document.createElement('div');
  setStyles(host, styles);
  const root = host.attachShadow({ mode: 'open' });
  // The spotlight's dimming is the page's CSS on the container's class: a shadow root needs its own copy.
  root.adoptedStyleSheets = [...sheets, spotlightSheet()];
  return [host, root];
}

/** The spotlight's rules as one sheet, made once (not in the drawings' capped cache, where it would take a place). */
function spotlightSheet(): CSSStyleSheet {
  if (!spotlight) {
    spotlight = new CSSStyleSheet();
    spotlight.replaceSync(SPOTLIGHT_CSS);
  }
  return spotlight;
}
let spotlight: CSSStyleSheet | undefined;

/** A plain wrapper that dims what it holds as the spotlighted drawing it comes from did (or not). */
function spotlitScope(spotlit: boolean): HTMLDivElement {
  const scope = document.createElement('div');
  if (spotlit) scope.className = SPOTLIGHTING;
  return scope;
}

/** Everything that may leave or move: nodes, boxes, edge labels and edges. */
const PARTS = 'g.node, g.cluster, g.edgeLabel, path.flowchart-link';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Inline styles through the CSSOM (which a strict policy allows), !important against the page's rules. */
function setStyles(el: HTMLElement | SVGElement, styles: Record<string, string>): void {
  el.style.cssText = Object.entries(styles)
    .map(([k, v]) => `${k}: ${v} !important`)
    .join('; ');
}

function start(container: HTMLElement, svg: SVGSVGElement, last: Snapshot, duration: number): void {
  const t0 = performance.now();
  // Every read first (layout is fresh here, so none of them costs a layout), then every write.
  const at = placement(svg, container);
  if (!at) return;
  // Things start where they were on screen, even if the container moved (a stage centres each drawing).
  const before = { ...last, at: rebase(last.at, at) };
  const now = parts(svg);
  const spots = new Map([...now].map(([key, el]) => [key, spotOf(el, svg)] as const));
  let changed = [...before.spots.keys()].some((key) => !now.has(key));
  /** Kept parts that are somewhere else on screen now: they glide. */
  const moved = new Map<string, { dx: number; dy: number; k: number }>();
  const k = before.at.scale / at.scale;
  for (const [key, is] of spots) {
    const was = before.spots.get(key);
    if (!was || was.d !== is.d) {
      changed = true;
      continue;
    }
    const dx = before.at.x0 + was.x * before.at.scale - (at.x0 + is.x * at.scale);
    const dy = before.at.y0 + was.y * before.at.scale - (at.y0 + is.y * at.scale);
    if (Math.abs(dx) >= 0.25 || Math.abs(dy) >= 0.25 || Math.abs(k - 1) >= 0.001) moved.set(key, { dx, dy, k });
  }
  if (!changed && !moved.size) {
    container.dataset.transition = '0';
    return measure(t0, 'start');
  }
  /** The parts that glide: nodes and edge labels that moved. */
  const gliders = [...moved.keys()].filter((key) => key.startsWith('node:') || key.startsWith('label:'));
  const glides = new Set(gliders);
  const positioned = getComputedStyle(container).position !== 'static';
  const color = backdrop(container);
  const sheets = sheetsOf(svg);
  const spotlit = container.classList.contains(SPOTLIGHTING);

  const overlay = document.createElement('div');
  overlay.className = 'transition-overlay';
  overlay.setAttribute('aria-hidden', 'true');
  overlay.inert = true;
  const point = { position: 'absolute', left: '0', top: '0', width: '0', height: '0', overflow: 'visible', margin: '0', padding: '0', border: '0' };
  setStyles(overlay, { ...point, 'pointer-events': 'none' });
  // Each animation lasts HOLD times what it shows, then holds its end, and a timer ends the transition
  // once what it shows is over. Animations that end by themselves wake the page's main thread for four or
  // five frames as they near their end (it follows the compositor's animations to settle their end):
  // 10-14 ms of tasks in a trace, about 2 ms of CPU by the benchmark.
  const timing: KeyframeAnimationOptions = { duration: duration * HOLD, fill: 'forwards' };
  const over = 1 / HOLD;
  const animations: Animation[] = [];
  // Started once everything is in the page, all in one go.
  const plays: [Element, Keyframe[], KeyframeAnimationOptions][] = [];
  const play = (el: Element, keyframes: Keyframe[], options: KeyframeAnimationOptions) => plays.push([el, keyframes, options]);

  // The old drawing itself (no longer in the page), without what glides, on the colour behind it, over
  // the new one: as it fades, the new drawing shows through. What both draw in the same place (a node
  // that stayed) does not dip; what is gone fades out, what is new fades in, boxes and edges cross-fade.
  const old = before.svg.isConnected ? (before.svg.cloneNode(true) as SVGSVGElement) : before.svg;
  const keys = new Map<Element, string>([...parts(old)].map(([key, el]) => [el, key]));
  const taken: [Element, ParentNode, Node | null][] = [];
  for (const el of old.querySelectorAll(`${PARTS}, :scope > style`)) {
    const key = keys.get(el);
    if (el.localName === 'style' || (key && glides.has(key))) {
      taken.push([el, el.parentNode!, el.nextSibling]);
      el.remove();
    }
  }
  const [oldLayer, oldRoot] = shadowed(before.sheets, point);
  const cover = document.createElement('div');
  const left = Math.min(at.left, before.at.left);
  const top = Math.min(at.top, before.at.top);
  setStyles(cover, { position: 'absolute', left: `${left}px`, top: `${top}px`, width: `${Math.max(at.left + at.width, before.at.left + before.at.width) - left}px`, height: `${Math.max(at.top + at.height, before.at.top + before.at.height) - top}px`, background: color });
  setStyles(old, { position: 'absolute', left: `${before.at.left}px`, top: `${before.at.top}px`, width: `${before.at.width}px`, height: `${before.at.height}px`, 'max-width': 'none', 'max-height': 'none', 'min-width': '0', margin: '0' });
  const oldScope = spotlitScope(last.spotlit);
  oldScope.append(old);
  oldRoot.append(cover, oldScope);
  overlay.append(oldLayer);
  // One start and one end for every animation (phases are keyframe offsets, not delays): the page's
  // main thread hears from them only then. Fades run in linear time, so the offsets are moments.
  play(oldLayer, [{ opacity: 1 }, { opacity: 1, offset: 0.35 * over, easing: 'ease-in-out' }, { opacity: 0, offset: over }, { opacity: 0 }], timing);

  // A copy of each part that glides, from the new drawing. Parts that move alike share one group, which
  // is what animates (one layer for the compositor to move): an <svg> placed and sized as the drawing,
  // holding their copies, in a shadow root styled by the drawing's sheets, in a wrapper with the
  // drawing's id as Mermaid's rules expect (an id the page does not see twice: a shadow root is a scope
  // of its own).
  const vb = svg.viewBox.baseVal;
  const groups = new Map<string, SVGSVGElement>();
  for (const key of gliders) {
    const el = now.get(key)!;
    // From where it was on screen (and at the size it was) to where it is: about the part's own point
    // (where it is now, `a`), p -> a + k (p - a) + d, that is p -> k p + t.
    const m = moved.get(key)!;
    const is = spots.get(key)!;
    const tx = m.dx + (1 - m.k) * (at.x0 + is.x * at.scale);
    const ty = m.dy + (1 - m.k) * (at.y0 + is.y * at.scale);
    const alike = `${m.k.toFixed(4)} ${Math.round(tx * 8)} ${Math.round(ty * 8)}`;
    let group = groups.get(alike);
    if (!group) {
      const [host, root] = shadowed(sheets, { ...point, 'transform-origin': '0 0' });
      host.dataset.windows = '';
      const scope = spotlitScope(spotlit);
      scope.id = svg.id;
      group = document.createElementNS(SVG_NS, 'svg');
      group.setAttribute('viewBox', `${vb.x} ${vb.y} ${vb.width} ${vb.height}`);
      setStyles(group, { position: 'absolute', left: `${at.left}px`, top: `${at.top}px`, width: `${at.width}px`, height: `${at.height}px`, overflow: 'visible', margin: '0' });
      scope.append(group);
      root.append(scope);
      groups.set(alike, group);
      overlay.append(host);
      play(host, [{ transform: `translate(${tx}px, ${ty}px) scale(${m.k})`, easing: 'cubic-bezier(0.2, 0, 0, 1)' }, { transform: 'none', offset: over }, { transform: 'none' }], timing);
    }
    // The copy keeps its own translation; the group around it stands for the groups around it.
    const around = offsetOf(el.parentElement!, svg);
    const g = document.createElementNS(SVG_NS, 'g');
    g.dataset.key = key;
    g.setAttribute('transform', `translate(${around.x}, ${around.y})`);
    g.append(el.cloneNode(true));
    group.append(g);
  }

  if (!positioned) container.style.position = 'relative';
  container.appendChild(overlay);
  for (const [el, keyframes, options] of plays) animations.push(el.animate(keyframes, options));
  container.dataset.transition = String(moved.size);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    for (const a of animations) a.cancel();
    overlay.remove();
    // The old drawing as it was (a presenter may keep it, to animate from it again).
    for (const [el, parent, next] of taken.reverse()) parent.insertBefore(el, next);
    old.style.cssText = '';
    if (running.get(container) === end) running.delete(container);
  };
  running.set(container, end);
  // Once the compositor has started them (and the page knows when), end a frame after what they show is over.
  void Promise.all(animations.map((a) => a.ready)).then(
    () => setTimeout(end, duration - Number(animations[0]!.currentTime ?? 0) + 20),
    () => {},
  );
  void Promise.all(animations.map((a) => a.finished)).then(end, () => {});
  measure(t0, 'start');
}

/** Main-thread time of a transition's parts, for `npm run bench:present` (User Timing, no cost otherwise). */
function measure(t0: number, phase: 'snapshot' | 'start'): void {
  performance.measure?.('diagram-transition', { start: t0, end: performance.now(), detail: phase });
}

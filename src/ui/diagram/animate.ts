// Animated transitions between two drawings of a diagram. Consecutive SVGs of the same diagram share
// element ids (node ids are hashes of the entities, diagram/ids.ts; Mermaid's edge ids are built from
// them), so: before the new SVG goes in, remember where each node, box and edge label was (from the SVG's
// own attributes, which costs no layout); once the browser has laid the new one out, play the change.
// Every frame of it runs on the compositor: Chrome restyles and repaints an SVG on the main thread in
// every frame in which anything inside it moves or fades (when the nodes themselves were animated, that
// came to 84 ms of main-thread CPU per step at 50 entities), while the transform and opacity of HTML
// elements, and of an SVG's root, animate without it. So the main thread works once, as the transition
// starts (two images, ~25 windows), and once as it ends, and hardly at all in between:
// - the new drawing's nodes and edge labels are copied once into an image (a data: URL, which the
//   browser decodes at once, in the same frame); each is a window onto that image that glides from where
//   the part was on screen (at the size it was), or fades in if it is new;
// - the new drawing itself (boxes, edges, and its nodes under the windows) fades in beneath them;
// - an image of the old drawing without what is kept (its boxes and edges, and what is gone or orphaned,
//   a principal turning into "Identity not found") fades out over it. Boxes and edges so cross-fade
//   rather than glide.
// Then the windows and images go, and the drawing itself shows, crisp, clickable and focusable. At most
// 400 ms; nothing at all under prefers-reduced-motion. Presenter mode always animates; the free sandbox
// when its setting (More → Animate diagram changes, kept in this browser, off by default) is on.
// `npm run bench:present` measures it.

export const TRANSITION_MS = 350;
const SETTING_KEY = 'managed-identity-sandbox/animate-diagrams';

export interface Snapshot {
  /** The drawing itself: what the next one does not keep of it fades out as an image. */
  svg: SVGSVGElement;
  /** Where it sat in its container. */
  at: Placement;
  /** Where each of its parts was. */
  spots: Map<string, Spot>;
  /** The page's style sheets that styled it, and the text styles it inherited. */
  sheets: CSSStyleSheet[];
  inherited: string;
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
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.edgeLabel > g.label[data-id]')) out.set(`label:${el.dataset.id}`, el.parentElement as unknown as SVGGraphicsElement);
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
  return { svg, at, spots, sheets: sheetsOf(svg), inherited: inheritedOf(svg) };
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

/** The page's style sheets that style this drawing (Mermaid's rules are scoped to the SVG's id). */
function sheetsOf(svg: SVGSVGElement): CSSStyleSheet[] {
  const root = svg.getRootNode() as Document | ShadowRoot;
  if (!svg.id || !('adoptedStyleSheets' in root)) return [];
  const scope = `#${CSS.escape(svg.id)}`;
  return root.adoptedStyleSheets.filter((sheet) => {
    for (let i = 0; i < sheet.cssRules.length && i < 8; i++) if (sheet.cssRules[i]!.cssText.includes(scope)) return true;
    return false;
  });
}

/**
 * A copy of a drawing as an image (a data: URL, which the browser loads at once, in the same frame),
 * holding only the parts `keep` keeps, at the size it has on screen.
 */
function image(svg: SVGSVGElement, sheets: CSSStyleSheet[], inherited: string, at: Placement, keep: (el: Element, key: string | undefined) => boolean): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const keys = new Map<Element, string>([...parts(copy)].map(([key, el]) => [el, key]));
  for (const el of copy.querySelectorAll(PARTS)) if (!keep(el, keys.get(el))) el.remove();
  // The size it has on screen, not the one its styles give it (those may cap or stretch it), and what
  // its labels inherit from the page (an image sees none of the page's styles). No style attribute: a
  // strict policy refuses one even on a copy that is never shown.
  for (const name of [...copy.classList]) if (name.startsWith('mis-inline-')) copy.classList.remove(name);
  copy.setAttribute('width', String(at.width));
  copy.setAttribute('height', String(at.height));
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = `:root { ${inherited}; max-width: none; } ${sheets.map(cssOf).join('\n')}`;
  copy.prepend(style);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
}

/** A style sheet's text (a drawing's sheet never changes, and the next transition often needs it again). */
function cssOf(sheet: CSSStyleSheet): string {
  let text = cssText.get(sheet);
  if (text === undefined) cssText.set(sheet, (text = [...sheet.cssRules].map((r) => r.cssText).join('\n')));
  return text;
}
const cssText = new WeakMap<CSSStyleSheet, string>();

/** The text styles a drawing's labels inherit from the page. */
function inheritedOf(svg: SVGSVGElement): string {
  const cs = getComputedStyle(svg);
  return INHERITED.map((name) => `${name}: ${cs.getPropertyValue(name)}`).join('; ');
}
const INHERITED = ['color', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'word-spacing', 'text-rendering', '-webkit-font-smoothing'];
/** Everything an image may leave out: nodes, boxes, edge labels and edges. */
const PARTS = 'g.node, g.cluster, g.edgeLabel, path.flowchart-link';
const kind = (el: Element) => (el.classList.contains('node') ? 'node' : el.classList.contains('cluster') ? 'cluster' : el.classList.contains('edgeLabel') ? 'label' : 'edge');

/** How far (drawing units) a slice reaches past a part's box, for its stroke. */
const BLEED = 3;

/** Inline styles through the CSSOM (which a strict policy allows), !important against the page's rules. */
function setStyles(el: HTMLElement, styles: Record<string, string>): void {
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
  let moved = 0;
  let changed = [...before.spots.keys()].some((key) => !now.has(key));
  for (const [key, is] of spots) {
    const was = before.spots.get(key);
    if (!was || was.d !== is.d) changed = true;
    else if (was.x !== is.x || was.y !== is.y) moved++;
  }
  const still = Math.abs(before.at.scale - at.scale) < 0.001 && Math.abs(before.at.x0 - at.x0) < 0.5 && Math.abs(before.at.y0 - at.y0) < 0.5;
  if (!changed && !moved && still) {
    container.dataset.transition = '0';
    return measure(t0, 'start');
  }
  /** The parts that glide or fade in, each in a window of its own: nodes and edge labels. */
  const boxes = new Map<string, DOMRect>();
  for (const [key, el] of now) {
    if (!key.startsWith('node:') && !key.startsWith('label:')) continue;
    const box = el.getBBox();
    // Mermaid draws an empty label on every edge without one: nothing to show.
    if (box.width > 0 && box.height > 0) boxes.set(key, box);
  }
  const movers = [...boxes.keys()].map((key) => [key, now.get(key)!] as const);
  const offsets = new Map(movers.map(([key, el]) => [key, offsetOf(el, svg)] as const));
  const positioned = getComputedStyle(container).position !== 'static';
  const sheets = sheetsOf(svg);
  const inherited = inheritedOf(svg);

  // The two images (see the top of this file): the new drawing's nodes and edge labels, for the windows;
  // the old drawing without what the new one keeps.
  const nodes = image(svg, sheets, inherited, at, (el) => kind(el) === 'node' || kind(el) === 'label');
  const old = image(before.svg, before.sheets, before.inherited, before.at, (el, key) => kind(el) !== 'node' && kind(el) !== 'label' ? true : !key || !now.has(key));

  const overlay = document.createElement('div');
  overlay.className = 'transition-overlay';
  overlay.setAttribute('aria-hidden', 'true');
  setStyles(overlay, { position: 'absolute', left: '0', top: '0', width: '0', height: '0', overflow: 'visible', 'pointer-events': 'none', margin: '0', padding: '0', border: '0' });
  const picture = (src: string, place: Placement, left: number, top: number) => {
    const img = document.createElement('img');
    img.alt = '';
    img.decoding = 'sync';
    img.draggable = false;
    setStyles(img, { position: 'absolute', left: `${left}px`, top: `${top}px`, width: `${place.width}px`, height: `${place.height}px`, 'max-width': 'none', 'max-height': 'none', margin: '0', padding: '0', border: '0' });
    img.src = src;
    return img;
  };
  const timing: KeyframeAnimationOptions = { duration, easing: 'cubic-bezier(0.2, 0, 0, 1)' };
  const animations: Animation[] = [];
  const play = (el: Element, keyframes: Keyframe[], options: KeyframeAnimationOptions) => animations.push(el.animate(keyframes, options));

  const oldDrawing = document.createElement('div');
  setStyles(oldDrawing, { position: 'absolute', left: '0', top: '0', width: '0', height: '0', overflow: 'visible' });
  oldDrawing.append(picture(old, before.at, before.at.left, before.at.top));
  overlay.append(oldDrawing);
  // One start and one end for every animation (phases are keyframe offsets, not delays): the page's
  // main thread hears from them only then. Fades run in linear time, so the offsets are moments; the
  // drawing shows once the glides are nearly home, so its own nodes do not show beside them.
  const fade: KeyframeAnimationOptions = { duration };
  play(oldDrawing, [{ opacity: 1 }, { opacity: 1, offset: 0.35, easing: 'ease-in-out' }, { opacity: 0 }], fade);
  play(svg, [{ opacity: 0 }, { opacity: 0, offset: 0.5, easing: 'ease-in-out' }, { opacity: 1 }], fade);

  for (const [key, el] of movers) {
    const box = boxes.get(key)!;
    const off = offsets.get(key)!;
    const left = at.x0 + (off.x + box.x - BLEED) * at.scale;
    const top = at.y0 + (off.y + box.y - BLEED) * at.scale;
    const div = document.createElement('div');
    div.dataset.key = key;
    setStyles(div, { position: 'absolute', left: `${left}px`, top: `${top}px`, width: `${(box.width + 2 * BLEED) * at.scale}px`, height: `${(box.height + 2 * BLEED) * at.scale}px`, overflow: 'hidden' });
    div.append(picture(nodes, at, at.left - left, at.top - top));
    overlay.append(div);
    const was = before.spots.get(key);
    if (!was) {
      play(div, [{ opacity: 0 }, { opacity: 0, offset: 0.3, easing: 'ease-in-out' }, { opacity: 1 }], fade);
      continue;
    }
    // From where it was on screen (and at the size it was) to where it is.
    const is = spots.get(key)!;
    const ax = at.x0 + is.x * at.scale;
    const ay = at.y0 + is.y * at.scale;
    const dx = before.at.x0 + was.x * before.at.scale - ax;
    const dy = before.at.y0 + was.y * before.at.scale - ay;
    const k = before.at.scale / at.scale;
    if (Math.abs(dx) < 0.25 && Math.abs(dy) < 0.25 && Math.abs(k - 1) < 0.001) continue;
    div.style.setProperty('transform-origin', `${ax - left}px ${ay - top}px`);
    play(div, [{ transform: `translate(${dx}px, ${dy}px) scale(${k})` }, { transform: 'none' }], timing);
  }

  if (!positioned) container.style.position = 'relative';
  container.appendChild(overlay);
  container.dataset.transition = String(moved);
  let over = false;
  const end = () => {
    if (over) return;
    over = true;
    for (const a of animations) a.cancel();
    overlay.remove();
    if (running.get(container) === end) running.delete(container);
  };
  running.set(container, end);
  // An image the page may not load (a policy without data: images) ends it: the drawing shows as it is.
  for (const img of overlay.querySelectorAll('img')) img.addEventListener('error', end, { once: true });
  void Promise.all(animations.map((a) => a.finished)).then(end, () => {});
  measure(t0, 'start');
}

/** Main-thread time of a transition's parts, for `npm run bench:present` (User Timing, no cost otherwise). */
function measure(t0: number, phase: 'snapshot' | 'start'): void {
  performance.measure?.('diagram-transition', { start: t0, end: performance.now(), detail: phase });
}

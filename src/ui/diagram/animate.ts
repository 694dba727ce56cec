// Animated transitions between two drawings of a diagram. Consecutive SVGs of the same diagram share
// element ids (node ids are hashes of the entities, diagram/ids.ts; Mermaid's edge ids are built from
// them), so: before the new SVG goes in, remember where each node, box and edge label was (from the SVG's
// own attributes, which costs no layout); once the browser has laid the new one out, glide the kept ones
// from there (CSS `translate`, which composes with the SVG's own transform attribute), fade the new ones
// in, and fade out, on top, a copy of the old drawing holding only what was deleted (or orphaned, a
// principal turning into "Identity not found"). At most 400 ms; nothing at all under
// prefers-reduced-motion. Presenter mode always animates; the free sandbox when its setting (More →
// Animate diagram changes, kept in this browser, off by default) is on. `npm run bench:present` measures it.

export const TRANSITION_MS = 350;
const SETTING_KEY = 'managed-identity-sandbox/animate-diagrams';

export interface Snapshot {
  /** The drawing itself, copied only when a transition needs what is gone from it. */
  svg: SVGSVGElement;
  /** Where it sat in its container. */
  at: Placement;
  /** Where each of its parts was. */
  spots: Map<string, Spot>;
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
  let x = 0;
  let y = 0;
  const box = el.classList.contains('cluster') ? el.querySelector(':scope > rect') : null;
  if (box) {
    x += Number(box.getAttribute('x')) || 0;
    y += Number(box.getAttribute('y')) || 0;
  }
  for (let g: Element | null = el; g && g !== svg; g = g.parentElement) {
    const list = (g as SVGGraphicsElement).transform?.baseVal;
    for (let i = 0; list && i < list.numberOfItems; i++) {
      const m = list.getItem(i).matrix;
      x += m.e;
      y += m.f;
    }
  }
  return el instanceof SVGPathElement ? { x, y, d: el.getAttribute('d') ?? '' } : { x, y };
}

/** Where a drawing sits in its container (one layout read each, which must already be up to date). */
function placement(svg: SVGSVGElement, container: HTMLElement): Placement | null {
  const vb = svg.viewBox.baseVal;
  if (!vb?.width || !vb.height) return null;
  const r = svg.getBoundingClientRect();
  const host = container.getBoundingClientRect();
  const left = r.left - host.left - container.clientLeft + container.scrollLeft;
  const top = r.top - host.top - container.clientTop + container.scrollTop;
  // preserveAspectRatio's default (xMidYMid meet): the drawing is centred at the smaller scale.
  const scale = Math.min(r.width / vb.width, r.height / vb.height) || 1;
  return { left, top, width: r.width, height: r.height, scale, x0: left + (r.width - vb.width * scale) / 2 - vb.x * scale, y0: top + (r.height - vb.height * scale) / 2 - vb.y * scale };
}

/** A transition waiting for its drawing to be laid out, per container: a newer drawing cancels it. */
const waiting = new WeakMap<HTMLElement, { observer: ResizeObserver; before: Snapshot }>();

/** Where everything is now, before the drawing is replaced. */
export function snapshot(container: HTMLElement): Snapshot | null {
  // A drawing that came in since the last frame was never seen: what is on screen is still the one before.
  const pending = waiting.get(container);
  if (pending) return pending.before;
  const t0 = performance.now();
  const svg = container.querySelector<SVGSVGElement>(':scope svg:not(.transition-ghost)');
  const at = svg && placement(svg, container);
  if (!svg || !at) return null;
  const spots = new Map<string, Spot>();
  for (const [key, el] of parts(svg)) spots.set(key, spotOf(el, svg));
  measure(t0, 'snapshot');
  return { svg, at, spots };
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
  const svg = container.querySelector<SVGSVGElement>(':scope svg:not(.transition-ghost)');
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

function start(container: HTMLElement, svg: SVGSVGElement, before: Snapshot, duration: number): void {
  const t0 = performance.now();
  // Every read first (layout is fresh here, so none of them costs a layout), then every write.
  const at = placement(svg, container);
  if (!at) return;
  const now = parts(svg);
  const spots = new Map([...now].map(([key, el]) => [key, spotOf(el, svg)] as const));
  const positioned = getComputedStyle(container).position !== 'static';

  const timing: KeyframeAnimationOptions = { duration, easing: 'cubic-bezier(0.2, 0, 0, 1)' };
  let moved = 0;
  for (const [key, el] of now) {
    const was = before.spots.get(key);
    const is = spots.get(key)!;
    if (!was) {
      el.animate([{ opacity: 0 }, { opacity: 1 }], { ...timing, delay: duration * 0.3, duration: duration * 0.7, fill: 'backwards' });
      continue;
    }
    // From where it was on screen to where it is, in the new drawing's units.
    const dx = (before.at.x0 + was.x * before.at.scale - (at.x0 + is.x * at.scale)) / at.scale;
    const dy = (before.at.y0 + was.y * before.at.scale - (at.y0 + is.y * at.scale)) / at.scale;
    const still = Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5 && Math.abs(before.at.scale - at.scale) < 0.001;
    if (still && was.d === is.d) continue;
    moved++;
    // An edge changes shape, not just place: it fades in where it now runs.
    if (key.startsWith('edge:')) el.animate([{ opacity: 0 }, { opacity: 1 }], timing);
    else if (!still) el.animate([{ translate: `${dx}px ${dy}px` }, { translate: '0px 0px' }], timing);
  }
  container.dataset.transition = String(moved);

  // What is gone (or orphaned, a principal turning into "Identity not found") fades away with the old
  // drawing, laid on top: a copy of it holding only the parts that are gone, so it costs little to lay out.
  if ([...before.spots.keys()].some((key) => !now.has(key))) {
    const ghost = before.svg.cloneNode(true) as SVGSVGElement;
    for (const [key, el] of parts(ghost)) if (now.has(key)) el.remove();
    // The ghost keeps its id: its <style> and arrowheads are scoped to it (the same rules as the new one's).
    ghost.setAttribute('aria-hidden', 'true');
    ghost.classList.add('transition-ghost');
    const place = {
      position: 'absolute',
      left: `${before.at.left}px`,
      top: `${before.at.top}px`,
      width: `${before.at.width}px`,
      height: `${before.at.height}px`,
      'max-width': 'none',
      'min-width': '0',
      'pointer-events': 'none',
      margin: '0',
    };
    // Important: the views size their SVG with !important rules, which would resize the ghost.
    for (const [k, v] of Object.entries(place)) ghost.style.setProperty(k, v, 'important');
    if (!positioned) container.style.position = 'relative';
    container.appendChild(ghost);
    ghost.animate([{ opacity: 1 }, { opacity: 0 }], { ...timing, duration: duration * 0.6, fill: 'forwards' }).finished.then(
      () => ghost.remove(),
      () => ghost.remove(),
    );
  }
  measure(t0, 'start');
}

/** Main-thread time of a transition's parts, for `npm run bench:present` (User Timing, no cost otherwise). */
function measure(t0: number, phase: 'snapshot' | 'start'): void {
  performance.measure?.('diagram-transition', { start: t0, end: performance.now(), detail: phase });
}

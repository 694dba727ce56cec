// Animated transitions between two drawings of a diagram. Consecutive SVGs of the same diagram share
// element ids (node ids are hashes of the entities, diagram/ids.ts; Mermaid's edge ids are built from
// them), so: before the new SVG goes in, remember where each node, box and edge label was; after, glide
// the kept ones from there (CSS `translate`, which composes with the SVG's own transform attribute), fade
// the new ones in, and fade the old drawing out on top, with its kept parts hidden, so what was deleted
// (or orphaned, a principal turning into "Identity not found") fades away. At most 400 ms; nothing at
// all under prefers-reduced-motion. Presenter mode always animates; the free sandbox when its setting
// (More → Animate diagram changes, kept in this browser, off by default) is on.

export const TRANSITION_MS = 350;
const SETTING_KEY = 'managed-identity-sandbox/animate-diagrams';

export interface Snapshot {
  svg: SVGSVGElement;
  rect: DOMRect;
  boxes: Map<string, DOMRect>;
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

/** Where everything is now, before the drawing is replaced. */
export function snapshot(container: HTMLElement): Snapshot | null {
  const t0 = performance.now();
  const svg = container.querySelector<SVGSVGElement>(':scope svg');
  if (!svg || !svg.viewBox.baseVal?.width) return null;
  const boxes = new Map<string, DOMRect>();
  for (const [key, el] of parts(svg)) boxes.set(key, el.getBoundingClientRect());
  const shot = { svg: svg.cloneNode(true) as SVGSVGElement, rect: svg.getBoundingClientRect(), boxes };
  measure(t0);
  return shot;
}

/** Animate from `before` to the drawing now in `container`. Returns the main-thread time it took (ms). */
export function animateFrom(container: HTMLElement, before: Snapshot | null, duration = TRANSITION_MS): number {
  const t0 = performance.now();
  const svg = container.querySelector<SVGSVGElement>(':scope svg');
  if (!before || !svg) return 0;
  const rect = svg.getBoundingClientRect();
  const scale = rect.width / (svg.viewBox.baseVal.width || rect.width) || 1;
  const timing: KeyframeAnimationOptions = { duration, easing: 'cubic-bezier(0.2, 0, 0, 1)' };
  const now = parts(svg);
  const rects = new Map([...now].map(([key, el]) => [key, el.getBoundingClientRect()] as const));
  let moved = 0;
  for (const [key, el] of now) {
    const was = before.boxes.get(key);
    const is = rects.get(key)!;
    if (!was) {
      el.animate([{ opacity: 0 }, { opacity: 1 }], { ...timing, delay: duration * 0.3, duration: duration * 0.7, fill: 'backwards' });
      continue;
    }
    const dx = (was.left - is.left) / scale;
    const dy = (was.top - is.top) / scale;
    if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) continue;
    moved++;
    // An edge changes shape, not just place: it fades in where it now runs.
    if (key.startsWith('edge:')) el.animate([{ opacity: 0 }, { opacity: 1 }], timing);
    else el.animate([{ translate: `${dx}px ${dy}px` }, { translate: '0px 0px' }], timing);
  }
  // The old drawing on top, fading out, with its kept parts hidden: only what is gone fades away.
  const ghost = before.svg;
  for (const [key, el] of parts(ghost)) if (now.has(key)) el.style.visibility = 'hidden';
  // The ghost keeps its id: its <style> and arrowheads are scoped to it (the same rules as the new one's).
  ghost.setAttribute('aria-hidden', 'true');
  ghost.classList.add('transition-ghost');
  const host = container.getBoundingClientRect();
  const place = {
    position: 'absolute',
    left: `${before.rect.left - host.left + container.scrollLeft}px`,
    top: `${before.rect.top - host.top + container.scrollTop}px`,
    width: `${before.rect.width}px`,
    height: `${before.rect.height}px`,
    'max-width': 'none',
    'min-width': '0',
    'pointer-events': 'none',
    margin: '0',
  };
  // Important: the views size their SVG with !important rules, which would resize the ghost.
  for (const [k, v] of Object.entries(place)) ghost.style.setProperty(k, v, 'important');
  if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
  container.appendChild(ghost);
  ghost.animate([{ opacity: 1 }, { opacity: 0 }], { ...timing, duration: duration * 0.6, fill: 'forwards' }).finished.then(
    () => ghost.remove(),
    () => ghost.remove(),
  );
  container.dataset.transition = String(moved);
  return measure(t0);
}

/** Main-thread time of a transition's parts, for `npm run bench:present` (User Timing, no cost otherwise). */
function measure(t0: number): number {
  const end = performance.now();
  performance.measure?.('diagram-transition', { start: t0, end });
  return end - t0;
}

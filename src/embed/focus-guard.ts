// An embedded widget never takes keyboard focus (or scrolls the page) unasked. Focus that would arrive
// in it without the person having just pressed a key or a pointer (a component focusing a heading as a
// lesson opens, the next button as a step completes after the host called act()) is refused. Only
// elements inside a guarded shadow root are affected; the host page's own focus() calls are untouched.

let lastInput = -Infinity;
let scroll = { x: 0, y: 0 };
let installed = false;
const guarded = new WeakSet<ShadowRoot>();

/** How long after a key or pointer press a focus change counts as the person's own. */
const INPUT_WINDOW_MS = 1500;

const asked = () => performance.now() - lastInput < INPUT_WINDOW_MS;
const inGuarded = (node: Node) => {
  const root = node.getRootNode();
  return root instanceof ShadowRoot && guarded.has(root);
};

function install(): void {
  if (installed) return;
  installed = true;
  const input = () => (lastInput = performance.now());
  for (const type of ['keydown', 'pointerdown', 'mousedown', 'touchstart']) window.addEventListener(type, input, { capture: true, passive: true });
  // Where the page was before a focus scrolled it: scroll events come a frame after the jump.
  scroll = { x: window.scrollX, y: window.scrollY };
  window.addEventListener('scroll', () => (scroll = { x: window.scrollX, y: window.scrollY }), { passive: true });
  // A focus() call would scroll the page (in an iframe, the host page too) before any event could undo
  // it, so unasked calls from inside a widget are dropped where they are made.
  const focus = HTMLElement.prototype.focus;
  HTMLElement.prototype.focus = function (this: HTMLElement, options?: FocusOptions) {
    // Moving focus within a widget that already has it (the next step's button) is the widget's business.
    const current = document.activeElement?.shadowRoot?.activeElement;
    const within = !!current && current.getRootNode() === this.getRootNode();
    if (!asked() && !within && inGuarded(this)) return;
    focus.call(this, options);
  };
}

/** Guard one shadow root. Returns a function that stops guarding it. */
export function guardFocus(root: ShadowRoot): () => void {
  install();
  guarded.add(root);
  // Whatever still gets in (autofocus, a dialog opening) is sent back where it came from.
  const onFocusIn = (e: Event) => {
    if (asked()) return;
    const event = e as FocusEvent;
    const before = event.relatedTarget;
    if (before instanceof Node && (root.contains(before) || root.host.contains(before))) return; // moving within the widget
    const target = event.composedPath()[0];
    if (target instanceof HTMLElement) target.blur();
    if (before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true });
    const { x, y } = scroll;
    if (window.scrollX !== x || window.scrollY !== y) window.scrollTo(x, y);
  };
  root.addEventListener('focusin', onFocusIn);
  return () => {
    guarded.delete(root);
    root.removeEventListener('focusin', onFocusIn);
  };
}

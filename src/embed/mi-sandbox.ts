// <mi-sandbox>: the Managed Identity Sandbox as one custom element for documentation pages.
//
//   <script type="module" src="…/embed/mi-sandbox.js"></script>
//   <mi-sandbox lesson="03-grant-and-token"></mi-sandbox>
//
// This script is small on purpose (it is all a page pays before the widget scrolls into view): it
// registers the element, draws a placeholder in its shadow root, and loads the sandbox itself
// (./widget.ts) when the widget comes into view, is clicked, or is asked to do something.
import { POLICY_NAME, policyRefused } from '../ui/trusted-types.ts'; // first: before Svelte creates its Trusted Types policy
import type { EmbedEvent } from './events.svelte.ts';
import { guardFocus } from './focus-guard.ts';
import { OPTION_NAMES, readOptions, type EmbedOptions } from './options.ts';
import type { ActAnswer, Answer, Widget } from './widget.ts';

/** Files beside this script in dist/embed/ (names in variables: the bundler must not resolve them). */
const here = import.meta.url;
const CSS_FILE = 'mi-sandbox.css';
const APP_FILE = '../index.html';

const PLACEHOLDER_CSS = `
:host { display: block; }
:host([hidden]) { display: none; }
.placeholder {
  all: initial; box-sizing: border-box; display: grid; place-content: center; justify-items: center; gap: 12px;
  min-height: var(--mi-placeholder-height, 320px); padding: 24px; text-align: center;
  font: 16px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #1b1f24; background: #f5f6f8; border: 1px solid #c9d0d9; border-radius: 8px;
}
.placeholder[data-dark] { color: #e8ebef; background: #15181c; border-color: #414a55; }
.placeholder strong { font-size: 18px; }
.placeholder button {
  font: 600 16px/1.2 system-ui, sans-serif; padding: 10px 20px; border-radius: 6px; cursor: pointer;
  color: #fff; background: #0063b1; border: 1px solid #0063b1;
}
.placeholder button:focus-visible { outline: 3px solid #0063b1; outline-offset: 2px; }
.placeholder .error { color: #b3261e; }
.placeholder[data-dark] .error { color: #ff8a80; }
`;

let placeholderSheet: CSSStyleSheet | null = null;
let count = 0;

function isDark(theme: EmbedOptions['theme']): boolean {
  return theme === 'dark' || (theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
}

export class MiSandboxElement extends HTMLElement {
  static observedAttributes = [...OPTION_NAMES];

  readonly #shadow: ShadowRoot;
  readonly #index = ++count;
  #widget: Promise<Widget> | null = null;
  #observer: IntersectionObserver | null = null;
  #unguard: (() => void) | null = null;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
  }

  connectedCallback(): void {
    this.#unguard ??= guardFocus(this.#shadow);
    if (this.#widget) return;
    const options = this.#options();
    this.#placeholder(options);
    if (options.loading === 'eager') void this.#start();
    else if (options.loading === 'lazy') {
      if (typeof IntersectionObserver === 'undefined') return void this.#start();
      this.#observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void this.#start(), { rootMargin: '200px' });
      this.#observer.observe(this);
    }
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#unguard?.();
    this.#unguard = null;
    const widget = this.#widget;
    this.#widget = null;
    void widget?.then((w) => w.destroy(), () => {});
  }

  attributeChangedCallback(_name: string, old: string | null, value: string | null): void {
    if (old === value || !this.#widget || !this.isConnected) return;
    // A changed option starts the sandbox again with it (saved state, if autosaved, comes back).
    const widget = this.#widget;
    this.#widget = null;
    void widget.then((w) => w.destroy(), () => {}).then(() => this.#start());
  }

  /** Load a scenario (an object or its JSON text), checked like a file; its actions become the timeline. */
  async load(scenario: unknown): Promise<Answer> {
    return (await this.#start()).load(scenario);
  }

  /** Back to the start: the scenario's start state, or the lesson's first step. */
  async reset(): Promise<Answer> {
    return (await this.#start()).reset();
  }

  /** Apply one action (an object or its JSON text), checked against the action schema first. */
  async act(action: unknown): Promise<ActAnswer> {
    return (await this.#start()).act(action);
  }

  /** Move the timeline to step n (0 = the start), as clicking the timeline does. */
  async gotoStep(step: unknown): Promise<Answer> {
    return (await this.#start()).gotoStep(step);
  }

  #options(): EmbedOptions {
    return readOptions((name) => this.getAttribute(name));
  }

  #placeholder(options: EmbedOptions, error?: string): void {
    placeholderSheet ??= new CSSStyleSheet();
    if (!placeholderSheet.cssRules.length) placeholderSheet.replaceSync(PLACEHOLDER_CSS);
    this.#shadow.adoptedStyleSheets = [placeholderSheet];
    const box = document.createElement('div');
    box.className = 'placeholder';
    if (isDark(options.theme)) box.dataset.dark = '';
    if (options.height) box.style.minHeight = options.height;
    const title = document.createElement('strong');
    title.textContent = 'Managed Identity Sandbox';
    const line = document.createElement('span');
    box.append(title, line);
    if (error) {
      line.className = 'error';
      line.setAttribute('role', 'alert');
      line.textContent = error;
    } else if (options.loading === 'click') {
      line.textContent = options.lesson ? 'An interactive lesson about Azure managed identities.' : 'An interactive simulation of Azure managed identities.';
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Start';
      button.setAttribute('aria-label', options.lesson ? 'Start the lesson' : 'Start the sandbox');
      button.addEventListener('click', () => void this.#start());
      box.append(button);
    } else {
      line.textContent = 'Loading the sandbox…';
    }
    this.#shadow.replaceChildren(box);
  }

  #start(): Promise<Widget> {
    this.#observer?.disconnect();
    this.#observer = null;
    if (this.#widget) return this.#widget;
    const options = this.#options();
    if (options.loading === 'click') this.#placeholder({ ...options, loading: 'lazy' });
    const inline = this.querySelector(':scope > script[type="application/json"]')?.textContent ?? null;
    this.#widget = import('./widget.ts')
      .then(({ startWidget }) =>
        startWidget({
          shadow: this.#shadow,
          options,
          instance: options.instance ?? `mi-sandbox-${this.#index}`,
          scenario: this.getAttribute('scenario'),
          inlineScenario: inline,
          urls: { css: new URL(CSS_FILE, here).href, app: new URL(APP_FILE, here).href },
          emit: (event) => this.#emit(event),
        }),
      )
      .catch((e: unknown) => {
        this.#widget = null;
        const why = policyRefused() ? `this page's Content-Security-Policy does not allow the Trusted Types policy “${POLICY_NAME}” (add it to trusted-types)` : (e as Error).message;
        this.#placeholder(options, `The sandbox could not be loaded: ${why}.`);
        throw e;
      });
    return this.#widget;
  }

  #emit(event: EmbedEvent): void {
    this.dispatchEvent(new CustomEvent(event.type, { detail: event.detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get('mi-sandbox')) customElements.define('mi-sandbox', MiSandboxElement);

declare global {
  interface HTMLElementTagNameMap {
    'mi-sandbox': MiSandboxElement;
  }
}

// The heavy half of <mi-sandbox> (and of the embed page): loaded only when the widget is in view. It
// mounts the app into the element's shadow root, adopts the app's stylesheet there, follows the sandbox
// for events, and answers the element's methods. Everything a host hands in is checked first.
import { waitFor } from 'xstate';
import { encodeShareLink, importScenarioFile, readShareParam, savedFrom, shareUrl } from '../persist/index.ts';
import { parseAction, parseScenario, type Scenario, type ScenarioCheck } from '../sim/index.ts';
import { mountSandbox, type Mounted } from '../ui/mount.ts';
import type { SandboxStore } from '../ui/sandbox.svelte.ts';
import { followSandbox, outcomeDetail, type EmbedEvent, type OutcomeDetail } from './events.svelte.ts';
import type { EmbedOptions } from './options.ts';
import { appSheet } from './styles.ts';

export interface WidgetInput {
  shadow: ShadowRoot;
  options: EmbedOptions;
  instance: string;
  /** The `scenario` attribute: a scenario file's URL, or a share link (`…#s=…`). */
  scenario: string | null;
  /** The JSON of a child `<script type="application/json">`, when there is no attribute. */
  inlineScenario: string | null;
  /** The app's stylesheet, and the full sandbox (dist/index.html) that "Open in the full sandbox" opens. */
  urls: { css: string; app: string };
  emit: (event: EmbedEvent) => void;
}

export type Answer = { ok: true } | { ok: false; problem: string };
export type ActAnswer = { ok: true; outcome: OutcomeDetail } | { ok: false; problem: string };

export interface Widget {
  load(scenario: unknown): Promise<Answer>;
  reset(): Answer;
  act(action: unknown): Promise<ActAnswer>;
  gotoStep(step: unknown): Answer | Promise<Answer>;
  destroy(): void;
}

/** More than any hand-written action or scenario needs; bigger input is refused unread. */
const MAX_INPUT_CHARS = 2_000_000;

/** Untrusted JSON text or data, checked by `check`. */
function untrusted<T extends { ok: boolean }>(input: unknown, check: (data: unknown) => T, what: string): T | { ok: false; problem: string } {
  if (typeof input === 'string') {
    if (input.length > MAX_INPUT_CHARS) return { ok: false, problem: `The ${what} is too large.` };
    try {
      return check(JSON.parse(input));
    } catch (e) {
      return { ok: false, problem: `The ${what} is not valid JSON (${(e as Error).message}).` };
    }
  }
  return check(input);
}

async function scenarioFromUrl(value: string): Promise<ScenarioCheck> {
  let url: URL;
  try {
    url = new URL(value, document.baseURI);
  } catch {
    return { ok: false, problem: `“${value}” is not a URL.` };
  }
  if (!/^https?:$/.test(url.protocol)) return { ok: false, problem: `“${value}” is not an http(s) URL.` };
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) return { ok: false, problem: `The scenario ${url.pathname} could not be loaded (HTTP ${response.status}).` };
    return importScenarioFile(await response.text(), url.pathname.split('/').pop() || 'the scenario');
  } catch {
    return { ok: false, problem: `The scenario ${url.pathname} could not be loaded (the host's network or Content-Security-Policy refused it).` };
  }
}

/** What the sandbox opens at start, as the fragment a full-sandbox link would carry. */
async function startLink(input: WidgetInput): Promise<{ hash: string } | { problem: string }> {
  if (input.options.lesson) return { hash: `#lesson=${input.options.lesson}` };
  const value = input.scenario?.trim();
  let check: ScenarioCheck | null = null;
  if (value) {
    const share = value.includes('#') ? readShareParam(value) : null;
    if (share) return { hash: `#s=${share}` };
    check = await scenarioFromUrl(value);
  } else if (input.inlineScenario?.trim()) {
    check = importScenarioFile(input.inlineScenario, 'the inline scenario');
  }
  if (!check) return { hash: '' };
  if (!check.ok) return { problem: check.problem };
  return shareHash(check.scenario);
}

/** A scenario as a share fragment: its actions become the timeline, at the last step. */
async function shareHash(scenario: Scenario): Promise<{ hash: string } | { problem: string }> {
  const encoded = await encodeShareLink({ scenario, base: 0, cursor: scenario.actions.length });
  return encoded.ok ? { hash: `#s=${encoded.value}` } : { problem: encoded.message };
}

/** Resolves once `done()` holds (checked each frame). */
function waitUntil(done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (done() ? resolve() : requestAnimationFrame(check));
    check();
  });
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

export async function startWidget(input: WidgetInput): Promise<Widget> {
  const { shadow, options } = input;
  const dark = options.theme === 'dark' || (options.theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
  const mountPoint = element('div', { className: 'mount' });
  const status = element('span', { className: 'status' });
  status.setAttribute('role', 'status');
  const open = element('a', { href: input.urls.app, target: '_blank', rel: 'noopener', textContent: 'Open in the full sandbox' });
  const frame = element('div', { className: 'mis-embed' }, mountPoint, element('div', { className: 'embed-bar' }, status, open));
  frame.dataset.theme = options.theme;
  if (dark) frame.dataset.dark = '';
  // `auto` follows the reader's system setting as it changes, the widget's own frame included.
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const followScheme = () => frame.toggleAttribute('data-dark', scheme.matches);
  if (options.theme === 'auto') scheme.addEventListener('change', followScheme);
  if (options.height) frame.style.height = options.height;

  const [sheet, start] = await Promise.all([appSheet(input.urls.css, options.theme), startLink(input)]);
  shadow.adoptedStyleSheets = [sheet];
  shadow.replaceChildren(frame);
  if ('problem' in start) {
    mountPoint.append(element('p', { className: 'embed-error', textContent: `This sandbox could not start: ${start.problem}` }));
    mountPoint.firstElementChild!.setAttribute('role', 'alert');
  }

  const mounted: Mounted = mountSandbox(mountPoint, {
    instance: input.instance,
    autosave: options.autosave,
    page: false,
    theme: options.theme,
    view: options.view,
    link: { hash: 'hash' in start ? start.hash : '', fullSandbox: input.urls.app },
  });
  const { embedding } = mounted;
  if (options.view === 'lesson' && !options.lesson) embedding.lessons.toggle();

  if (options.readonly) {
    // The reader looks, steps through the timeline and reads a lesson; the host page (act, load,
    // gotoStep) still drives it. The free sandbox's guard goes on once it has opened its scenario,
    // which it loads through the same store; each lesson sandbox's as it is made.
    const refuse = () => void (status.textContent = 'This sandbox is read-only here: open it in the full sandbox to change it.');
    const guard = (store: SandboxStore) => {
      const send = store.send;
      store.send = (event) => (event.type === 'ACT' || event.type === 'LOAD' || event.type === 'RESET' ? refuse() : send(event));
    };
    const lessons = embedding.lessons;
    lessons.guardStore = guard;
    if (lessons.app) guard(lessons.app.store);
    // In a lesson, "Show me" (which acts) and "Start over" are the reader's changes too.
    const sendLesson = lessons.send;
    lessons.send = (event) => (event.type === 'SHOW_ME' || event.type === 'RESTART' ? refuse() : sendLesson(event));
    void embedding.started.then(() => guard(embedding.store));
  }

  /** Point "Open in the full sandbox" at the sandbox as it is now (its state travels in the fragment). */
  let linkFor: unknown = null;
  async function refreshLink(): Promise<void> {
    const context = embedding.active().store.context;
    if (context === linkFor) return;
    linkFor = context;
    const saved = savedFrom(context);
    const encoded = await encodeShareLink({ scenario: saved.scenario, base: saved.base, cursor: saved.cursor });
    if (encoded.ok && linkFor === context) open.href = shareUrl(input.urls.app, encoded.value);
  }
  open.addEventListener('pointerenter', () => void refreshLink());
  open.addEventListener('focus', () => void refreshLink());

  const stopFollowing = followSandbox(embedding, { view: options.view, lesson: options.lesson }, (event) => {
    if (event.type === 'mi-ready') showTokenScreen();
    if (event.type === 'mi-ready' || event.type === 'mi-outcome') void refreshLink();
    input.emit(event);
  });

  /** The token view opens on the resource that asked for the last token, at its "Get a token" tab. */
  function showTokenScreen(): void {
    if (options.view !== 'token') return;
    const app = embedding.active();
    const entries = app.store.context.entries.slice(0, app.store.context.cursor);
    const last = [...entries].reverse().find((e) => e.action.type === 'token.request' && 'from' in e.action && e.action.from);
    const from = last && 'from' in last.action ? last.action.from : undefined;
    const id = from ? Object.values(app.store.world.resources).find((r) => r.id.toLowerCase().endsWith(from.toLowerCase()))?.id : undefined;
    if (id) app.select({ kind: 'resource', id }, 'token');
  }

  return {
    async load(scenario) {
      const check = untrusted(scenario, parseScenario, 'scenario');
      if (!check.ok) return { ok: false, problem: check.problem };
      const actor = embedding.active().store.actor;
      actor.send({ type: 'LOAD', scenario: check.scenario, base: 0, cursor: check.scenario.actions.length });
      await waitFor(actor, (s) => s.matches('idle'));
      return { ok: true };
    },
    reset() {
      if (embedding.lessons.shown && embedding.lessons.player) embedding.lessons.send({ type: 'RESTART' });
      else embedding.active().store.actor.send({ type: 'RESET' });
      return { ok: true };
    },
    async act(action) {
      const check = untrusted(action, parseAction, 'action');
      if (!check.ok) return { ok: false, problem: check.problem };
      const actor = embedding.active().store.actor;
      actor.send({ type: 'ACT', action: check.action });
      const done = await waitFor(actor, (s) => s.context.last?.action === check.action, { timeout: 60_000 });
      const { cursor, last } = done.context;
      return { ok: true, outcome: outcomeDetail(cursor, check.action, last!.outcome) };
    },
    async gotoStep(step) {
      // In a lesson: its step n (1 is the first), as "Step n of N" shows it.
      const lessons = embedding.lessons;
      if (lessons.shown && lessons.loading) await waitUntil(() => !lessons.loading);
      if (lessons.shown) {
        const lesson = lessons.lesson;
        if (!lesson) return { ok: false, problem: 'No lesson is open (the widget shows the list of lessons), so there is no step to go to.' };
        const n = lesson.steps.length;
        if (typeof step !== 'number' || !Number.isInteger(step) || step < 1 || step > n) {
          return { ok: false, problem: `The lesson “${lesson.title}” has steps 1 to ${n}: the step must be a whole number from 1 to ${n}.` };
        }
        await lessons.goToStep(step - 1);
        return { ok: true };
      }
      const context = embedding.active().store.context;
      if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > context.entries.length) {
        return { ok: false, problem: `The step must be a whole number from 0 to ${context.entries.length}.` };
      }
      embedding.active().store.actor.send({ type: 'JUMP', cursor: step });
      return { ok: true };
    },
    destroy() {
      scheme.removeEventListener('change', followScheme);
      stopFollowing();
      mounted();
      shadow.replaceChildren();
    },
  };
}

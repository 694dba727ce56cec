// Mount the sandbox into any element: the app keeps all its state in its own actor, so a page (or an
// embedding docs site, through src/embed) can hold several, each with its own saved state.
import { mount, unmount } from 'svelte';
import App from './App.svelte';
import type { ColorScheme } from './color-scheme.ts';
import type { Scenario } from '../sim/index.ts';
import type { SessionOptions } from './session.ts';

export type View = 'full' | 'diagram' | 'token' | 'lesson';

export interface MountOptions {
  /** Names the saved state, so several sandboxes on one page keep their own. */
  instance?: string;
  /** Whether this sandbox autosaves to localStorage (default true). */
  autosave?: boolean;
  /** Whether this sandbox reads share links from the page's URL fragment (default true). */
  useUrl?: boolean;
  /**
   * Whether the sandbox is the whole page (default true): it fills the window and Ctrl+Z / Ctrl+Shift+Z
   * work anywhere on it. When false (embedded in a page) it takes the height of its content and the
   * shortcuts work only while focus is inside it.
   */
  page?: boolean;
  /** Light, dark, or the system's setting (default). */
  theme?: ColorScheme;
  /** The whole app (default), or only its diagrams, its token screens, or a lesson beside the sandbox. */
  view?: View;
  /** The scenario to start from (its actions are the start state, not undoable). */
  scenario?: Scenario;
  /**
   * A fragment to open at start without owning the page's URL (`#s=<share>` or `#lesson=<id>`), and the
   * address of the full sandbox that share links point to.
   */
  link?: { hash: string; fullSandbox: string };
}

/** What mountSandbox returns: call it to unmount; `embedding` is what an embedding page drives. */
export type Mounted = (() => void) & { embedding: ReturnType<App['embedding']> };

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked (private mode, sandboxed iframe): the sandbox still works, unsaved
  }
}

/** The page's own URL: share links in the fragment open, and the fragment is cleared after reading. */
const pageLocation: NonNullable<SessionOptions['location']> = {
  get href() {
    return window.location.href;
  },
  get hash() {
    return window.location.hash;
  },
  replace: (url: string) => window.history.replaceState(window.history.state, '', url),
  onHashChange: (callback: () => void) => {
    window.addEventListener('hashchange', callback);
    return () => window.removeEventListener('hashchange', callback);
  },
};

/** A fixed link for an embedded sandbox: read once at start; the host page's URL is never touched. */
function fixedLocation(link: NonNullable<MountOptions['link']>): NonNullable<SessionOptions['location']> {
  const base = link.fullSandbox.replace(/#.*$/, '');
  let hash = link.hash;
  return {
    get href() {
      return base + hash;
    },
    get hash() {
      return hash;
    },
    replace: () => (hash = ''),
    onHashChange: () => () => {},
  };
}

export function mountSandbox(target: HTMLElement, options: MountOptions = {}): Mounted {
  const location = options.link ? fixedLocation(options.link) : options.useUrl === false ? undefined : pageLocation;
  const session: SessionOptions = {
    instance: options.instance ?? 'default',
    storage: options.autosave === false ? null : browserStorage(),
    ...(location ? { location } : {}),
  };
  const app = mount(App, {
    target,
    props: {
      session,
      page: options.page ?? true,
      theme: options.theme ?? 'auto',
      view: options.view ?? 'full',
      ...(options.scenario ? { scenario: options.scenario } : {}),
    },
  });
  const flush = () => app.flush();
  window.addEventListener('pagehide', flush);
  const unmountApp = () => {
    window.removeEventListener('pagehide', flush);
    void unmount(app);
  };
  return Object.assign(unmountApp, { embedding: app.embedding() });
}

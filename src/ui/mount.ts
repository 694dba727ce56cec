// Mount the sandbox into any element: the app keeps all its state in its own actor, so a page (or
// later an embedding docs site) can hold several, each with its own saved state.
import { mount, unmount } from 'svelte';
import App from './App.svelte';
import type { SessionOptions } from './session.ts';

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
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked (private mode, sandboxed iframe): the sandbox still works, unsaved
  }
}

export function mountSandbox(target: HTMLElement, options: MountOptions = {}): () => void {
  const session: SessionOptions = {
    instance: options.instance ?? 'default',
    storage: options.autosave === false ? null : browserStorage(),
    ...(options.useUrl === false
      ? {}
      : {
          location: {
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
          },
        }),
  };
  const app = mount(App, { target, props: { session, page: options.page ?? true } });
  const flush = () => app.flush();
  window.addEventListener('pagehide', flush);
  return () => {
    window.removeEventListener('pagehide', flush);
    void unmount(app);
  };
}

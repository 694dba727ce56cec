// Which page the address asks for: the sandbox, or a presenter address (#present…, #speaker…). Leaving
// the presenter drops the fragment and mounts the sandbox, which restores the saved work as usual.
import { mount, unmount } from 'svelte';
import { parsePresentRoute, type PresentRoute } from '../../present/route.ts';

export function startPages(target: HTMLElement, mountSandbox: () => () => void): void {
  let current: (() => void) | null = null;
  let shown: string | null = null;

  const leave = () => {
    window.history.replaceState(window.history.state, '', window.location.href.replace(/#.*$/, ''));
    show();
  };

  // Presenter mode (and the demos it carries) loads only when asked for.
  function mountPresent(route: PresentRoute): () => void {
    let gone = false;
    let page: Record<string, unknown> | null = null;
    void import('./PresentPage.svelte').then(({ default: PresentPage }) => {
      if (!gone) page = mount(PresentPage, { target, props: { route, onleave: leave } });
    });
    return () => {
      gone = true;
      if (page) void unmount(page);
    };
  }

  function show(): void {
    const route = parsePresentRoute(window.location.hash);
    // A step change rewrites the address in place; only a different deck or mode remounts.
    const key = route ? JSON.stringify({ ...route, step: 0 }) : 'sandbox';
    if (key === shown) return;
    current?.();
    shown = key;
    current = route ? mountPresent(route) : mountSandbox();
  }

  window.addEventListener('hashchange', show);
  show();
}

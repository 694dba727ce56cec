// The parts of the page that load on first use (each a chunk of its own, shown through
// common/Deferred.svelte), and their loading ahead once the page is idle, so that first use is as
// quick as if they had been there all along. The first page load holds what a first visit shows.
export const blades = () => import('./blades/lazy.ts');
export const tokens = () => import('./tokens/lazy.ts');
export const createDialog = () => import('./dialogs/CreateDialog.svelte');
export const shareDialog = () => import('./dialogs/ShareDialog.svelte');
export const liveBar = () => import('./live/LiveBar.svelte');
export const enlargedDiagram = () => import('./diagram/EnlargedDiagram.svelte');
export const commands = () => import('../console/toAz.ts');

/**
 * Load them all when the browser is idle, one per idle moment, starting a little after the page is up
 * (so they do not compete with the first diagram, which waits on the same processor).
 */
export function preloadWhenIdle(delay = 1500): void {
  const queue = [blades, createDialog, commands, tokens, shareDialog, enlargedDiagram];
  const next = () => {
    const load = queue.shift();
    if (!load) return;
    void load().then(idle, idle); // a failure now is told on first use, by Deferred
  };
  const idle = () =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(next, { timeout: 10_000 }) : setTimeout(next, 500);
  setTimeout(idle, delay);
}

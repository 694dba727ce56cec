// The page's one render queue, wired to Mermaid and to the browser's frame timing.
import { draw } from './mermaid.ts';
import { RenderQueue } from './queue.ts';

/** After the next paint: a frame callback runs before paint, a task queued from it runs after. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') setTimeout(resolve, 0);
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

export const renderQueue = new RenderQueue({
  draw,
  yieldToPaint: afterPaint,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => performance.now(),
});

// Runs in the page before its own scripts (read as text and given to addInitScript): notes when the
// first diagram is in the page and when the frame showing it has been painted (a task queued from the
// frame's callback runs after its paint). The benchmark awaits `window.__firstDiagram` with one
// Runtime.evaluate of the DevTools protocol. Waiting with a Playwright locator instead compiled
// Playwright's selector engine in the page while it loaded (tens of ms of its main thread, in the middle
// of what is measured), and noticed the diagram only at its next poll.
window.__firstDiagram = new Promise((resolve) => {
  const seen = () => document.querySelector('.diagram-view[data-status="ready"] svg');
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    observer.disconnect();
    const inPage = performance.now();
    requestAnimationFrame(() => setTimeout(() => resolve({ inPage, painted: performance.now() }), 0));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
});

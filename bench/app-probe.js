// Runs in the page (read as text so no build step rewrites it): clicks a button by its text and
// times the outcome panel's words changing (the panels) and the topology diagram changing.
(async (label) => {
    const root = document.querySelector('.mis-app');
    const target = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === label && !b.hasAttribute('disabled'));
    if (!target) throw new Error(`no enabled button "${label}"`);
    const figure = root.querySelector('.diagram-view');
    const outcomeText = () => root.querySelector('[data-testid="outcome"]')?.textContent ?? '';
    const before = figure.querySelector('svg')?.outerHTML ?? '';
    const textBefore = outcomeText();
    let longest = 0;
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
    });
    observer.observe({ type: 'longtask' });
    // A real click made meanwhile (the benchmark clicks an inert heading): how long it waited for the page.
    let clickWait = 0;
    const input = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'pointerdown' || e.name === 'mousedown' || e.name === 'click') clickWait = Math.max(clickWait, e.processingStart - e.startTime);
    });
    input.observe({ type: 'event', durationThreshold: 16 });
    const t0 = performance.now();
    const panels = new Promise((done) => {
      const m = new MutationObserver(() => {
        if (outcomeText() !== textBefore) {
          m.disconnect();
          done(performance.now());
        }
      });
      m.observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
    });
    const diagram = new Promise((done) => {
      const m = new MutationObserver(() => {
        const svg = figure.querySelector('svg')?.outerHTML ?? '';
        if (svg && svg !== before && figure.getAttribute('data-status') === 'ready') {
          m.disconnect();
          done(performance.now());
        }
      });
      m.observe(figure, { subtree: true, childList: true, attributes: true });
    });
    target.click();
    const t1 = await Promise.race([panels, new Promise((_, fail) => setTimeout(() => fail(new Error(`${label}: the panels did not update within 30 s`)), 30_000))]);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const t1p = performance.now();
    const t2 = await Promise.race([diagram, new Promise((_, fail) => setTimeout(() => fail(new Error(`${label}: the diagram did not update within 30 s`)), 30_000))]);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const t2p = performance.now();
    await new Promise((r) => setTimeout(r, 50)); // let the longtask observer report
    for (const e of input.takeRecords()) if (e.name === 'pointerdown' || e.name === 'mousedown' || e.name === 'click') clickWait = Math.max(clickWait, e.processingStart - e.startTime);
    observer.disconnect();
    input.disconnect();
    return { panels: t1 - t0, panelsPainted: t1p - t0, diagram: t2p - t0, diagramInPage: t2 - t0, longest, clickWait };
  })

// Embedding: the example docs page (examples/docs-page) served under a sub-path with a strict
// Content-Security-Policy, the sandbox's dist/ beside it, as a docs site would host them. Two
// <mi-sandbox> widgets and an iframe embed, a hostile stylesheet, events and messages.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { CSP, STRICT_CSP, siteFile } from '../../examples/serve.ts';
import { serveSite, watchErrors } from './embed-site.ts';

const GUIDE = '/docs/guide/';

interface Recorded {
  from: string;
  type: string;
  detail: Record<string, unknown>;
}

/** Record the widgets' DOM events and the iframe's messages, as the host page receives them. */
async function recordEvents(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { events: unknown[]; messages: unknown[] };
    w.events = [];
    w.messages = [];
    for (const type of ['mi-ready', 'mi-outcome', 'mi-token-issued', 'mi-step-completed', 'mi-lesson-completed']) {
      document.addEventListener(type, (e) => w.events.push({ from: (e.target as HTMLElement).id, type, detail: (e as CustomEvent).detail }), true);
    }
    window.addEventListener('message', (e) => {
      if (e.data?.context === 'mi-sandbox') w.messages.push(e.data);
    });
  });
}

const events = (page: Page, from?: string) => page.evaluate((f) => (window as unknown as { events: Recorded[] }).events.filter((e) => !f || e.from === f), from);
const messages = (page: Page) => page.evaluate(() => (window as unknown as { messages: Record<string, unknown>[] }).messages);

const gz = (path: string) => gzipSync(readFileSync(path)).length;

test('the example docs page under a sub-path with a strict CSP: lazy widgets, no leaks, events, iframe', async ({ page, context }) => {
  await serveSite(context);
  await recordEvents(page);
  const errors = watchErrors(page);
  const scripts: string[] = [];
  // The page's own scripts (an iframe's follow the browser's loading="lazy" distance, not the widget's).
  page.on('request', (r) => r.resourceType() === 'script' && r.frame() === page.mainFrame() && scripts.push(new URL(r.url()).pathname));

  // A short window: the widgets are below the fold, so only the element's small script loads.
  await page.setViewportSize({ width: 1280, height: 420 });
  await page.goto(GUIDE);
  await expect(page.getByRole('heading', { name: 'Managed identities for Azure resources' })).toBeVisible();
  await expect(page.locator('#lesson-widget').getByText('Loading the sandbox…')).toBeAttached();
  const hostBefore = await hostStyles(page);
  const early = [...scripts];
  expect(early.every((p) => /\/(mi-sandbox|preload-helper-[\w-]+|host)\.js$/.test(p)), early.join(', ')).toBe(true);
  const earlyBytes = early.reduce((sum, p) => sum + gz(siteFile(p)!.path), 0);
  expect(earlyBytes, 'JavaScript before a widget is in view, gzipped').toBeLessThanOrEqual(15 * 1024);
  expect(await events(page)).toEqual([]);

  // Into view: both widgets start, and neither takes focus or moves the page.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.mouse.wheel(0, 300);
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'mi-ready').map((e) => e.from).sort()).toEqual(['diagram-widget', 'lesson-widget']);
  const scrollY = await page.evaluate(() => window.scrollY);
  const lesson = page.locator('#lesson-widget');
  const diagram = page.locator('#diagram-widget');
  await expect(lesson.getByRole('heading', { name: /Step 1 of 3: Turn on the identity/ })).toBeVisible();
  await expect.poll(() => diagram.locator('figure').getAttribute('data-status')).toBe('ready');
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollY);
  expect(await events(page, 'diagram-widget')).toEqual([{ from: 'diagram-widget', type: 'mi-ready', detail: { view: 'diagram', lesson: null, steps: 8 } }]);
  expect(await events(page, 'lesson-widget')).toEqual([{ from: 'lesson-widget', type: 'mi-ready', detail: { view: 'lesson', lesson: '02-system-assigned', steps: 0 } }]);

  // The widgets' own styles changed nothing on the host page.
  expect(await hostStyles(page)).toEqual(hostBefore);

  // Act in the lesson (by its visible buttons): the events come in order, the diagram widget is untouched.
  const diagramTimeline = diagram.getByRole('region', { name: 'Timeline' }).getByRole('listitem');
  await expect(diagramTimeline).toHaveCount(9);
  await lesson.getByRole('button', { name: 'Skip the question' }).click();
  await lesson.getByRole('button', { name: 'Show me' }).click();
  await expect(lesson.getByText('✓ Step done.')).toBeVisible();
  await expect.poll(async () => (await events(page, 'lesson-widget')).map((e) => e.type)).toEqual(['mi-ready', 'mi-outcome', 'mi-step-completed']);
  const [, outcome, step] = await events(page, 'lesson-widget');
  expect(outcome!.detail).toMatchObject({ step: 1, action: 'identity.system.enable', ok: true, error: null });
  expect(step!.detail).toEqual({ lesson: '02-system-assigned', step: 1, of: 3, title: 'Turn on the identity' });
  await expect(diagramTimeline).toHaveCount(9);
  expect(await events(page, 'diagram-widget')).toHaveLength(1);

  // The diagram widget is read-only for the reader, but steps through its timeline; the lesson stays.
  await diagram.getByRole('button', { name: /^2\s+Create virtual machine web-1/ }).click();
  await expect(diagram.getByRole('button', { name: /^2\s+Create virtual machine web-1/ })).toHaveAttribute('aria-current', 'step');
  await expect(lesson.getByText('✓ Step done.')).toBeVisible();

  // Methods: act() checks its input like a file; a good action is applied and reported.
  const refused = await diagram.evaluate((el) => (el as unknown as { act(a: unknown): Promise<unknown> }).act({ type: 'resource.create', kind: 'vm', name: '<img src=x onerror=alert(1)>' }));
  expect(refused).toMatchObject({ ok: false, problem: expect.stringContaining('resourceGroup') });
  const token = await diagram.evaluate((el) =>
    (el as unknown as { act(a: string): Promise<unknown> }).act(
      JSON.stringify({ type: 'token.request', from: '/resourceGroups/rg-docs/providers/Microsoft.Compute/virtualMachines/web-1', request: { method: 'GET', url: 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://storage.azure.com', headers: { Metadata: 'true' } } }),
    ),
  );
  expect(token).toMatchObject({ ok: true, outcome: { action: 'token.request', ok: true } });
  const diagramEvents = await events(page, 'diagram-widget');
  expect(diagramEvents.map((e) => e.type)).toEqual(['mi-ready', 'mi-outcome', 'mi-token-issued']);
  expect(diagramEvents[2]!.detail).toMatchObject({ audience: 'https://storage.azure.com', cached: false, via: 'imds' });
  expect(await lesson.getByRole('region', { name: 'Timeline' }).getByRole('listitem').count()).toBe(2);

  // "Open in the full sandbox" carries the widget's state in a share link to the sandbox's own page.
  const open = diagram.getByRole('link', { name: 'Open in the full sandbox' });
  await open.hover();
  await expect(open).toHaveAttribute('href', /\/docs\/sandbox\/index\.html#s=mis1\./);

  // Shortcuts work only while focus is inside a widget: Ctrl+Z on the page does nothing to it.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  const redo = lesson.getByRole('button', { name: '↷ Redo' });
  await expect(lesson.getByRole('region', { name: 'Timeline' }).getByRole('listitem')).toHaveCount(2);
  await expect(redo).toBeDisabled();
  // Inside it (a click on its text puts focus in the widget), Ctrl+Z undoes the step.
  await lesson.getByRole('heading', { name: /Step 1 of 3/ }).click();
  await page.keyboard.press('Control+z');
  await expect(redo).toBeEnabled();
  await page.keyboard.press('Control+Shift+z');
  await expect(redo).toBeDisabled();

  // The iframe embed: same events as messages, and its height follows its content (H5P resizer).
  const frameEl = page.locator('#sandbox-frame');
  await frameEl.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await messages(page)).filter((m) => m.type === 'mi-ready').length).toBe(1);
  const frame = page.frameLocator('#sandbox-frame');
  await expect(frame.getByRole('heading', { name: /Step 1 of 4/ })).toBeVisible();
  const fits = async () => {
    const content = await frameEl.evaluate((f: HTMLIFrameElement) => Math.ceil(f.contentDocument!.documentElement.getBoundingClientRect().height));
    const box = await frameEl.evaluate((f) => f.getBoundingClientRect().height);
    return Math.abs(content - box) <= 2 ? content : -1;
  };
  await expect.poll(fits).toBeGreaterThan(600);
  const tall = await fits();
  await frame.getByRole('button', { name: 'All lessons' }).click();
  await expect(frame.getByRole('button', { name: /lesson 11:/ })).toBeVisible();
  await expect.poll(fits).not.toBe(tall);
  expect(await fits()).toBeGreaterThan(0);

  // axe: no serious or critical violations on the host page, widgets and iframe included.
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);

  expect(errors).toEqual([]);
});

/**
 * The docs page's diagram widget's diagram, scrolled into view first. It sits below the widget's outcome
 * panel, whose height changes as the widget settles on its last step (the call's outcome and command), so
 * scrolling the widget's top into view can leave the diagram further down than the view looks ahead; it
 * then rightly waits to be scrolled to before it draws. A reader scrolls to it; so does a poll calling this.
 */
async function diagramFigure(page: Page) {
  const figure = page.locator('#diagram-widget figure');
  // Replaced as the widget settles (another tab's figure), or not there yet: the next poll scrolls again.
  await figure.scrollIntoViewIfNeeded({ timeout: 2_000 }).catch(() => {});
  return figure;
}

/** Computed styles of the host page's own elements (what a widget's styles must never change). */
function hostStyles(page: Page) {
  return page.evaluate(() =>
    ['h1', 'h2', 'main > p', 'figcaption', 'code', 'body'].map((selector) => {
      const s = getComputedStyle(document.querySelector(selector)!);
      return [selector, s.fontFamily, s.fontSize, s.color, s.backgroundColor, s.borderBottom, s.textTransform, s.lineHeight, s.letterSpacing].join(' | ');
    }),
  );
}

/** Computed styles of elements inside a widget's shadow root. */
function widgetStyles(page: Page, id: string, more: string[] = []) {
  return page.locator(`#${id}`).evaluate((host, extra) => {
    const root = host.shadowRoot!;
    const pick = (selector: string) => {
      const el = root.querySelector(selector);
      if (!el) return `${selector}: missing`;
      const s = getComputedStyle(el);
      return [selector, s.fontFamily, s.fontSize, s.fontStyle, s.color, s.backgroundColor, s.textTransform, s.letterSpacing, s.lineHeight, s.padding, s.borderBottom, s.textAlign, s.boxSizing, s.fill, s.stroke].join(' | ');
    };
    return ['.mis-app', 'button', 'h2', 'p', '.embed-bar a', 'figure', 'li', 'h1', ...extra].map(pick);
  }, more);
}

test('host styles do not reach into the widgets (computed styles with and without a hostile stylesheet)', async ({ browser }) => {
  let baseline: string[] = [];
  // First the page without its hostile stylesheet, then with it: the widgets must look the same.
  for (const withoutHostileStyles of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await serveSite(context, { withoutHostileStyles });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(GUIDE);
    await expect.poll(async () => (await diagramFigure(page)).getAttribute('data-status')).toBe('ready');
    await expect(page.locator('#lesson-widget').getByRole('heading', { name: /Step 1 of 3/ })).toBeVisible();
    const look = async () => [
      ...(await widgetStyles(page, 'diagram-widget', ['svg', 'svg .node rect', 'svg .nodeLabel'])),
      ...(await widgetStyles(page, 'lesson-widget')),
      // The diagram's size too: its labels were measured the same way (the render host is in the page).
      `viewBox ${await page.locator('#diagram-widget figure svg').getAttribute('viewBox')}`,
    ];
    if (withoutHostileStyles) {
      // The widget may still be switching to the diagram of its last step (a call: the access decision),
      // whose figure has no SVG until it is drawn: read once everything is there and has settled (the
      // same twice, a moment apart), or the baseline could be a passing state the other page never shows.
      let last: string[] = [];
      await expect
        .poll(async () => {
          const now = await look();
          const settled = !now.some((l) => l.includes('missing')) && JSON.stringify(now) === JSON.stringify(last);
          last = now;
          return settled;
        }, { intervals: [250] })
        .toBe(true);
      baseline = last;
    } else {
      // (polled: the widgets may still be settling when first read)
      await expect.poll(look).toEqual(baseline);
    }
    expect(errors).toEqual([]);
    await context.close();
  }
});

test('the iframe embed talks only to ?parentOrigin=, only to its parent, and ignores malformed messages', async ({ page, context }) => {
  await serveSite(context);
  await recordEvents(page);
  const errors = watchErrors(page);
  await page.goto(GUIDE);
  const frameEl = page.locator('#sandbox-frame');
  await frameEl.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await messages(page)).filter((m) => m.type === 'mi-ready').length).toBe(1);
  const frame = page.frameLocator('#sandbox-frame');
  const timeline = frame.getByRole('region', { name: 'Timeline' }).getByRole('listitem');
  await expect(timeline).toHaveCount(1);
  const advance = { context: 'mi-sandbox', command: 'act', arg: { type: 'clock.advance', seconds: 3600 } };
  const post = (data: unknown) => page.evaluate((d) => (document.getElementById('sandbox-frame') as HTMLIFrameElement).contentWindow!.postMessage(d, '*'), data);

  // Another window of the same origin (not the parent): ignored.
  await page.evaluate(() => {
    const other = document.createElement('iframe');
    other.id = 'other';
    other.title = 'Another frame';
    document.body.append(other);
  });
  await page.frame({ url: 'about:blank' })!.evaluate((d) => (window.parent.document.getElementById('sandbox-frame') as HTMLIFrameElement).contentWindow!.postMessage(d, '*'), { ...advance, id: 'from-a-sibling' });
  // The parent, but malformed: ignored.
  for (const bad of [null, 'act', { context: 'mi-sandbox' }, { context: 'mi-sandbox', command: 'eval', arg: 'alert(1)' }, { ...advance, id: { toString: 1 } }, { context: 'h5p', action: 'resize', scrollHeight: 1 }]) await post(bad);
  // The parent, well formed: answered, and only this one.
  await post({ ...advance, id: 'good' });
  await expect.poll(async () => (await messages(page)).filter((m) => m.type === 'mi-result')).toEqual([{ context: 'mi-sandbox', type: 'mi-result', id: 'good', command: 'act', ok: true, outcome: expect.objectContaining({ action: 'clock.advance', ok: true, step: 1 }) }]);
  await expect(timeline).toHaveCount(2);
  const outcomes = (await messages(page)).filter((m) => m.type === 'mi-outcome');
  expect(outcomes).toHaveLength(1);

  // An embed page told to trust another origin: the real parent's commands are ignored, nothing is sent.
  await page.evaluate(() => {
    const f = document.createElement('iframe');
    f.id = 'wrong-origin';
    f.title = 'Sandbox trusting another origin';
    f.src = '../sandbox/embed.html?view=diagram&parentOrigin=https://docs.example.org';
    document.body.append(f);
  });
  const wrong = page.frameLocator('#wrong-origin');
  await expect(wrong.getByRole('region', { name: 'Timeline' }).getByRole('listitem')).toHaveCount(1);
  const before = (await messages(page)).length;
  await page.evaluate((d) => (document.getElementById('wrong-origin') as HTMLIFrameElement).contentWindow!.postMessage(d, '*'), { ...advance, id: 'wrong' });
  // Answered or not, a command to the first frame comes back: by then the second has had its chance.
  await post({ ...advance, id: 'after' });
  await expect.poll(async () => (await messages(page)).some((m) => m.id === 'after')).toBe(true);
  await page.waitForTimeout(500);
  expect((await messages(page)).slice(before).every((m) => m.id !== 'wrong')).toBe(true);
  await expect(wrong.getByRole('region', { name: 'Timeline' }).getByRole('listitem')).toHaveCount(1);

  // Sandboxed without allow-same-origin: no storage (and an opaque origin), and it still works.
  const parentOrigin = new URL(page.url()).origin;
  await page.evaluate((origin) => {
    const f = document.createElement('iframe');
    f.id = 'sandboxed';
    f.title = 'Sandboxed sandbox';
    f.setAttribute('sandbox', 'allow-scripts');
    f.src = `../sandbox/embed.html?view=diagram&instance=boxed&autosave&parentOrigin=${encodeURIComponent(origin)}`;
    document.body.append(f);
  }, parentOrigin);
  const boxed = page.frameLocator('#sandboxed');
  await expect(boxed.getByRole('region', { name: 'Timeline' })).toBeVisible();
  await expect.poll(async () => (await messages(page)).filter((m) => m.type === 'mi-ready').length).toBe(2); // the first iframe's and this one's (the wrong-origin one sends nothing)
  expect(errors).toEqual([]);
});

test('dist/ works from a sub-path under the strictest policy: no inline styles, Trusted Types with one policy', async ({ page, context }) => {
  await serveSite(context, { csp: STRICT_CSP });
  const errors = watchErrors(page);
  await page.goto('/docs/sandbox/');
  await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
  await expect(page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /web-1/ }).first()).toBeVisible();
  // The diagram is drawn in its colours (blocked inline styles would leave black shapes), labels readable.
  await expect.poll(() => page.locator('figure').first().getAttribute('data-status')).toBe('ready');
  const look = await page.locator('figure svg .node').first().evaluate((node) => {
    const shape = node.querySelector('rect, path, polygon')!;
    const label = node.querySelector('.nodeLabel, text')!;
    return { fill: getComputedStyle(shape).fill, label: getComputedStyle(label).color, size: getComputedStyle(label).fontSize };
  });
  expect(look.fill).not.toBe('rgb(0, 0, 0)');
  expect(look.fill).not.toBe('none');
  expect(look.label).not.toBe(look.fill);
  expect(parseFloat(look.size)).toBeGreaterThanOrEqual(11);

  // The share dialog's embed code, pasted into a page of the docs site, shows this scenario.
  await page.getByRole('button', { name: 'Share link' }).click();
  const snippet = await page.getByRole('dialog').getByLabel('The custom element (two lines of HTML)').inputValue();
  expect(snippet).toMatch(/^<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/docs\/sandbox\/embed\/mi-sandbox\.js"><\/script>\n<mi-sandbox scenario="http:\/\/127\.0\.0\.1:\d+\/docs\/sandbox\/#s=mis1\.[\w.-]+"><\/mi-sandbox>$/);
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Copy iframe code' })).toBeVisible();
  await context.route('**/docs/guide/pasted.html', (route) =>
    route.fulfill({ contentType: 'text/html', headers: { 'content-security-policy': STRICT_CSP }, body: `<!doctype html><html lang="en"><title>Pasted</title><main>${snippet}</main></html>` }),
  );
  await page.goto(`${GUIDE}pasted.html`);
  await expect(page.locator('mi-sandbox').getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /web-1/ }).first()).toBeVisible();

  // The docs page with its widgets, under the same policy.
  await page.goto(GUIDE);
  await expect.poll(async () => (await diagramFigure(page)).getAttribute('data-status')).toBe('ready');
  const widgetFill = await page.locator('#diagram-widget figure svg .node').first().evaluate((node) => getComputedStyle(node.querySelector('rect, path, polygon')!).fill);
  expect(widgetFill).not.toBe('rgb(0, 0, 0)');

  await page.goto('/docs/sandbox/embed.html?view=diagram&theme=dark');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  await expect(page.locator('mi-sandbox').getByRole('region', { name: 'Timeline' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a host whose policy refuses the mi-sandbox Trusted Types policy is told so in the widget', async ({ page, context }) => {
  await serveSite(context, { csp: STRICT_CSP.replace('trusted-types mi-sandbox', 'trusted-types other') });
  await page.goto(GUIDE);
  await expect
    .poll(async () => {
      await diagramFigure(page);
      return (await page.locator('#diagram-widget').getByRole('alert').allTextContents()).join(' ');
    })
    .toContain('does not allow the Trusted Types policy “mi-sandbox”');
});

test('click to start, and the token view opens on the resource that asked for the last token', async ({ page, context }) => {
  await serveSite(context);
  const errors = watchErrors(page);
  await context.route('**/docs/guide/click.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': CSP },
      body: `<!doctype html><html lang="en"><title>Click to start</title><script type="module" src="../sandbox/embed/mi-sandbox.js"></script><main><h1>Tokens</h1><mi-sandbox loading="click" view="token" scenario="vm-reads-a-secret.json"></mi-sandbox></main></html>`,
    }),
  );
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
  await page.goto(`${GUIDE}click.html`);
  const widget = page.locator('mi-sandbox');
  await expect(widget.getByRole('button', { name: 'Start the sandbox' })).toBeVisible();
  expect(scripts.some((p) => /widget-|mount-/.test(p))).toBe(false);
  await widget.getByRole('button', { name: 'Start the sandbox' }).click();
  await expect(widget.getByRole('tab', { name: 'Get a token' })).toHaveAttribute('aria-selected', 'true');
  await expect(widget.getByRole('heading', { name: /web-1/ }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

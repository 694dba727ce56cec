// Embedding, continued: the isolated render frame under the strictest policy, and the element's
// options a docs author sets (theme, height, autosave, readonly, gotoStep in a lesson).
import { expect, test, type Page } from '@playwright/test';
import { CSP, STRICT_CSP } from '../../examples/serve.ts';
import { encodeShareLink } from '../../src/persist/index.ts';
import { serveSite, watchErrors } from './embed-site.ts';
import { fiftyEntities } from './helpers.ts';


/** A CSP violation in any frame (the render frame's included) is logged as a console error. */
async function reportViolations(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

test('under the strictest policy, a large "Show everything" is drawn in the render frame, correctly, with no violation', async ({ page, context }) => {
  await serveSite(context, { csp: STRICT_CSP });
  await reportViolations(page);
  const errors = watchErrors(page);
  // What the render frame sends the page (the frame's own messages: the proof a diagram came from it).
  await page.addInitScript(() => {
    const w = window as unknown as { frameSaid: string[] };
    w.frameSaid = [];
    addEventListener('message', (e) => {
      const f = document.querySelector('iframe[title="Diagram renderer"]') as HTMLIFrameElement | null;
      if (f && e.source === f.contentWindow) w.frameSaid.push(e.data.type);
    });
  });
  const said = () => page.evaluate(() => (window as unknown as { frameSaid: string[] }).frameSaid);
  const actions = fiftyEntities();
  const r = await encodeShareLink({ scenario: { version: 1, seed: 'frame', actions }, base: actions.length, cursor: 0 });
  if (!r.ok) throw new Error(r.message);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/docs/sandbox/#s=${r.value}`);
  const panel = page.getByRole('region', { name: 'Diagrams' });
  await panel.getByRole('tab', { name: 'Topology' }).click();
  // A topology of this size starts the frame; it loads Mermaid's one-file build (slow on a busy machine).
  await expect.poll(said, { timeout: 90_000 }).toContain('ready');
  await panel.getByLabel('Show everything').check();
  await expect.poll(said, { timeout: 60_000 }).toContain('done');
  const figure = panel.locator('figure').first();
  await expect(panel.getByRole('img')).toHaveAccessibleDescription(/^Showing all \d+ items/);
  await expect.poll(() => figure.getAttribute('data-status')).toBe('ready');
  await expect(figure.locator('svg .node').first()).toBeVisible();

  // Correct: every node drawn, in colour, labels readable and inside their shapes.
  const look = await figure.locator('svg').first().evaluate((svg) => {
    const nodes = [...svg.querySelectorAll('.node')];
    return {
      count: nodes.length,
      labels: nodes.map((n) => n.textContent ?? ''),
      shapes: nodes.map((node) => {
        const shape = node.querySelector('rect, path, polygon, circle')!;
        const label = node.querySelector('.nodeLabel, text')!;
        const s = shape.getBoundingClientRect();
        const l = label.getBoundingClientRect();
        return { fill: getComputedStyle(shape).fill, color: getComputedStyle(label).color, size: parseFloat(getComputedStyle(label).fontSize), inside: l.width <= s.width + 1 && l.width > 0 };
      }),
    };
  });
  expect(look.count).toBeGreaterThan(20);
  expect(look.labels.join(' ')).toContain('kv-big');
  expect(look.labels.join(' ')).toContain('vm-1');
  for (const s of look.shapes) {
    expect(s.fill).not.toBe('rgb(0, 0, 0)');
    expect(s.fill).not.toBe('none');
    expect(s.color).not.toBe(s.fill);
    expect(s.size).toBeGreaterThanOrEqual(11);
    expect(s.inside).toBe(true);
  }

  // The same from the element (dist/embed/mi-sandbox.js) on a docs page: its frame comes from dist/assets/.
  await context.route('**/docs/guide/large.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': STRICT_CSP },
      body: `<!doctype html><html lang="en"><title>Large</title><script type="module" src="../sandbox/embed/mi-sandbox.js"></script><main><mi-sandbox loading="eager" scenario="../sandbox/#s=${r.value}"></mi-sandbox></main></html>`,
    }),
  );
  await page.goto('/docs/guide/large.html');
  const widget = page.locator('mi-sandbox').getByRole('region', { name: 'Diagrams' });
  await widget.getByRole('tab', { name: 'Topology' }).click();
  await expect.poll(said, { timeout: 90_000 }).toContain('ready');
  await widget.getByLabel('Show everything').check();
  await expect.poll(said, { timeout: 60_000 }).toContain('done');
  await expect(widget.getByRole('img')).toHaveAccessibleDescription(/^Showing all \d+ items/);
  await expect.poll(() => widget.locator('figure svg .node').count()).toBeGreaterThan(20);
  expect(errors).toEqual([]);
});

/** A docs page on the example site holding `body` (with the element's script), under the standard policy. */
async function docsPage(page: Page, name: string, body: string) {
  await page.context().route(`**/docs/guide/${name}.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      headers: { 'content-security-policy': CSP },
      body: `<!doctype html><html lang="en"><title>${name}</title><script type="module" src="../sandbox/embed/mi-sandbox.js"></script><main><h1>${name}</h1>${body}</main></html>`,
    }),
  );
  await page.goto(`/docs/guide/${name}.html`);
}

/** The colours a reader sees in a widget: its app's text and background, and a button's. */
const colours = (page: Page, id: string) =>
  page.locator(`#${id}`).evaluate((host) => {
    const root = host.shadowRoot!;
    const app = getComputedStyle(root.querySelector('.mis-app')!);
    const bar = getComputedStyle(root.querySelector('.embed-bar')!);
    return { text: app.color, background: app.backgroundColor, bar: bar.backgroundColor };
  });

const luminance = (rgb: string) => {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};

test('theme: light and dark are forced, auto follows the reader\'s system setting', async ({ page }) => {
  const errors = watchErrors(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await serveSite(page.context());
  await docsPage(page, 'themes', ['light', 'dark', 'auto'].map((t) => `<mi-sandbox id="${t}" theme="${t}" view="diagram" loading="eager"></mi-sandbox>`).join(''));
  for (const id of ['light', 'dark', 'auto']) await expect(page.locator(`#${id}`).getByRole('region', { name: 'Timeline' })).toBeVisible();
  const light = await colours(page, 'light');
  const dark = await colours(page, 'dark');
  // Light: dark text on a light background; dark: the reverse, whatever the system says.
  expect(luminance(light.background)).toBeGreaterThan(200);
  expect(luminance(light.text)).toBeLessThan(80);
  expect(luminance(dark.background)).toBeLessThan(60);
  expect(luminance(dark.text)).toBeGreaterThan(180);
  expect(await colours(page, 'auto')).toEqual(dark);
  // The reader's system turns light: auto follows, the forced ones stay.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => colours(page, 'auto')).toEqual(light);
  expect(await colours(page, 'dark')).toEqual(dark);
  expect(errors).toEqual([]);
});

test('height: the widget keeps the given height and scrolls inside it; without it, it is as tall as its content', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await serveSite(page.context());
  await docsPage(page, 'heights', '<mi-sandbox id="fixed" height="420px" scenario="vm-reads-a-secret.json" loading="eager"></mi-sandbox><mi-sandbox id="free" scenario="vm-reads-a-secret.json" loading="eager"></mi-sandbox>');
  for (const id of ['fixed', 'free']) await expect(page.locator(`#${id}`).getByRole('region', { name: 'Timeline' })).toBeAttached();
  const measure = (id: string) =>
    page.locator(`#${id}`).evaluate((host) => {
      const mount = host.shadowRoot!.querySelector('.mount')!;
      return { height: host.getBoundingClientRect().height, scrolls: mount.scrollHeight > mount.clientHeight + 1, content: mount.scrollHeight };
    });
  await expect.poll(async () => Math.round((await measure('fixed')).height)).toBe(420);
  expect((await measure('fixed')).scrolls).toBe(true);
  // The same content, unconstrained, is taller than 420 px and does not scroll inside.
  const free = await measure('free');
  expect(free.height).toBeGreaterThan(420);
  expect(free.scrolls).toBe(false);
  // The reader can scroll the fixed one to its end: its timeline is reachable.
  await page.locator('#fixed').getByRole('region', { name: 'Timeline' }).scrollIntoViewIfNeeded();
  await expect(page.locator('#fixed').getByRole('region', { name: 'Timeline' })).toBeInViewport();
  expect(errors).toEqual([]);
});

test('autosave: off by default (nothing stored, a reload starts over); on, the reader\'s work survives a reload', async ({ page }) => {
  const errors = watchErrors(page);
  const advance = { type: 'clock.advance', seconds: 600 };
  await serveSite(page.context());
  for (const autosave of [false, true]) {
    await docsPage(page, autosave ? 'saved' : 'unsaved', `<mi-sandbox id="w" view="diagram" instance="docs-w" loading="eager"${autosave ? ' autosave' : ''}></mi-sandbox>`);
    const widget = page.locator('#w');
    const steps = widget.getByRole('region', { name: 'Timeline' }).getByRole('listitem');
    await expect(steps).toHaveCount(1);
    expect(await widget.evaluate((el, a) => (el as unknown as { act(a: unknown): Promise<{ ok: boolean }> }).act(a), advance)).toMatchObject({ ok: true });
    await expect(steps).toHaveCount(2);
    if (autosave) await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.includes('docs-w')))).toBe(true);
    else {
      await page.waitForTimeout(1500); // longer than the autosave's pause
      expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    }
    await page.reload();
    await expect(widget.getByRole('region', { name: 'Timeline' })).toBeVisible();
    await expect(steps).toHaveCount(autosave ? 2 : 1);
  }
  expect(errors).toEqual([]);
});

test('a read-only lesson: the reader reads but cannot act; gotoStep(n) moves the lesson to step n, or says why not', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    const w = window as unknown as { events: string[] };
    w.events = [];
    for (const type of ['mi-outcome', 'mi-step-completed', 'mi-lesson-completed']) document.addEventListener(type, () => w.events.push(type), true);
  });
  await serveSite(page.context());
  await docsPage(page, 'readonly', '<mi-sandbox id="ro" lesson="02-system-assigned" readonly loading="eager"></mi-sandbox><mi-sandbox id="list" view="lesson" loading="eager"></mi-sandbox>');
  const widget = page.locator('#ro');
  const gotoStep = (id: string, n: unknown) => page.locator(`#${id}`).evaluate((el, step) => (el as unknown as { gotoStep(n: unknown): Promise<unknown> }).gotoStep(step), n);
  await expect(widget.getByRole('heading', { name: /Step 1 of 3: Turn on the identity/ })).toBeVisible();
  const steps = widget.getByRole('region', { name: 'Timeline' }).getByRole('listitem');
  const before = await steps.count();

  // The reader's "Show me" is refused, and says why.
  await widget.getByRole('button', { name: 'Skip the question' }).click();
  await widget.getByRole('button', { name: 'Show me' }).click();
  await expect(widget.getByRole('status').filter({ hasText: 'read-only' })).toHaveText('This sandbox is read-only here: open it in the full sandbox to change it.');
  await expect(steps).toHaveCount(before);
  await expect(widget.getByText('✓ Step done.')).toHaveCount(0);

  // gotoStep: steps are numbered as the lesson shows them (1 to 3); anything else is refused in words.
  for (const bad of [0, 4, 1.5, '2', null]) {
    expect(await gotoStep('ro', bad)).toEqual({ ok: false, problem: 'The lesson “A system-assigned identity on a VM” has steps 1 to 3: the step must be a whole number from 1 to 3.' });
  }
  expect(await gotoStep('ro', 3)).toEqual({ ok: true });
  await expect(widget.getByRole('heading', { name: /Step 3 of 3/ })).toBeVisible();
  // The sandbox holds the reference solutions of steps 1 and 2; nothing was announced as completed by the reader.
  await expect.poll(() => steps.count()).toBeGreaterThan(before);
  expect(await page.evaluate(() => (window as unknown as { events: string[] }).events)).toEqual([]);
  // Still read-only at the new step.
  const at = await steps.count();
  const skip = widget.getByRole('button', { name: 'Skip the question' });
  if (await skip.isVisible()) await skip.click();
  await widget.getByRole('button', { name: 'Show me' }).click();
  await expect(steps).toHaveCount(at);
  expect(await gotoStep('ro', 1)).toEqual({ ok: true });
  await expect(widget.getByRole('heading', { name: /Step 1 of 3/ })).toBeVisible();
  await expect(steps).toHaveCount(before);

  // A lesson view with no lesson open has no step to go to.
  await expect(page.locator('#list').getByRole('button', { name: /lesson 11:/ })).toBeVisible();
  expect(await gotoStep('list', 1)).toEqual({ ok: false, problem: 'No lesson is open (the widget shows the list of lessons), so there is no step to go to.' });
  expect(errors).toEqual([]);
});

// Presenter mode as a teacher uses it on a 1280x720 projector: by keyboard only, with labels large
// enough for the back of the room, and the teacher's own saved sandbox never shown or changed.
import { expect, test, type Page } from '@playwright/test';
import { encodeShareLink } from '../../src/persist/index.ts';
import { createResource, fiftyEntities, openExample, pageErrors, sandboxWithWork } from './helpers.ts';

test.use({ viewport: { width: 1280, height: 720 } });

/** The diagram on the stage, drawn from the current step. */
const STAGE_SVG = '.stage [data-current="true"] > svg';

/** The smallest label on the stage, in CSS px as drawn: font size times the SVG's rendered scale. */
async function smallestLabelPx(page: Page): Promise<{ min: number; count: number }> {
  await expect(page.locator(`.presenter ${STAGE_SVG}`)).toBeVisible();
  return page.locator(`.presenter ${STAGE_SVG}`).evaluate((svg: SVGSVGElement) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes: number[] = [];
    for (const el of svg.querySelectorAll('foreignObject :is(div, span, p, b, strong, em), text, tspan')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (!own) continue;
      sizes.push(parseFloat(getComputedStyle(el).fontSize) * scale);
    }
    return { min: Math.min(...sizes), count: sizes.length };
  });
}

/**
 * Whether the whole drawing is in view on the stage without scrolling (the stage's scroll size within its
 * client size, and the SVG's box inside the stage's box, in CSS px, to one pixel of rounding), with no two
 * of its boxes crossing.
 */
async function stageFit(page: Page): Promise<{ fits: boolean; figures: string }> {
  return page.locator('.presenter main.stage > .stage').evaluate((stage: HTMLElement, sel: string) => {
    const svg = stage.querySelector(sel)!;
    const s = stage.getBoundingClientRect();
    const d = svg.getBoundingClientRect();
    const scrolls = stage.scrollWidth > stage.clientWidth + 1 || stage.scrollHeight > stage.clientHeight + 1;
    const within = (a: DOMRect, b: DOMRect) => a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1 && a.bottom <= b.bottom + 1;
    const inside = within(d, s);
    // Boxes (subgraphs) that cross one another: a title run into its neighbour.
    const boxes = [...svg.querySelectorAll('g.cluster > rect')].map((r) => r.getBoundingClientRect());
    const crossing = boxes.filter((a, i) => boxes.some((b, j) => j !== i && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1 && !within(a, b) && !within(b, a))).length;
    const r = (n: number) => Math.round(n);
    const figures =
      `stage ${r(s.width)}x${r(s.height)} (scroll ${stage.scrollWidth}x${stage.scrollHeight}), ` +
      `drawing ${r(d.width)}x${r(d.height)} at ${r(d.left - s.left)},${r(d.top - s.top)}, over by ${r(Math.max(0, d.width - s.width))}x${r(Math.max(0, d.height - s.height))}, scale ${stage.dataset.scale}`;
    return { fits: !scrolls && inside && !crossing, figures: crossing ? `${figures}, ${crossing} boxes crossing` : figures };
  }, '[data-current="true"] > svg');
}

/** Everything this browser keeps for the site, as one comparable text. */
const storage = (page: Page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

/** Work of the person's own, saved in this browser (an example opened): what the presenter must leave as it is. */
async function savedWork(page: Page): Promise<string> {
  await openExample(page);
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).length)).toBeGreaterThan(0);
  return storage(page);
}

const stepIs = (page: Page, n: number) => expect(page.locator('.presenter')).toHaveAttribute('data-step', String(n));

/**
 * Hold the next transition at its first frame, and read how dimmed each node drawn over the stage is: the
 * old drawing put back over the new one, and the copies that glide.
 */
const holdFirstFrame = (page: Page) =>
  page.evaluate(() => {
    delete (window as unknown as { frame?: object }).frame;
    const observer = new MutationObserver(() => {
      const hosts = [...document.querySelectorAll<HTMLElement>('.stage .transition-overlay > div')];
      if (!hosts.length) return;
      observer.disconnect();
      const animations = document.getAnimations();
      for (const a of animations) a.pause();
      for (const a of animations) a.currentTime = 0;
      const read = (g: Element) => ({ lit: g.classList.contains('lit'), opacity: Number(getComputedStyle(g).opacity) });
      const nodes = (windows: boolean) => hosts.filter((h) => h.hasAttribute('data-windows') === windows).flatMap((h) => [...h.shadowRoot!.querySelectorAll('svg g.node')].map(read));
      // Whether the old drawing put back is dimmed by the spotlight it had.
      const oldSpotlit = hosts.some((h) => !h.hasAttribute('data-windows') && !!h.shadowRoot!.querySelector('.spotlighting svg'));
      (window as unknown as { frame: object }).frame = { old: nodes(false), copies: nodes(true), oldSpotlit };
      for (const a of animations) a.play();
    });
    observer.observe(document.querySelector('.stage')!, { childList: true, subtree: true });
  });
const firstFrame = async (page: Page) =>
  (await (await page.waitForFunction(() => (window as unknown as { frame?: object }).frame)).jsonValue()) as Record<'old' | 'copies', { lit: boolean; opacity: number }[]> & { oldSpotlit: boolean };

test('a transition keeps each drawing lit as it is: the old one fades out as it was, what glides lands as it will be', async ({ page }) => {
  const errors = pageErrors(page);
  // The teacher's own work, saved in this browser, before the demo opens.
  const saved = await savedWork(page);
  await page.goto('/#present=system-assigned-lifecycle');
  const presenter = page.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter.locator(STAGE_SVG)).toBeVisible();
  await expect(presenter).toHaveAttribute('data-ready', 'true');
  await expect(presenter.locator('.stage .spotlighting g.node.lit').first()).toContainText('web-1');
  // Steps 1 and 2 both spotlight web-1: the old drawing fades out dimmed as it was, and what glides is
  // dimmed or lit as it will be when it lands.
  await holdFirstFrame(page);
  await page.keyboard.press('ArrowRight');
  const kept = await firstFrame(page);
  await stepIs(page, 2);
  // (web-1 and the nodes it links to glide: what stays in the old drawing is the dimmed rest.)
  expect(kept.oldSpotlit, JSON.stringify(kept)).toBe(true);
  expect(kept.old.some((o) => !o.lit), JSON.stringify(kept)).toBe(true);
  for (const o of kept.old) expect(o.opacity).toBe(o.lit ? 1 : 0.18);
  expect(kept.copies.length, 'nodes that glide').toBeGreaterThan(0);
  for (const c of kept.copies) expect(c.opacity).toBe(c.lit ? 1 : 0.18);
  await expect(presenter.locator('.stage .transition-overlay')).toHaveCount(0);
  await expect(presenter.locator('.stage .spotlighting g.node.lit').first()).toContainText('web-1');

  // On to step 3, which lights nothing: the old drawing fades out dimmed as it was (it does not undim
  // before it goes), and what glides lands undimmed.
  await holdFirstFrame(page);
  await page.keyboard.press('ArrowRight');
  const cleared = await firstFrame(page);
  await stepIs(page, 3);
  await expect(presenter.locator('.stage .spotlighting')).toHaveCount(0);
  expect(cleared.oldSpotlit, JSON.stringify(cleared)).toBe(true);
  for (const o of cleared.old) expect(o.opacity).toBe(o.lit ? 1 : 0.18);
  expect(cleared.copies.length, 'nodes that glide').toBeGreaterThan(0);
  for (const c of cleared.copies) expect(c.opacity).toBe(1);

  // Back to step 2, which lights web-1 again: the old drawing fades out undimmed as it was (it does not
  // dim before it goes), and what glides is dimmed or lit as it will land.
  await holdFirstFrame(page);
  await page.keyboard.press('ArrowLeft');
  const relit = await firstFrame(page);
  await stepIs(page, 2);
  expect(relit.oldSpotlit, JSON.stringify(relit)).toBe(false);
  for (const o of relit.old) expect(o.opacity).toBe(1);
  expect(relit.copies.some((c) => c.lit), JSON.stringify(relit)).toBe(true);
  for (const c of relit.copies) expect(c.opacity).toBe(c.lit ? 1 : 0.18);
  await expect(presenter.locator('.stage .spotlighting g.node.lit').first()).toContainText('web-1');
  expect(await storage(page)).toBe(saved);
  expect(errors).toEqual([]);
});

test('on a phone every presenter control is whole on screen, one line each, and works by tap; the saved work is untouched', async ({ page }) => {
  const errors = pageErrors(page);
  // Work of the person's own, saved in this browser, before the presenter opens on a phone.
  const saved = await savedWork(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#present=system-assigned-lifecycle');
  const presenter = page.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter).toHaveAttribute('data-ready', 'true');
  const controls = presenter.locator('footer button');
  await expect(controls).toHaveCount(5);
  const boxes = await controls.evaluateAll((buttons) =>
    buttons.map((b) => {
      const r = b.getBoundingClientRect();
      const line = parseFloat(getComputedStyle(b).lineHeight) || parseFloat(getComputedStyle(b).fontSize) * 1.3;
      return { text: b.textContent!.trim(), left: r.left, right: r.right, bottom: r.bottom, lines: Math.round((b.clientHeight - parseFloat(getComputedStyle(b).paddingTop) - parseFloat(getComputedStyle(b).paddingBottom)) / line) };
    }),
  );
  for (const b of boxes) {
    expect(b.left, b.text).toBeGreaterThanOrEqual(0);
    expect(b.right, b.text).toBeLessThanOrEqual(390);
    expect(b.bottom, b.text).toBeLessThanOrEqual(844);
    expect(b.lines, b.text).toBe(1);
  }
  // Each step's title and outcome leave the stage most of the screen: at most a quarter of it, the title at most three lines.
  const total = Number(/of (\d+)/.exec((await presenter.locator('.count').textContent())!)![1]);
  for (let step = 1; step <= total; step++) {
    if (step > 1) {
      await presenter.getByRole('button', { name: 'Next →' }).click();
      await stepIs(page, step);
    }
    const title = presenter.getByRole('heading', { level: 1 });
    const { header, lines, text } = await title.evaluate((h) => ({ header: h.closest('header')!.getBoundingClientRect().height, lines: Math.round(h.clientHeight / parseFloat(getComputedStyle(h).lineHeight)), text: h.textContent! }));
    expect(lines, `step ${step}: "${text}"`).toBeLessThanOrEqual(3);
    expect(header, `step ${step}: "${text}"`).toBeLessThanOrEqual(844 / 4);
  }
  await presenter.getByRole('button', { name: 'Leave presenter' }).click();
  await expect(presenter).toHaveCount(0);
  await expect(page.getByRole('button', { name: /VM\s+web-1/ }).first()).toBeAttached();
  expect(await storage(page)).toBe(saved);
  expect(errors).toEqual([]);
});

test('a demo by keyboard: forward, back, spotlight, blank, leave; labels at 20 px or more; saved work untouched', async ({ page }) => {
  const errors = pageErrors(page);
  // The teacher's own work, saved in this browser.
  const saved = await savedWork(page);

  await page.goto('/#present=system-assigned-lifecycle');
  const presenter = page.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter.getByRole('heading', { level: 1 })).toHaveText('A VM and a key vault, no identity yet');
  await expect(page.getByRole('button', { name: 'Share link' })).toHaveCount(0); // the app's chrome is gone
  await expect(presenter.locator(STAGE_SVG)).toBeVisible();

  const sizes: number[] = [];
  for (let n = 1; n <= 5; n++) {
    await stepIs(page, n);
    await expect(presenter.locator(STAGE_SVG)).toBeVisible();
    await expect(presenter).toHaveAttribute('data-ready', 'true');
    const { min, count } = await smallestLabelPx(page);
    expect(count).toBeGreaterThan(0);
    sizes.push(min);
    if (n < 5) await page.keyboard.press(n % 2 ? 'ArrowRight' : 'Space');
  }
  expect(Math.min(...sizes), `smallest label per step: ${sizes.map((s) => s.toFixed(1)).join(', ')}`).toBeGreaterThanOrEqual(20);
  await expect(presenter.getByRole('heading', { level: 1 })).toHaveText('Delete the VM');
  await expect(presenter.getByRole('paragraph').filter({ hasText: /role assignment is left pointing at no one/ })).toBeVisible();

  await page.keyboard.press('ArrowLeft');
  await stepIs(page, 4);
  await page.keyboard.press('Home');
  await stepIs(page, 1);
  await page.keyboard.press('End');
  await stepIs(page, 5);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await stepIs(page, 2);
  // The step names web-1 for the spotlight.
  await expect(presenter.locator('.stage .spotlighting g.node.lit').first()).toContainText('web-1');

  // Spotlight by key on the last step: the lit node and its neighbours stay, the rest dims; the room hears which node.
  await page.keyboard.press('End');
  await stepIs(page, 5);
  const announcer = page.getByTestId('present-announcer');
  await page.keyboard.press('s');
  await expect(announcer).toHaveText(/^Spotlight on /);
  const opacity = (sel: string) => presenter.locator(sel).first().evaluate((g) => Number(getComputedStyle(g).opacity));
  await expect.poll(() => opacity(`${STAGE_SVG} g.node:not(.lit)`)).toBeLessThan(0.5);
  expect(await opacity(`${STAGE_SVG} g.node.lit`)).toBe(1);

  // Blank and back.
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank')).toBeVisible();
  await expect(announcer).toHaveText(/Screen blanked/);
  await page.keyboard.press('b');
  await expect(page.getByTestId('blank')).toBeHidden();

  // Nothing the presenter did reached the saved sandbox.
  expect(await storage(page)).toBe(saved);

  // Escape clears the spotlight, then leaves: the teacher's own sandbox is back as it was.
  await page.keyboard.press('Escape');
  await expect(presenter.locator('.stage .spotlighting')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share link' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /kv-demo-1/ }).first()).toBeVisible();
  expect(page.url()).not.toContain('#');
  expect(errors).toEqual([]);
});

test('every demo in the repo keeps its labels at 20 px or more at 1280x720, whole on the stage without scrolling, light and dark', async ({ page }) => {
  const errors = pageErrors(page);
  const misfits: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const demo of ['system-assigned-lifecycle', 'user-assigned-shared', 'token-outlives-role', 'management-vs-data']) {
      await page.goto(`/#present=${demo}`);
      const presenter = page.getByRole('region', { name: /^Presenter:/ });
      await expect(presenter).toHaveAttribute('data-ready', 'true');
      const count = Number(await presenter.locator('.count').textContent().then((t) => /of (\d+)/.exec(t ?? '')![1]));
      for (let n = 1; n <= count; n++) {
        await stepIs(page, n);
        await expect(presenter).toHaveAttribute('data-ready', 'true');
        await expect(presenter.locator(STAGE_SVG)).toBeVisible();
        const { min } = await smallestLabelPx(page);
        expect(min, `${demo} step ${n} (${scheme})`).toBeGreaterThanOrEqual(20);
        // A teacher never scrolls the stage: the whole picture is in view at that size, once the step's transition is over.
        await expect(presenter.locator('.transition-overlay')).toHaveCount(0);
        const fit = await stageFit(page);
        if (!fit.fits) misfits.push(`${demo} step ${n} (${scheme}): ${fit.figures}`);
        if (scheme === 'light' && n === count) await page.screenshot({ path: `test-results/present-${demo}-${scheme}.png` });
        if (n === 2) await page.screenshot({ path: `test-results/present-${demo}-${scheme}-2.png` });
        if (n < count) await page.keyboard.press('ArrowRight');
      }
    }
  }
  expect(misfits, `steps whose drawing does not fit the stage at 20 px labels, or whose boxes cross:\n${misfits.join('\n')}`).toEqual([]);
  expect(errors).toEqual([]);
});

test('the speaker window shows notes, the next step and a timer, and stays in step with the presenter; either drives', async ({ context }) => {
  const presenterPage = await context.newPage();
  const errors = pageErrors(presenterPage);
  await presenterPage.goto('/#present=token-outlives-role');
  const presenter = presenterPage.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter).toHaveAttribute('data-ready', 'true');

  // Opened from the presenter's own button, as a teacher would.
  const [speakerPage] = await Promise.all([context.waitForEvent('page'), presenterPage.getByRole('button', { name: 'Speaker view' }).click()]);
  errors.push(...pageErrors(speakerPage));
  await expect(speakerPage.getByRole('heading', { level: 1 })).toContainText('Your own API checks the token');
  await expect(speakerPage.getByRole('region', { name: 'Notes' })).toContainText('never asks Azure');
  await expect(speakerPage.getByText('Next: Give web-1 the app role Orders.Read')).toBeVisible();
  await expect(speakerPage.getByRole('timer')).toHaveText(/^0:0\d$/);

  // The presenter drives.
  await presenterPage.keyboard.press('ArrowRight');
  await expect(speakerPage.getByRole('heading', { level: 1 })).toContainText('Give web-1 the app role Orders.Read');
  await expect(speakerPage.getByText('Next: Get a token and call the API')).toBeVisible();

  // The speaker drives.
  await speakerPage.keyboard.press('ArrowRight');
  await speakerPage.keyboard.press('ArrowRight');
  await stepIs(presenterPage, 4);
  await expect(presenter.getByRole('heading', { level: 1 })).toHaveText('Remove the app role');
  await speakerPage.getByRole('button', { name: 'Next →' }).click();
  await stepIs(presenterPage, 5);
  await expect(presenter.getByRole('paragraph').filter({ hasText: 'Still allowed: the cached token' })).toBeVisible();
  await speakerPage.screenshot({ path: 'test-results/present-speaker.png' });
  expect(errors).toEqual([]);
});

test('the Present button opens presenter mode from the sandbox, and a bad address says so', async ({ page }) => {
  const errors = pageErrors(page);
  await openExample(page);
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('heading', { name: 'Present a demo' })).toBeVisible();
  await page.getByRole('link', { name: 'Managing a resource is not reading its data' }).click();
  await expect(page.getByRole('region', { name: /^Presenter:/ }).getByRole('heading', { level: 1 })).toHaveText('web-1 must read a blob in stdata');
  await page.goto('/#present=no-such-demo');
  await expect(page.getByRole('alert')).toHaveText(/There is no demo called “no-such-demo”/);
  await page.getByRole('button', { name: 'Back to the sandbox' }).click();
  await expect(page.getByRole('button', { name: 'Share link' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('hand out this step: a link and a QR code; a student with work of their own is asked before it is replaced', async ({ browser }) => {
  // The teacher's projector.
  const teacher = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors = pageErrors(teacher);
  await teacher.goto('/#present=system-assigned-lifecycle&step=3');
  const presenter = teacher.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter.getByRole('heading', { level: 1 })).toHaveText('Grant it Key Vault Secrets User on the vault');
  await teacher.keyboard.press('h');
  const dialog = teacher.getByRole('dialog', { name: /Hand out step 3/ });
  await expect(dialog.getByRole('img', { name: 'QR code: scan to open this step' }).locator('svg path').first()).toBeAttached();
  const link = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(link).toMatch(/#s=mis\d+\./);
  await teacher.screenshot({ path: 'test-results/present-handout.png' });
  // Escape closes the dialog, and only the dialog.
  await teacher.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(presenter).toBeVisible();

  // A student's browser, with work of their own saved.
  const student = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  errors.push(...pageErrors(student));
  await openExample(student, 'One identity, two VMs');
  await createResource(student, 'Virtual machine', 'my-own-vm');
  await expect(student.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /my-own-vm/ }).first()).toBeVisible();
  await student.goto(link);
  const ask = student.getByRole('dialog', { name: 'Open the shared scenario?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Open the shared scenario' }).click();
  await expect(student.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /web-1/ }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

/** How many animations of a diagram transition are playing (on a drawing, or on what is laid over it). */
const animating = (page: Page) =>
  page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running' && a.effect instanceof KeyframeEffect && a.effect.target?.closest?.('.stage, .diagram-view')).length);

/** Where the stage's node labelled `name` is on screen (its centre). */
const nodeAt = (page: Page, name: string | RegExp) =>
  page.locator(`.presenter ${STAGE_SVG} g.node`, { hasText: name }).first().evaluate((g) => {
    const r = g.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });

test('steps animate the diagram (kept nodes glide from where they were), then the drawing itself is back; reduced motion turns it off', async ({ page }) => {
  const errors = pageErrors(page);
  await page.goto('/#present=user-assigned-shared&step=3');
  const presenter = page.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter.locator(STAGE_SVG)).toBeVisible();
  const overlay = presenter.locator('.stage .transition-overlay');
  // The identity's node: kept from step 3 to 4, where the picture grows around it (its kind may wrap onto two lines).
  const kind = /User-assigned\s*identity/;
  const was = await nodeAt(page, kind);
  // The transition's first frame, held as soon as it is laid over the stage (the machine may be slow to ask later).
  await page.evaluate(() => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.stage .transition-overlay')) return;
      observer.disconnect();
      const animations = document.getAnimations();
      for (const a of animations) a.pause();
      for (const a of animations) a.currentTime = 0;
      // A copy of each part that glides, from the new drawing.
      const windows = [...document.querySelectorAll('.transition-overlay [data-windows]')].flatMap((host) => [...host.shadowRoot!.querySelectorAll<SVGGElement>('[data-key]')]);
      const node = [...document.querySelectorAll('.stage [data-current] > svg g.node')].find((g) => /User-assigned\s*identity/.test(g.textContent!))!;
      const start = windows.find((w) => w.dataset.key === `node:${node.id.replace(/^.*?flowchart-(.+)-\d+$/, '$1')}`)!.getBoundingClientRect();
      for (const a of animations) a.play();
      // The copy's box is the node's, so its centre is the node's.
      (window as unknown as { first: object }).first = { x: start.left + start.width / 2, y: start.top + start.height / 2, filled: windows.every((w) => !!w.querySelector('g.node, g.edgeLabel')), windows: windows.length };
      // When the overlay goes: the animations hold their last frame far longer than they show (animate.ts), so a
      // timer must end the transition soon after what they show is over, not the hold running out.
      const laid = performance.now();
      const gone = new MutationObserver(() => {
        if (document.querySelector('.stage .transition-overlay')) return;
        gone.disconnect();
        (window as unknown as { overlayFor: number }).overlayFor = performance.now() - laid;
      });
      gone.observe(document.querySelector('.stage')!, { childList: true, subtree: true });
    });
    observer.observe(document.querySelector('.stage')!, { childList: true, subtree: true });
  });
  await page.keyboard.press('ArrowRight');
  const first = (await (await page.waitForFunction(() => (window as unknown as { first?: object }).first)).jsonValue()) as { x: number; y: number; filled: boolean; windows: number };
  // The two nodes that step 4 moves (the identity and its service principal) glide, each in a window.
  expect(first.windows).toBeGreaterThanOrEqual(2);
  expect(first.filled).toBe(true);
  expect(Math.abs(first.x - was.x)).toBeLessThan(1);
  expect(Math.abs(first.y - was.y)).toBeLessThan(1);
  // At most 400 ms: everything has settled, the overlay is gone and the drawing itself shows, where it now is.
  await expect.poll(() => animating(page)).toBe(0);
  await expect(overlay).toHaveCount(0);
  // (Within a few seconds even on a busy machine; the hold it must not wait for is 7 s.)
  expect(await page.evaluate(() => (window as unknown as { overlayFor?: number }).overlayFor)).toBeLessThan(3500);
  await expect(presenter.locator(STAGE_SVG)).toHaveCSS('opacity', '1');
  expect(await nodeAt(page, kind)).not.toEqual(was);
  // The drawing is the one a person uses: its nodes take a click (spotlight).
  await presenter.getByRole('button', { name: /^Spotlight id-workers/ }).first().click();
  await expect(page.getByTestId('present-announcer')).toHaveText(/^Spotlight on id-workers/);
  await expect(presenter.locator('.stage .spotlighting g.node.lit').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(presenter.locator('.stage .spotlighting')).toHaveCount(0);

  // A step taken while the last one still glides: the newer drawing wins, and nothing is left over it.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await stepIs(page, 2);
  await expect.poll(() => animating(page)).toBe(0);
  await expect(overlay).toHaveCount(0);
  await expect(presenter.locator('.stage .canvas > *')).toHaveCount(1);
  await expect(presenter.locator(STAGE_SVG)).toHaveCSS('opacity', '1');

  // Reduced motion turned on while a step still glides: the next drawing shows at once, nothing left over it.
  await page.keyboard.press('ArrowRight');
  await stepIs(page, 3);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.keyboard.press('ArrowLeft');
  await stepIs(page, 2);
  await expect(presenter.locator(STAGE_SVG)).toBeVisible();
  for (let i = 0; i < 5; i++) {
    expect(await animating(page)).toBe(0);
    expect(await overlay.count()).toBe(0);
    await page.waitForTimeout(40);
  }
  expect(errors).toEqual([]);
});

test('the free sandbox animates when its setting is on, and Present shows the sandbox step by step; Tab spotlights a node', async ({ page }) => {
  const errors = pageErrors(page);
  // Count the animations started on a diagram (its drawing, or a window of its transition), since a
  // 350 ms transition can end between two polls on a loaded machine.
  await page.addInitScript(() => {
    const animate = Element.prototype.animate;
    const w = window as unknown as { diagramAnimations: number };
    w.diagramAnimations = 0;
    Element.prototype.animate = function (this: Element, ...args: Parameters<Element['animate']>) {
      if (this.closest('.diagram-view') || (this as HTMLElement).dataset?.key !== undefined) w.diagramAnimations++;
      return animate.apply(this, args);
    };
  });
  const diagramAnimations = () => page.evaluate(() => (window as unknown as { diagramAnimations: number }).diagramAnimations);
  await openExample(page);
  await page.locator('summary', { hasText: 'More' }).click();
  const setting = page.getByRole('checkbox', { name: /Animate diagram changes/ });
  await setting.focus();
  await page.keyboard.press('Space');
  await expect(setting).toBeChecked();
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /VM\s+web-1/ }).first().click();
  await page.getByRole('main').getByRole('tab', { name: 'Identity' }).click();
  const before = await diagramAnimations();
  await page.getByRole('switch', { name: 'Status' }).click();
  await expect.poll(diagramAnimations).toBeGreaterThan(before);

  // Present: the sandbox as it is now, its start and then each action a step.
  await page.getByRole('button', { name: 'Present' }).click();
  const presenter = page.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter.getByRole('heading', { level: 1 })).toHaveText('Where we start');
  await expect(presenter.locator('.count')).toHaveText('Step 1 of 2');
  await page.keyboard.press('End');
  await expect(presenter.getByRole('heading', { level: 1 })).toContainText('web-1');
  await expect(presenter.locator(STAGE_SVG)).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('present-announcer')).toHaveText(/^Spotlight on /);
  await expect(presenter.locator('.stage .spotlighting g.node.lit').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  // The sandbox is as it was: its one step still in the timeline.
  await expect(page.getByRole('button', { name: /Undo/ })).toBeEnabled();
  expect(errors).toEqual([]);
});

test('presenting a sandbox of fifty things: each step opens on what it changed, at 20 px labels, though the drawing is larger than the stage', async ({ page }) => {
  const errors = pageErrors(page);
  // Work of the person's own first; then a link of fifty things arrives over it and they open it: their
  // sandbox now, the last four actions (a role on the vault, a storage account, ...) still in its timeline.
  await sandboxWithWork(page);
  const actions = fiftyEntities();
  const base = actions.length - 4;
  const shared = await encodeShareLink({ scenario: { version: 1, seed: 'present-big', actions }, base, cursor: 4 });
  if (!shared.ok) throw new Error(shared.message);
  await page.goto(`/#s=${shared.value}`);
  await page.getByRole('dialog', { name: 'Open the shared scenario?' }).getByRole('button', { name: 'Open the shared scenario' }).click();
  await expect(page.getByRole('button', { name: /Undo/ })).toBeEnabled();
  await expect.poll(() => storage(page)).toContain('kv-big');
  const saved = await storage(page);
  await page.getByRole('button', { name: 'Present' }).click();
  const presenter = page.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter.locator('.count')).toHaveText(/^Step 1 of [3-5]$/);
  const total = Number(/of (\d+)/.exec((await presenter.locator('.count').textContent())!)![1]);
  let grant = false;
  for (let step = 2; step <= total; step++) {
    await page.keyboard.press('ArrowRight');
    await stepIs(page, step);
    await expect(presenter).toHaveAttribute('data-ready', 'true');
    await expect(presenter.locator(STAGE_SVG)).toBeVisible();
    const title = (await presenter.getByRole('heading', { level: 1 }).textContent()) ?? '';
    // What the step marked (NEW, CHANGED, DELETED on a node or an edge's label), and where it is against the stage's visible box.
    const seen = () =>
      presenter.locator('main.stage > .stage').evaluate((stage: HTMLElement, sel: string) => {
        const svg = stage.querySelector(sel)!;
        const marks = [...svg.querySelectorAll('g.node, g.edgeLabel')].filter((g) => /^(NEW|CHANGED|DELETED|NOW ORPHANED)/.test(g.textContent!.trim()));
        const v = stage.getBoundingClientRect();
        const inView = marks.filter((g) => {
          const r = g.getBoundingClientRect();
          return r.left >= v.left - 1 && r.right <= v.right + 1 && r.top >= v.top - 1 && r.bottom <= v.bottom + 1;
        });
        return { marks: marks.length, inView: inView.length, larger: stage.scrollWidth > stage.clientWidth + 1 || stage.scrollHeight > stage.clientHeight + 1, text: marks.map((g) => g.textContent!.trim().slice(0, 40)) };
      }, '[data-current="true"] > svg');
    await expect.poll(async () => (await seen()).inView, { message: `step ${step} "${title}": what it marked is on the stage` }).toBeGreaterThan(0);
    const { marks, larger, text } = await seen();
    expect(marks, `step ${step}: ${text.join('; ')}`).toBeGreaterThan(0);
    const { min } = await smallestLabelPx(page);
    expect(min, `step ${step}: smallest label`).toBeGreaterThanOrEqual(20);
    if (/^Grant /.test(title)) {
      grant = true;
      // A role assignment is an edge: its NEW label, not a node, is what must be in view, on a drawing too large to show whole.
      expect(larger, 'the drawing is larger than the stage').toBe(true);
      expect(text.some((t) => /^NEW\s*Key Vault Secrets User/.test(t)), text.join('; ')).toBe(true);
    }
  }
  expect(grant, 'one of the steps granted a role').toBe(true);
  // Leaving brings the sandbox back as it was, and presenting it changed nothing saved.
  await page.keyboard.press('Escape');
  await expect(presenter).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Undo/ })).toBeEnabled();
  expect(await storage(page)).toBe(saved);
  expect(errors).toEqual([]);
});

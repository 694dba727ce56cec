// Diagrams a person can read: label sizes measured from the rendered SVG at 1280x720 in the side
// column for every lesson's worlds (arriving by a shared link, then walking back with Undo), the
// enlarged view of a 50-entity "Show everything" with its pan, zoom and keys, the downloads, and the
// tabs following what the person does. Any console or page error fails the test.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadLessons } from '../../src/lessons/loader.ts';
import { encodeShareLink } from '../../src/persist/index.ts';
import type { Action } from '../../src/sim/index.ts';
import { lessonFiles } from '../unit/lessons/files.ts';
import { fiftyEntities, openExample, pageErrors, selectResource } from './helpers.ts';

test.use({ viewport: { width: 1280, height: 720 } });

const diagrams = (page: Page) => page.getByRole('region', { name: 'Diagrams' });

async function link(actions: Action[], base: number, seed = 'diagrams'): Promise<string> {
  const r = await encodeShareLink({ scenario: { version: 1, seed, actions }, base, cursor: actions.length - base });
  if (!r.ok) throw new Error(r.message);
  return `/#s=${r.value}`;
}

/** Wait until the figure shows the SVG of its current text. */
async function drawn(figure: Locator): Promise<void> {
  // A diagram is drawn only once it is near the view. A long outcome above it (the command behind a
  // click) can push it below the fold at 1280x720: scroll to it, as a person would to read it.
  await figure.scrollIntoViewIfNeeded();
  await expect(figure).toHaveAttribute('data-status', 'ready');
  await expect(figure.locator('svg').first()).toBeVisible();
}

/**
 * The smallest label in a figure's SVG as a person sees it, in CSS px: each text's font size times the
 * scale the SVG is drawn at (its box over its viewBox, transforms included). Only texts with a box count.
 */
async function smallestLabel(svg: Locator): Promise<{ px: number; text: string; labels: number; inView: number }> {
  return svg.evaluate((el: SVGSVGElement) => {
    const k = el.getBoundingClientRect().width / el.viewBox.baseVal.width;
    let px = Infinity;
    let text = '';
    let labels = 0;
    let inView = 0;
    for (const t of el.querySelectorAll('text, foreignObject span, foreignObject p')) {
      if (!t.textContent?.trim() || t.querySelector('span, p')) continue;
      const r = t.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      labels++;
      if (r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight) inView++;
      const size = parseFloat(getComputedStyle(t).fontSize) * k;
      if (size < px) [px, text] = [size, t.textContent.trim()];
    }
    return { px, text, labels, inView };
  });
}

const { lessons } = loadLessons(lessonFiles());

for (const lesson of lessons) {
  test(`side column labels stay >= 11 px in lesson ${lesson.number}'s diagrams (${lesson.id})`, async ({ page }) => {
    const errors = pageErrors(page);
    // The lesson's world as it ends, arriving as a shared link; then back step by step with Undo.
    const actions = [...lesson.start.actions, ...lesson.steps.flatMap((s) => s.solution)];
    await page.goto(await link(actions, lesson.start.actions.length, lesson.start.seed));
    const panel = diagrams(page);
    const figure = panel.locator('.diagram-view');
    await expect(page.getByRole('button', { name: '↶ Undo' })).toBeEnabled();
    const seen: string[] = [];
    for (const tab of ['Topology', 'Token flow', 'Access decision']) {
      await panel.getByRole('tab', { name: tab }).click();
      if ((await figure.count()) === 0) continue; // no token request or call in this lesson
      await drawn(figure);
      const m = await smallestLabel(figure.locator('svg').first());
      expect(m.labels, `${tab}: labels drawn`).toBeGreaterThan(0);
      expect(m.px, `${tab}: smallest label "${m.text}"`).toBeGreaterThanOrEqual(11);
      seen.push(tab);
    }
    expect(seen).toContain('Topology');
    // Each earlier step's topology (what that step changed), as Undo shows it (refused actions are
    // not in the history, so there may be fewer steps than actions).
    await panel.getByRole('tab', { name: 'Topology' }).click();
    const undo = page.getByRole('button', { name: '↶ Undo' });
    for (let i = 0; await undo.isEnabled(); i++) {
      await undo.click();
      await panel.getByRole('tab', { name: 'Topology' }).click();
      await drawn(figure);
      await expect(figure).not.toHaveAttribute('aria-busy', 'true');
      const m = await smallestLabel(figure.locator('svg').first());
      expect(m.px, `after ${i + 1} undo(s): smallest label "${m.text}"`).toBeGreaterThanOrEqual(11);
    }
    expect(errors).toEqual([]);
  });
}


for (const width of [1280, 390]) {
  test(`a role granted in a sandbox of fifty things is in view in a topology wider than its column (${width} px)`, async ({ page }) => {
    const errors = pageErrors(page);
    await page.setViewportSize({ width, height: width < 600 ? 844 : 720 });
    // A link arriving whose last step granted vm-16 a role on the vault: a new edge, no new node.
    const actions = fiftyEntities();
    const upTo = actions.map((a) => a.type).lastIndexOf('roleAssignment.create') + 1;
    await page.goto(await link(actions.slice(0, upTo), upTo - 1));
    const figure = diagrams(page).locator('.diagram-view').first();
    await drawn(figure);
    const canvas = figure.locator('.canvas');
    const where = () =>
      canvas.evaluate((c: HTMLElement) => {
        const v = c.getBoundingClientRect();
        const marks = [...c.querySelectorAll(':scope > svg g.edgeLabel')].filter((g) => /^NEW/.test(g.textContent!.trim()));
        return { wider: c.scrollWidth > c.clientWidth + 1, marks: marks.length, inView: marks.filter((g) => { const r = g.getBoundingClientRect(); return r.left >= v.left - 1 && r.right <= v.right + 1; }).length };
      });
    await expect.poll(async () => (await where()).inView, { message: 'the NEW role assignment is in the column\'s view' }).toBe(1);
    expect(await where()).toEqual({ wider: true, marks: 1, inView: 1 });
    expect(errors).toEqual([]);
  });
}

test('the enlarged view of a 50-entity "Show everything" is legible at first, pans, zooms, downloads, and Escape returns', async ({ page }) => {
  const errors = pageErrors(page);
  const actions = fiftyEntities();
  await page.goto(await link(actions, actions.length));
  const panel = diagrams(page);
  await panel.getByRole('tab', { name: 'Topology' }).click();
  await panel.getByLabel('Show everything').check();
  const figure = panel.locator('.diagram-view');
  await expect(figure).toHaveAttribute('aria-busy', 'false');
  await drawn(figure);
  await expect(panel.getByRole('img')).toHaveAccessibleDescription(/^Showing all \d+ items/);

  // In the column it does not shrink below legibility: it scrolls, and says so.
  const column = await smallestLabel(figure.locator('svg').first());
  expect(column.px).toBeGreaterThanOrEqual(11);
  await expect(panel.getByText('Wider than this column: scroll sideways, or Enlarge it to see it whole.')).toBeVisible();

  const enlarge = panel.getByRole('button', { name: 'Enlarge' });
  await enlarge.click();
  const dialog = page.getByRole('dialog', { name: /Topology/ });
  await expect(dialog).toBeVisible();
  const viewport = dialog.getByRole('group', { name: /Topology/ });
  await expect(viewport).toBeFocused();
  const box = (await dialog.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(1279);
  expect(box.height).toBeGreaterThanOrEqual(719);
  const svg = viewport.locator('svg');
  const first = await smallestLabel(svg);
  expect(first.px, `smallest label "${first.text}"`).toBeGreaterThanOrEqual(14);
  expect(first.inView, 'labels in view at the first zoom').toBeGreaterThanOrEqual(5);

  const zoom = dialog.locator('output');
  const scaleOf = async () => Number(/^(\d+) %/.exec((await zoom.textContent()) ?? '')?.[1]);
  const initial = await scaleOf();
  await page.keyboard.press('+');
  expect(await scaleOf()).toBeGreaterThan(initial);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  expect(await scaleOf()).toBeLessThan(initial);
  await page.keyboard.press('0');
  expect(await scaleOf()).toBe(initial);
  // The wheel zooms around the pointer; dragging and the arrow keys pan.
  const vbox = (await viewport.boundingBox())!;
  await page.mouse.move(vbox.x + vbox.width / 2, vbox.y + vbox.height / 2);
  await page.mouse.wheel(0, 400);
  expect(await scaleOf()).toBeLessThan(initial);
  const before = (await svg.boundingBox())!;
  await page.mouse.down();
  await page.mouse.move(vbox.x + vbox.width / 2 - 200, vbox.y + vbox.height / 2 - 100, { steps: 4 });
  await page.mouse.up();
  const after = (await svg.boundingBox())!;
  expect(after.x).toBeCloseTo(before.x - 200, 0);
  expect(after.y).toBeCloseTo(before.y - 100, 0);
  await viewport.focus();
  await page.keyboard.press('ArrowLeft');
  expect((await svg.boundingBox())!.x).toBeGreaterThan(after.x);
  await dialog.getByRole('button', { name: 'Fit to width' }).click();
  const fitted = (await svg.boundingBox())!;
  expect(fitted.width).toBeLessThanOrEqual(vbox.width);
  expect(fitted.width).toBeGreaterThan(vbox.width * 0.9);

  // Downloads from the enlarged view: an SVG that is valid XML with the labels as text, and a PNG.
  const svgDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download SVG' }).click();
  const svgFile = await svgDownload;
  expect(svgFile.suggestedFilename()).toBe('topology.svg');
  const xml = readFileSync((await svgFile.path())!, 'utf8');
  expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(xml).toContain('kv-big');
  expect(await page.evaluate((text) => new DOMParser().parseFromString(text, 'image/svg+xml').querySelector('parsererror')?.textContent ?? null, xml)).toBeNull();
  const pngDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download PNG' }).click();
  const png = readFileSync((await (await pngDownload).path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(10_000);
  await expect(dialog.getByRole('alert')).toHaveCount(0);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(enlarge).toBeFocused();

  // The principals with the same role on the vault are one counted node; a click on it shows each,
  // and a button folds them again (the keyboard's way in, too).
  const img = panel.getByRole('img');
  await expect(img).toHaveAccessibleDescription(/Drawn as one node: \d+ service principals with Key Vault Secrets User at key vault kv-big/);
  const counted = figure.locator('g.node', { hasText: 'service principals' });
  await expect(counted).toHaveCount(1);
  const principalsBefore = await figure.locator('g.node.entra').count();
  await counted.click();
  await expect(panel.getByRole('button', { name: 'Count principals with the same roles again' })).toBeVisible();
  await expect(img).not.toHaveAccessibleDescription(/Drawn as one node/);
  await drawn(figure);
  await expect.poll(() => figure.locator('g.node.entra').count()).toBeGreaterThan(principalsBefore + 5);
  await panel.getByRole('button', { name: 'Count principals with the same roles again' }).click();
  await expect(panel.getByRole('button', { name: /^Show each of the \d+ service principals/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test('the diagram tabs follow the action, mark what changed, and a past call keeps its own decision', async ({ page }) => {
  const errors = pageErrors(page);
  await openExample(page);
  const panel = diagrams(page);
  const tab = (name: string) => panel.getByRole('tab', { name });
  await expect(tab('Topology')).toHaveAttribute('aria-selected', 'true');
  // The topology of the first step names the VM once, not again as "also shown".
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('main').getByRole('tab', { name: 'Identity' }).click();
  await page.getByRole('switch', { name: 'Status' }).click();
  await expect(panel.getByRole('img')).toHaveAccessibleDescription(/New: .*web-1/);
  await expect(panel.getByRole('img')).not.toHaveAccessibleDescription(/Also shown: virtual machine web-1/);
  await expect(panel.getByText('Legend')).toBeVisible();

  await selectResource(page, /Key vault\s+kv-demo-1/);
  await page.getByRole('main').getByRole('tab', { name: 'Access control (IAM)' }).click();
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Key Vault Secrets User');
  await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.getByRole('button', { name: 'Fast-forward the clock 5 min' }).click();

  // A token request shows its flow; the flow has no topology legend.
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('main').getByRole('tab', { name: 'Get a token' }).click();
  await page.getByLabel('Audience (resource)').selectOption('https://vault.azure.net');
  await page.getByRole('button', { name: 'Send token request' }).click();
  await expect(tab('Token flow')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByText('Legend')).toBeHidden();
  await drawn(panel.locator('.diagram-view'));

  // A call shows its access decision, and marks the flow, which gained the call, as updated.
  await page.getByTestId('token-result').getByRole('button', { name: 'Call a target with this token' }).click();
  await page.getByRole('button', { name: 'Send the call' }).click();
  await expect(tab('Access decision')).toHaveAttribute('aria-selected', 'true');
  await expect(tab('Token flow')).toHaveAccessibleName(/updated/);
  await expect(tab('Topology')).not.toHaveAccessibleName(/updated/);
  const img = panel.getByRole('img');
  await expect(img).toHaveAccessibleDescription(/Access decision for the last call: Allowed\./);
  await expect(img).toHaveAccessibleDescription(/holds a role assignment\./);
  await expect(img).not.toHaveAccessibleDescription(/inherited/);
  await expect(panel.locator('.diagram-view svg')).toContainText('at this scope');
  await expect(panel.locator('.diagram-view svg')).not.toContainText('inherited');
  await tab('Token flow').click();
  await expect(tab('Token flow')).not.toHaveAccessibleName(/updated/);

  // Deleting the VM is a control-plane change: the topology comes forward. The earlier call's
  // decision is still drawn as it was made: allowed, by web-1, not "Identity not found".
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await expect(tab('Topology')).toHaveAttribute('aria-selected', 'true');
  await expect(img).toHaveAccessibleDescription(/Deleted: .*web-1/);
  await tab('Access decision').click();
  await expect(img).toHaveAccessibleDescription(/Access decision for the last call: Allowed\. The caller is service principal web-1\./);
  await drawn(panel.locator('.diagram-view'));
  await expect(panel.locator('.diagram-view svg')).not.toContainText('Identity not found');
  expect(errors).toEqual([]);
});

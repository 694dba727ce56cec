// The free sandbox on a projector and a big screen: no panel's content is wider than its box, on every
// screen a person meets on the way through a scenario. Screenshots go to test-results for a person to look at.
import { expect, test, type Page } from '@playwright/test';
import { explorer, sandboxWithWork, selectResource, watchErrors } from './helpers.ts';

/** Every panel and every box inside one that scrolls or clips: content wider than the box is cut off or needs a sideways scroll. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panels = [...document.querySelectorAll<HTMLElement>('.topbar, .notices, .layout > *, .layout > .right > *, .card, dialog[open]')];
    // Inside the panels: every box that clips or scrolls sideways (a table in a scroll box, a cut-off label).
    for (const el of document.querySelectorAll<HTMLElement>('.layout *, .topbar *')) {
      const x = getComputedStyle(el).overflowX;
      if (x !== 'visible' && el.clientWidth > 1 && !el.closest('svg, .diagram, .visually-hidden')) panels.push(el);
    }
    const seen = new Set<HTMLElement>();
    const out: string[] = [];
    for (const el of panels) {
      if (seen.has(el) || el.offsetParent === null) continue;
      seen.add(el);
      // A diagram wider than its column scrolls sideways on purpose (labels stay legible), but only if it
      // says so and the keyboard can scroll it.
      const figure = el.matches('.diagram-view .canvas') ? el.closest('.diagram-view') : null;
      if (figure && el.tabIndex === 0 && figure.querySelector('.note')?.textContent?.includes('scroll sideways')) continue;
      // 1 px of rounding is not a person's problem.
      if (el.scrollWidth > el.clientWidth + 1) {
        const name = el.getAttribute('aria-label') ?? el.querySelector('h2, h3')?.textContent?.trim() ?? el.className;
        out.push(`${el.tagName.toLowerCase()} "${name}": content ${el.scrollWidth}px in a ${el.clientWidth}px box`);
      }
    }
    return out;
  });
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`free sandbox at ${size.width}x${size.height}: no panel's content is wider than its box`, async ({ page }, testInfo) => {
    const watch = watchErrors(page);
    await page.setViewportSize(size);
    const problems: string[] = [];
    const look = async (screen: string) => {
      for (const p of await overflowing(page)) problems.push(`${screen}: ${p}`);
      await page.screenshot({ path: testInfo.outputPath(`${size.width}-${screen}.png`) });
    };
    await page.goto('/');
    await look('start');
    await sandboxWithWork(page);
    await look('identity');
    await selectResource(page, /Key vault\s+kv-demo-1/);
    await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Owner');
    // The IAM form starts neutral: the member is chosen by its visible label, as a person would.
    await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Key Vault Secrets User');
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(page.getByTestId('role-assignment-row')).toHaveCount(2);
    await look('access-control');

    await selectResource(page, /VM\s+web-1/);
    await page.getByRole('tab', { name: 'Get a token' }).click();
    await page.getByRole('button', { name: 'Send token request' }).click();
    await expect(page.getByTestId('outcome')).toBeVisible();
    await look('token');
    await page.getByRole('tab', { name: 'Call a target' }).click();
    await page.getByRole('button', { name: 'Send the call' }).click();
    await expect(page.getByTestId('outcome')).toContainText(/secret|200|403/i);
    await look('call');

    await page.getByRole('button', { name: /Undo/ }).click();
    await timelineJump(page);
    await look('timeline-jump');
    await explorer(page).getByRole('button', { name: /Start page/ }).click();
    await look('start-with-work');
    expect(problems).toEqual([]);
    watch.expectNone();
  });
}

async function timelineJump(page: Page) {
  await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /^1\b/ }).click();
  await expect(page.getByTestId('history-note')).toContainText('Back at step 1');
}

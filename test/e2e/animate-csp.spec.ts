// A diagram transition under the embed's strictest policy (no inline styles, Trusted Types): the old
// drawing and the copies that glide are styled through shadow roots and the CSSOM, which the policy
// allows; no violation is reported, and the overlay is gone once the transition ends.
import { expect, test } from '@playwright/test';
import { STRICT_CSP } from '../../examples/serve.ts';
import { serveSite, watchErrors } from './embed-site.ts';

test('the free sandbox animates a diagram change under a strict CSP, in the drawing’s colours, without a violation', async ({ page, context }) => {
  await serveSite(context, { csp: STRICT_CSP });
  const errors = watchErrors(page);
  // Hold the transition's first frame as soon as it is laid over the diagram, and read its colours.
  await page.addInitScript(() => {
    localStorage.setItem('managed-identity-sandbox/animate-diagrams', 'on');
    const observer = new MutationObserver(() => {
      const overlay = document.querySelector('.transition-overlay');
      if (!overlay) return;
      observer.disconnect();
      const fills = [...overlay.children].flatMap((host) => [...(host.shadowRoot?.querySelectorAll('g.node rect, g.node path, g.node polygon') ?? [])].map((shape) => getComputedStyle(shape).fill));
      (window as unknown as { held: object }).held = { fills };
    });
    addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
  });
  await page.goto('/docs/sandbox/');
  await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
  await page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /VM\s+web-1/ }).first().click();
  await page.getByRole('main').getByRole('tab', { name: 'Identity' }).click();
  await expect(page.locator('.diagram-view .canvas > svg').first()).toBeVisible();
  await page.getByRole('switch', { name: 'Status' }).click();
  const held = (await (await page.waitForFunction(() => (window as unknown as { held?: object }).held)).jsonValue()) as { fills: string[] };
  // Styled (blocked styles would leave black or no fills).
  expect(held.fills.length).toBeGreaterThan(0);
  for (const fill of held.fills) expect(['rgb(0, 0, 0)', 'none']).not.toContain(fill);
  await expect(page.locator('.transition-overlay')).toHaveCount(0);
  expect(errors).toEqual([]);
});

import { expect, test } from '@playwright/test';
test('look', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/#lesson=02-system-assigned');
  await page.getByRole('button', { name: /VM\s+web-1/ }).click();
  await page.getByRole('main').getByRole('tab', { name: 'Identity' }).click();
  await page.waitForTimeout(500);
  console.log(await page.evaluate(() => {
    const main = document.querySelector('main')!;
    const r = main.getBoundingClientRect();
    return [...main.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > r.right - 12).slice(0, 15).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} w=${Math.round(e.getBoundingClientRect().width)} ${(e.textContent ?? '').slice(0, 40)}`);
  }));
  console.log(await page.evaluate(() => { const m = document.querySelector('main')!; return [m.clientWidth, m.scrollWidth, getComputedStyle(m).overflowX, getComputedStyle(m).paddingRight]; }));
  await page.screenshot({ path: '/tmp/shots/l2.png' });
});

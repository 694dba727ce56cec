import { expect, test } from '@playwright/test';
test('look', async ({ page }) => {
  test.setTimeout(40000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/#lesson=10-management-vs-data');
  const pane = page.getByRole('complementary', { name: 'Lesson' });
  await pane.getByRole('button', { name: 'Skip the question' }).click();
  await pane.getByRole('button', { name: 'Show me' }).click();
  await pane.getByRole('button', { name: 'Next step' }).click();
  await page.getByRole('button', { name: /VM\s+web-1/ }).click();
  await page.getByRole('main').getByRole('tab', { name: 'Get a token' }).click();
  await page.getByRole('main').getByRole('combobox', { name: /^Audience/ }).selectOption({ label: 'https://storage.azure.com/ (Azure Storage)' });
  await page.getByRole('main').getByRole('button', { name: 'Send token request' }).click();
  await page.getByRole('main').getByRole('tab', { name: 'Call a target' }).click();
  await page.getByRole('main').getByRole('button', { name: 'Send the call' }).click();
  await page.waitForTimeout(500);
  console.log(await page.evaluate(() => {
    const main = document.querySelector('main')!;
    const r = main.getBoundingClientRect();
    return [main.scrollWidth, main.clientWidth, ...[...main.querySelectorAll<HTMLElement>('*')].filter((e) => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)].slice(0, 25).map((e: any) => typeof e === 'number' ? String(e) : `${e.tagName}.${e.className} ${Math.round(e.scrollWidth)} w=${Math.round(e.clientWidth)} ${(e.textContent ?? '').slice(0, 40)}`);
  }));
});

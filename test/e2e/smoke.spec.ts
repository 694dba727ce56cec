import { expect, test } from '@playwright/test';

test('the sandbox page loads and shows the simulated tenant', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Managed Identity Sandbox');
  await expect(page.getByText(/Tenant [0-9a-f-]{36}/)).toBeVisible();
  expect(errors).toEqual([]);
});

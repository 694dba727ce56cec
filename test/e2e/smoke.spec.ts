import { expect, test } from '@playwright/test';

test('the sandbox page loads with no script errors and offers a way to start', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Managed Identity Sandbox');
  await expect(page.getByRole('heading', { name: 'Welcome to the Managed Identity Sandbox' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open “A VM and a key vault”' })).toBeVisible();
  expect(errors).toEqual([]);
});

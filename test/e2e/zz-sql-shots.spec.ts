import { expect, test } from '@playwright/test';
for (const scheme of ['light', 'dark'] as const) {
  for (const [w, h] of [[1280, 720], [390, 844]] as const) {
    test(`shot ${scheme} ${w}`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/');
      await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
      await page.getByRole('button', { name: '+ Create' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('combobox', { name: /^Type/ }).selectOption({ label: 'SQL server and database' });
      await dialog.getByRole('textbox', { name: /^Name/ }).fill('sql-orders-1');
      if (scheme === 'light') await page.screenshot({ path: `/tmp/sql-create-${scheme}-${w}.png` });
      await dialog.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByRole('tab', { name: 'Query editor' }).click();
      await page.getByRole('textbox', { name: 'T-SQL' }).fill('CREATE USER [<b>web-9</b>] FROM EXTERNAL PROVIDER');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(page.getByRole('status', { name: 'Messages' })).toContainText('33130');
      await page.getByRole('textbox', { name: 'T-SQL' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/sql-query-${scheme}-${w}.png` });
    });
  }
}

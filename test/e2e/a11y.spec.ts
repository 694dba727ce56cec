// Accessibility: axe-core finds no serious or critical violations on the main screens, in light and
// dark, wide and narrow.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openExample, selectResource } from './helpers.ts';

async function serious(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const [label, viewport] of [
    ['wide', { width: 1280, height: 720 }],
    ['narrow', { width: 390, height: 844 }],
  ] as const) {
    test(`main screens have no serious or critical axe violations (${colorScheme}, ${label})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize(viewport);
      await page.goto('/');
      expect(await serious(page), 'home').toEqual([]);

      await openExample(page);
      await selectResource(page, /VM\s+web-1/);
      await page.getByRole('tab', { name: 'Identity' }).click();
      await page.getByRole('switch', { name: 'Status' }).click();
      expect(await serious(page), 'identity tab').toEqual([]);

      await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
      expect(await serious(page), 'access control').toEqual([]);

      await selectResource(page, /Key vault\s+kv-demo-1/);
      await page.getByRole('tab', { name: 'Secrets' }).click();
      expect(await serious(page), 'secrets').toEqual([]);

      await selectResource(page, /VM\s+web-1/);
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await serious(page), 'confirm dialog').toEqual([]);
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('button', { name: '+ Create' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('bad name');
      await page.getByRole('dialog').getByRole('button', { name: 'Create', exact: true }).click();
      expect(await serious(page), 'create dialog with an error').toEqual([]);
    });
  }
}

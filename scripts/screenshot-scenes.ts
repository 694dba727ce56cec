// The screens scripts/screenshots.ts photographs.
import type { Page } from '@playwright/test';

export const scenes = [
  { name: 'home', run: async (_page: Page) => {} },
  {
    name: 'vm-identity',
    run: async (page: Page) => {
      await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
      await page.getByRole('button', { name: /VM\s+web-1/ }).click();
      await page.getByRole('tab', { name: 'Identity' }).click();
      await page.getByRole('switch').click();
    },
  },
  {
    name: 'create-dialog',
    run: async (page: Page) => {
      await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
      await page.getByRole('button', { name: '+ Create' }).click();
      await page.getByLabel('Name').fill('bad name!');
      await page.getByRole('button', { name: 'Create', exact: true }).click();
    },
  },
];

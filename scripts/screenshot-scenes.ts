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
  {
    name: 'lesson-list',
    run: async (page: Page) => {
      await page.getByRole('button', { name: 'Lessons', exact: true }).click();
      await page.getByRole('heading', { name: 'Lessons' }).waitFor();
    },
  },
  {
    name: 'lesson-step',
    run: async (page: Page) => {
      await page.goto(`${page.url().replace(/#.*$/, '')}#lesson=03-grant-and-token`);
      await page.reload();
      const pane = page.getByRole('complementary', { name: 'Lesson' });
      await pane.getByRole('button', { name: /^Yes\./ }).click();
      await pane.getByRole('button', { name: 'Hint 1 of 3' }).click();
      await pane.getByRole('button', { name: 'Hint 2 of 3' }).click();
    },
  },
  {
    name: 'lesson-predict',
    run: async (page: Page) => {
      await page.goto(`${page.url().replace(/#.*$/, '')}#lesson=10-management-vs-data`);
      await page.reload();
      await page.getByRole('complementary', { name: 'Lesson' }).getByText('Predict first').waitFor();
    },
  },
  {
    name: 'lesson-complete',
    run: async (page: Page) => {
      await page.goto(`${page.url().replace(/#.*$/, '')}#lesson=02-system-assigned`);
      await page.reload();
      const pane = page.getByRole('complementary', { name: 'Lesson' });
      for (const next of ['Next step', 'Next step', 'Finish the lesson']) {
        await pane.getByRole('button', { name: 'Skip the question' }).click();
        await pane.getByRole('button', { name: 'Show me' }).click();
        await pane.getByRole('button', { name: next }).click();
      }
      await pane.getByRole('heading', { name: 'Lesson complete' }).waitFor();
    },
  },
];

// Shared steps for the browser tests: what a person does, by role and label.
import { expect, type Page } from '@playwright/test';

export async function openExample(page: Page, title = 'A VM and a key vault') {
  await page.goto('/');
  await page.getByRole('button', { name: `Open “${title}”` }).click();
  await expect(page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /web-1|worker-1/ }).first()).toBeVisible();
}

export const explorer = (page: Page) => page.getByRole('navigation', { name: 'Resources and directory' });

export async function selectResource(page: Page, name: RegExp | string) {
  await explorer(page).getByRole('button', { name }).first().click();
}

export async function createResource(page: Page, type: string, name: string, group?: string) {
  await page.getByRole('button', { name: '+ Create' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Type').selectOption({ label: type });
  if (group) await dialog.getByLabel('Resource group').selectOption(group);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
}

export async function timelineSteps(page: Page) {
  return page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').count();
}

/** Collect every console error and page error; `expectNone` fails the test if any arrived. */
export function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  return {
    errors,
    expectNone: () => expect(errors, 'console or page errors').toEqual([]),
  };
}

/** A sandbox with work of its own: the example, an identity turned on, and a resource of ours. */
export async function sandboxWithWork(page: Page) {
  await openExample(page);
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('tab', { name: 'Identity' }).click();
  await page.getByRole('switch', { name: 'Status' }).click();
  await expect(page.getByRole('switch', { name: 'Status' })).toHaveAttribute('aria-checked', 'true');
  await createResource(page, 'Virtual machine', 'mine-1');
  await expect(explorer(page).getByRole('button', { name: /VM\s+mine-1/ })).toBeVisible();
}

export async function openMore(page: Page) {
  await page.getByText('More', { exact: true }).click();
}

// A virtual machine scale set, made by hand: create it, turn on its identity, get a token on it from
// IMDS, delete it and see its identity go with it.
import { expect, test } from '@playwright/test';
import { createResource, explorer, openExample, watchErrors } from './helpers.ts';

test('create a scale set, turn on its identity, get a token from IMDS, delete it: the identity goes', async ({ page }) => {
  const watch = watchErrors(page);
  await openExample(page);
  await createResource(page, 'Virtual machine scale set', 'workers-1');
  const node = explorer(page).getByRole('button', { name: /Scale set\s+workers-1/ });
  await expect(node).toBeVisible();

  // The create dialog opens the new scale set on its Identity tab.
  await expect(page.getByRole('tab', { name: 'Identity' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('switch', { name: 'Status' }).click();
  await expect(page.getByRole('switch', { name: 'Status' })).toHaveAttribute('aria-checked', 'true');
  const principalId = (await page.getByTestId('principal-id').textContent())!.trim();
  await expect(explorer(page).getByRole('button', { name: /Service principal\s+workers-1/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Diagrams' }).locator('svg').first()).toContainText('workers-1');

  // Code on an instance asks IMDS, as on a VM.
  await page.getByRole('tab', { name: 'Get a token' }).click();
  await expect(page.getByText('169.254.169.254', { exact: false }).first()).toBeVisible();
  await page.getByLabel('Audience (resource)').selectOption('https://vault.azure.net');
  await page.getByRole('button', { name: 'Send token request' }).click();
  const result = page.getByTestId('token-result');
  await expect(result.getByTestId('http-status')).toHaveText('200 OK');
  await expect(result.getByTestId('claims').getByRole('row', { name: /^oid\b/ })).toContainText(principalId);
  await expect(page.getByRole('region', { name: /what happened/i }).or(page.getByRole('main'))).toContainText('Every instance of a scale set');

  // Deleting the scale set deletes its system-assigned identity.
  await node.click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('workers-1 (service principal)');
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await expect(node).toHaveCount(0);
  await expect(explorer(page).getByRole('button', { name: /Service principal\s+workers-1/ })).toHaveCount(0);
  await expect(explorer(page).getByRole('button', { name: /VM\s+web-1/ })).toBeVisible();
  watch.expectNone();
});

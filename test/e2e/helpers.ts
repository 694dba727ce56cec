// Shared steps for the browser tests: what a person does, by role and label.
import { expect, type Locator, type Page } from '@playwright/test';
import type { Action } from '../../src/sim/index.ts';

export async function openExample(page: Page, title = 'A VM and a key vault') {
  await page.goto('/');
  await page.getByRole('button', { name: `Open “${title}”` }).click();
  await expect(page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /web-1|worker-1/ }).first()).toBeVisible();
}

/** Press Tab until the element has focus, as a keyboard user would (fails after `max` presses). */
export async function tabTo(page: Page, target: Locator, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Tab to the element, then press a key on it (Enter by default). */
export async function press(page: Page, target: Locator, key = 'Enter') {
  await tabTo(page, target);
  await page.keyboard.press(key);
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

/** Every console error (a CSP violation is one) and page error, as they come: a test expects none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  return errors;
}

/** Collect every console error and page error; `expectNone` fails the test if any arrived. */
export function watchErrors(page: Page) {
  const errors = pageErrors(page);
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

/** About 50 entities: VMs with identities and a role on one vault, shared identities, storage. */
export function fiftyEntities(): Action[] {
  const rg = '/resourceGroups/rg-big';
  const vm = (i: number) => `${rg}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;
  const actions: Action[] = [
    { type: 'settings.set', propagationDelay: 0 },
    { type: 'resourceGroup.create', name: 'rg-big' },
    { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-big', name: 'kv-big' },
  ];
  let count = 2;
  for (let i = 1; count < 50; i++) {
    if (i % 6 === 0) {
      actions.push({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-big', name: `id-${i}` });
      actions.push({ type: 'identity.user.assign', resourceId: vm(i - 1), identityId: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${i}` });
      count += 2;
    } else if (count + 3 <= 50) {
      actions.push({ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-big', name: `vm-${i}`, identity: { systemAssigned: true } });
      actions.push({ type: 'roleAssignment.create', scope: `${rg}/providers/Microsoft.KeyVault/vaults/kv-big`, role: 'Key Vault Secrets User', assignee: vm(i) });
      count += 3;
    } else {
      actions.push({ type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-big', name: `stbig${i}` });
      count += 1;
    }
  }
  return actions;
}

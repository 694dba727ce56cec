// Acting as a user of the tenant, as a person does it: create a user from the top bar, grant them a role
// in IAM, switch to them with the keyboard, meet Azure's refusal, and undo back to the admin. A hostile
// display name stays text everywhere.
import { expect, test } from '@playwright/test';

test('create a user, grant Reader, act as them, get AuthorizationFailed, undo back to the admin', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
  const main = page.getByRole('main');
  const explorer = page.getByRole('navigation', { name: 'Resources and directory' });
  await expect(explorer.getByRole('button', { name: /^VM\s+web-1/ }).first()).toBeVisible();

  const acting = page.getByRole('group', { name: 'Acting as' });
  const who = acting.getByRole('combobox');
  await expect(who).toHaveAccessibleName('Acting as');
  await expect(who.locator('option:checked')).toHaveText('Sandbox admin (Owner)');

  // A hostile display name, typed with the keyboard.
  const hostile = '<img src=x onerror=alert(1)> Dana';
  await acting.getByText('+ User').click();
  const form = acting.getByRole('form', { name: 'New user in Entra ID' });
  await form.getByRole('textbox', { name: /^User name/ }).fill('da na');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('alert')).toContainText('letters, digits');
  await form.getByRole('textbox', { name: /^User name/ }).fill('dana');
  await form.getByRole('textbox', { name: /^Display name/ }).fill(hostile);
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(page.getByText(`Created the user '${hostile}' (dana@contoso.onmicrosoft.com)`).first()).toBeVisible();

  // Grant Reader on the resource group to the user.
  await explorer.getByRole('button', { name: /^Resource group\s+rg-demo/ }).first().click();
  await main.getByRole('tab', { name: 'Access control (IAM)', exact: true }).click();
  await main.getByRole('combobox', { name: /^Role/ }).selectOption({ label: 'Reader' });
  await main.getByRole('radio', { name: 'User' }).check();
  await main.getByRole('combobox', { name: /^Member \(user\)/ }).selectOption({ label: `${hostile} — dana@contoso.onmicrosoft.com` });
  await main.getByRole('button', { name: 'Assign', exact: true }).click();
  const row = main.getByTestId('role-assignment-row').filter({ hasText: 'dana@contoso.onmicrosoft.com' });
  await expect(row).toContainText('User');
  await expect(row).toContainText('Reader');
  await expect(row).not.toContainText('Identity not found');

  // Switch with the keyboard.
  await who.focus();
  await page.keyboard.press('ArrowDown');
  await expect(who.locator('option:checked')).toHaveText(hostile);
  await expect(page.getByText(`You now act as ${hostile}`).first()).toBeVisible();

  // A Reader may not delete the VM: Azure's words, and the VM stays.
  await explorer.getByRole('button', { name: /^VM\s+web-1/ }).first().click();
  await main.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog');
  if (await confirm.isVisible().catch(() => false)) await confirm.getByRole('button', { name: 'Confirm' }).click();
  const outcome = page.getByText(/The client 'dana@contoso\.onmicrosoft\.com' with object id '[0-9a-f-]{36}' does not have authorization to perform action 'Microsoft\.Compute\/virtualMachines\/delete' over scope '\/subscriptions\/[^']+\/virtualMachines\/web-1' or the scope is invalid\./);
  await expect(outcome.first()).toBeVisible();
  await expect(page.getByText('Refused: AuthorizationFailed.').first()).toBeVisible();
  await expect(explorer.getByRole('button', { name: /^VM\s+web-1/ }).first()).toBeVisible();

  // Undo takes the switch back.
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('Control+z');
  await expect(who.locator('option:checked')).toHaveText('Sandbox admin (Owner)');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(problems).toEqual([]);
});

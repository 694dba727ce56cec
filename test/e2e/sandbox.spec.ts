// Journeys through the free sandbox: identities, deletion cascades, undo/redo, autosave, share links.
import { expect, test } from '@playwright/test';
import { createResource, explorer, openExample, selectResource } from './helpers.ts';

test('enable a VM identity, grant it a role, delete the VM: the principal goes, the assignment stays as "Identity not found"', async ({ page }) => {
  await openExample(page);
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('tab', { name: 'Identity' }).click();
  await page.getByRole('switch', { name: 'Status' }).click();
  await expect(page.getByRole('switch', { name: 'Status' })).toHaveAttribute('aria-checked', 'true');
  const principalId = (await page.getByTestId('principal-id').textContent())!.trim();
  await expect(explorer(page).getByRole('button', { name: /Service principal\s+web-1/ })).toBeVisible();

  await selectResource(page, /Key vault\s+kv-demo-1/);
  await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Key Vault Secrets User');
  await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByTestId('role-assignment-row')).toHaveCount(1);
  await expect(page.getByTestId('role-assignment-row')).toContainText('web-1');

  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('web-1 (service principal)');
  await expect(confirm).toContainText('Key Vault Secrets User for web-1 at kv-demo-1');
  await confirm.getByRole('button', { name: 'Confirm' }).click();

  await expect(explorer(page).getByRole('button', { name: /Service principal\s+web-1/ })).toHaveCount(0);
  await selectResource(page, /Key vault\s+kv-demo-1/);
  await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
  const row = page.getByTestId('role-assignment-row');
  await expect(row).toContainText('Identity not found');
  await expect(row).toContainText('Unknown');
  await expect(row).toContainText(principalId);
});

test('undo and redo with the buttons and the keyboard', async ({ page }) => {
  await openExample(page);
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('tab', { name: 'Identity' }).click();
  const toggle = page.getByRole('switch', { name: 'Status' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await page.getByRole('button', { name: /Redo/ }).click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('heading', { level: 2, name: 'web-1' }).click(); // focus outside form fields
  await page.keyboard.press('Control+z');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await page.keyboard.press('Control+Shift+z');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  // Jump back to the start in the timeline: the redo future stays listed until a new action.
  await page.getByRole('region', { name: 'Timeline' }).getByRole('button', { name: /Start of the scenario/ }).click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
});

test('a refused name keeps the dialog open with Azure\'s words and what was typed', async ({ page }) => {
  await openExample(page);
  await page.getByRole('button', { name: '+ Create' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Type').selectOption({ label: 'Key vault' });
  await dialog.getByLabel('Name').fill('kv--bad');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('VaultNameNotValid');
  await expect(dialog.getByLabel('Name')).toHaveValue('kv--bad');
  // The message under the field appears while typing, so the Create button does not move under the pointer.
  await dialog.getByLabel('Type').selectOption({ label: 'Virtual machine' });
  await dialog.getByLabel('Name').fill('bad name!');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('InvalidParameter');
  await dialog.getByLabel('Type').selectOption({ label: 'Key vault' });
  await dialog.getByLabel('Name').fill('kv-good-1');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(explorer(page).getByRole('button', { name: /Key vault\s+kv-good-1/ })).toBeVisible();
});

test('reload keeps the sandbox, its history and its position', async ({ page }) => {
  await openExample(page);
  await createResource(page, 'User-assigned managed identity', 'id-shared');
  await createResource(page, 'Virtual machine', 'web-2');
  await page.getByRole('button', { name: /Undo/ }).click();
  await page.reload();
  await expect(page.getByRole('status')).toContainText('restored');
  await expect(explorer(page).getByRole('button', { name: /Managed identity\s+id-shared/ })).toBeVisible();
  await expect(explorer(page).getByRole('button', { name: /VM\s+web-2/ })).toHaveCount(0);
  await page.getByRole('button', { name: /Redo/ }).click();
  await expect(explorer(page).getByRole('button', { name: /VM\s+web-2/ })).toBeVisible();
});

test('share link round trip: another browser opens the same sandbox; with work of its own it asks first', async ({ page, browser }) => {
  await openExample(page);
  await createResource(page, 'User-assigned managed identity', 'id-linked');
  await page.getByRole('button', { name: 'Share link' }).click();
  const url = await page.getByRole('dialog').getByLabel('Link').inputValue();
  expect(url).toMatch(/#s=mis1\./);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(url);
  await expect(explorer(fresh).getByRole('button', { name: /Managed identity\s+id-linked/ })).toBeVisible();
  await expect(fresh).toHaveURL(/\/$/); // the fragment is consumed: a reload keeps the sandbox
  // The link carries the history: undo works in the other browser too.
  await fresh.getByRole('button', { name: /Undo/ }).click();
  await expect(explorer(fresh).getByRole('button', { name: /Managed identity\s+id-linked/ })).toHaveCount(0);
  await fresh.getByRole('button', { name: /Redo/ }).click();

  // With work of its own, opening a different link asks, and Cancel keeps the work.
  await createResource(fresh, 'Virtual machine', 'mine-1');
  // Pasting the link into the open tab (a fragment change, no reload) is noticed too.
  await fresh.goto(url);
  const ask = fresh.getByRole('dialog', { name: 'Open the shared scenario?' });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(explorer(fresh).getByRole('button', { name: /VM\s+mine-1/ })).toBeVisible();
  await other.close();
});

test('a broken or tampered link gives a clear message and leaves the sandbox alone', async ({ page }) => {
  await openExample(page);
  await createResource(page, 'Virtual machine', 'keep-me');
  await page.getByRole('button', { name: 'Share link' }).click();
  const url = await page.getByRole('dialog').getByLabel('Link').inputValue();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  await page.goto(url.slice(0, url.length - 40));
  await expect(page.getByRole('status')).toContainText(/damaged|incomplete/i);
  await expect(explorer(page).getByRole('button', { name: /VM\s+keep-me/ })).toBeVisible();

  const value = url.split('#s=')[1]!;
  const flipped = value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21);
  await page.goto(url.split('#')[0] + '#s=' + flipped);
  await expect(page.getByRole('status')).toContainText(/tampered|damaged/i);
  await expect(explorer(page).getByRole('button', { name: /VM\s+keep-me/ })).toBeVisible();

  await page.goto(url.split('#')[0] + '#s=mis9.abc.def');
  await expect(page.getByRole('status')).toContainText(/newer version/i);
});

test('the topology diagram shows the orphaned assignment after the VM is deleted', async ({ page }) => {
  await openExample(page);
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('tab', { name: 'Identity' }).click();
  await page.getByRole('switch', { name: 'Status' }).click();
  await selectResource(page, /Key vault\s+kv-demo-1/);
  await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Key Vault Secrets User');
  await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  const diagram = page.getByRole('region', { name: 'Diagrams' }).locator('svg').first();
  await expect(diagram).toContainText('Key Vault Secrets User');

  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  // The VM is drawn as a deleted ghost, the principal is gone, the assignment points at nobody.
  await expect(diagram).toContainText('Identity not found');
  await expect(diagram).toContainText(/deleted/i);
  await expect(page.getByRole('region', { name: 'Diagrams' }).getByRole('img')).toHaveAccessibleName(/Topology/i);
});

const HOSTILE = `"]]--> x[\`%%{init: {"theme":"dark"}}%% <img src=x onerror="window.__pwned=1"> click n1 call alert() ;#&`;

test('hostile text in names renders as text everywhere and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openExample(page);
  // Entra display names are free text: the one place a name may hold anything.
  await page.getByRole('button', { name: '+ New registration' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(HOSTILE);
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(dialog).toBeHidden();
  await expect(explorer(page).getByText(HOSTILE, { exact: true }).first()).toBeVisible();

  // A web app name is validated; Azure's refusal quotes the name, which must stay text.
  await page.getByRole('button', { name: '+ Create' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel('Type').selectOption({ label: 'App Service web app' });
  await create.getByLabel('Name').fill('<img src=x onerror="window.__pwned=2">');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(create.getByRole('alert')).toContainText('The host name <img src=x onerror="window.__pwned=2">.azurewebsites.net is invalid.');
  await create.getByRole('button', { name: 'Cancel' }).click();

  // The diagram of everything draws the name as text: no injected elements, links or handlers.
  const panel = page.getByRole('region', { name: 'Diagrams' });
  await panel.getByLabel('Show everything').check();
  const svg = panel.locator('svg').first();
  // (long labels are shortened with an ellipsis; the hostile start is drawn literally)
  await expect(svg).toContainText('"]]--> x[`%%{init: {"theme":"dark"}}%%');
  expect(await svg.locator('img, a, script, foreignObject img').count()).toBe(0);
  const handlers = await page.evaluate(() => [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`)));
  expect(handlers).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('export a scenario file and import it in another browser; a bad file is refused with its name', async ({ page, browser }, testInfo) => {
  await openExample(page);
  await createResource(page, 'User-assigned managed identity', 'id-exported');
  await page.getByText('More', { exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export scenario file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^managed-identity-sandbox-.*\.json$/);
  const path = testInfo.outputPath(file.suggestedFilename());
  await file.saveAs(path);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto('/');
  await fresh.getByText('More', { exact: true }).click();
  const chooser = fresh.waitForEvent('filechooser');
  await fresh.getByRole('button', { name: 'Import scenario file…' }).click();
  await (await chooser).setFiles(path);
  await expect(explorer(fresh).getByRole('button', { name: /Managed identity\s+id-exported/ })).toBeVisible();
  // Imported as history: every step can be undone.
  await expect(fresh.getByRole('region', { name: 'Timeline' }).getByRole('listitem')).toHaveCount(6);

  await fresh.getByText('More', { exact: true }).click();
  const chooser2 = fresh.waitForEvent('filechooser');
  await fresh.getByRole('button', { name: 'Import scenario file…' }).click();
  await (await chooser2).setFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version":1,"seed":"x","actions":[{"type":"teleport"}]}') });
  await expect(fresh.getByRole('status')).toContainText('broken.json: not a valid scenario: actions.0.type');
  await expect(explorer(fresh).getByRole('button', { name: /Managed identity\s+id-exported/ })).toBeVisible();
  await other.close();
});

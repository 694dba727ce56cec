// Journeys as people meet them: every flow that replaces work starts from a sandbox that already has
// work, and the smaller things a walk-through found (focus in dialogs, the phone, history words).
import { expect, test, type Page } from '@playwright/test';
import { createResource, explorer, openMore, sandboxWithWork, selectResource, watchErrors } from './helpers.ts';

const timeline = (page: Page) => page.getByRole('region', { name: 'Timeline' });
const mine = (page: Page, name = 'mine-1') => explorer(page).getByRole('button', { name: new RegExp(`VM\\s+${name}`) });

test.describe('replacing work asks, and then really replaces it', () => {
  test('More ▸ New empty sandbox: Cancel keeps the work, Replace empties the sandbox', async ({ page }) => {
    const watch = watchErrors(page);
    await sandboxWithWork(page);
    await openMore(page);
    await page.getByRole('button', { name: 'New empty sandbox' }).click();
    const ask = page.getByRole('dialog', { name: 'Start a new, empty sandbox?' });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toBeHidden();
    await expect(mine(page)).toBeVisible();
    // Cancel leaves the blade where it was.
    await expect(page.getByRole('main').getByRole('heading', { level: 2, name: 'mine-1' })).toBeVisible();

    await openMore(page);
    await page.getByRole('button', { name: 'New empty sandbox' }).click();
    await ask.getByRole('button', { name: 'Replace' }).click();
    await expect(ask).toBeHidden();
    await expect(explorer(page).getByText('No resource groups yet.')).toBeVisible();
    await expect(timeline(page).getByRole('listitem')).toHaveCount(1);
    await expect(timeline(page)).toContainText('Empty sandbox');
    await expect(page.getByRole('heading', { name: 'Welcome to the Managed Identity Sandbox' })).toBeVisible();
    watch.expectNone();
  });

  test('More ▸ Restart this scenario ▸ Restart goes back to the example as it was opened', async ({ page }) => {
    const watch = watchErrors(page);
    await sandboxWithWork(page);
    await openMore(page);
    await page.getByRole('button', { name: 'Restart this scenario' }).click();
    await page.getByRole('dialog', { name: 'Restart this scenario?' }).getByRole('button', { name: 'Restart' }).click();
    await expect(mine(page)).toHaveCount(0);
    await expect(explorer(page).getByRole('button', { name: /VM\s+web-1/ })).toBeVisible();
    await expect(explorer(page).getByRole('button', { name: /Service principal\s+web-1/ })).toHaveCount(0);
    await expect(timeline(page).getByRole('listitem')).toHaveCount(1);
    watch.expectNone();
  });

  test('More ▸ Import over existing work ▸ Replace opens the file', async ({ page }) => {
    const watch = watchErrors(page);
    await sandboxWithWork(page);
    await openMore(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import scenario file…' }).click();
    const file = { version: 1, seed: 'imported', actions: [{ type: 'resourceGroup.create', name: 'rg-imported' }, { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-imported', name: 'vm-imported' }] };
    await (await chooser).setFiles({ name: 'theirs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByRole('dialog', { name: 'Import “theirs.json”?' }).getByRole('button', { name: 'Replace' }).click();
    await expect(explorer(page).getByRole('button', { name: /VM\s+vm-imported/ })).toBeVisible();
    await expect(mine(page)).toHaveCount(0);
    await expect(timeline(page).getByRole('listitem')).toHaveCount(3);
    watch.expectNone();
  });

  test('the start page is one click away, and an example opened over work replaces it', async ({ page }) => {
    const watch = watchErrors(page);
    await sandboxWithWork(page);
    await explorer(page).getByRole('button', { name: /Start page/ }).click();
    await page.getByRole('button', { name: 'Open “One identity, two VMs”' }).click();
    await page.getByRole('dialog', { name: 'Open “One identity, two VMs”?' }).getByRole('button', { name: 'Replace' }).click();
    await expect(explorer(page).getByRole('button', { name: /VM\s+worker-1/ })).toBeVisible();
    await expect(mine(page)).toHaveCount(0);
    watch.expectNone();
  });

  test('a share link arriving over work: Cancel keeps the work and the link stays at hand; Open replaces', async ({ page }) => {
    const watch = watchErrors(page);
    await sandboxWithWork(page);
    await page.getByRole('button', { name: 'Share link' }).click();
    const url = await page.getByRole('dialog').getByLabel('Link').inputValue();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await createResource(page, 'Virtual machine', 'mine-2');

    await page.goto(url);
    const ask = page.getByRole('dialog', { name: 'Open the shared scenario?' });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(mine(page, 'mine-2')).toBeVisible();
    // The fragment left the address bar (a reload keeps the sandbox), but the link is offered again.
    const notice = page.getByRole('status').filter({ hasText: 'The shared scenario was not opened' });
    await expect(notice).toBeVisible();
    await notice.getByRole('button', { name: 'Open the shared scenario' }).click();
    await expect(mine(page, 'mine-2')).toHaveCount(0);
    await expect(mine(page)).toBeVisible();
    await expect(notice).toHaveCount(0);

    await createResource(page, 'Virtual machine', 'mine-3');
    await page.goto(url);
    await ask.getByRole('button', { name: 'Open the shared scenario' }).click();
    await expect(mine(page, 'mine-3')).toHaveCount(0);
    await expect(mine(page)).toBeVisible();
    watch.expectNone();
  });

  test('Restart the lesson with work in the lesson sandbox goes back to its first step and start state', async ({ page }) => {
    const watch = watchErrors(page);
    await page.goto('/');
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Lesson' });
    await pane.getByRole('button', { name: /lesson 2:/ }).click();
    await pane.getByRole('button', { name: 'Skip the question' }).click();
    await selectResource(page, /web-1/);
    await page.getByRole('main').getByRole('tab', { name: 'Identity' }).click();
    await page.getByRole('switch', { name: 'Status' }).click();
    await expect(pane.getByText('✓ Step done.')).toBeVisible();
    await pane.getByRole('button', { name: 'Restart the lesson' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Restart the lesson' }).click();
    await expect(pane.getByRole('heading', { name: 'Step 1 of 3: Turn on the identity' })).toBeVisible();
    await expect(pane.getByText('✓ Step done.')).toHaveCount(0);
    await expect(explorer(page).getByRole('button', { name: /Service principal\s+web-1/ })).toHaveCount(0);
    watch.expectNone();
  });
});

test('create dialogs start on their first field: a space typed at once does not close them', async ({ page }) => {
  const watch = watchErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Create a resource group' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a resource group' });
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await page.keyboard.type('rg one');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name')).toHaveValue('rg one');
  await dialog.getByLabel('Name').fill('rg-one');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: '+ Create', exact: true }).click();
  const create = page.getByRole('dialog', { name: 'Create a resource' });
  await expect(create.getByLabel('Type')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(create).toBeVisible();
  watch.expectNone();
});

test('user-assigned identities: the add menu tells the truth, and “Create a new one…” comes back and adds it', async ({ page }) => {
  const watch = watchErrors(page);
  await sandboxWithWork(page);
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('tab', { name: 'Identity' }).click();
  await page.getByRole('button', { name: 'Create a new one…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a resource' });
  await expect(dialog).toContainText('Once created, it is added to');
  // The type is chosen already: the dialog starts on the name.
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await page.keyboard.type('id-new');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  // Back on web-1's Identity tab, with the new identity in its list.
  await expect(page.getByRole('main').getByRole('heading', { level: 2, name: 'web-1' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('tab', { name: 'Identity' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('main').getByRole('cell', { name: 'id-new' })).toBeVisible();
  await expect(page.getByLabel('Add a user-assigned identity')).toContainText('Every user-assigned identity is already added');
  watch.expectNone();
});

test('assigning a privileged administrator role warns, as the portal does', async ({ page }) => {
  const watch = watchErrors(page);
  await sandboxWithWork(page);
  await selectResource(page, /Key vault\s+kv-demo-1/);
  await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
  const role = page.getByRole('combobox', { name: 'Role', exact: true });
  await expect(page.getByTestId('privileged-warning')).toHaveCount(0);
  for (const name of ['Owner', 'Contributor', 'User Access Administrator']) {
    await role.selectOption(name);
    await expect(page.getByTestId('privileged-warning')).toContainText(`${name} is a privileged administrator role`);
  }
  await role.selectOption('Key Vault Secrets User');
  await expect(page.getByTestId('privileged-warning')).toHaveCount(0);
  // The IAM form starts neutral: no member is pre-selected, so choose one by its visible label.
  await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
  // The same grant twice: Azure refuses it; the timeline lists the refusal without adding a step.
  const steps = await timeline(page).getByRole('listitem').count();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(timeline(page).getByRole('listitem')).toHaveCount(steps + 1);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByTestId('timeline-refused')).toContainText('✗ refused');
  await expect(page.getByTestId('timeline-refused')).toContainText('RoleAssignmentExists');
  await expect(timeline(page).getByRole('listitem')).toHaveCount(steps + 1);
  watch.expectNone();
});

test('timeline: marks each step, says what undo undid, and acting after a jump can be undone', async ({ page }) => {
  const watch = watchErrors(page);
  await sandboxWithWork(page); // two steps: identity on, mine-1
  await createResource(page, 'Virtual machine', 'mine-2');
  const rows = timeline(page).getByRole('listitem');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('✓');

  await page.getByRole('button', { name: /Undo/ }).click();
  const note = page.getByTestId('history-note');
  await expect(note).toHaveText(/Undid step 3, Create virtual machine mine-2/i);
  await page.getByRole('button', { name: /Redo/ }).click();
  await expect(note).toHaveText(/Redid step 3/);

  await timeline(page).getByRole('button', { name: /^1\b/ }).click();
  await expect(note).toContainText('Back at step 1. The 2 later steps stay until you act here');
  await createResource(page, 'User-assigned managed identity', 'id-branch');
  await expect(note).toContainText('This action replaced the 2 later steps after step 1. Undo brings them back.');
  await expect(mine(page)).toHaveCount(0);
  await page.getByRole('button', { name: /Undo/ }).click();
  await expect(note).toContainText('The 2 steps it had replaced are back');
  await page.getByRole('button', { name: /Redo/ }).click();
  await page.getByRole('button', { name: /Redo/ }).click();
  await expect(mine(page, 'mine-2')).toBeVisible();
  await expect(explorer(page).getByRole('button', { name: /Managed identity\s+id-branch/ })).toHaveCount(0);
  watch.expectNone();
});

test('"Welcome back" is said once per visit, not on every reload', async ({ page }) => {
  const watch = watchErrors(page);
  await sandboxWithWork(page);
  await page.waitForTimeout(500); // the autosave writes within 300 ms
  await page.reload();
  const welcome = page.getByRole('status').filter({ hasText: 'Welcome back' });
  await expect(welcome).toBeVisible();
  await welcome.getByRole('button', { name: 'Dismiss this message' }).click();
  await expect(welcome).toHaveCount(0);
  await page.reload();
  await expect(mine(page)).toBeVisible();
  await expect(welcome).toHaveCount(0);
  watch.expectNone();
});

test('Share link in a lesson offers the lesson and its sandbox', async ({ page }) => {
  const watch = watchErrors(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await page.getByRole('complementary', { name: 'Lesson' }).getByRole('button', { name: /lesson 2:/ }).click();
  await page.getByRole('button', { name: 'Share link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this lesson' });
  await expect(dialog.getByLabel('Link to the lesson')).toHaveValue(/#lesson=02-/);
  await expect(dialog.getByLabel('Link', { exact: true })).toHaveValue(/#s=mis1\./);
  watch.expectNone();
});

test('on a phone, a cancelled share link leaves its message in view', async ({ page }) => {
  const watch = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await sandboxWithWork(page);
  await page.getByRole('button', { name: 'Share link' }).click();
  const url = await page.getByRole('dialog').getByLabel('Link').inputValue();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await createResource(page, 'Virtual machine', 'mine-2');
  await explorer(page).getByRole('button', { name: /VM\s+mine-2/ }).scrollIntoViewIfNeeded();
  await page.goto(url);
  await page.getByRole('dialog', { name: 'Open the shared scenario?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The shared scenario was not opened' })).toBeInViewport();
  watch.expectNone();
});

test('on a phone, the More menu opens whole on the screen, and its settings can be reached', async ({ page }) => {
  const watch = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await sandboxWithWork(page);
  await openMore(page);
  const body = page.locator('.menu-body');
  const box = (await body.boundingBox())!;
  expect(box.x, 'the menu starts on the screen').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'the menu ends on the screen').toBeLessThanOrEqual(390);
  const setting = page.getByRole('checkbox', { name: /Animate diagram changes/ });
  await setting.scrollIntoViewIfNeeded();
  await expect(setting).toBeInViewport({ ratio: 1 });
  await page.keyboard.press('Escape');
  await expect(body).toBeHidden();
  watch.expectNone();
});

test('on a phone, choosing an item in the explorer brings its blade into view', async ({ page }) => {
  const watch = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await sandboxWithWork(page);
  const item = explorer(page).getByRole('button', { name: /Key vault\s+kv-demo-1/ });
  await item.scrollIntoViewIfNeeded();
  await item.click();
  const heading = page.getByRole('main').getByRole('heading', { level: 2, name: 'kv-demo-1' });
  await expect(heading).toBeInViewport();
  watch.expectNone();
});

test('IAM at 1280 px: Remove is whole and inside its panel', async ({ page }) => {
  const watch = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await sandboxWithWork(page);
  await selectResource(page, /Key vault\s+kv-demo-1/);
  await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
  // The IAM form starts neutral: choose the role and the member by their visible labels.
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Key Vault Secrets User');
  await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByTestId('role-assignment-row')).toHaveCount(1);
  const remove = page.getByRole('button', { name: /^Remove the/ }).first();
  await expect(remove).toBeVisible();
  const [button, panel] = await Promise.all([remove.boundingBox(), page.getByRole('main').boundingBox()]);
  expect(button!.x + button!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
  const wrap = await page.locator('.table-wrap').first().evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(wrap.scroll).toBeLessThanOrEqual(wrap.client);
  watch.expectNone();
});

test('a thousand steps keep the timeline to a bounded number of elements, and every kept step stays reachable', async ({ page }) => {
  const watch = watchErrors(page);
  // The last 200 steps stay undoable; the ones before them are folded into the start, and the timeline says so.
  const importSteps = async (n: number, heading: string, overWork: boolean) => {
    await openMore(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import scenario file…' }).click();
    const file = { version: 1, seed: `steps-${n}`, actions: [{ type: 'resourceGroup.create', name: 'rg-a' }, ...Array.from({ length: n - 1 }, () => ({ type: 'clock.advance', seconds: 60 }))] };
    await (await chooser).setFiles({ name: `steps-${n}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    const ask = page.getByRole('dialog', { name: `Import “steps-${n}.json”?` });
    // Over work of its own the sandbox asks first; an empty one opens the file at once.
    if (overWork) await ask.getByRole('button', { name: 'Replace' }).click();
    else await expect(ask).toBeHidden();
    await expect(timeline(page).getByRole('heading')).toHaveText(heading);
  };
  await page.goto('/');
  await importSteps(20, 'Timeline 20 steps', false);
  const small = await page.evaluate(() => document.querySelectorAll('*').length);
  await importSteps(1000, 'Timeline 200 steps, after 800 folded into the start', true);
  const large = await page.evaluate(() => document.querySelectorAll('*').length);
  expect(large - small, `elements with 20 steps: ${small}, with 1000: ${large}`).toBeLessThan(400);
  // The current (last) step is in view in the list; the first kept step and the start can be reached by
  // scrolling and jumped to.
  // (The notice about the folded steps pushes the timeline down: scroll to it, as a person would.)
  await timeline(page).evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await expect(timeline(page).getByRole('button', { name: /^200\b/ })).toBeInViewport();
  await timeline(page).locator('.scroller').evaluate((el) => (el.scrollTop = 0));
  await expect(timeline(page).getByRole('button', { name: /^0\b/ })).toContainText('Start: its first 800 steps');
  await timeline(page).getByRole('button', { name: /^1\b.*clock/i }).click();
  await expect(page.getByTestId('history-note')).toContainText('Back at step 1. The 199 later steps');
  await timeline(page).getByRole('button', { name: /^0\b/ }).click();
  await expect(page.getByTestId('history-note')).toContainText('Undid step 1');
  await expect(timeline(page).getByRole('button', { name: /^0\b/ })).toHaveAttribute('aria-current', 'step');
  await expect(explorer(page).getByRole('button', { name: /Resource group\s+rg-a/ })).toBeVisible();
  watch.expectNone();
});

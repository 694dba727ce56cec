// Work is never lost to a second tab, a save that no longer replays, or a link of refused actions.
import { expect, test, type Page } from '@playwright/test';
import { encodeShareLink } from '../../src/persist/link.ts';
import { createResource, explorer, openExample, pageErrors, sandboxWithWork, timelineSteps } from './helpers.ts';

const KEY = 'managed-identity-sandbox:default:sandbox';
const saved = (page: Page) => page.evaluate((key) => localStorage.getItem(key) ?? '', KEY);
const keptCopies = (page: Page) => page.evaluate((key) => Object.keys(localStorage).filter((k) => k.startsWith(`${key}:kept:`)).map((k) => localStorage.getItem(k) ?? ''), KEY);

test('two tabs on one sandbox: the stale tab stops saving, then takes over (keeping the other save) or follows read-only', async ({ context }) => {
  const a = await context.newPage();
  const errorsA = pageErrors(a);
  await openExample(a);
  await createResource(a, 'Virtual machine', 'tab-a-1');
  await expect.poll(() => saved(a)).toContain('tab-a-1');

  const b = await context.newPage();
  const errorsB = pageErrors(b);
  await b.goto('/');
  await expect(explorer(b).getByRole('button', { name: /VM\s+tab-a-1/ })).toBeVisible();
  await expect(a.getByRole('status').first()).toContainText('also open in another tab');

  // The second tab saves new work: the first is told, and its own next step does not overwrite it.
  await createResource(b, 'Virtual machine', 'tab-b-1');
  await expect.poll(() => saved(b)).toContain('tab-b-1');
  const banner = a.getByRole('region', { name: 'This sandbox was changed in another tab' });
  await expect(banner).toBeVisible();
  await createResource(a, 'Virtual machine', 'tab-a-2');
  await a.waitForTimeout(800); // longer than the autosave interval
  expect(await saved(a)).toContain('tab-b-1');
  expect(await saved(a)).not.toContain('tab-a-2');

  // Take over: this tab's work becomes the save, and the other tab's newer save is kept aside.
  await banner.getByRole('button', { name: 'Take over here' }).click();
  await expect(banner).toBeHidden();
  await expect.poll(() => saved(a)).toContain('tab-a-2');
  expect((await keptCopies(a)).some((t) => t.includes('tab-b-1'))).toBe(true);
  await expect(a.getByRole('status').first()).toContainText("other tab's newer save was kept as a copy");

  // Now the second tab is the stale one; it follows the first, read-only.
  const bannerB = b.getByRole('region', { name: 'This sandbox was changed in another tab' });
  await expect(bannerB).toBeVisible();
  await bannerB.getByRole('button', { name: 'Follow the other tab (read-only)' }).click();
  await expect(b.getByRole('region', { name: 'Following the other tab (read-only)' })).toBeVisible();
  await expect(explorer(b).getByRole('button', { name: /VM\s+tab-a-2/ })).toBeVisible();
  await expect(explorer(b).getByRole('button', { name: /VM\s+tab-b-1/ })).toHaveCount(0);
  await expect(b.getByRole('button', { name: '+ Create' })).toBeVisible();
  expect(await b.locator('.layout').getAttribute('inert')).not.toBeNull();
  // It keeps following as the first tab works.
  await createResource(a, 'Virtual machine', 'tab-a-3');
  await expect(explorer(b).getByRole('button', { name: /VM\s+tab-a-3/ })).toBeVisible();
  expect(errorsA).toEqual([]);
  expect(errorsB).toEqual([]);
});

test('a save whose replay loses steps is kept aside with a download, and the learner is told', async ({ page }) => {
  const errors = pageErrors(page);
  const original = JSON.stringify({
    format: 'managed-identity-sandbox/autosave',
    version: 1,
    savedAt: '2026-11-26T10:00:00.000Z',
    base: 0,
    cursor: 3,
    scenario: {
      format: 'managed-identity-sandbox/scenario',
      version: 1,
      seed: 'kept',
      actions: [
        { type: 'resourceGroup.create', name: 'rg-kept' },
        { type: 'resource.delete', id: '__proto__' },
        { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-kept', name: 'vm-kept' },
      ],
    },
  });
  await page.addInitScript(
    ([key, text]) => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem(key!, text!);
        sessionStorage.setItem('seeded', '1');
      }
    },
    [KEY, original],
  );
  await page.goto('/');
  const notice = page.getByRole('status').first();
  await expect(notice).toContainText("could not be rebuilt exactly: 1 of its 3 steps was refused on replay (#2 resource.delete '__proto__' (LinkedInvalidPropertyId))");
  await expect(notice).toContainText('The original save was kept unchanged');
  await expect(notice).not.toContainText('Welcome back');
  await expect(explorer(page).getByRole('button', { name: /VM\s+vm-kept/ })).toBeVisible();
  expect(await keptCopies(page)).toEqual([original]);

  // New work saves as usual; the copy stays.
  await createResource(page, 'Virtual machine', 'vm-after');
  await expect.poll(() => saved(page)).toContain('vm-after');
  expect(await keptCopies(page)).toEqual([original]);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the original save' }).click();
  expect((await download).suggestedFilename()).toBe('managed-identity-sandbox-original-save.json');
  expect(errors).toEqual([]);
});

test('a link with refused actions names them; a right-to-left override in a name shows as a marker, not reversed text', async ({ page }) => {
  const errors = pageErrors(page);
  await openExample(page);
  await createResource(page, 'Virtual machine', 'mine-1');
  const link = await encodeShareLink({
    scenario: {
      format: 'managed-identity-sandbox/scenario',
      version: 1,
      seed: 'refused',
      actions: [
        { type: 'resource.delete', id: '__proto__' },
        { type: 'roleAssignment.delete', id: 'constructor' },
        { type: 'resourceGroup.create', name: 'rg-link' },
        { type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-link', name: 'stlink1' },
        { type: 'storage.container.create', accountId: '/resourceGroups/rg-link/providers/Microsoft.Storage/storageAccounts/stlink1', name: 'files' },
        { type: 'storage.blob.upload', accountId: '/resourceGroups/rg-link/providers/Microsoft.Storage/storageAccounts/stlink1', container: 'files', name: 'report\u202Efdp.exe', content: 'x' },
      ],
    },
    base: 0,
    cursor: 6,
  });
  if (!link.ok) throw new Error(link.message);
  await page.goto(`/#s=${link.value}`);
  await page.getByRole('dialog', { name: 'Open the shared scenario?' }).getByRole('button', { name: 'Open the shared scenario' }).click();
  await expect(page.getByRole('status').first()).toContainText(
    "2 of the 6 actions in the link were refused by the simulation and left out: #1 resource.delete '__proto__' (LinkedInvalidPropertyId); #2 roleAssignment.delete 'constructor' (RoleAssignmentNotFound).",
  );
  const outcome = page.getByTestId('outcome');
  await expect(outcome).toContainText("Uploaded blob 'report⟨U+202E⟩fdp.exe' to 'stlink1/files'.");
  expect(errors).toEqual([]);
});

test('a 10,000-action link opens with a progress bar, its last steps undoable; the explorer draws only the groups in view and scrolls to every one', async ({ page }) => {
  const errors = pageErrors(page);
  await openExample(page);
  const actions = Array.from({ length: 10_000 }, (_, i) => ({ type: 'resourceGroup.create' as const, name: `rg-${i}` }));
  const link = await encodeShareLink({ scenario: { version: 1, seed: 'long', actions }, base: 0, cursor: actions.length });
  if (!link.ok) throw new Error(link.message);
  // The link goes into the open tab's address bar: a fragment change, so the page stays and is watched.
  await page.evaluate(() => {
    new MutationObserver((_, o) => {
      if (document.querySelector('progress')) {
        (window as unknown as { progressSeen: boolean }).progressSeen = true;
        o.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`/#s=${link.value}`);
  await expect(page.getByRole('status').first()).toContainText('its last 200 steps can be undone; the 9,800 before them now form its start');
  const groups = explorer(page).getByRole('button', { name: /^Resource group\s+rg-\d+$/ });
  const first = explorer(page).getByRole('button', { name: /rg-0$/ });
  const last = explorer(page).getByRole('button', { name: /rg-9999$/ });
  await expect(first).toBeInViewport();
  expect(await page.evaluate(() => (window as unknown as { progressSeen?: boolean }).progressSeen)).toBe(true);
  // Only the groups around the view are in the page, not 10,000.
  expect(await groups.count()).toBeLessThan(100);
  await expect(last).toHaveCount(0);
  // A person scrolls the explorer down to the last group, and back up to the first.
  await first.hover();
  await expect(async () => {
    await page.mouse.wheel(0, 100_000);
    await expect(last).toBeInViewport({ timeout: 1000 });
  }).toPass();
  expect(await groups.count()).toBeLessThan(100);
  await expect(async () => {
    await page.mouse.wheel(0, -100_000);
    await expect(first).toBeInViewport({ timeout: 1000 });
  }).toPass();
  await expect(async () => {
    await page.mouse.wheel(0, 100_000);
    await expect(last).toBeInViewport({ timeout: 1000 });
  }).toPass();
  await last.click();
  await expect(page.getByRole('heading', { level: 2, name: /rg-9999/ }).first()).toBeVisible();
  // What a step creates is brought into view: a VM in the first group, 10,000 rows above.
  await explorer(page).getByRole('button', { name: '+ Create' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a resource' });
  await dialog.getByLabel('Type').selectOption({ label: 'Virtual machine' });
  await dialog.getByLabel('Resource group').selectOption('rg-0');
  await dialog.getByLabel('Name').fill('vm-top');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(explorer(page).getByRole('button', { name: /^VM\s+vm-top/ })).toBeInViewport();
  expect(errors).toEqual([]);
});

test('a part of the page that cannot load (the connection dropped) says so, keeps the work, and loads when tried again', async ({ page }) => {
  const errors = pageErrors(page);
  await sandboxWithWork(page);
  const steps = await timelineSteps(page);
  // The blades load on first use, as a chunk of their own: after a reload, the connection drops.
  const chunk = /\/assets\/lazy-[^/]+\.js$/;
  await page.route(chunk, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await explorer(page).getByRole('button', { name: /VM\s+mine-1/ }).click();
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('This part of the page could not be loaded');
  await expect(alert).toContainText('Your work is kept');
  expect(await timelineSteps(page)).toBe(steps);
  expect(await saved(page)).toContain('mine-1');

  // The connection is back: trying again shows the blade.
  await page.unroute(chunk);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('main').getByRole('heading', { name: /mine-1/ })).toBeVisible();
  await expect(alert).toBeHidden();
  // The only errors are the failed loads themselves.
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch dynamically imported module/.test(e))).toEqual([]);
});

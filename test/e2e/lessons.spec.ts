import { expect, test, type Page } from '@playwright/test';
import { press, tabTo } from './helpers.ts';

const lessonPane = (page: Page) => page.getByRole('complementary', { name: 'Lesson' });

test('a learner completes lesson 2 with the keyboard only', async ({ page }) => {
  await page.goto('/');
  await press(page, page.getByRole('button', { name: 'Lessons', exact: true }));
  const pane = lessonPane(page);
  await press(page, pane.getByRole('button', { name: /lesson 2:/ }));
  await expect(pane.getByRole('heading', { name: 'Step 1 of 3: Turn on the identity' })).toBeVisible();

  // Predict, then act in the sandbox itself.
  await press(page, pane.getByRole('button', { name: /the same name as the VM/ }));
  await expect(pane.getByText('Right.')).toBeVisible();
  await press(page, page.getByRole('complementary', { name: 'Explorer' }).getByRole('button', { name: /web-1/ }));
  // Tabs use roving focus: Tab reaches the selected one, the arrow keys move along.
  // (the blade's tabs: the diagrams panel has a tab list of its own)
  const blade = page.getByRole('main');
  await tabTo(page, blade.getByRole('tab', { selected: true }));
  for (let i = 0; i < 6 && !(await blade.getByRole('tab', { name: 'Identity' }).evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('ArrowRight');
  await expect(blade.getByRole('tab', { name: 'Identity' })).toHaveAttribute('aria-selected', 'true');
  await press(page, page.getByRole('switch'), 'Space');
  await expect(pane.getByText('✓ Step done.')).toBeVisible();
  await press(page, pane.getByRole('button', { name: 'Next step' }));
  await expect(pane.getByRole('heading', { name: 'Step 2 of 3: Turn it off' })).toBeFocused();

  // A hint, then "Show me"; focus lands on the next button.
  await press(page, pane.getByRole('button', { name: 'Skip the question' }));
  await press(page, pane.getByRole('button', { name: 'Hint 1 of 3' }));
  await expect(pane.getByText('Nudge')).toBeVisible();
  await press(page, pane.getByRole('button', { name: 'Show me' }));
  await expect(pane.getByRole('button', { name: 'Next step' })).toBeFocused();
  await page.keyboard.press('Enter');

  await press(page, pane.getByRole('button', { name: /new principal with a new object id/ }));
  await press(page, pane.getByRole('button', { name: 'Show me' }));
  await expect(pane.getByRole('button', { name: 'Finish the lesson' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pane.getByRole('heading', { name: 'Lesson complete' })).toBeVisible();
  await expect(pane.getByText('3 steps done · 1 hint used · 2 shown · 2 of 2 predictions right')).toBeVisible();

  await press(page, pane.getByRole('button', { name: 'All lessons' }));
  await expect(pane.getByText('✓ Completed')).toBeVisible();
});

test('progress and the lesson sandbox survive a reload; the free sandbox is left alone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await lessonPane(page).getByRole('button', { name: /lesson 2:/ }).click();
  const pane = lessonPane(page);
  await pane.getByRole('button', { name: 'Skip the question' }).click();
  await pane.getByRole('button', { name: 'Show me' }).click();
  await pane.getByRole('button', { name: 'Next step' }).click();
  await pane.getByRole('button', { name: 'Skip the question' }).click();
  await pane.getByRole('button', { name: 'Hint 1 of 3' }).click();
  await expect(pane.getByRole('heading', { name: 'Step 2 of 3: Turn it off' })).toBeVisible();
  await page.waitForTimeout(500); // the autosave writes within 300 ms

  await page.reload();
  await expect(pane.getByRole('heading', { name: 'Step 2 of 3: Turn it off' })).toBeVisible();
  await expect(pane.getByRole('listitem').filter({ hasText: 'Step 1, done' })).toBeVisible();
  await expect(pane.getByText('Nudge')).toBeVisible();
  // The lesson's sandbox came back with the identity turned on.
  await expect(page.getByRole('complementary', { name: 'Explorer' }).getByText('web-1').first()).toBeVisible();

  // The free sandbox is one click away and holds none of the lesson's resources.
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await expect(lessonPane(page)).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Explorer' }).getByText('web-1')).toHaveCount(0);
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  expect(keys).toEqual(['managed-identity-sandbox:default:lesson:02-system-assigned:sandbox', 'managed-identity-sandbox:default:lessons']);
});

test('a lesson opened by link starts at its first step', async ({ page }) => {
  await page.goto('/#lesson=03-grant-and-token');
  const pane = lessonPane(page);
  await expect(pane.getByRole('heading', { name: 'Step 1 of 5: Ask IMDS for a token' })).toBeVisible();
  await expect(pane.getByText('Predict first')).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('');
  // It continues from lesson 2: web-1 already has its identity.
  await expect(page.getByRole('complementary', { name: 'Explorer' }).getByText('kv-demo-1').first()).toBeVisible();
});

test('the token form keeps what the learner chose across tabs and resources, and a call follows the token', async ({ page }) => {
  await page.goto('/#lesson=10-management-vs-data');
  const pane = lessonPane(page);
  await expect(pane.getByRole('heading', { name: /^Step 1 of/ })).toBeVisible();
  const blade = page.getByRole('main');
  const explorer = page.getByRole('navigation', { name: 'Resources and directory' });
  await explorer.getByRole('button', { name: /^VM\s+web-1/ }).click();
  await blade.getByRole('tab', { name: 'Get a token' }).click();
  await blade.getByRole('radio', { name: /Raw HTTP/ }).check();
  await blade.getByRole('combobox', { name: /^Audience/ }).selectOption({ label: 'https://storage.azure.com/ (Azure Storage)' });

  // Away to another tab and another resource, and back: the choices are still there.
  await blade.getByRole('tab', { name: 'Identity' }).click();
  await explorer.getByRole('button', { name: /^Storage\s+stdata/ }).click();
  await explorer.getByRole('button', { name: /^VM\s+web-1/ }).click();
  await blade.getByRole('tab', { name: 'Get a token' }).click();
  await expect(blade.getByRole('radio', { name: /Raw HTTP/ })).toBeChecked();
  await expect(blade.getByRole('combobox', { name: /^Audience/ })).toHaveValue('https://storage.azure.com/');

  // After a Storage token, the call offers Blob storage.
  await blade.getByRole('button', { name: 'Send token request' }).click();
  await expect(blade.getByTestId('token-result')).toContainText('new token');
  await blade.getByRole('tab', { name: 'Call a target' }).click();
  await expect(blade.getByRole('combobox', { name: /^Service/ })).toHaveValue('storage');
});

test('the IAM form starts neutral: no role, no member, the scope’s roles first', async ({ page }) => {
  await page.goto('/#lesson=10-management-vs-data');
  await expect(lessonPane(page).getByRole('heading', { name: /^Step 1 of/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /^Storage\s+stdata/ }).click();
  const blade = page.getByRole('main');
  await blade.getByRole('tab', { name: 'Access control (IAM)' }).click();
  const role = blade.getByRole('combobox', { name: /^Role/ });
  await expect(role).toHaveValue('');
  await expect(blade.getByRole('combobox', { name: /^Member/ })).toHaveValue('');
  await expect(role.locator('option', { hasText: 'Key Vault Secrets User' })).toHaveCount(0);
  await expect(role.locator('option', { hasText: 'Storage Blob Data Reader' })).toHaveCount(1);
  await blade.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(blade.getByRole('alert')).toHaveText('Choose a role.');
  await blade.getByRole('checkbox', { name: 'Show all roles' }).check();
  await expect(role.locator('option', { hasText: 'Key Vault Secrets User' })).toHaveCount(1);
});

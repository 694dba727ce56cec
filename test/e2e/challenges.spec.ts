// A lesson's closing challenge, done by hand: the learner comes back to a lesson they completed
// (saved progress), starts its challenge, acts in the sandbox by visible labels, and sees the goal
// graded by the world and their number of actions beside the reference solution's.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './helpers.ts';

const pane = (page: Page) => page.getByRole('complementary', { name: 'Lesson' });
/** Serious or critical axe violations in the lesson pane and any open dialog. */
async function serious(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('aside[aria-label="Lesson"]').include('dialog').analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}
/** The lesson column never scrolls sideways: a wide picture scrolls inside its own frame. */
const paneOverflow = (page: Page) => pane(page).evaluate((el) => el.scrollWidth - el.clientWidth);
const blade = (page: Page) => page.getByRole('main');

/** Saved progress: the lesson done to its last step and open, as a learner leaves it. */
async function completed(page: Page, id: string, steps: string[]) {
  await page.goto('/');
  await page.evaluate(
    ({ id, steps }) => {
      const lessons = { [id]: { step: steps.length - 1, done: steps, hints: {}, shown: [], predictions: {}, completed: true } };
      localStorage.setItem('managed-identity-sandbox:default:lessons', JSON.stringify({ format: 'managed-identity-sandbox/lessons', version: 1, active: id, lessons }));
    },
    { id, steps },
  );
  await page.reload();
  await expect(pane(page).getByRole('heading', { name: 'Lesson complete' })).toBeVisible();
}

async function openResource(page: Page, kind: string, name: string) {
  await page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: new RegExp(`^${kind}\\s+${name}(\\s|$)`) }).first().click();
  await expect(blade(page).getByRole('heading', { level: 2 }).first()).toHaveText(name);
}

async function toggleSystemIdentity(page: Page, name: string) {
  await openResource(page, 'VM', name);
  await blade(page).getByRole('tab', { name: 'Identity', exact: true }).click();
  await blade(page).getByRole('switch', { name: 'Status' }).click();
  const dialog = page.getByRole('dialog');
  if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
}

test('a learner solves lesson 2’s challenge by hand, sees it graded and counted, and finds it solved after a reload', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await completed(page, '02-system-assigned', ['enable', 'disable', 'enable-again']);
  const lesson = pane(page);
  await expect(lesson.getByRole('heading', { name: 'Challenge: One identity in, one out' })).toBeVisible();
  // With no saved sandbox, the completed lesson is rebuilt to its end, the last step done: web-1's identity is on again.
  await expect(page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /^Service principal\s+web-1(\s|$)/ })).toBeVisible();
  await lesson.getByRole('button', { name: 'Start the challenge' }).click();

  const goal = lesson.getByTestId('challenge-goal');
  await expect(goal.getByRole('listitem')).toHaveCount(3);
  await expect(goal.getByRole('listitem').filter({ hasText: 'Entra ID has no service principal named old-1' })).toContainText('(not yet)');
  await expect(goal.getByRole('listitem').filter({ hasText: 'web-1' })).toContainText('(met)');
  await expect(lesson.getByText('Your actions so far: 0 (reference: 2)')).toBeVisible();
  // The target picture and the world now, both drawn by the diagram pipeline.
  const target = lesson.getByRole('figure').filter({ hasText: 'Target' });
  const now = lesson.getByRole('figure').filter({ hasText: 'Now: your world' });
  await target.scrollIntoViewIfNeeded();
  await expect(target.locator('svg').first()).toBeVisible();
  await now.scrollIntoViewIfNeeded();
  await expect(now.locator('svg').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/challenge-start-1280x720.png' });
  expect(await paneOverflow(page)).toBeLessThanOrEqual(1);
  // Side by side, the width of the window: both pictures fit without scrolling sideways.
  await lesson.getByRole('button', { name: 'Compare side by side' }).click();
  const dialog = page.getByRole('dialog', { name: /the target and your world/ });
  await expect(dialog.getByRole('figure').filter({ hasText: 'Target' }).locator('svg').first()).toBeVisible();
  await expect(dialog.getByRole('figure').filter({ hasText: 'Now: your world' }).locator('svg').first()).toBeVisible();
  const [a, b] = await Promise.all(['Target', 'Now: your world'].map((t) => dialog.getByRole('figure').filter({ hasText: t }).boundingBox()));
  expect(b!.x, 'the pictures sit side by side').toBeGreaterThan(a!.x + a!.width - 1);
  await page.screenshot({ path: 'test-results/challenge-compare-1280x720.png' });
  expect(await serious(page), 'the comparison').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // A detour the learner takes back with Ctrl+Z does not count.
  await toggleSystemIdentity(page, 'web-1');
  await expect(lesson.getByText('Your actions so far: 1 (reference: 2)')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(lesson.getByText('Your actions so far: 0 (reference: 2)')).toBeVisible();

  await toggleSystemIdentity(page, 'old-1');
  await expect(goal.getByRole('listitem').filter({ hasText: 'old-1' })).toContainText('(met)');
  await toggleSystemIdentity(page, 'web-2');
  await expect(lesson.getByText('✓ Done in 2 actions (reference: 2).')).toBeVisible();
  await expect(goal.getByRole('listitem').filter({ hasText: '(not yet)' })).toHaveCount(0);
  await now.scrollIntoViewIfNeeded();
  await expect(now.locator('svg').first()).toBeVisible();
  await lesson.getByText('✓ Done in 2 actions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/challenge-done-1280x720.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/challenge-done-1280x720-dark.png' });
  expect(await serious(page), 'a solved challenge, dark').toEqual([]);

  await page.waitForTimeout(500); // the autosave writes within 300 ms
  await page.reload();
  await expect(pane(page).getByText('✓ Done in 2 actions (reference: 2).')).toBeVisible();
  await expect(pane(page).getByRole('button', { name: 'Try the challenge again' })).toBeVisible();
  await pane(page).getByRole('button', { name: 'All lessons' }).click();
  await expect(pane(page).getByRole('listitem').filter({ hasText: 'A system-assigned identity on a VM' })).toContainText('✓ Completed · challenge done in 2');
  errors.expectNone();
});

test('on a phone, a learner resets the challenge and then gives up to see the solution performed', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await completed(page, '09-time', ['grant-and-read', 'wait', 'api-call', 'grant-app-role', 'ask-again', 'next-day']);
  const lesson = pane(page);
  await lesson.getByRole('button', { name: 'Start the challenge' }).click();
  const goal = lesson.getByTestId('challenge-goal');
  await expect(goal.getByRole('listitem')).toHaveText([/web-1 can read blobs in storage account sttime\s*\(not yet\)/]);
  await page.screenshot({ path: 'test-results/challenge-start-390x844.png', fullPage: true });
  expect(await paneOverflow(page)).toBeLessThanOrEqual(1);

  // Jump the clock: one action, still not solved (nothing was granted).
  await page.getByRole('button', { name: 'Fast-forward the clock 24 h' }).click();
  await expect(lesson.getByText('Your actions so far: 1 (reference: 2)')).toBeVisible();
  // A reload keeps the attempt: the challenge's own sandbox comes back, with the action in it.
  await page.waitForTimeout(500); // the autosave writes within 300 ms
  await page.reload();
  await expect(lesson.getByText('Your actions so far: 1 (reference: 2)')).toBeVisible();
  await lesson.getByRole('button', { name: 'Reset the challenge' }).click();
  await expect(lesson.getByText('Your actions so far: 0 (reference: 2)')).toBeVisible();

  await lesson.getByRole('button', { name: 'Give up and show the solution' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Show the solution' }).click();
  await expect(lesson.getByText('Solved by the reference solution in 2 actions.', { exact: false })).toBeVisible();
  await expect(goal.getByRole('listitem')).toHaveText([/\(met\)/]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await lesson.getByText('Solved by the reference solution').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/challenge-shown-390x844-dark.png' });
  errors.expectNone();
});

test('as the admin, a learner closes the door lesson 14 opened: the identity off Dana’s VM and her operator role gone', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await completed(page, '14-security-boundary', ['both-tokens', 'read-payroll', 'grant-dana', 'refused', 'grant-operator', 'attach', 'borrow']);
  const lesson = pane(page);
  await expect(lesson.getByRole('heading', { name: 'Challenge: Close the door' })).toBeVisible();
  await lesson.getByRole('button', { name: 'Start the challenge' }).click();
  // The challenge starts with the admin acting again, not Dana as the lesson left it.
  await expect(page.getByRole('group', { name: 'Acting as' }).getByRole('combobox').locator('option:checked')).toHaveText(/Sandbox admin/);
  const goal = lesson.getByTestId('challenge-goal');
  await expect(goal.getByRole('listitem')).toHaveCount(5);
  const reattach = goal.getByRole('listitem').filter({ hasText: 'Dana may not attach the identity id-payroll' });
  await expect(reattach).toContainText('(not yet)');
  await expect(lesson.getByText('Your actions so far: 0 (reference: 2)')).toBeVisible();
  await lesson.getByText('The payroll team noticed').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/challenge-14-start-1280x720.png' });

  // Taking the identity off her VM alone is not enough: she may attach it again.
  await openResource(page, 'VM', 'vm-dana');
  await blade(page).getByRole('tab', { name: 'Identity', exact: true }).click();
  await blade(page).getByRole('row', { name: /id-payroll/ }).getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await expect(goal.getByRole('listitem').filter({ hasText: 'VM vm-dana does not list' })).toContainText('(met)');
  await expect(reattach).toContainText('(not yet)');
  await expect(lesson.getByText('Your actions so far: 1 (reference: 2)')).toBeVisible();

  await openResource(page, 'Managed identity', 'id-payroll');
  await blade(page).getByRole('tab', { name: 'Access control (IAM)' }).click();
  await blade(page).getByRole('button', { name: /^Remove the Managed Identity Operator assignment for Dana/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await expect(lesson.getByText('✓ Done in 2 actions (reference: 2).')).toBeVisible();
  await expect(goal.getByRole('listitem').filter({ hasText: '(not yet)' })).toHaveCount(0);
  // Dana is a live user: her assignment is not an orphan ("Identity not found").
  await expect(page.getByTestId('outcome')).toContainText('Removed the role assignment.');
  await lesson.getByText('✓ Done in 2 actions').scrollIntoViewIfNeeded();
  await expect(lesson.getByRole('figure').filter({ hasText: 'Target' }).locator('svg').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/challenge-14-done-1280x720.png' });
  expect(await paneOverflow(page)).toBeLessThanOrEqual(1);
  expect(await serious(page), 'lesson 14’s solved challenge').toEqual([]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/challenge-14-done-1280x720-dark.png' });
  expect(await serious(page), 'lesson 14’s solved challenge, dark').toEqual([]);
  errors.expectNone();
});

/** Choose an option of a select by the start of its visible text. */
async function pick(select: ReturnType<Page['getByRole']>, start: RegExp) {
  await expect(select).toBeVisible();
  const options = (await select.locator('option').allTextContents()).map((o) => o.trim());
  const match = options.find((o) => start.test(o));
  expect(match, `an option ${start} in ${JSON.stringify(options)}`).toBeDefined();
  await select.selectOption({ label: match! });
}

test('a learner does lesson 15’s challenge by hand: the narrowest Graph permission, a fresh token, and no needless Owner', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await completed(page, '15-graph-permissions', ['graph-token', 'list-users', 'grant', 'new-token', 'list-users-again']);
  const lesson = pane(page);
  await lesson.getByRole('button', { name: 'Start the challenge' }).click();
  const goal = lesson.getByTestId('challenge-goal');
  await expect(goal.getByRole('listitem')).toHaveCount(3);
  await expect(lesson.getByText('Your actions so far: 0 (reference: 3)')).toBeVisible();

  await openResource(page, 'Resource group', 'rg-demo');
  await blade(page).getByRole('tab', { name: 'Access control (IAM)' }).click();
  await blade(page).getByRole('button', { name: /^Remove the Owner assignment for audit-1/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await expect(goal.getByRole('listitem').filter({ hasText: 'No role assignment' })).toContainText('(met)');

  await page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /^Service principal\s+audit-1(\s|$)/ }).click();
  await pick(blade(page).getByRole('combobox', { name: /^Application permission/ }), /^Application\.Read\.All:/);
  await blade(page).getByRole('button', { name: 'Grant the Graph permission' }).click();

  await openResource(page, 'VM', 'audit-1');
  await blade(page).getByRole('tab', { name: 'Get a token', exact: true }).click();
  await pick(blade(page).getByRole('combobox', { name: /^Audience \(resource\)/ }), /^https:\/\/graph\.microsoft\.com /);
  await blade(page).getByRole('button', { name: 'Send token request' }).click();
  await expect(lesson.getByText('✓ Done in 3 actions (reference: 3).')).toBeVisible();
  await expect(blade(page).getByTestId('token-result').first()).toContainText('Application.Read.All');
  await page.screenshot({ path: 'test-results/challenge-15-done-1280x720.png' });
  errors.expectNone();
});

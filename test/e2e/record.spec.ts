// Recording a demo by doing it, as a teacher does: from a sandbox with saved work, Record, act by the
// panels' own labels (undo included, a reload in the middle), Stop, give the steps titles and notes,
// export, and present the file; or export the lesson draft and check it with the lesson loader.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { loadLessons } from '../../src/lessons/loader.ts';
import { sandboxWithWork, selectResource, watchErrors } from './helpers.ts';

test.use({ viewport: { width: 1280, height: 720 } });

const recordBar = (page: Page) => page.getByRole('group', { name: 'Recording a demo' });

async function grantSecretsUser(page: Page) {
  await selectResource(page, /Key vault\s+kv-demo-1/);
  await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Key Vault Secrets User');
  await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByTestId('role-assignment-row')).toContainText('Key Vault Secrets User');
}

async function requestVaultToken(page: Page) {
  await selectResource(page, /VM\s+web-1/);
  await page.getByRole('tab', { name: 'Get a token' }).click();
  await page.getByLabel('Audience (resource)').selectOption('https://vault.azure.net');
  await page.getByRole('button', { name: 'Send token request' }).click();
  await expect(page.getByTestId('token-result').getByTestId('http-status')).toHaveText('200 OK');
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

const savedSandbox = (page: Page) => page.evaluate(() => localStorage.getItem('managed-identity-sandbox:default:sandbox'));

test('record a demo by doing it, title its steps, export it and present it by keyboard', async ({ page }, testInfo) => {
  const watch = watchErrors(page);
  await sandboxWithWork(page); // saved work: web-1's identity on, mine-1 created

  // Record, by keyboard.
  await page.getByRole('button', { name: 'Record', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(recordBar(page)).toBeVisible();
  await expect(page.getByTestId('record-count')).toHaveText('0 steps');
  await expect(page.getByRole('button', { name: 'Record', exact: true })).toHaveCount(0);

  await grantSecretsUser(page);
  await expect(page.getByTestId('record-count')).toHaveText('1 step');
  await page.getByRole('button', { name: 'Fast-forward the clock 5 min', exact: true }).click();
  await expect(page.getByTestId('record-count')).toHaveText('2 steps');
  // Undo while recording (Ctrl+Z) takes the last step back.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('record-count')).toHaveText('1 step');
  await page.getByRole('button', { name: 'Fast-forward the clock 5 min', exact: true }).click();
  await expect(page.getByTestId('record-count')).toHaveText('2 steps');

  // A reload in the middle loses nothing: the sandbox and the recording come back, still recording.
  await expect.poll(async () => JSON.parse((await savedSandbox(page)) ?? '{}').cursor).toBe(4);
  await page.reload();
  await expect(recordBar(page)).toBeVisible();
  await expect(page.getByTestId('record-count')).toHaveText('2 steps');
  await requestVaultToken(page);
  await expect(page.getByTestId('record-count')).toHaveText('3 steps');

  await recordBar(page).getByRole('button', { name: 'Stop recording' }).focus();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('dialog', { name: 'Edit the recorded demo' });
  await expect(editor).toBeVisible();
  const steps = editor.getByRole('list', { name: 'Recorded steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText('Grant Key Vault Secrets User to web-1 at kv-demo-1');
  await expect(steps.nth(1)).toContainText('Fast-forward the clock 5 min');
  await expect(editor.getByLabel('Title of step 2')).toHaveAttribute('placeholder', 'Fast-forward the clock 5 min');
  await editor.getByLabel('Demo title').fill('Grant, wait, ask');
  await editor.getByLabel('Title of step 1').fill('Let web-1 read secrets');
  await editor.getByLabel('Notes for step 1').fill('The grant is at the **vault**: ask the room why not the group.');
  await editor.getByLabel('Title of step 3').fill('Ask IMDS for a vault token');

  const downloading = page.waitForEvent('download');
  await editor.getByRole('button', { name: 'Download demo file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('grant-wait-ask.json');
  // Saved under the name the browser offers, as a teacher keeps it.
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const demo = JSON.parse(readFileSync(file, 'utf8')) as { format: string; steps: { title: string; notes: string }[] };
  expect(demo.format).toBe('managed-identity-sandbox/demo');
  expect(demo.steps.map((s) => s.title)).toEqual(['Where we start', 'Let web-1 read secrets', 'Fast-forward the clock 5 min', 'Ask IMDS for a vault token']);
  expect(demo.steps[1]!.notes).toContain('**vault**');
  const saved = await savedSandbox(page);

  // Into presenter mode as a teacher would: #present, then open the file. A demo of a newer version is refused first.
  await page.goto('/#present');
  const newer = { ...demo, version: 2 };
  let chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open a demo file…' }).click();
  await (await chooser).setFiles({ name: 'from-the-future.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(newer)) });
  await expect(page.getByRole('alert')).toHaveText('from-the-future.json: version 2 is newer than this sandbox understands (1); update the sandbox to open it.');
  chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open a demo file…' }).click();
  await (await chooser).setFiles(file);
  await expect(page).toHaveURL(/#present=grant-wait-ask&file$/);

  const presenter = page.getByRole('region', { name: /^Presenter:/ });
  const title = presenter.getByRole('heading', { level: 1 });
  await expect(title).toHaveText('Where we start');
  await page.keyboard.press('ArrowRight');
  await expect(title).toHaveText('Let web-1 read secrets');
  await page.keyboard.press('Space');
  await expect(title).toHaveText('Fast-forward the clock 5 min');
  await page.keyboard.press('ArrowRight');
  await expect(title).toHaveText('Ask IMDS for a vault token');
  await expect(presenter).toHaveAttribute('data-ready', 'true');
  await page.keyboard.press('Home');
  await expect(title).toHaveText('Where we start');
  await page.keyboard.press('End');
  await expect(title).toHaveText('Ask IMDS for a vault token');

  // Escape leaves: the teacher's sandbox is as it was, and the recording is still kept.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('group', { name: 'Recorded demo' })).toContainText('“Grant, wait, ask”, 3 steps');
  expect(await savedSandbox(page)).toBe(saved);
  await page.getByRole('button', { name: 'Edit steps and export' }).click();
  await expect(editor.getByLabel('Title of step 1')).toHaveValue('Let web-1 read secrets');
  // The clock step can go (the rest still replays); the titles stay with their steps.
  await editor.getByRole('button', { name: 'Delete step 2' }).click();
  await expect(steps).toHaveCount(2);
  await expect(editor.getByLabel('Title of step 2')).toHaveValue('Ask IMDS for a vault token');
  watch.expectNone();
});

test('the recording as a lesson draft (dark): goals proposed from what each action changed, edited, and the file passes the lesson loader', async ({ page }) => {
  const watch = watchErrors(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await sandboxWithWork(page);
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await grantSecretsUser(page);
  await requestVaultToken(page);
  await expect(page.getByTestId('record-count')).toHaveText('2 steps');
  expect(await seriousViolations(page), 'recording').toEqual([]);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  const editor = page.getByRole('dialog', { name: 'Edit the recorded demo' });
  const steps = editor.getByRole('list', { name: 'Recorded steps' }).getByRole('listitem');

  // The grant proposes the matching role assignment; the token request the last request's answer.
  await expect(steps.nth(0).getByText(/^Lesson goal/)).toHaveText("Lesson goal (proposed): A role assignment of 'Key Vault Secrets User' for web-1 at key vault kv-demo-1");
  await expect(steps.nth(1).getByText(/^Lesson goal/)).toHaveText('Lesson goal (proposed): Your last token request from VM web-1 answered 200');

  // Edit step 2's goal: first wrongly (the export says why it refuses), then to one that holds.
  await steps.nth(1).getByText(/^Lesson goal/).click();
  const goal = editor.getByLabel('Goal of step 2 (YAML)');
  await goal.fill('lastRequest: { status: "ok" }');
  await expect(steps.nth(1).getByRole('alert')).toHaveText('goal.lastRequest.status: expected a number');
  await expect(editor.getByRole('button', { name: 'Download lesson draft' })).toBeEnabled();
  await editor.getByRole('button', { name: 'Download lesson draft' }).click();
  await expect(editor.getByRole('alert').last()).toContainText('Step 2: the goal is not valid');
  await goal.fill('token: { latest: true, principal: web-1, via: imds, audience: "https://vault.azure.net" }');
  await expect(steps.nth(1).getByText(/^Lesson goal/)).toHaveText('Lesson goal: The latest token is one with audience https://vault.azure.net for web-1 from IMDS');
  await expect(steps.nth(1)).toContainText('✓ Holds right after the step.');

  expect(await seriousViolations(page), 'step editor').toEqual([]);
  const downloading = page.waitForEvent('download');
  await editor.getByRole('button', { name: 'Download lesson draft' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('lesson.md');
  const text = readFileSync((await download.path())!, 'utf8');
  const loaded = loadLessons({ 'lessons/42-recorded/lesson.md': text });
  expect(loaded.problems).toEqual([]);
  const lesson = loaded.lessons[0]!;
  expect(lesson.steps.map((s) => s.goal)).toEqual([
    { roleAssignment: { role: 'Key Vault Secrets User', scope: 'keyVault kv-demo-1', principal: 'web-1' } },
    { token: { latest: true, principal: 'web-1', via: 'imds', audience: 'https://vault.azure.net' } },
  ]);
  expect(lesson.steps.map((s) => s.solution[0]!.type)).toEqual(['roleAssignment.create', 'token.request']);

  // Present it straight from the editor.
  await editor.getByRole('button', { name: 'Present it' }).click();
  const presenter = page.getByRole('region', { name: /^Presenter:/ });
  await expect(presenter.getByRole('heading', { level: 1 })).toHaveText('Where we start');
  await page.keyboard.press('ArrowRight');
  await expect(presenter.getByRole('heading', { level: 1 })).toHaveText('Grant Key Vault Secrets User to web-1 at kv-demo-1');
  watch.expectNone();
});

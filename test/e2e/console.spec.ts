// The az console: a whole lesson done from the keyboard in the console, the command behind a click,
// accessibility, and how it looks at 1280x720.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { press, tabTo } from './helpers.ts';

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

const consoleRegion = (page: Page) => page.getByRole('region', { name: 'Console' });
const commandField = (page: Page) => consoleRegion(page).getByRole('textbox', { name: 'Command' });

/** Type a command the way a person does and run it with Enter. */
async function run(page: Page, line: string) {
  const field = commandField(page);
  await expect(field).toBeFocused();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect(field).toHaveValue('');
  await expect(consoleRegion(page).getByText('Running…')).toBeHidden();
}

test('a learner does lesson 2 in the console, by keyboard only', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await press(page, page.getByRole('button', { name: 'Lessons', exact: true }));
  const pane = page.getByRole('complementary', { name: 'Lesson' });
  await press(page, pane.getByRole('button', { name: /lesson 2:/ }));
  await expect(pane.getByRole('heading', { name: 'Step 1 of 3: Turn on the identity' })).toBeVisible();
  await press(page, pane.getByRole('button', { name: 'Skip the question' }));

  // The shortcut opens the console in the lesson's own sandbox, with the caret in it.
  await page.keyboard.press('Control+Backquote');
  await expect(commandField(page)).toBeFocused();

  // Tab completes the command and the VM's name from the world.
  await page.keyboard.type('az vm ident');
  await page.keyboard.press('Tab');
  await expect(commandField(page)).toHaveValue('az vm identity ');
  await page.keyboard.type('assign -g rg-demo -n we');
  await page.keyboard.press('Tab');
  await expect(commandField(page)).toHaveValue('az vm identity assign -g rg-demo -n web-1 ');
  await page.keyboard.press('Enter');
  const log = consoleRegion(page).getByRole('log');
  await expect(log).toContainText('"systemAssignedIdentity":');
  await expect(pane.getByText('✓ Step done.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Turn on the system-assigned identity of web-1');

  await press(page, pane.getByRole('button', { name: 'Next step' }));
  await expect(pane.getByRole('heading', { name: 'Step 2 of 3: Turn it off' })).toBeFocused();
  await press(page, pane.getByRole('button', { name: 'Skip the question' }));
  await tabTo(page, commandField(page));
  await run(page, `az ad sp list --filter "servicePrincipalType eq 'ManagedIdentity'" --query "[].displayName" -o tsv`);
  await expect(log).toContainText('web-1');
  await run(page, 'az vm identity remove -g rg-demo -n web-1');
  await expect(pane.getByText('✓ Step done.')).toBeVisible();

  await press(page, pane.getByRole('button', { name: 'Next step' }));
  await press(page, pane.getByRole('button', { name: 'Skip the question' }));
  await tabTo(page, commandField(page));
  // History: arrow up twice brings back the assign command.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(commandField(page)).toHaveValue('az vm identity assign -g rg-demo -n web-1 ');
  await page.keyboard.press('Enter');
  await expect(pane.getByRole('button', { name: 'Finish the lesson' })).toBeVisible();
  await press(page, pane.getByRole('button', { name: 'Finish the lesson' }));
  await expect(pane.getByRole('heading', { name: 'Lesson complete' })).toBeVisible();

  // Refusals print az's words and exit code; unmodelled commands name the closest one.
  await tabTo(page, commandField(page));
  await run(page, 'az vm create -g rg-demo');
  await expect(log).toContainText('ERROR: the following arguments are required: --name/-n');
  await run(page, 'az aks create');
  await expect(log).toContainText("The sandbox does not model 'az aks'. The closest command it supports: az vm create");
  expect(errors).toEqual([]);
});

test('the command behind a click, a shell on the VM, axe, and a look at 1280x720', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
  await page.getByRole('button', { name: 'Console' }).click();
  await expect(commandField(page)).toBeFocused();
  await run(page, 'az ssh vm -g rg-demo -n web-1');
  await expect(consoleRegion(page).getByText('web-1:~$')).toBeVisible();
  // No identity yet: IMDS answers as the token panel does.
  await run(page, `curl -s -H Metadata:true "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net"`);
  await expect(consoleRegion(page).getByRole('log')).toContainText('{"error":"invalid_request","error_description":"Identity not found"}');
  await run(page, 'exit');
  await run(page, 'az vm identity assign -g rg-demo -n web-1');
  await run(page, 'az ssh vm -g rg-demo -n web-1');
  await run(page, `curl -s -H Metadata:true "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net"`);
  const log = consoleRegion(page).getByRole('log');
  await expect(log).toContainText('"access_token":"eyJ');
  // The token panel's outcome, with the command behind it.
  await expect(page.getByTestId('command-behind')).toContainText('az vm run-command invoke -g rg-demo -n web-1 --command-id RunShellScript --scripts');
  await run(page, 'exit');
  await run(page, 'az vm list -o table');
  await expect(log).toContainText(/Name\s+ResourceGroup\s+Location\n-+\s+-+\s+-+\nweb-1\s+rg-demo/);

  // A click in a panel: its az command appears beside the outcome.
  await page.getByRole('button', { name: '+ Create' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Type').selectOption({ label: 'User-assigned managed identity' });
  await dialog.getByRole('textbox', { name: /^Name/ }).fill('id-shared');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByTestId('command-behind')).toContainText('az identity create -g rg-demo -n id-shared');
  // The clock has no az command: the outcome says so in a sandbox-only comment.
  await page.getByRole('button', { name: 'Fast-forward the clock 1 h' }).click();
  await expect(page.getByTestId('command-behind')).toContainText('# sandbox only: Fast-forward the clock 1 h. There is no az command for time');

  const axe = await new AxeBuilder({ page }).include('[aria-label="Console"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: 'test-results/console-1280x720.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/console-1280x720-dark.png' });
  expect(errors).toEqual([]);
});

test('on a phone (390x844) a typed command and its whole output are in view and readable', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
  await page.getByRole('button', { name: 'Console' }).click();
  await expect(commandField(page)).toBeFocused();
  await run(page, 'az vm identity assign -g rg-demo -n web-1');
  // The panels above grew (outcome, timeline); the console, its input included, is still in view.
  const log = consoleRegion(page).getByRole('log');
  const out = log.locator('pre').last();
  await expect(out).toContainText('"systemAssignedIdentity"');
  await expect(out).toContainText('"userAssignedIdentities": {}');
  const viewport = page.viewportSize()!;
  const inView = async (target: Locator) => {
    const box = (await target.boundingBox())!;
    return box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
  };
  expect(await inView(out), 'the whole output block is on screen').toBe(true);
  expect(await inView(commandField(page)), 'the input is on screen').toBe(true);
  // Inside the log's visible area, not scrolled away or cut by it.
  const [logBox, outBox] = [(await log.boundingBox())!, (await out.boundingBox())!];
  expect(outBox.y).toBeGreaterThanOrEqual(logBox.y);
  expect(outBox.y + outBox.height).toBeLessThanOrEqual(logBox.y + logBox.height + 1);
  // Long ids wrap instead of running off the side, and the text stays readable on a phone.
  expect(await out.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await out.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(12);
  // An error wraps between words: "required:" stays whole.
  await run(page, 'az role assignment create --assignee-object-id 00000000-0000-0000-0000-000000000001 --role Reader');
  const err = log.locator('pre.err').last();
  await expect(err).toHaveText('ERROR: the following arguments are required: --scope');
  expect(await inView(err)).toBe(true);
  const lines = await err.evaluate((el) => {
    const range = document.createRange();
    const text = el.firstChild!;
    const words: { word: string; tops: number[] }[] = [];
    const re = /\S+/g;
    for (let m = re.exec(text.textContent!); m; m = re.exec(text.textContent!)) {
      range.setStart(text, m.index);
      range.setEnd(text, m.index + m[0].length);
      words.push({ word: m[0], tops: [...new Set([...range.getClientRects()].map((r) => Math.round(r.top)))] });
    }
    return words;
  });
  expect(lines.filter((w) => w.tops.length > 1).map((w) => w.word)).toEqual([]);
  // A wide -o table keeps its columns and scrolls sideways, reachable by keyboard (axe: scrollable-region-focusable).
  await run(page, 'az vm list -o table');
  await expect(log.locator('pre.table').last()).toHaveAttribute('tabindex', '0');
  const axe = await new AxeBuilder({ page }).include('[aria-label="Console"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.screenshot({ path: 'test-results/console-390x844.png' });
  expect(errors).toEqual([]);
});

test('a new user and acting as them show as az ad user create and az login, az login in the console switches back, a pasted namespace-with-queue script is one step, and so is a SQL server with its database, with T-SQL shown as sqlcmd', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
  const acting = page.getByRole('group', { name: 'Acting as' });
  await acting.getByLabel('New user', { exact: true }).click();
  await acting.getByLabel('User name').fill('dana');
  await acting.getByLabel('Display name (optional)').fill('Dana Reyes');
  await acting.getByRole('button', { name: 'Create user' }).click();
  const behind = page.getByTestId('command-behind');
  await expect(behind).toContainText(/az ad user create --display-name "Dana Reyes" --user-principal-name dana@\S+ --password "<password>" {2}# sandbox: the password is ignored/);
  await acting.getByRole('combobox').selectOption({ label: 'Dana Reyes' });
  await expect(behind).toContainText(/az login --username dana@\S+ {2}# sandbox: asks no password/);
  // The same door in the console: az login alone is the sandbox admin again.
  await page.getByRole('button', { name: 'Console' }).click();
  await expect(commandField(page)).toBeFocused();
  await run(page, 'az login');
  await expect(consoleRegion(page).getByRole('log')).toContainText('"name": "admin@');
  await expect(acting.getByRole('combobox')).toHaveValue(await acting.getByRole('option', { name: /\(Owner\)/ }).getAttribute('value') ?? '');
  // A pasted script: the queue line right after its namespace is made in the same step, and the click's
  // command behind prints both lines back.
  await page.keyboard.insertText('az servicebus namespace create -g rg-demo -n sb-orders-1\naz servicebus queue create -g rg-demo --namespace-name sb-orders-1 -n orders');
  await page.keyboard.press('Enter');
  await expect(commandField(page)).toHaveValue('');
  await expect(consoleRegion(page).getByRole('log')).toContainText('"type": "Microsoft.ServiceBus/Namespaces/Queues"');
  await expect(behind).toContainText('az servicebus namespace create -g rg-demo -n sb-orders-1');
  await expect(behind).toContainText('az servicebus queue create -g rg-demo --namespace-name sb-orders-1 -n orders');
  // Azure SQL: a server pasted with its database is one step, and T-SQL is sqlcmd, printed back as typed.
  await page.keyboard.insertText('az sql server create -g rg-demo -n sql-orders-1 --enable-ad-only-auth\naz sql db create -g rg-demo -s sql-orders-1 -n ordersdb');
  await page.keyboard.press('Enter');
  await expect(consoleRegion(page).getByRole('log')).toContainText('"type": "Microsoft.Sql/servers/databases"');
  await expect(behind).toContainText('az sql db create -g rg-demo -s sql-orders-1 -n ordersdb');
  await run(page, 'az identity create -g rg-demo -n id-orders');
  await run(page, 'sqlcmd -S sql-orders-1.database.windows.net -d ordersdb -G -Q "CREATE USER [id-orders] FROM EXTERNAL PROVIDER"');
  await expect(behind).toContainText('sqlcmd -S sql-orders-1.database.windows.net -d ordersdb --authentication-method ActiveDirectoryDefault -b -Q "CREATE USER [id-orders] FROM EXTERNAL PROVIDER"');
  await page.screenshot({ path: 'test-results/console-users-1280x720.png' });
  expect(errors).toEqual([]);
});

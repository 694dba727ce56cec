// What a person does with tokens: get one on a VM, read it, call the vault with it; see the errors Azure
// gives for a wrong audience, a missing Metadata header and an expired client secret. Roles and labels
// only, so the test also checks that every control can be found by name.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

async function openExample(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
  await expect(page.getByRole('button', { name: /VM\s+web-1/ })).toBeVisible();
}

async function turnOnIdentity(page: Page): Promise<string> {
  await page.getByRole('button', { name: /VM\s+web-1/ }).click();
  await page.getByRole('tab', { name: 'Identity' }).click();
  await page.getByRole('switch').click();
  const principalId = (await page.getByTestId('principal-id').textContent())!.trim();
  expect(principalId).toMatch(/^[0-9a-f-]{36}$/);
  return principalId;
}

/**
 * The example open with web-1's identity on, then a target of `type` made from + Create, whose own field
 * (a namespace's queue, a server's database) starts at `initial`. Returns the console and page errors seen.
 */
async function createTarget(page: Page, type: string, name: string, field: string, initial: string): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await openExample(page);
  await turnOnIdentity(page);
  await page.getByRole('button', { name: '+ Create' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: /^Type/ }).selectOption({ label: type });
  await dialog.getByRole('textbox', { name: /^Name/ }).fill(name);
  await expect(dialog.getByRole('textbox', { name: new RegExp(`^${field}`) })).toHaveValue(initial);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('main').getByRole('heading', { level: 2 })).toHaveText(name);
  return problems;
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

test('a VM gets a Key Vault token, reads a secret with it, and a wrong audience gets AKV10022', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openExample(page);
  const principalId = await turnOnIdentity(page);

  // Grant Key Vault Secrets User on the vault, with the keyboard.
  await page.getByRole('button', { name: /Key vault\s+kv-demo-1/ }).click();
  await page.getByRole('tab', { name: 'Overview' }).focus();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Access control (IAM)' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Key Vault Secrets User');
  await expect(page.getByLabel('Member (managed identity)')).toContainText('web-1');
  await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
  await page.getByRole('button', { name: 'Assign', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('role-assignment-row')).toContainText('Key Vault Secrets User');
  // Role assignments take 5 minutes to propagate in the sandbox: fast-forward.
  await page.getByRole('button', { name: 'Fast-forward the clock 5 min' }).click();

  // Ask IMDS for a Key Vault token, as the Azure SDK does.
  await page.getByRole('button', { name: /VM\s+web-1/ }).click();
  await openTab(page, 'Get a token');
  await expect(page.getByText('169.254.169.254', { exact: false }).first()).toBeVisible();
  await page.getByLabel('Audience (resource)').selectOption('https://vault.azure.net');
  await page.getByRole('button', { name: 'Send token request' }).click();
  const result = page.getByTestId('token-result');
  await expect(result.getByTestId('http-status')).toHaveText('200 OK');
  await expect(result.getByLabel('HTTP request')).toContainText('Metadata: true');
  const claims = result.getByTestId('claims');
  await expect(claims.getByRole('row', { name: /^aud\b/ })).toContainText('https://vault.azure.net');
  await expect(claims.getByRole('row', { name: /^oid\b/ })).toContainText(principalId);
  await expect(claims.getByRole('row', { name: /^exp\b/ })).toContainText('in 1 d');
  await expect(result.getByTestId('token-validity')).toHaveText('Valid');
  await expect(result.getByRole('button', { name: 'Copy token' })).toBeVisible();

  // Call the vault with it.
  await result.getByRole('button', { name: 'Call a target with this token' }).click();
  await expect(page.getByRole('tab', { name: 'Call a target' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Service')).toHaveValue('keyVault');
  await expect(page.getByLabel('Secret name')).toHaveValue('db-password');
  await expect(page.getByRole('combobox', { name: 'Token', exact: true })).toContainText('The latest token: https://vault.azure.net');
  await page.getByRole('button', { name: 'Send the call' }).click();
  const call = page.getByTestId('call-result');
  await expect(call.getByTestId('http-status')).toHaveText('200 OK');
  await expect(call.getByLabel('HTTP response')).toContainText('"value":"correct-horse-battery-staple"');
  await expect(call).toContainText('Granted by Key Vault Secrets User');

  // The same call with a token for Azure Resource Manager: 401 AKV10022, beside the plain reason. (Raw
  // HTTP sends resource=https://management.azure.com/ as picked; the SDK would strip "/.default" only.)
  await openTab(page, 'Get a token');
  await page.getByLabel('Audience (resource)').selectOption('https://management.azure.com/');
  await page.getByLabel('Raw HTTP, edited by hand').check();
  await expect(page.getByRole('textbox', { name: 'URL' })).toHaveValue(/resource=https%3A%2F%2Fmanagement\.azure\.com%2F/);
  await page.getByRole('button', { name: 'Send token request' }).click();
  await expect(page.getByTestId('claims').getByRole('row', { name: /^aud\b/ })).toContainText('https://management.azure.com/');
  await openTab(page, 'Call a target');
  // The call follows the token (an ARM token offers ARM); present it to Key Vault anyway.
  const service = page.getByRole('main').getByRole('combobox', { name: /^Service/ });
  await expect(service).toHaveValue('arm');
  await service.selectOption('keyVault');
  await page.getByRole('button', { name: 'Send the call' }).click();
  await expect(call.getByTestId('http-status')).toHaveText('401 Unauthorized');
  await expect(call.getByTestId('azure-code')).toHaveText('401 Unauthorized');
  await expect(call).toContainText('AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/.');
  await expect(call.getByTestId('call-reason')).toContainText('The token was issued for another service');
  // The timeline says it in words.
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('Call kv-demo-1.vault.azure.net: GET /secrets/db-password from web-1, with the latest token');

  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test('a request to IMDS without the Metadata header gets 400, and the SDK error it would cause', async ({ page }) => {
  await openExample(page);
  await turnOnIdentity(page);
  await openTab(page, 'Get a token');
  await page.getByLabel('Raw HTTP, edited by hand').check();
  await page.getByRole('button', { name: 'Remove header Metadata' }).click();
  await page.getByRole('button', { name: 'Send token request' }).click();
  const result = page.getByTestId('token-result');
  await expect(result.getByTestId('http-status')).toHaveText('400 Bad Request');
  await expect(result.getByLabel('HTTP response')).toContainText('{"error":"invalid_request","error_description":"Required metadata header not specified"}');
  await expect(result.getByTestId('sdk-error')).toContainText('@azure/identity 4.14.1');
  await expect(result.getByTestId('sdk-error')).toContainText('ManagedIdentityCredential: Authentication failed. Message invalid_request: Error(s): Not Available - Timestamp: Not Available - Description: Required metadata header not specified');
  await expect(result.getByTestId('claims')).toHaveCount(0);

  // Through the SDK the header is always sent.
  await page.getByLabel('As the Azure SDK does').check();
  await page.getByRole('button', { name: 'Send token request' }).click();
  await expect(result.getByTestId('http-status')).toHaveText('200 OK');
  await expect(page.getByRole('figure', { name: 'The code that runs on web-1' })).toContainText('new ManagedIdentityCredential()');
});

test('a client secret works from anywhere until it expires, then Entra answers AADSTS7000222', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: '+ New registration' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register an application' });
  await dialog.getByLabel('Name', { exact: true }).fill('nightly-job');
  await dialog.getByLabel('None: a client app, not an API').check();
  await dialog.getByLabel('Run a simulated API that accepts tokens for this app').uncheck();
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'nightly-job' })).toBeVisible();
  await expect(page.getByTestId('app-id')).toHaveText(/^[0-9a-f-]{36}$/);

  await openTab(page, 'Certificates & secrets');
  await page.getByLabel('Description').fill('ci');
  await page.getByLabel('Expires after (days)').fill('1');
  await page.getByRole('button', { name: 'Add client secret' }).click();
  await expect(page.getByTestId('secret-value')).toContainText('Copy the secret value now');
  await expect(page.getByRole('button', { name: 'Copy secret value' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Client secrets' }).getByRole('listitem').filter({ hasText: 'ci' })).toContainText('Expires in 1 d');

  await openTab(page, 'Get a token with a secret');
  await page.getByRole('button', { name: 'Send token request' }).click();
  const result = page.getByTestId('token-result');
  await expect(result.getByTestId('http-status')).toHaveText('200 OK');
  await expect(result.getByLabel('HTTP request')).toContainText('grant_type=client_credentials');
  await expect(result.getByTestId('claims').getByRole('row', { name: /^appidacr\b/ })).toContainText('1');

  await page.getByRole('button', { name: 'Fast-forward the clock 24 h' }).click();
  await page.getByRole('button', { name: 'Send token request' }).click();
  await expect(result.getByTestId('http-status')).toHaveText('401 Unauthorized');
  await expect(result.getByLabel('HTTP response')).toContainText("AADSTS7000222: The provided client secret keys for app '");
  await openTab(page, 'Certificates & secrets');
  await expect(page.getByRole('list', { name: 'Client secrets' }).getByRole('listitem').filter({ hasText: 'ci' })).toContainText('Expired just now');
});

test('a Service Bus namespace made in the create dialog: without a data role Service Bus answers 401, Data Sender sends, and the diagrams name the namespace', async ({ page }) => {
  // A namespace with its queue, from + Create.
  const problems = await createTarget(page, 'Service Bus namespace', 'sb-orders-1', 'Queue', 'orders');

  // Send from web-1 with a token for Service Bus, before any data role.
  await page.getByRole('button', { name: /VM\s+web-1/ }).click();
  await openTab(page, 'Get a token');
  await page.getByLabel('Audience (resource)').selectOption('https://servicebus.azure.net');
  await page.getByRole('button', { name: 'Send token request' }).click();
  await expect(page.getByTestId('token-result').getByTestId('http-status')).toHaveText('200 OK');
  await openTab(page, 'Call a target');
  await expect(page.getByRole('combobox', { name: 'Service' })).toHaveValue('serviceBus');
  await expect(page.getByRole('combobox', { name: 'Namespace' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Queue' })).toHaveValue('orders');
  await page.getByRole('button', { name: 'Send the call' }).click();
  const result = page.getByTestId('call-result');
  await expect(result.getByTestId('azure-code')).toContainText('401');
  await expect(result).toContainText("'Send' claim(s) are required to perform this operation");

  // Grant Azure Service Bus Data Sender on the namespace, then send again.
  await page.getByRole('button', { name: /Service Bus\s+sb-orders-1/ }).click();
  await openTab(page, 'Access control (IAM)');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('Azure Service Bus Data Sender');
  await page.getByRole('combobox', { name: 'Member (managed identity)' }).selectOption({ label: 'web-1 — system-assigned identity of web-1' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.getByRole('button', { name: 'Fast-forward the clock 5 min' }).click();
  await openTab(page, 'Call with a token');
  await page.getByRole('combobox', { name: 'Send it from' }).selectOption({ label: 'web-1 (Virtual machine)' });
  await page.getByRole('button', { name: 'Send the call' }).click();
  await expect(page.getByTestId('call-result').locator('.badge')).toHaveText('201 Created');
  await openTab(page, 'Queues');
  await expect(page.getByRole('row', { name: /orders\s+1/ })).toBeVisible();

  // The access path ends at the data role; the flow names the namespace.
  const panel = page.getByRole('region', { name: 'Diagrams' });
  const tab = (name: string) => panel.getByRole('tab', { name: new RegExp(`^${name}`) });
  await expect(tab('Access decision')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('img')).toHaveAccessibleDescription(/Azure Service Bus Data Sender/);
  await tab('Token flow').click();
  await expect(panel.getByRole('img')).toHaveAccessibleDescription(/Service Bus namespace sb-orders-1/);
  expect(problems).toEqual([]);
});

test('a SQL database made in the create dialog: a user created by T-SQL in the Query editor, db_datareader granted, a token for database.windows.net reads the table', async ({ page }) => {
  const problems = await createTarget(page, 'SQL server and database', 'sql-orders-1', 'Database', 'appdb');

  // The database user, by T-SQL as the server's Entra admin.
  await openTab(page, 'Query editor');
  const tsql = page.getByRole('textbox', { name: 'T-SQL' });
  const messages = page.getByRole('status', { name: 'Messages' });
  await tsql.fill('CREATE USER [web-1] FROM EXTERNAL PROVIDER;');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(messages).toContainText('Commands completed successfully.');
  await expect(page.getByRole('row', { name: /web-1\s+[0-9a-f-]{36}\s+none/ })).toBeVisible();

  // A token for SQL; the user exists but has no role: 229.
  await page.getByRole('button', { name: /VM\s+web-1/ }).click();
  await openTab(page, 'Get a token');
  await page.getByLabel('Audience (resource)').selectOption('https://database.windows.net/');
  await page.getByRole('button', { name: 'Send token request' }).click();
  await expect(page.getByTestId('token-result').getByTestId('http-status')).toHaveText('200 OK');
  await openTab(page, 'Call a target');
  await expect(page.getByRole('combobox', { name: 'Service' })).toHaveValue('sql');
  await expect(page.getByRole('combobox', { name: 'Database' })).toHaveValue('appdb');
  await page.getByRole('button', { name: 'Send the call' }).click();
  await expect(page.getByTestId('call-result').locator('.badge')).toHaveText('403 Forbidden');
  await expect(page.getByTestId('call-result')).toContainText("The SELECT permission was denied on the object 'Orders', database 'appdb', schema 'dbo'.");

  // db_datareader, then the same token reads: SQL checks the user at login, not in the token.
  await page.getByRole('button', { name: /SQL\s+sql-orders-1/ }).click();
  await openTab(page, 'Query editor');
  await tsql.fill('ALTER ROLE db_datareader ADD MEMBER [web-1]');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('row', { name: /web-1\s+[0-9a-f-]{36}\s+db_datareader/ })).toBeVisible();
  await openTab(page, 'Call with a token');
  await page.getByRole('combobox', { name: 'Send it from' }).selectOption({ label: 'web-1 (Virtual machine)' });
  await page.getByRole('button', { name: 'Send the call' }).click();
  await expect(page.getByTestId('call-result').locator('.badge')).toHaveText('200 OK');
  await expect(page.getByTestId('call-result')).toContainText('db_datareader');

  // The access path ends at the database role, not an Azure role; the flow names the server.
  const panel = page.getByRole('region', { name: 'Diagrams' });
  const tab = (name: string) => panel.getByRole('tab', { name: new RegExp(`^${name}`) });
  await expect(tab('Access decision')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('img')).toHaveAccessibleDescription(/db_datareader/);
  await tab('Token flow').click();
  await expect(panel.getByRole('img')).toHaveAccessibleDescription(/SQL server sql-orders-1/);
  expect(problems).toEqual([]);
});

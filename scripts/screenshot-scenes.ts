// The screens scripts/screenshots.ts photographs.
import type { Page } from '@playwright/test';

/** Example "A VM and a key vault", web-1's identity on, then a Key Vault token from its "Get a token" tab. */
async function vmWithToken(page: Page, grant: boolean) {
  await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
  await page.getByRole('button', { name: /VM\s+web-1/ }).click();
  await page.getByRole('tab', { name: 'Identity' }).click();
  await page.getByRole('switch').click();
  if (grant) {
    await page.getByRole('button', { name: /Key vault\s+kv-demo-1/ }).click();
    await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByRole('button', { name: 'Fast-forward the clock 5 min' }).click();
    await page.getByRole('button', { name: /VM\s+web-1/ }).click();
  }
  await page.getByRole('tab', { name: 'Get a token' }).click();
  await page.getByLabel('Audience (resource)').selectOption('https://vault.azure.net');
  await page.getByRole('button', { name: 'Send token request' }).click();
  await page.getByTestId('claims').waitFor();
}

async function callVault(page: Page) {
  await page.getByRole('button', { name: 'Call a target with this token' }).click();
  await page.getByRole('button', { name: 'Send the call' }).click();
  await page.getByTestId('call-result').scrollIntoViewIfNeeded();
}

export const scenes = [
  { name: 'home', run: async (_page: Page) => {} },
  {
    name: 'vm-identity',
    run: async (page: Page) => {
      await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
      await page.getByRole('button', { name: /VM\s+web-1/ }).click();
      await page.getByRole('tab', { name: 'Identity' }).click();
      await page.getByRole('switch').click();
    },
  },
  {
    name: 'create-dialog',
    run: async (page: Page) => {
      await page.getByRole('button', { name: 'Open “A VM and a key vault”' }).click();
      await page.getByRole('button', { name: '+ Create' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('bad name!');
      await page.getByRole('button', { name: 'Create', exact: true }).click();
    },
  },
  {
    name: 'token-decoded',
    run: async (page: Page) => {
      await vmWithToken(page, false);
      await page.getByTestId('claims').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'token-raw-400',
    run: async (page: Page) => {
      await vmWithToken(page, false);
      await page.getByLabel('Raw HTTP, edited by hand').check();
      await page.getByRole('button', { name: 'Remove header Metadata' }).click();
      await page.getByRole('button', { name: 'Send token request' }).click();
      await page.getByTestId('sdk-error').scrollIntoViewIfNeeded();
    },
  },
  { name: 'call-200', run: async (page: Page) => (await vmWithToken(page, true), await callVault(page)) },
  { name: 'call-403', run: async (page: Page) => (await vmWithToken(page, false), await callVault(page)) },
  {
    name: 'app-registration',
    run: async (page: Page) => {
      await vmWithToken(page, false);
      await page.getByRole('button', { name: '+ New registration' }).click();
      await page.getByLabel('Name', { exact: true }).fill('orders-api');
      await page.getByLabel('App role 1 value').fill('Orders.Read');
      await page.getByLabel('App role 1 display name').fill('Read orders');
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByRole('tab', { name: 'App roles' }).click();
      await page.getByRole('button', { name: 'Grant app role' }).click();
    },
  },
  {
    name: 'app-secret',
    run: async (page: Page) => {
      await page.getByRole('button', { name: '+ New registration' }).click();
      await page.getByLabel('Name', { exact: true }).fill('nightly-job');
      await page.getByLabel('None: a client app, not an API').check();
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByRole('tab', { name: 'Certificates & secrets' }).click();
      await page.getByRole('button', { name: 'Add client secret' }).click();
    },
  },
  {
    name: 'authority-jwks',
    run: async (page: Page) => {
      await vmWithToken(page, false);
      await page.getByRole('button', { name: /Tokens and signing keys/ }).click();
      await page.getByRole('button', { name: /^Show the token/ }).first().click();
    },
  },
  {
    name: 'lesson-list',
    run: async (page: Page) => {
      await page.getByRole('button', { name: 'Lessons', exact: true }).click();
      await page.getByRole('heading', { name: 'Lessons' }).waitFor();
    },
  },
  {
    name: 'lesson-step',
    run: async (page: Page) => {
      await page.goto(`${page.url().replace(/#.*$/, '')}#lesson=03-grant-and-token`);
      await page.reload();
      const pane = page.getByRole('complementary', { name: 'Lesson' });
      await pane.getByRole('button', { name: /^Yes\./ }).click();
      await pane.getByRole('button', { name: 'Hint 1 of 3' }).click();
      await pane.getByRole('button', { name: 'Hint 2 of 3' }).click();
    },
  },
  {
    name: 'lesson-predict',
    run: async (page: Page) => {
      await page.goto(`${page.url().replace(/#.*$/, '')}#lesson=10-management-vs-data`);
      await page.reload();
      await page.getByRole('complementary', { name: 'Lesson' }).getByText('Predict first').waitFor();
    },
  },
  {
    name: 'lesson-complete',
    run: async (page: Page) => {
      await page.goto(`${page.url().replace(/#.*$/, '')}#lesson=02-system-assigned`);
      await page.reload();
      const pane = page.getByRole('complementary', { name: 'Lesson' });
      for (const next of ['Next step', 'Next step', 'Finish the lesson']) {
        await pane.getByRole('button', { name: 'Skip the question' }).click();
        await pane.getByRole('button', { name: 'Show me' }).click();
        await pane.getByRole('button', { name: next }).click();
      }
      await pane.getByRole('heading', { name: 'Lesson complete' }).waitFor();
    },
  },
];

// The local endpoint, live: a Node script using the real Azure SDK reads a secret through
// `npm run endpoint`, and the page the endpoint serves shows each request as it happens; a role removed
// in the page changes what the script gets next.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

test.use({ ignoreHTTPSErrors: true });

const READ_SECRET = [{ credential: 'DefaultAzureCredential', vaultUrl: 'https://kv-demo-1.vault.azure.net', secret: 'db-password' }];

/** Start `npm run endpoint` (Node with tsx's loader, as the script does) and read the variables it prints. */
async function startEndpoint(): Promise<{ child: ChildProcess; origin: string; env: Record<string, string> }> {
  const ca = join(mkdtempSync(join(tmpdir(), 'endpoint-e2e-')), 'ca.pem');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'test/fixtures/vm-keyvault.json', '--port', '0', '--ca-file', ca], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the endpoint did not start:\n${out}`)), 90_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', () => reject(new Error(`the endpoint exited:\n${out}`)));
  });
  const env = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^'|'$/g, '')]));
  const origin = /Listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  return { child, origin, env };
}

function runScript(env: Record<string, string>): Promise<Array<{ ok: boolean; value?: string; statusCode?: number }>> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AZURE_|IDENTITY_|MSI_|HTTPS?_PROXY|NO_PROXY)/i.test(k)));
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['test/unit/server/sdk-client.mjs', JSON.stringify(READ_SECRET)], { env: { ...clean, ...env }, timeout: 90_000 }, (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(JSON.parse(stdout)))),
  );
}

test('a request from a Node script appears live in the page, and a change in the page applies to the next answer', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  const { child, origin, env } = await startEndpoint();
  try {
    expect(env.AZURE_POD_IDENTITY_AUTHORITY_HOST).toBe(origin);
    await page.goto(`${origin}/`);
    const bar = page.getByTestId('live-bar');
    await expect(bar).toContainText('Live: connected to your local endpoint');
    await expect(bar).toContainText('your code runs as web-1');
    const timeline = page.getByRole('region', { name: 'Timeline' }).getByRole('listitem');
    const before = await timeline.count();

    // The learner's code, unchanged, with the printed variables.
    expect(await runScript(env)).toEqual([{ ok: true, value: 's3cret' }]);
    await expect(page.getByTestId('live-last')).toContainText('Request 3 from azsdk-js-keyvault-secrets/4.12.0');
    await expect(page.getByTestId('live-last')).toContainText('GET https://kv-demo-1.vault.azure.net/secrets/db-password');
    // The Key Vault challenge, the IMDS token request and the call again: three steps, live.
    await expect(timeline).toHaveCount(before + 3);
    await expect(page.getByTestId('outcome')).toContainText('Key Vault answered 200 OK');

    // In the page: remove the role that let the VM read the secret.
    await page.getByRole('navigation', { name: 'Resources and directory' }).getByRole('button', { name: /kv-demo-1/ }).first().click();
    await page.getByRole('tab', { name: 'Access control (IAM)' }).click();
    await page.getByRole('button', { name: /^Remove the Key Vault Secrets User assignment for web-1/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect(timeline).toHaveCount(before + 4);

    // The next run gets Key Vault's 403, and the page shows it arrive.
    expect(await runScript(env)).toMatchObject([{ ok: false, statusCode: 403 }]);
    await expect(page.getByTestId('outcome')).toContainText('Key Vault refused the call');
    await expect(page.getByTestId('live-last')).toContainText('Request 6 from');
    expect(problems).toEqual([]);
  } finally {
    child.kill('SIGTERM');
  }
});

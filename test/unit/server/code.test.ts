// Code to copy: the JavaScript the page offers runs unchanged against the endpoint; the Python and C#
// use those SDKs' names for the same choices.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getResource, type UserAssignedIdentity } from '../../../src/sim/index.ts';
import { codeToCopy, targetOfUrl } from '../../../src/sim/token/code.ts';
import { endpointFor, type TestEndpoint } from './harness.ts';
import { ID_A, SCENARIO, VAULT_URL, VM_SYSTEM, VM_USERS } from './world.ts';

const eps: Record<string, TestEndpoint> = {};
beforeAll(async () => {
  eps.system = await endpointFor(SCENARIO, VM_SYSTEM);
  eps.users = await endpointFor(SCENARIO, VM_USERS);
}, 120_000);
afterAll(() => Promise.all(Object.values(eps).map((e) => e.close())));

function run(code: string, env: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(resolve('node_modules'), '.code-to-copy-'));
  const file = join(dir, 'code.mjs');
  writeFileSync(file, code);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AZURE_|IDENTITY_|MSI_|HTTPS?_PROXY|NO_PROXY)/i.test(k)));
  return new Promise<string>((ok, fail) =>
    execFile(process.execPath, [file], { env: { ...clean, ...env }, timeout: 90_000 }, (e, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      return e ? fail(new Error(`${e.message}\n${stderr}`)) : ok(stdout);
    }),
  );
}

describe('code to copy', () => {
  it('the JavaScript reads the secret with DefaultAzureCredential, and gets a token for a chosen user-assigned identity', async () => {
    const target = targetOfUrl(`${VAULT_URL}/secrets/db-password?api-version=7.4`)!;
    expect(target).toEqual({ kind: 'keyVault', vaultUrl: VAULT_URL, secret: 'db-password' });
    expect((await run(codeToCopy('javascript', 'DefaultAzureCredential', {}, target), eps.system!.env)).trim()).toBe('s3cret');
    const a = getResource(eps.users!.sandbox.world, ID_A) as UserAssignedIdentity;
    const token = codeToCopy('javascript', 'ManagedIdentityCredential', { resourceId: a.id }, { kind: 'token', scope: 'https://vault.azure.net/.default' });
    expect(await run(`${token}\nconsole.log(JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).oid);`, eps.users!.env)).toBe(`${a.principalId}\n`);
  }, 120_000);

  it('Python and C# name the identity the way their SDKs do', () => {
    const t = { kind: 'token' as const, scope: 'https://vault.azure.net/.default' };
    expect(codeToCopy('python', 'ManagedIdentityCredential', { clientId: 'c' }, t)).toContain('ManagedIdentityCredential(client_id="c")');
    expect(codeToCopy('python', 'ManagedIdentityCredential', { resourceId: '/r' }, t, true)).toContain('identity_config={"msi_res_id": "/r"}');
    expect(codeToCopy('python', 'ManagedIdentityCredential', { resourceId: '/r' }, t, false)).toContain('identity_config={"mi_res_id": "/r"}');
    expect(codeToCopy('python', 'DefaultAzureCredential', { clientId: 'c' }, t)).toContain('DefaultAzureCredential(managed_identity_client_id="c")');
    expect(codeToCopy('csharp', 'ManagedIdentityCredential', {}, t)).toContain('new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)');
    expect(codeToCopy('csharp', 'ManagedIdentityCredential', { objectId: 'o' }, t)).toContain('ManagedIdentityId.FromUserAssignedObjectId("o")');
    expect(codeToCopy('csharp', 'DefaultAzureCredential', { clientId: 'c' }, t)).toContain('ManagedIdentityClientId = "c"');
    expect(codeToCopy('javascript', 'DefaultAzureCredential', { objectId: 'o' }, t)).toContain('not by object id');
    // Hostile names stay inside string literals.
    expect(codeToCopy('javascript', 'ManagedIdentityCredential', { clientId: '"); process.exit(1); ("' }, t)).toContain('clientId: "\\"); process.exit(1); (\\""');
  });
});

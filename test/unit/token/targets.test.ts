// Key Vault, Blob storage and ARM as targets: token checks, authorization and the exact answers.
import { describe, expect, it } from 'vitest';
import { ids, sandbox, type TokenSim } from './helpers.ts';

const KV = 'https://kv-demo-1.vault.azure.net';
const SA = 'https://stdemo1.blob.core.windows.net';
const ARM = 'https://management.azure.com';
const V = { 'x-ms-version': '2021-08-06' };

/** A VM with its system-assigned identity, a vault with a secret, a storage account with a blob. */
async function world(options: { delay?: number; vaultModel?: 'rbac' | 'accessPolicy' } = {}): Promise<TokenSim> {
  const s = await sandbox();
  await s.do({ type: 'settings.set', propagationDelay: options.delay ?? 0 });
  await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
  await s.create('keyVault', 'kv-demo-1', options.vaultModel ? { permissionModel: options.vaultModel } : {});
  await s.do({ type: 'keyVault.secret.set', vaultId: ids.kv('kv-demo-1'), name: 'db-password', value: 's3cret' });
  await s.create('storageAccount', 'stdemo1');
  await s.do({ type: 'storage.container.create', accountId: ids.sa('stdemo1'), name: 'reports' });
  await s.do({ type: 'storage.blob.upload', accountId: ids.sa('stdemo1'), container: 'reports', name: 'q1.csv', content: 'a,b\n1,2\n' });
  return s;
}

async function tokenFor(s: TokenSim, resource: string): Promise<string> {
  const out = await s.imds(ids.vm('web-1'), `api-version=2018-02-01&resource=${resource}`);
  return out.token!.uti;
}

describe('Key Vault', () => {
  it('no token: 401 AKV10000 with the Bearer challenge [§4 Key Vault no token]', async () => {
    const s = await world();
    const out = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` });
    const res = out.http!.response;
    expect(res.status).toBe(401);
    expect(res.body).toBe('{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}');
    expect(res.headers['WWW-Authenticate']).toBe(`Bearer authorization="https://login.windows.net/${s.world.tenant.id}", resource="https://vault.azure.net"`);
    expect(res.headers['x-ms-keyvault-region']).toBe('westeurope');
    expect(out.call!.checks).toEqual([{ name: 'present', ok: false, detail: expect.any(String) }]);
  });

  it('a token for ARM: 401 AKV10022 "Expected https://vault.azure.net, found: https://management.azure.com/." [§4 Key Vault wrong audience]', async () => {
    const s = await world();
    const out = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, await tokenFor(s, 'https://management.azure.com/'));
    expect(out.http!.response.body).toBe('{"error":{"code":"Unauthorized","message":"AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/."}}');
    expect(out.call!.checks.at(-1)).toMatchObject({ name: 'audience', ok: false });
  });

  it('a token for the vault URL: AKV10022 naming it [§4 Key Vault, azure-docs#109562; §5 misconception 4]', async () => {
    const s = await world();
    const out = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, await tokenFor(s, KV));
    expect(JSON.parse(out.http!.response.body).error.message).toBe(`AKV10022: Invalid audience. Expected https://vault.azure.net, found: ${KV}.`);
  });

  it('an expired token: 401 [TokenExpired] S2S12086, 96 bytes [§4 Key Vault expired]', async () => {
    const s = await world();
    const uti = await tokenFor(s, 'https://vault.azure.net');
    await s.advance(86400);
    const out = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, uti);
    expect(out.http!.response.body).toBe(`{"error":{"code":"Unauthorized","message":"[TokenExpired] Error validating token: 'S2S12086'."}}`);
    expect(out.http!.response.headers['Content-Length']).toBe('96');
  });

  it('RBAC vault, no role: 403 ForbiddenByRbac with the Caller/Action/Resource/Assignment lines and \\r\\n [§4 Key Vault 403, P5]', async () => {
    const s = await world();
    const out = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, await tokenFor(s, 'https://vault.azure.net'), ids.vm('web-1'));
    const t = s.world.tenant.id;
    const vm = s.res(ids.vm('web-1')).id.replace('/resourceGroups/', '/resourcegroups/');
    const kv = s.res(ids.kv('kv-demo-1')).id.toLowerCase();
    expect(out.http!.response.status).toBe(403);
    expect(JSON.parse(out.http!.response.body)).toEqual({
      error: {
        code: 'Forbidden',
        message:
          'Caller is not authorized to perform action on resource.\r\nIf role assignments, deny assignments or role definitions were changed recently, please observe propagation time.\r\n' +
          `Caller: appid=${s.clientId(ids.vm('web-1'))};oid=${s.principal(ids.vm('web-1'))};iss=https://sts.windows.net/${t}/;xms_mirid=${vm};xms_az_rid=${vm}\r\n` +
          "Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'\r\n" +
          `Resource: '${kv}/secrets/db-password'\r\n` +
          "Assignment: (not found)\r\nDenyAssignmentId: null\r\nDecisionReason: 'DeniedWithNoValidRBAC' \r\nVault: kv-demo-1;location=westeurope\r\n",
        innererror: { code: 'ForbiddenByRbac' },
      },
    });
    expect(out.call!.decision).toMatchObject({ allowed: false, operation: 'Microsoft.KeyVault/vaults/secrets/getSecret/action', dataAction: true });
    expect(out.trace!.map((h) => `${h.from}>${h.to}`)).toEqual(['code>target', 'target>rbac', 'rbac>target', 'target>code']);
  });

  it('Key Vault Secrets User reads the secret; the evidence names the assignment and its scope [§4 built-in roles, D13]', async () => {
    const s = await world();
    await s.grant(`/resourceGroups/rg-demo`, 'Key Vault Secrets User', ids.vm('web-1'));
    const out = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, await tokenFor(s, 'https://vault.azure.net'));
    expect(out.http!.response.status).toBe(200);
    const body = JSON.parse(out.http!.response.body);
    expect(body.value).toBe('s3cret');
    expect(body.id).toMatch(/^https:\/\/kv-demo-1\.vault\.azure\.net\/secrets\/db-password\/[0-9a-f]{32}$/);
    expect(out.call!.decision).toMatchObject({ allowed: true, granted: { roleName: 'Key Vault Secrets User', level: 'resourceGroup', inherited: true } });
  });

  it('Secrets User cannot set a secret; Secrets Officer can, and the world changes [§4 built-in roles, D13]', async () => {
    const s = await world();
    await s.grant(ids.kv('kv-demo-1'), 'Key Vault Secrets User', ids.vm('web-1'));
    const uti = await tokenFor(s, 'https://vault.azure.net');
    const put = { method: 'PUT', url: `${KV}/secrets/api-key?api-version=7.4`, headers: { 'Content-Type': 'application/json' }, body: '{"value":"k-123"}' };
    const denied = await s.call(put, uti);
    expect(denied.http!.response.status).toBe(403);
    expect(JSON.parse(denied.http!.response.body).error.message).toContain("Action: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'");
    await s.grant(ids.kv('kv-demo-1'), 'Key Vault Secrets Officer', ids.vm('web-1'));
    const ok = await s.call(put, uti);
    expect(ok.http!.response.status).toBe(200);
    const kv = s.res(ids.kv('kv-demo-1'));
    expect(kv.kind === 'keyVault' && kv.secrets['api-key']?.value).toBe('k-123');
    expect(ok.changed).toContain(kv.id);
  });

  it('Owner of the vault gets no secret: management roles have no data actions [§4 Owner/Contributor, D13]', async () => {
    const s = await world();
    await s.grant(ids.kv('kv-demo-1'), 'Owner', ids.vm('web-1'));
    const out = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, await tokenFor(s, 'https://vault.azure.net'));
    expect(out.http!.response.status).toBe(403);
    expect(out.call!.reason).toMatch(/dataActions/);
  });

  it('a role assignment waits out the propagation delay on the sandbox clock [§4 propagation, D11]', async () => {
    const s = await world({ delay: 300 });
    await s.grant(ids.kv('kv-demo-1'), 'Key Vault Secrets User', ids.vm('web-1'));
    const uti = await tokenFor(s, 'https://vault.azure.net');
    const early = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, uti);
    expect(early.http!.response.status).toBe(403);
    expect(early.call!.decision!.pending).toHaveLength(1);
    await s.advance(300);
    expect((await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, uti)).http!.response.status).toBe(200);
  });

  it('access-policy vault ignores RBAC data roles and answers with the access-policy 403 [§4 Key Vault access policy, P4; §5 misconception 3]', async () => {
    const s = await world({ vaultModel: 'accessPolicy' });
    await s.grant(ids.kv('kv-demo-1'), 'Key Vault Secrets User', ids.vm('web-1'));
    const uti = await tokenFor(s, 'https://vault.azure.net');
    const out = await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, uti);
    expect(out.http!.response.status).toBe(403);
    expect(JSON.parse(out.http!.response.body)).toEqual({
      error: {
        code: 'Forbidden',
        message: `The user, group or application 'appid=${s.clientId(ids.vm('web-1'))};oid=${s.principal(ids.vm('web-1'))};iss=https://sts.windows.net/${s.world.tenant.id}/' does not have secrets get permission on key vault 'kv-demo-1;location=westeurope'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
        innererror: { code: 'AccessDenied' },
      },
    });
    expect(out.call!.accessPolicy).toMatchObject({ allowed: false, permission: 'get' });
    expect(out.call!.decision).toBeUndefined();
    await s.do({ type: 'keyVault.accessPolicy.set', vaultId: ids.kv('kv-demo-1'), assignee: ids.vm('web-1'), secrets: ['get', 'list'] });
    expect((await s.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, uti)).http!.response.status).toBe(200);
  });

  it('a missing secret is a 404 SecretNotFound once the caller may read [§4 Key Vault]', async () => {
    const s = await world();
    await s.grant(ids.kv('kv-demo-1'), 'Key Vault Secrets User', ids.vm('web-1'));
    const out = await s.call({ url: `${KV}/secrets/nope?api-version=7.4` }, await tokenFor(s, 'https://vault.azure.net'));
    expect(out.http!.response.status).toBe(404);
    expect(JSON.parse(out.http!.response.body).error.code).toBe('SecretNotFound');
  });

  it('a vault that does not exist does not resolve [network]', async () => {
    const s = await world();
    const out = await s.call({ url: 'https://kv-nowhere.vault.azure.net/secrets/x?api-version=7.4' });
    expect(out.http!.networkError).toBe('getaddrinfo ENOTFOUND kv-nowhere.vault.azure.net');
  });
});

describe('Blob storage', () => {
  const blob = `${SA}/reports/q1.csv`;

  it('no token: 401 NoAuthenticationInformation, XML body and the storage challenge [§4 Storage no token, D21]', async () => {
    const s = await world();
    const out = await s.call({ url: blob, headers: V });
    const res = out.http!.response;
    expect(res.status).toBe(401);
    expect(res.headers['x-ms-error-code']).toBe('NoAuthenticationInformation');
    expect(res.headers['WWW-Authenticate']).toBe(`Bearer authorization_uri=https://login.microsoftonline.com/${s.world.tenant.id}/oauth2/authorize resource_id=https://storage.azure.com`);
    expect(res.body).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?><Error><Code>NoAuthenticationInformation<\/Code><Message>Server failed to authenticate the request\. Please refer to the information in the www-authenticate header\.\nRequestId:[0-9a-f-]{36}\nTime:2026-03-02T09:00:00\.0000000Z<\/Message><\/Error>$/);
  });

  it('wrong audience: 401 InvalidAuthenticationInfo "Audience validation failed. Audience did not match." [§4 Storage wrong audience, C8]', async () => {
    const s = await world();
    const out = await s.call({ url: blob, headers: V }, await tokenFor(s, 'https://vault.azure.net'));
    expect(out.http!.response.status).toBe(401);
    expect(out.http!.response.headers['x-ms-error-code']).toBe('InvalidAuthenticationInfo');
    expect(out.http!.response.body).toContain('<AuthenticationErrorDetail>Audience validation failed. Audience did not match.</AuthenticationErrorDetail>');
  });

  it('expired: "Lifetime validation failed. The token is expired." [§4 Storage expired]', async () => {
    const s = await world();
    const uti = await tokenFor(s, 'https://storage.azure.com/');
    await s.advance(2 * 86400);
    const out = await s.call({ url: blob, headers: V }, uti);
    expect(out.http!.response.body).toContain('<AuthenticationErrorDetail>Lifetime validation failed. The token is expired.</AuthenticationErrorDetail>');
  });

  it('a bearer token without x-ms-version: 403 AuthenticationFailed "Authentication scheme Bearer is not supported in this version."', async () => {
    const s = await world();
    const out = await s.call({ url: blob }, await tokenFor(s, 'https://storage.azure.com/'));
    expect(out.http!.response.status).toBe(403);
    expect(out.http!.response.body).toContain('<AuthenticationErrorDetail>Authentication scheme Bearer is not supported in this version.</AuthenticationErrorDetail>');
  });

  it('Owner of the account reads no blobs: 403 AuthorizationPermissionMismatch [§4 Storage 403, D20; §5 misconception 2]', async () => {
    const s = await world();
    await s.grant(ids.sa('stdemo1'), 'Owner', ids.vm('web-1'));
    const out = await s.call({ url: blob, headers: V }, await tokenFor(s, 'https://storage.azure.com/'));
    const res = out.http!.response;
    expect(res.status).toBe(403);
    expect(res.headers['x-ms-error-code']).toBe('AuthorizationPermissionMismatch');
    expect(res.headers.Server).toBe('Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0');
    expect(res.body).toMatch(/<Code>AuthorizationPermissionMismatch<\/Code><Message>This request is not authorized to perform this operation using this permission\.\nRequestId:/);
    expect(out.call!.decision).toMatchObject({ allowed: false, operation: 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read', dataAction: true });
  });

  it('Storage Blob Data Reader reads and lists but cannot write; Contributor writes [§4 built-in roles, D13]', async () => {
    const s = await world();
    await s.grant(ids.sa('stdemo1'), 'Storage Blob Data Reader', ids.vm('web-1'));
    const uti = await tokenFor(s, `${SA}`);
    const read = await s.call({ url: blob, headers: V }, uti);
    expect(read.http!.response.status).toBe(200);
    expect(read.http!.response.body).toBe('a,b\n1,2\n');
    const list = await s.call({ url: `${SA}/reports?restype=container&comp=list`, headers: V }, uti);
    expect(list.http!.response.body).toContain('<Blob><Name>q1.csv</Name>');
    const put = { method: 'PUT', url: `${SA}/reports/q2.csv`, headers: { ...V, 'x-ms-blob-type': 'BlockBlob' }, body: 'c,d\n' };
    expect((await s.call(put, uti)).http!.response.status).toBe(403);
    await s.grant(`/resourceGroups/rg-demo/providers/Microsoft.Storage/storageAccounts/stdemo1/blobServices/default/containers/reports`, 'Storage Blob Data Contributor', ids.vm('web-1'));
    const written = await s.call(put, uti);
    expect(written.http!.response.status).toBe(201);
    expect(written.call!.decision!.granted).toMatchObject({ roleName: 'Storage Blob Data Contributor', level: 'resource', inherited: false });
    const sa = s.res(ids.sa('stdemo1'));
    expect(sa.kind === 'storageAccount' && sa.containers.reports!.blobs['q2.csv']!.content).toBe('c,d\n');
  });
});

describe('Azure Resource Manager', () => {
  const vault = () => `${ARM}/subscriptions/${Object.keys(s0!.world.subscriptions)[0]}/resourceGroups/rg-demo/providers/Microsoft.KeyVault/vaults/kv-demo-1?api-version=2023-07-01`;
  let s0: TokenSim | undefined;

  it('no token: 401 AuthenticationFailed with ARM\'s challenge [§4 ARM no token, C9]', async () => {
    s0 = await world();
    const out = await s0.call({ url: vault() });
    expect(out.http!.response.body).toBe(`{"error":{"code":"AuthenticationFailed","message":"Authentication failed. The 'Authorization' header is missing."}}`);
    expect(out.http!.response.headers['WWW-Authenticate']).toBe(
      `Bearer authorization_uri="https://login.windows.net/${s0.world.tenant.id}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
    );
  });

  it('wrong audience: 401 InvalidAuthenticationTokenAudience listing the allowed audiences [§4 ARM wrong audience]', async () => {
    s0 = await world();
    const out = await s0.call({ url: vault() }, await tokenFor(s0, 'https://vault.azure.net'));
    expect(JSON.parse(out.http!.response.body).error).toEqual({
      code: 'InvalidAuthenticationTokenAudience',
      message: "The access token has been obtained for wrong audience or resource 'https://vault.azure.net'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
    });
  });

  it('expired: 401 ExpiredAuthenticationToken with the UTC times in .NET format [§4 ARM expired]', async () => {
    s0 = await world();
    const uti = await tokenFor(s0, 'https://management.azure.com/');
    await s0.advance(86400 + 3600 + 61);
    const out = await s0.call({ url: vault() }, uti);
    expect(JSON.parse(out.http!.response.body).error).toEqual({
      code: 'ExpiredAuthenticationToken',
      message: "The access token expiry UTC time '3/3/2026 9:00:00 AM' is earlier than current UTC time '3/3/2026 10:01:01 AM'.",
    });
  });

  it('no role: 403 AuthorizationFailed naming client, object id, action and scope [§4 ARM 403, D11]', async () => {
    s0 = await world();
    const out = await s0.call({ url: vault() }, await tokenFor(s0, 'https://management.azure.com/'));
    const scope = new URL(vault()).pathname;
    expect(JSON.parse(out.http!.response.body).error).toEqual({
      code: 'AuthorizationFailed',
      message: `The client '${s0.clientId(ids.vm('web-1'))}' with object id '${s0.principal(ids.vm('web-1'))}' does not have authorization to perform action 'Microsoft.KeyVault/vaults/read' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
  });

  it('Reader reads the resource; a tag write needs Contributor [§4 built-in roles, D13]', async () => {
    s0 = await world();
    await s0.grant('/resourceGroups/rg-demo', 'Reader', ids.vm('web-1'));
    const uti = await tokenFor(s0, 'https://management.azure.com/');
    const read = await s0.call({ url: vault() }, uti);
    expect(read.http!.response.status).toBe(200);
    expect(JSON.parse(read.http!.response.body)).toMatchObject({ name: 'kv-demo-1', type: 'Microsoft.KeyVault/vaults', properties: { enableRbacAuthorization: true } });
    const patch = { method: 'PATCH', url: vault(), headers: { 'Content-Type': 'application/json' }, body: '{"tags":{"env":"prod"}}' };
    const denied = await s0.call(patch, uti);
    expect(denied.http!.response.status).toBe(403);
    expect(denied.call!.operation).toBe('Microsoft.KeyVault/vaults/write');
    await s0.grant(ids.kv('kv-demo-1'), 'Contributor', ids.vm('web-1'));
    const ok = await s0.call(patch, uti);
    expect(ok.http!.response.status).toBe(200);
    expect(s0.res(ids.kv('kv-demo-1')).tags).toEqual({ env: 'prod' });
  });

  it('creating a role assignment: Contributor is refused by its notActions; Owner really creates it [§4 Contributor notActions, D13]', async () => {
    s0 = await world();
    const sub = Object.keys(s0.world.subscriptions)[0];
    const scope = `/subscriptions/${sub}/resourceGroups/rg-demo/providers/Microsoft.KeyVault/vaults/kv-demo-1`;
    const name = '3f1e2d4c-5b6a-4789-8abc-def012345678';
    const put = {
      method: 'PUT',
      url: `${ARM}${scope}/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ properties: { roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`, principalId: s0.principal(ids.vm('web-1')) } }),
    };
    await s0.grant('/resourceGroups/rg-demo', 'Contributor', ids.vm('web-1'));
    const uti = await tokenFor(s0, 'https://management.azure.com/');
    const denied = await s0.call(put, uti);
    expect(denied.http!.response.status).toBe(403);
    expect(denied.call!.operation).toBe('Microsoft.Authorization/roleAssignments/write');
    expect(denied.call!.decision!.considered[0]).toMatchObject({ roleName: 'Contributor', permits: false });
    expect(s0.world.roleAssignments[name]).toBeUndefined();
    await s0.grant('/resourceGroups/rg-demo', 'Owner', ids.vm('web-1'));
    const created = await s0.call(put, uti);
    expect(created.http!.response.status).toBe(201);
    expect(JSON.parse(created.http!.response.body)).toMatchObject({ name, type: 'Microsoft.Authorization/roleAssignments', properties: { principalId: s0.principal(ids.vm('web-1')), scope } });
    expect(s0.world.roleAssignments[name]).toMatchObject({ principalId: s0.principal(ids.vm('web-1')) });
    expect(created.created).toContain(s0.world.roleAssignments[name]!.id);
    // The VM just gave itself Key Vault Secrets User: after propagation it reads the secret.
    const read = await s0.call({ url: `${KV}/secrets/db-password?api-version=7.4` }, await tokenFor(s0, 'https://vault.azure.net'));
    expect(read.http!.response.status).toBe(200);
  });

  it('takes reference forms a lesson can write by hand: a /resourceGroups/ path and a resource id as principalId', async () => {
    s0 = await world();
    await s0.grant('/resourceGroups/rg-demo', 'Owner', ids.vm('web-1'));
    const uti = await tokenFor(s0, 'https://management.azure.com/');
    const name = '0b5ad3a4-51f5-4c5e-9d0c-1c2b3a4d5e6f';
    const out = await s0.call(
      {
        method: 'PUT',
        url: `${ARM}/resourceGroups/rg-demo/providers/Microsoft.Storage/storageAccounts/stdemo1/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', principalId: ids.vm('web-1') } }),
      },
      uti,
    );
    const sub = Object.keys(s0.world.subscriptions)[0];
    expect(out.http!.request.url).toBe(`${ARM}/subscriptions/${sub}/resourceGroups/rg-demo/providers/Microsoft.Storage/storageAccounts/stdemo1/providers/Microsoft.Authorization/roleAssignments/${name}?api-version=2022-04-01`);
    expect(JSON.parse(out.http!.request.body!).properties.principalId).toBe(s0.principal(ids.vm('web-1')));
    expect(out.http!.response.status).toBe(201);
    expect(s0.world.roleAssignments[name]!.roleDefinitionId).toMatch(/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1$/);
  });

  it('no api-version: 400 MissingApiVersionParameter', async () => {
    s0 = await world();
    const out = await s0.call({ url: vault().split('?')[0]! }, await tokenFor(s0, 'https://management.azure.com/'));
    expect(JSON.parse(out.http!.response.body).error.code).toBe('MissingApiVersionParameter');
  });
});

// The Azure SDK's view of a token request, and the platform token cache.
import { describe, expect, it } from 'vitest';
import { environmentOf } from '../../../src/sim/token/environment.ts';
import { decode, ids, sandbox } from './helpers.ts';

const Q = 'api-version=2018-02-01&resource=https://vault.azure.net';

// @azure/identity 4.x (MSAL Node inside); test/unit/server/sdk.test.ts checks these against the real package.
describe('ManagedIdentityCredential', () => {
  it('on a VM sends the IMDS request with the one scope minus /.default as resource [§3 /.default mapping, C3]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const out = await s.do({ type: 'token.request', from: ids.vm('web-1'), sdk: { scopes: ['https://vault.azure.net/.default'] } });
    expect(out.http!.request).toEqual({
      method: 'GET',
      url: 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net',
      headers: { Metadata: 'true', 'x-client-SKU': 'msal.js.node', 'x-client-VER': '7.2.3', 'x-ms-client-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/), 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
    });
    expect(out.http!.response.status).toBe(200);
    expect(out.sdk!.error).toBeUndefined();
    expect(out.sdk!.attempts).toBeUndefined();
    expect(out.sdk!.snippet).toBe(
      'import { ManagedIdentityCredential } from "@azure/identity";\n\nconst credential = new ManagedIdentityCredential();\nconst { token, expiresOnTimestamp } = await credential.getToken("https://vault.azure.net/.default");',
    );
    expect(decode(s.jwt).payload.aud).toBe('https://vault.azure.net');
  });

  it('on App Service uses IDENTITY_ENDPOINT with api-version 2019-08-01 and X-IDENTITY-HEADER [§2 App Service request, D6; C3]', async () => {
    const s = await sandbox();
    await s.create('userAssignedIdentity', 'id-a');
    await s.create('webApp', 'shop', { identity: { userAssigned: [ids.uami('id-a')] } });
    const out = await s.do({ type: 'token.request', from: ids.web('shop'), sdk: { scopes: ['https://storage.azure.com/.default'], clientId: ids.uami('id-a') } });
    const env = environmentOf(s.world, ids.web('shop'));
    const cid = s.clientId(ids.uami('id-a'));
    expect(out.http!.request.url).toBe(`${env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https%3A%2F%2Fstorage.azure.com&client_id=${cid}`);
    expect(out.http!.request.headers).toEqual({ 'X-IDENTITY-HEADER': env.IDENTITY_HEADER, 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8', 'x-ms-client-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(out.http!.response.status).toBe(200);
    // The identity's resource id became its client id, as copied from the portal.
    expect(out.sdk!.snippet).toContain(`new ManagedIdentityCredential({ clientId: "${cid}" })`);
  });

  it('resourceId and objectId become msi_res_id and object_id on IMDS [§2 IMDS selectors; azure-sdk-for-net#26595]', async () => {
    const s = await sandbox();
    await s.create('userAssignedIdentity', 'id-a');
    await s.create('vm', 'web-1', { identity: { userAssigned: [ids.uami('id-a')] } });
    await s.do({ type: 'token.request', from: ids.vm('web-1'), sdk: { scopes: ['https://vault.azure.net/.default'], resourceId: ids.uami('id-a') } });
    expect(new URL(s.last.http!.request.url).searchParams.get('msi_res_id')).toBe(s.res(ids.uami('id-a')).id);
    await s.do({ type: 'token.request', from: ids.vm('web-1'), sdk: { scopes: ['https://vault.azure.net/.default'], objectId: ids.uami('id-a') } });
    expect(new URL(s.last.http!.request.url).searchParams.get('object_id')).toBe(s.principal(ids.uami('id-a')));
    expect(s.last.http!.response.status).toBe(200);
  });

  it('off Azure (a laptop) finds no managed identity endpoint: IMDS is unreachable, CredentialUnavailableError [§5 JS errors, misconception 10]', async () => {
    const s = await sandbox();
    await s.create('userAssignedIdentity', 'id-a');
    const out = await s.do({ type: 'token.request', sdk: { scopes: ['https://vault.azure.net/.default'], clientId: ids.uami('id-a') } });
    expect(out.ok).toBe(true);
    expect(new URL(out.http!.request.url).searchParams.get('client_id')).toBe(s.clientId(ids.uami('id-a')));
    expect(out.http!.networkError).toBe('connect EHOSTUNREACH 169.254.169.254:80');
    expect(out.sdk!.error).toEqual({ name: 'CredentialUnavailableError', message: 'ManagedIdentityCredential: Network unreachable. Message: network_error: See https://aka.ms/msal.js.errors#network_error for details' });
    expect(Object.keys(s.world.tokens)).toHaveLength(0);
  });

  it('says which SDK version words the error only when there is an error', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const ok = await s.do({ type: 'token.request', from: ids.vm('web-1'), sdk: { scopes: ['https://vault.azure.net/.default'] } });
    expect(ok.notes.join(' ')).not.toMatch(/@azure\/identity|3\.x/);
    const bad = await s.do({ type: 'token.request', sdk: { scopes: ['https://vault.azure.net/.default'] } });
    expect(bad.notes.join(' ')).toMatch(/are those of @azure\/identity 4\.\d+\.\d+ .*older 3\.x releases word their errors differently/);
  });

  it('several scopes: the SDK throws before sending anything [§3 /.default mapping, C3; §5 misconception 11]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const before = s.world;
    const out = await s.do({ type: 'token.request', from: ids.vm('web-1'), sdk: { scopes: ['https://vault.azure.net/.default', 'https://storage.azure.com/.default'] } });
    expect(out.sdk!.error).toEqual({ name: 'CredentialUnavailableError', message: 'ManagedIdentityCredential: Multiple scopes are not supported. Scopes: ["https://vault.azure.net/.default","https://storage.azure.com/.default"]' });
    expect(out.http).toBeUndefined();
    expect(JSON.stringify(s.world)).toBe(JSON.stringify(before));
  });

  it('an IMDS 400 becomes CredentialUnavailableError "Authentication failed" with MSAL\'s error text next to the raw body [§5 JS errors; @azure/identity 4.x]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1');
    const out = await s.do({ type: 'token.request', from: ids.vm('web-1'), sdk: { scopes: ['https://vault.azure.net/.default'] } });
    expect(out.http!.response.body).toBe('{"error":"invalid_request","error_description":"Identity not found"}');
    expect(out.sdk!.error).toEqual({
      name: 'CredentialUnavailableError',
      message: 'ManagedIdentityCredential: Authentication failed. Message invalid_request: Error(s): Not Available - Timestamp: Not Available - Description: Identity not found - Correlation ID: Not Available - Trace ID: Not Available',
    });
  });

  it('no endpoint (App Service without identity falls back to IMDS): "Network unreachable" after 3 retries [§5 JS errors; @azure/identity 4.x]', async () => {
    const s = await sandbox();
    await s.create('webApp', 'shop');
    const out = await s.do({ type: 'token.request', from: ids.web('shop'), sdk: { scopes: ['https://vault.azure.net/.default'] } });
    expect(out.http!.request.url).toMatch(/^http:\/\/169\.254\.169\.254\//);
    expect(out.sdk!.error).toEqual({ name: 'CredentialUnavailableError', message: 'ManagedIdentityCredential: Network unreachable. Message: network_error: See https://aka.ms/msal.js.errors#network_error for details' });
    expect(out.sdk!.attempts).toBe(4);
  });
});

describe('the platform token cache', () => {
  it('returns the same token for the same identity and resource, with a smaller expires_in [§2 cached tokens, P3; §3 caching, D3]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const first = await s.imds(ids.vm('web-1'), Q);
    const body1 = s.body();
    await s.advance(453);
    const second = await s.imds(ids.vm('web-1'), Q);
    const body2 = s.body();
    expect(second.token).toEqual({ uti: first.token!.uti, cached: true });
    expect(body2.access_token).toBe(body1.access_token);
    expect(body2.expires_in).toBe('85947');
    expect(body2.expires_on).toBe(body1.expires_on);
    expect(body2.not_before).toBe(body1.not_before);
    expect(second.created).toEqual([]);
    expect(second.trace!.map((h) => `${h.from}>${h.to}`)).toEqual(['code>imds', 'imds>code']);
  });

  it('a different resource or identity gets its own token [§3 one token covers one resource]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const a = await s.imds(ids.vm('web-1'), Q);
    const b = await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://management.azure.com/');
    expect(b.token!.uti).not.toBe(a.token!.uti);
  });

  it('hands out a new token once less than 5 minutes remain (simplified window)', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const a = await s.imds(ids.vm('web-1'), Q);
    await s.advance(86400 - 300);
    const b = await s.imds(ids.vm('web-1'), Q);
    expect(b.token!.cached).toBe(false);
    expect(b.token!.uti).not.toBe(a.token!.uti);
  });

  it('is off when settings.tokenCache is false [Decisions: caching can be turned off]', async () => {
    const s = await sandbox();
    await s.do({ type: 'settings.set', tokenCache: false });
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const a = await s.imds(ids.vm('web-1'), Q);
    const b = await s.imds(ids.vm('web-1'), Q);
    expect(b.token!.cached).toBe(false);
    expect(b.token!.uti).not.toBe(a.token!.uti);
  });

  it('keeps a role given after the first token out of the cached token [§3 caching: claims change only on refresh, D4]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    await s.do({ type: 'app.create', displayName: 'orders-api', appIdUri: true, appRoles: [{ value: 'Orders.Read' }] });
    const appId = Object.values(s.world.applications)[0]!.appId;
    const q = `api-version=2018-02-01&resource=api://${appId}`;
    await s.imds(ids.vm('web-1'), q);
    expect(decode(s.jwt).payload.roles).toBeUndefined();
    await s.do({ type: 'appRole.assign', app: 'orders-api', role: 'Orders.Read', assignee: ids.vm('web-1') });
    await s.imds(ids.vm('web-1'), q);
    expect(s.last.token!.cached).toBe(true);
    expect(decode(s.jwt).payload.roles).toBeUndefined();
    await s.advance(86400);
    await s.imds(ids.vm('web-1'), q);
    expect(decode(s.jwt).payload.roles).toEqual(['Orders.Read']);
  });

  it('deleting the identity stops new tokens, but an earlier one still opens the vault until it expires [§1 Deleting things, D3]', async () => {
    const s = await sandbox();
    await s.do({ type: 'settings.set', propagationDelay: 0 });
    await s.create('userAssignedIdentity', 'id-a');
    await s.create('vm', 'web-1', { identity: { userAssigned: [ids.uami('id-a')] } });
    await s.create('keyVault', 'kv-demo-1');
    await s.do({ type: 'keyVault.secret.set', vaultId: ids.kv('kv-demo-1'), name: 'db', value: 's3cret' });
    await s.grant(ids.kv('kv-demo-1'), 'Key Vault Secrets User', ids.uami('id-a'));
    const got = await s.imds(ids.vm('web-1'), `${Q}&client_id=${ids.uami('id-a')}`);
    await s.do({ type: 'resource.delete', id: ids.uami('id-a') });
    // No new token...
    await s.imds(ids.vm('web-1'), `${Q}&client_id=${ids.uami('id-a')}`);
    expect(s.body().error_description).toBe('Identity not found');
    // ...but the old one still works: signature and time hold, and RBAC matches the orphaned assignment.
    const read = await s.call({ url: 'https://kv-demo-1.vault.azure.net/secrets/db?api-version=7.4' }, got.token!.uti);
    expect(read.http!.response.status).toBe(200);
    expect(read.call!.reason).toMatch(/has been deleted/);
    await s.advance(86400);
    const late = await s.call({ url: 'https://kv-demo-1.vault.azure.net/secrets/db?api-version=7.4' }, got.token!.uti);
    expect(late.http!.response.status).toBe(401);
  });
});

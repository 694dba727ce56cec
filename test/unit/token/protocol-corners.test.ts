// Protocol corners real clients meet: IMDS and X-Forwarded-For, the App Service 2017-09-01 protocol.
import { describe, expect, it } from 'vitest';
import { legacyExpiresOn } from '../../../src/sim/token/appService2017.ts';
import { environmentOf } from '../../../src/sim/token/environment.ts';
import { ids, sandbox } from './helpers.ts';

describe('IMDS', () => {
  it('rejects a request carrying X-Forwarded-For, before anything else [§2 IMDS, D15]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const out = await s.do({
      type: 'token.request',
      from: ids.vm('web-1'),
      request: { method: 'GET', url: 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net', headers: { Metadata: 'true', 'X-Forwarded-For': '203.0.113.7' } },
    });
    expect(out.http!.response.status).toBe(400);
    expect(out.token).toBeUndefined();
    expect(out.notes.join(' ')).toMatch(/are rejected/);
  });
});

describe('App Service 2017-09-01', () => {
  it('MSI_ENDPOINT and MSI_SECRET carry the same values as IDENTITY_ENDPOINT and IDENTITY_HEADER on App Service, not on Container Apps [§2 legacy protocol, D6]', async () => {
    const s = await sandbox();
    await s.create('webApp', 'shop', { identity: { systemAssigned: true } });
    await s.create('containerApp', 'worker', { identity: { systemAssigned: true } });
    const env = environmentOf(s.world, ids.web('shop'));
    expect(env.MSI_ENDPOINT).toBe(env.IDENTITY_ENDPOINT);
    expect(env.MSI_SECRET).toBe(env.IDENTITY_HEADER);
    expect(Object.keys(environmentOf(s.world, ids.ca('worker')))).toEqual(['IDENTITY_ENDPOINT', 'IDENTITY_HEADER']);
  });

  it('takes the secret header and clientid, and returns expires_on as a date-time text with no client_id [§2 legacy protocol; azure-sdk-for-python#5952]', async () => {
    const s = await sandbox();
    await s.create('userAssignedIdentity', 'id-a');
    await s.create('webApp', 'shop', { identity: { systemAssigned: true, userAssigned: [ids.uami('id-a')] } });
    const get = (query: string, headers: Record<string, string>) => s.do({ type: 'token.request', from: ids.web('shop'), request: { method: 'GET', url: `$MSI_ENDPOINT?${query}`, headers } });

    const ok = await get('resource=https://vault.azure.net&api-version=2017-09-01', { secret: '$MSI_SECRET' });
    expect(ok.http!.response.status).toBe(200);
    const body = JSON.parse(ok.http!.response.body);
    expect(Object.keys(body)).toEqual(['access_token', 'expires_on', 'resource', 'token_type']);
    expect(body.expires_on).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \+00:00$/);
    expect(body.expires_on).toBe(legacyExpiresOn(s.world.now + 86400));
    // The request shown is the one sent, with the old names.
    expect(ok.http!.request.headers).toHaveProperty('secret');

    const user = await get(`resource=https://vault.azure.net&api-version=2017-09-01&clientid=${s.clientId(ids.uami('id-a'))}`, { secret: '$MSI_SECRET' });
    const claims = JSON.parse(Buffer.from(JSON.parse(user.http!.response.body).access_token.split('.')[1], 'base64url').toString());
    expect(claims.appid).toBe(s.clientId(ids.uami('id-a')));

    const newHeader = await get('resource=https://vault.azure.net&api-version=2017-09-01', { 'X-IDENTITY-HEADER': '$IDENTITY_HEADER' });
    expect(newHeader.http!.response.status).toBe(400);
    expect(newHeader.notes.join(' ')).toMatch(/header named `secret`/);
  });

  it('formats expires_on as App Service on Linux does', () => {
    expect(legacyExpiresOn(Date.UTC(2019, 5, 19, 23, 42, 1) / 1000)).toBe('06/19/2019 23:42:01 +00:00');
  });
});

describe('ARM writes on resource groups and the subscription', () => {
  const ARM = 'https://management.azure.com';
  async function vmWithArmToken() {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const out = await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://management.azure.com/');
    const sub = Object.values(s.world.subscriptions)[0]!.subscriptionId;
    return { s, uti: out.token!.uti, sub };
  }

  it('pass the same authorization check as any write: Reader gets AuthorizationFailed for PUT, PATCH and DELETE, and nothing changes [§4 ARM AuthorizationFailed]', async () => {
    const { s, uti, sub } = await vmWithArmToken();
    await s.grant(`/subscriptions/${sub}`, 'Reader', ids.vm('web-1'));
    await s.advance(300);
    const before = Object.keys(s.world.resourceGroups);
    for (const [method, path, op] of [
      ['PUT', `/subscriptions/${sub}/resourcegroups/rg-new`, 'Microsoft.Resources/subscriptions/resourceGroups/write'],
      ['PATCH', `/subscriptions/${sub}/resourceGroups/rg-demo`, 'Microsoft.Resources/subscriptions/resourceGroups/write'],
      ['DELETE', `/subscriptions/${sub}/resourceGroups/rg-demo`, 'Microsoft.Resources/subscriptions/resourceGroups/delete'],
      ['PATCH', `/subscriptions/${sub}/providers/Microsoft.Resources/tags/default`, 'Microsoft.Resources/tags/write'],
    ] as const) {
      const out = await s.call({ method, url: `${ARM}${path}?api-version=2021-04-01`, body: JSON.stringify({ location: 'westeurope', properties: { tags: { a: 'b' } } }) }, uti);
      expect(out.http!.response.status, `${method} ${path}`).toBe(403);
      expect(JSON.parse(out.http!.response.body).error.code).toBe('AuthorizationFailed');
      expect(out.call!.operation).toBe(op);
      expect(out.call!.decision!.allowed).toBe(false);
    }
    expect(Object.keys(s.world.resourceGroups)).toEqual(before);
  });

  it('with Contributor: PUT creates a group (201), PUT again answers 200, DELETE removes it and what it holds (202)', async () => {
    const { s, uti, sub } = await vmWithArmToken();
    await s.grant(`/subscriptions/${sub}`, 'Contributor', ids.vm('web-1'));
    await s.advance(300);
    const url = `${ARM}/subscriptions/${sub}/resourcegroups/rg-new?api-version=2021-04-01`;
    const created = await s.call({ method: 'PUT', url, body: JSON.stringify({ location: 'westeurope' }) }, uti);
    expect(created.http!.response.status).toBe(201);
    expect(created.call!.decision!.granted).toMatchObject({ roleName: 'Contributor' });
    expect(Object.values(s.world.resourceGroups).some((g) => g.name === 'rg-new')).toBe(true);
    const again = await s.call({ method: 'PUT', url, body: JSON.stringify({ location: 'westeurope' }) }, uti);
    expect(again.http!.response.status).toBe(200);
    const noLocation = await s.call({ method: 'PUT', url: url.replace('rg-new', 'rg-other'), body: '{}' }, uti);
    expect(JSON.parse(noLocation.http!.response.body).error.code).toBe('LocationRequired');
    await s.create('keyVault', 'kv-gone', { resourceGroup: 'rg-new' });
    const deleted = await s.call({ method: 'DELETE', url }, uti);
    expect(deleted.http!.response.status).toBe(202);
    expect(deleted.http!.response.headers.Location).toMatch(/operationresults/);
    expect(Object.values(s.world.resourceGroups).some((g) => g.name === 'rg-new')).toBe(false);
    expect(deleted.deleted.some((id) => id.endsWith('/kv-gone'))).toBe(true);
  });
});

describe('IMDS throttling', () => {
  it('a burst past 20 requests a second gets 429, and the SDK throws at once without retrying (no Retry-After) [§2 IMDS throttling, D3]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const within = await s.do({ type: 'token.request', from: ids.vm('web-1'), burst: 20, sdk: { scopes: ['https://vault.azure.net/.default'] } });
    expect(within.http!.response.status).toBe(200);
    const past = await s.do({ type: 'token.request', from: ids.vm('web-1'), burst: 30, sdk: { scopes: ['https://vault.azure.net/.default'] } });
    expect(past.http!.response.status).toBe(429);
    expect(past.http!.response.headers).not.toHaveProperty('Retry-After');
    expect(past.token).toBeUndefined();
    expect(past.sdk!.error!.message).toMatch(/^ManagedIdentityCredential: Authentication failed\. Message too_many_requests: /);
    expect(past.sdk!.attempts).toBeUndefined();
    expect(past.notes.join(' ')).toMatch(/refused the other 10 with 429/);
    expect(past.trace!.at(-1)).toMatchObject({ status: 429, ok: false });
  });
});

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

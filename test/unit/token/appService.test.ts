// The App Service / Functions / slot / Container Apps token service and its environment variables.
import { describe, expect, it } from 'vitest';
import { environmentOf } from '../../../src/sim/token/environment.ts';
import { ids, sandbox } from './helpers.ts';

const Q = 'resource=https://vault.azure.net&api-version=2019-08-01';
const ENDPOINT = '$IDENTITY_ENDPOINT';
const HEADERS = { 'X-IDENTITY-HEADER': '$IDENTITY_HEADER' };

async function app(identity: { systemAssigned?: boolean; userAssigned?: string[] } | null = { systemAssigned: true }, uamis: string[] = []) {
  const s = await sandbox();
  for (const u of uamis) await s.create('userAssignedIdentity', u);
  await s.create('webApp', 'shop', identity ? { identity } : {});
  return s;
}

describe('the environment', () => {
  it('IDENTITY_ENDPOINT and IDENTITY_HEADER exist only while the app has an identity [§2 App Service env vars, D6]', async () => {
    const s = await app(null);
    expect(environmentOf(s.world, ids.web('shop'))).toEqual({});
    await s.do({ type: 'identity.system.enable', resourceId: ids.web('shop') });
    const env = environmentOf(s.world, ids.web('shop'));
    expect(env.IDENTITY_ENDPOINT).toBe('http://169.254.129.7:8081/msi/token');
    expect(env.IDENTITY_HEADER).toMatch(/^[0-9a-f-]{36}$/);
    await s.do({ type: 'identity.system.disable', resourceId: ids.web('shop') });
    expect(environmentOf(s.world, ids.web('shop'))).toEqual({});
  });

  it('Container Apps use the same protocol at their own endpoint; VMs have no such variables [§1 Container Apps, MSAL.NET#5245]', async () => {
    const s = await sandbox();
    await s.create('containerApp', 'worker', { identity: { systemAssigned: true } });
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    expect(environmentOf(s.world, ids.ca('worker')).IDENTITY_ENDPOINT).toBe('http://localhost:42356/msi/token');
    expect(environmentOf(s.world, ids.vm('web-1'))).toEqual({});
  });
});

describe('App Service token service', () => {
  it('answers 200 with no expires_in and expires_on as an epoch-seconds string [§2 App Service 2019-08-01 success, D6]', async () => {
    const s = await app();
    const out = await s.get(ids.web('shop'), `${ENDPOINT}?${Q}`, HEADERS);
    const env = environmentOf(s.world, ids.web('shop'));
    // The placeholders were expanded from the app's environment, as code reading env vars would.
    expect(out.http!.request.url).toBe(`${env.IDENTITY_ENDPOINT}?${Q}`);
    expect(out.http!.request.headers['X-IDENTITY-HEADER']).toBe(env.IDENTITY_HEADER);
    expect(out.http!.response.status).toBe(200);
    const body = s.body();
    expect(Object.keys(body)).toEqual(['access_token', 'client_id', 'expires_on', 'not_before', 'resource', 'token_type']);
    expect(body).not.toHaveProperty('expires_in');
    expect(body.expires_on).toBe(String(s.world.now + 86400));
    expect(body.resource).toBe('https://vault.azure.net');
    expect(s.world.tokens[out.token!.uti]!.via).toBe('appService');
    expect(out.trace!.map((h) => `${h.from}>${h.to}`)).toEqual(['code>appService', 'appService>entra', 'entra>appService', 'appService>code']);
  });

  it('works the same for a function app, a deployment slot and a container app [§2 App Service/Functions; §1 Container Apps]', async () => {
    const s = await sandbox();
    await s.create('functionApp', 'fn', { identity: { systemAssigned: true } });
    await s.do({ type: 'slot.create', siteId: ids.web('fn'), name: 'staging' });
    await s.do({ type: 'identity.system.enable', resourceId: ids.slot('fn', 'staging') });
    await s.create('containerApp', 'worker', { identity: { systemAssigned: true } });
    for (const from of [ids.web('fn'), ids.slot('fn', 'staging'), ids.ca('worker')]) {
      await s.get(from, `${ENDPOINT}?${Q}`, HEADERS);
      expect(s.last.http!.response.status).toBe(200);
      expect(s.body().client_id).toBe(s.clientId(from));
    }
  });

  it('selects by client_id, principal_id, object_id and mi_res_id [§2 App Service query parameters, D6]', async () => {
    const s = await app({ systemAssigned: true, userAssigned: [ids.uami('id-a')] }, ['id-a']);
    const want = s.clientId(ids.uami('id-a'));
    const uami = s.res(ids.uami('id-a'));
    for (const sel of [`client_id=${want}`, `principal_id=${s.principal(ids.uami('id-a'))}`, `object_id=${s.principal(ids.uami('id-a'))}`, `mi_res_id=${uami.id}`]) {
      await s.get(ids.web('shop'), `${ENDPOINT}?${Q}&${sel}`, HEADERS);
      expect(s.body().client_id).toBe(want);
    }
  });

  it('errors use {statusCode, message, correlationId} with Server: Kestrel and X-CORRELATION-ID [§2 App Service error shape, azure-sdk-for-net#43691]', async () => {
    const s = await app({ userAssigned: [ids.uami('id-a')] }, ['id-a']);
    // A user-assigned identity must be named: App Service does not default to it.
    await s.get(ids.web('shop'), `${ENDPOINT}?${Q}`, HEADERS);
    const res = s.last.http!.response;
    expect(res.status).toBe(400);
    const body = s.body();
    expect(Object.keys(body)).toEqual(['statusCode', 'message', 'correlationId']);
    expect(body.statusCode).toBe(400);
    expect(body.message).toBe('Unable to load the proper Managed Identity.');
    expect(res.headers.Server).toBe('Kestrel');
    expect(res.headers['X-CORRELATION-ID']).toBe(body.correlationId);
    expect(res.headers['Content-Type']).toBe('application/json; charset=utf-8');
  });

  it('a missing or wrong X-IDENTITY-HEADER: 400 in the App Service shape, message marked simplified [Decisions: App Service header]', async () => {
    const s = await app();
    await s.get(ids.web('shop'), `${ENDPOINT}?${Q}`, {});
    expect(s.last.http!.response.status).toBe(400);
    expect(s.body().statusCode).toBe(400);
    expect(s.last.notes.join(' ')).toMatch(/Simplified/);
    await s.get(ids.web('shop'), `${ENDPOINT}?${Q}`, { 'X-IDENTITY-HEADER': 'guess' });
    expect(s.last.http!.response.status).toBe(400);
    expect(s.last.token).toBeUndefined();
  });

  it('an unknown client_id gets the same "Unable to load" message, noted as unconfirmed [§2 App Service unknown client_id UNCONFIRMED]', async () => {
    const s = await app();
    await s.get(ids.web('shop'), `${ENDPOINT}?${Q}&client_id=00000000-0000-4000-8000-000000000000`, HEADERS);
    expect(s.body().message).toBe('Unable to load the proper Managed Identity.');
    expect(s.last.notes.join(' ')).toMatch(/Simplified/);
  });

  it('with the identity off the variables are gone: the URL does not parse ($IDENTITY_ENDPOINT reads as undefined) [§2 env vars, D6]', async () => {
    const s = await app(null);
    await s.get(ids.web('shop'), `${ENDPOINT}?${Q}`, HEADERS);
    expect(s.last.http!.response.status).toBe(0);
    expect(s.last.http!.networkError).toBe(`TypeError: Failed to parse URL from undefined?${Q}`);
    expect(s.last.notes.join(' ')).toMatch(/IDENTITY_ENDPOINT and IDENTITY_HEADER are not set/);
  });

  it('the endpoint address stops answering when the identity is removed [§2 env vars, D6]', async () => {
    const s = await app();
    const url = environmentOf(s.world, ids.web('shop')).IDENTITY_ENDPOINT!;
    await s.do({ type: 'identity.system.disable', resourceId: ids.web('shop') });
    await s.get(ids.web('shop'), `${url}?${Q}`, { 'X-IDENTITY-HEADER': 'x' });
    expect(s.last.http!.networkError).toBe('connect ECONNREFUSED 169.254.129.7:8081');
  });

  it('an unknown resource: 400 in the App Service shape carrying AADSTS500011, marked simplified [§2 unknown resource]', async () => {
    const s = await app();
    await s.get(ids.web('shop'), `${ENDPOINT}?resource=https://nothing.example&api-version=2019-08-01`, HEADERS);
    expect(s.body().message).toMatch(/^AADSTS500011: The resource principal named https:\/\/nothing\.example was not found/);
    expect(s.last.notes.join(' ')).toMatch(/Simplified/);
  });
});

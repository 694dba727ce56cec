// Plain-words timeline lines for token requests, target calls and app registration actions.
import { describe, expect, it } from 'vitest';
import { describeAction } from '../../../src/sim/index.ts';
import { TokenSim, ids, imdsUrl } from '../token/helpers.ts';

async function world() {
  const s = new TokenSim('describe');
  await s.do({ type: 'resourceGroup.create', name: 'rg-demo' });
  await s.do({ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'web-1', identity: { systemAssigned: true } });
  await s.do({ type: 'resource.create', kind: 'webApp', resourceGroup: 'rg-demo', name: 'shop', identity: { systemAssigned: true } });
  await s.do({ type: 'resource.create', kind: 'logicApp', resourceGroup: 'rg-demo', name: 'flow', identity: { systemAssigned: true } });
  await s.do({ type: 'app.create', displayName: 'orders-api', appIdUri: 'api://orders-api', appRoles: [{ value: 'Orders.Read' }], api: {} });
  await s.do({ type: 'app.create', displayName: 'nightly-job' });
  await s.do({ type: 'app.secret.add', app: 'nightly-job', displayName: 'ci', expiresInDays: 90 });
  return s.world;
}

describe('describeAction: tokens and targets', () => {
  it('names the endpoint, the audience and the resource of a raw token request', async () => {
    const w = await world();
    expect(describeAction(w, { type: 'token.request', from: ids.vm('web-1'), request: { method: 'GET', url: imdsUrl('api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net'), headers: { Metadata: 'true' } } })).toBe(
      'Request a token for https://vault.azure.net from IMDS on web-1',
    );
    expect(describeAction(w, { type: 'token.request', from: ids.vm('web-1'), request: { method: 'POST', url: imdsUrl('resource=https://vault.azure.net') } })).toBe('Request a token for https://vault.azure.net from IMDS on web-1 with POST');
    expect(describeAction(w, { type: 'token.request', from: ids.web('shop'), request: { method: 'GET', url: '$IDENTITY_ENDPOINT?resource=https://storage.azure.com/&api-version=2019-08-01', headers: { 'X-IDENTITY-HEADER': '$IDENTITY_HEADER' } } })).toBe(
      'Request a token for https://storage.azure.com/ from the local token service on shop',
    );
    expect(describeAction(w, { type: 'token.request', from: ids.vm('web-1'), request: { method: 'GET', url: imdsUrl('api-version=2018-02-01') } })).toBe('Request a token from IMDS on web-1');
  });

  it('says when the Azure SDK asks, and when an app uses its client secret', async () => {
    const w = await world();
    expect(describeAction(w, { type: 'token.request', from: ids.vm('web-1'), sdk: { scopes: ['https://vault.azure.net/.default'] } })).toBe('Ask the Azure SDK for a token for https://vault.azure.net/.default on web-1');
    const appId = Object.values(w.applications).find((a) => a.displayName === 'nightly-job')!.appId;
    expect(describeAction(w, { type: 'token.request', clientCredentials: { app: appId, resource: 'https://management.azure.com/' } })).toBe('Request a token for https://management.azure.com/ with the client secret of app nightly-job');
  });

  it('names the service, the call and which token goes with it', async () => {
    const w = await world();
    const get = { method: 'GET', url: 'https://kv-demo-1.vault.azure.net/secrets/db-password?api-version=7.4' };
    expect(describeAction(w, { type: 'target.call', from: ids.vm('web-1'), request: get, token: 'latest' })).toBe('Call kv-demo-1.vault.azure.net: GET /secrets/db-password from web-1, with the latest token');
    expect(describeAction(w, { type: 'target.call', request: get })).toBe('Call kv-demo-1.vault.azure.net: GET /secrets/db-password, with no token');
    expect(describeAction(w, { type: 'target.call', request: { ...get, headers: { Authorization: 'Bearer x.y.z' } } })).toBe('Call kv-demo-1.vault.azure.net: GET /secrets/db-password, with a pasted token');
    expect(describeAction(w, { type: 'target.call', request: get, token: 'abc' })).toBe('Call kv-demo-1.vault.azure.net: GET /secrets/db-password, with an earlier token');
    expect(describeAction(w, { type: 'target.call', from: ids.logic('flow'), request: get, authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' } })).toBe(
      'Call kv-demo-1.vault.azure.net: GET /secrets/db-password from flow, with its managed identity for https://vault.azure.net',
    );
  });

  it('shortens a long path', async () => {
    const w = await world();
    const line = describeAction(w, { type: 'target.call', request: { method: 'put', url: `https://management.azure.com/subscriptions/${'0'.repeat(36)}/resourceGroups/rg-demo?api-version=2021-04-01` } });
    expect(line).toMatch(/^Call management\.azure\.com: PUT \/subscriptions\/0+\.\.\., with no token$/);
  });
});

describe('describeAction: app registrations', () => {
  it('names apps by display name, however the action refers to them', async () => {
    const w = await world();
    const api = Object.values(w.applications).find((a) => a.displayName === 'orders-api')!;
    expect(describeAction(w, { type: 'app.create', displayName: 'orders-api', appIdUri: true })).toBe('Register app orders-api');
    expect(describeAction(w, { type: 'appRole.assign', app: api.appId, role: 'Orders.Read', assignee: ids.vm('web-1') })).toBe('Give web-1 the app role Orders.Read of app orders-api');
    expect(describeAction(w, { type: 'appRole.unassign', app: 'api://orders-api', role: 'Orders.Read', assignee: ids.vm('web-1') })).toBe('Take the app role Orders.Read of app orders-api from web-1');
    expect(describeAction(w, { type: 'app.secret.add', app: 'nightly-job', expiresInDays: 1 })).toBe('Add a client secret to app nightly-job');
    const job = Object.values(w.applications).find((a) => a.displayName === 'nightly-job')!;
    expect(describeAction(w, { type: 'app.secret.remove', app: job.appId, secret: job.passwordCredentials[0]!.keyId })).toBe('Remove the client secret ci from app nightly-job');
    expect(describeAction(w, { type: 'app.secret.add', app: 'no-such-app' })).toBe('Add a client secret to app no-such-app');
  });
});

// App registrations: your own API with app roles for managed identities, client secrets and the
// client-credentials flow, and a logic app calling a target through its connector.
import { describe, expect, it } from 'vitest';
import { decode, ids, sandbox, type TokenSim } from './helpers.ts';

async function api(s: TokenSim, requiredRole?: string | null) {
  await s.do({
    type: 'app.create',
    displayName: 'orders-api',
    appIdUri: true,
    appRoles: [{ value: 'Orders.Read', displayName: 'Read orders' }, { value: 'Orders.Write' }],
    api: requiredRole === undefined ? {} : { requiredRole },
  });
  return Object.values(s.world.applications).find((a) => a.displayName === 'orders-api')!;
}

describe('app registrations', () => {
  it('create an application with its service principal (type Application), app ID URI api://<appId> and app roles [§3 your own API, D19]', async () => {
    const s = await sandbox();
    const app = await api(s);
    expect(app.identifierUris).toEqual([`api://${app.appId}`]);
    expect(app.appRoles.map((r) => [r.value, r.allowedMemberTypes, r.isEnabled])).toEqual([
      ['Orders.Read', ['Application'], true],
      ['Orders.Write', ['Application'], true],
    ]);
    const sp = s.world.servicePrincipals[app.servicePrincipalId]!;
    expect(sp).toMatchObject({ appId: app.appId, servicePrincipalType: 'Application', owner: { kind: 'application', appId: app.appId } });
    expect(app.api).toEqual({ url: 'https://orders-api.azurewebsites.net', requiredRole: 'Orders.Read' });
  });

  it('give a managed identity an app role: an app role assignment on the API\'s service principal; the token carries `roles` [§3 MI Graph permissions, D3]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const app = await api(s);
    const out = await s.do({ type: 'appRole.assign', app: 'orders-api', role: 'Orders.Read', assignee: ids.vm('web-1') });
    const a = Object.values(s.world.appRoleAssignments)[0]!;
    expect(a).toMatchObject({ principalId: s.principal(ids.vm('web-1')), resourceId: app.servicePrincipalId, appRoleId: app.appRoles[0]!.id, principalDisplayName: 'web-1' });
    expect(out.response).toMatchObject({ principalType: 'ServicePrincipal', resourceDisplayName: 'orders-api' });
    await s.imds(ids.vm('web-1'), `api-version=2018-02-01&resource=api://${app.appId}`);
    const { payload } = decode(s.jwt);
    expect(payload.aud).toBe(`api://${app.appId}`);
    expect(payload.roles).toEqual(['Orders.Read']);
    // Assigning it twice is refused by Graph.
    const again = await s.try({ type: 'appRole.assign', app: app.appId, role: 'Orders.Read', assignee: ids.vm('web-1') });
    expect(again.error).toMatchObject({ code: 'Request_BadRequest', message: 'Permission being assigned already exists on the object' });
  });

  it('deleting the identity deletes its app role assignments (they live in Entra, unlike role assignments) [§1 Deleting things]', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    await api(s);
    await s.do({ type: 'appRole.assign', app: 'orders-api', role: 'Orders.Read', assignee: ids.vm('web-1') });
    const a = Object.values(s.world.appRoleAssignments)[0]!;
    const out = await s.do({ type: 'identity.system.disable', resourceId: ids.vm('web-1') });
    expect(s.world.appRoleAssignments).toEqual({});
    expect(out.deleted).toContain(a.id);
  });

  it('your API checks audience, issuer and the role: 401 for another audience, 403 without the role, 200 with it', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    const app = await api(s);
    const url = 'https://orders-api.azurewebsites.net/orders';
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://management.azure.com/');
    const wrongAud = await s.call({ url }, 'latest');
    expect(wrongAud.http!.response.status).toBe(401);
    expect(wrongAud.http!.response.headers['WWW-Authenticate']).toBe(`Bearer error="invalid_token", error_description="The audience 'https://management.azure.com/' is invalid"`);
    const none = await s.call({ url });
    expect(none.http!.response.headers['WWW-Authenticate']).toBe('Bearer');
    await s.imds(ids.vm('web-1'), `api-version=2018-02-01&resource=api://${app.appId}`);
    const noRole = await s.call({ url }, 'latest');
    expect(noRole.http!.response.status).toBe(403);
    expect(noRole.call!.checks.at(-1)).toMatchObject({ name: 'role', ok: false });
    await s.do({ type: 'appRole.assign', app: 'orders-api', role: 'Orders.Read', assignee: ids.vm('web-1') });
    await s.do({ type: 'settings.set', tokenCache: false });
    await s.imds(ids.vm('web-1'), `api-version=2018-02-01&resource=${app.appId}`);
    const ok = await s.call({ url }, 'latest');
    expect(ok.http!.response.status).toBe(200);
    expect(JSON.parse(ok.http!.response.body)).toMatchObject({ roles: ['Orders.Read'] });
    expect(ok.call!.checks.map((c) => c.name)).toEqual(['present', 'format', 'algorithm', 'signature', 'notBefore', 'expiry', 'audience', 'issuer', 'role']);
  });
});

describe('client secrets and the client-credentials flow', () => {
  async function client(s: TokenSim, days?: number) {
    await s.do({ type: 'app.create', displayName: 'nightly-job' });
    const out = await s.do({ type: 'app.secret.add', app: 'nightly-job', displayName: 'ci', ...(days ? { expiresInDays: days } : {}) });
    return { app: Object.values(s.world.applications).find((a) => a.displayName === 'nightly-job')!, secret: (out.response as { secretText: string }).secretText, out };
  }
  const post = (s: TokenSim, body: Record<string, string>) =>
    s.do({ type: 'token.request', request: { method: 'POST', url: `https://login.microsoftonline.com/${s.world.tenant.id}/oauth2/token`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() } });

  it('adding a secret shows its text once, like the portal, with hint and expiry (180 days by default)', async () => {
    const s = await sandbox();
    const { secret, out } = await client(s);
    expect(secret).toMatch(/^[A-Za-z0-9_.~-]{3}[0-9]Q~[A-Za-z0-9_.~-]{34}$/);
    expect(out.response).toMatchObject({ displayName: 'ci', hint: secret.slice(0, 3), startDateTime: '2026-03-02T09:00:00Z', endDateTime: '2026-08-29T09:00:00Z', customKeyIdentifier: null });
  });

  it('anyone with the secret gets a token from anywhere (no `from`): v1 response, appidacr "1", about an hour [§3 appidacr, D17]', async () => {
    const s = await sandbox();
    const { app, secret } = await client(s);
    await post(s, { grant_type: 'client_credentials', client_id: app.appId, client_secret: secret, resource: 'https://management.azure.com/' });
    expect(s.last.http!.response.status).toBe(200);
    const body = s.body();
    expect(Object.keys(body)).toEqual(['token_type', 'expires_in', 'ext_expires_in', 'expires_on', 'not_before', 'resource', 'access_token']);
    expect(body.expires_in).toBe('3599');
    const { payload } = decode(s.jwt);
    expect(payload).toMatchObject({ appid: app.appId, appidacr: '1', oid: app.servicePrincipalId, idtyp: 'app', ver: '1.0' });
    expect(payload).not.toHaveProperty('xms_mirid');
    expect(s.last.trace!.map((h) => `${h.from}>${h.to}`)).toEqual(['code>entra', 'entra>code']);
    expect(s.last.notes.join(' ')).toMatch(/whoever holds the secret/);
  });

  it('a wrong secret: 401 invalid_client AADSTS7000215 with Entra\'s error fields [Entra, public captures]', async () => {
    const s = await sandbox();
    const { app } = await client(s);
    await post(s, { grant_type: 'client_credentials', client_id: app.appId, client_secret: 'not-the-secret', resource: 'https://management.azure.com/' });
    expect(s.last.http!.response.status).toBe(401);
    const body = s.body();
    expect(Object.keys(body)).toEqual(['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id', 'error_uri']);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(String(body.error_description)).toMatch(
      new RegExp(`^AADSTS7000215: Invalid client secret provided\\. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'\\.\\r\\nTrace ID: `),
    );
    expect(body.error_uri).toBe('https://login.microsoftonline.com/error?code=7000215');
    expect(body.timestamp).toBe('2026-03-02 09:00:00Z');
  });

  it('an expired secret: 401 AADSTS7000222 — advance the clock past its end date', async () => {
    const s = await sandbox();
    const { app, secret } = await client(s, 90);
    await s.advance(91 * 86400);
    await post(s, { grant_type: 'client_credentials', client_id: app.appId, client_secret: secret, resource: 'https://management.azure.com/' });
    expect(s.body().error_description).toMatch(
      new RegExp(`^AADSTS7000222: The provided client secret keys for app '${app.appId}' are expired\\. Visit the Azure portal to create new keys for your app: https://aka\\.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka\\.ms/certCreds\\.\\r\\n`),
    );
  });

  it('an unknown resource: 400 invalid_resource AADSTS500011 [§2 unknown resource]', async () => {
    const s = await sandbox();
    const { app, secret } = await client(s);
    await post(s, { grant_type: 'client_credentials', client_id: app.appId, client_secret: secret, resource: 'https://managements.azure.com' });
    expect(s.last.http!.response.status).toBe(400);
    expect(s.body()).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
  });

  it('the clientCredentials form builds the POST from the app\'s name and newest secret; a removed secret stops working', async () => {
    const s = await sandbox();
    const { secret } = await client(s);
    const out = await s.do({ type: 'token.request', clientCredentials: { app: 'nightly-job', resource: 'https://vault.azure.net' } });
    expect(out.http!.request.method).toBe('POST');
    expect(out.http!.request.body).toContain(new URLSearchParams({ client_secret: secret }).toString());
    expect(out.http!.response.status).toBe(200);
    await s.do({ type: 'app.secret.remove', app: 'nightly-job', secret: 'ci' });
    const after = await s.do({ type: 'token.request', clientCredentials: { app: 'nightly-job', clientSecret: secret, resource: 'https://vault.azure.net' } });
    expect(JSON.parse(after.http!.response.body).error_codes).toEqual([7000215]);
  });

  it('a managed identity\'s client id cannot be used with a secret: AADSTS700016', async () => {
    const s = await sandbox();
    await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
    await post(s, { grant_type: 'client_credentials', client_id: s.clientId(ids.vm('web-1')), client_secret: 'x', resource: 'https://management.azure.com/' });
    expect(s.body()).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
  });
});

describe('a logic app calls through its connector', () => {
  it('the platform gets the token with the logic app\'s identity and attaches it (seed step 3)', async () => {
    const s = await sandbox();
    await s.do({ type: 'settings.set', propagationDelay: 0 });
    await s.create('logicApp', 'flow', { identity: { systemAssigned: true } });
    await s.create('keyVault', 'kv-demo-1');
    await s.do({ type: 'keyVault.secret.set', vaultId: ids.kv('kv-demo-1'), name: 'db', value: 'v' });
    await s.grant(ids.kv('kv-demo-1'), 'Key Vault Secrets User', ids.logic('flow'));
    const out = await s.do({
      type: 'target.call',
      from: ids.logic('flow'),
      request: { method: 'GET', url: 'https://kv-demo-1.vault.azure.net/secrets/db?api-version=7.4' },
      authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' },
    });
    expect(out.http!.response.status).toBe(200);
    expect(out.trace!.map((h) => `${h.from}>${h.to}`)).toEqual(['code>entra', 'entra>code', 'code>target', 'target>rbac', 'rbac>target', 'target>code']);
    const token = s.world.tokens[s.world.lastToken!]!;
    expect(token).toMatchObject({ via: 'connector', principalId: s.principal(ids.logic('flow')), requestedBy: s.res(ids.logic('flow')).id });
  });

  it('without an identity the action fails, in the sandbox\'s words', async () => {
    const s = await sandbox();
    await s.create('logicApp', 'flow');
    const out = await s.try({ type: 'target.call', from: ids.logic('flow'), request: { method: 'GET', url: 'https://management.azure.com/subscriptions?api-version=2022-12-01' }, authentication: { type: 'ManagedServiceIdentity', audience: 'https://management.azure.com/' } });
    expect(out.ok).toBe(false);
    expect(out.error!.code).toBe('ManagedIdentityNotFound');
  });
});

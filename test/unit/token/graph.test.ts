// Microsoft Graph as a target: application permissions (app roles of the Microsoft Graph service
// principal) in the token's roles claim decide, not Azure RBAC [§4 Microsoft Graph, D34, D35].
import { describe, expect, it } from 'vitest';
import { GRAPH_APP_ID, MICROSOFT_GRAPH } from '../../../src/sim/token/targets/graph.ts';
import { decode, ids, sandbox } from './helpers.ts';

const USERS = { method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' };

async function vmWithIdentity() {
  const s = await sandbox('graph');
  await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
  return s;
}

describe('Microsoft Graph', () => {
  it('answers a call with no token 401 InvalidAuthenticationToken "Access token is empty." [§4 Microsoft Graph, I:msgraph-sdk-powershell#2731]', async () => {
    const s = await vmWithIdentity();
    const out = await s.call(USERS, undefined, ids.vm('web-1'));
    expect(out.http!.response.status).toBe(401);
    expect(JSON.parse(out.http!.response.body).error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    expect(out.call).toMatchObject({ target: 'graph', checks: [{ name: 'present', ok: false }] });
  });

  it('refuses a token for another service with "Invalid audience" [§4 Microsoft Graph, I:microsoft-graph-docs#16208]', async () => {
    const s = await vmWithIdentity();
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://management.azure.com/');
    const out = await s.call(USERS, 'latest', ids.vm('web-1'));
    expect(out.http!.response.status).toBe(401);
    expect(JSON.parse(out.http!.response.body).error.message).toBe('Access token validation failure. Invalid audience.');
  });

  it('refuses a valid token without an application permission 403 Authorization_RequestDenied, whatever Azure roles the identity holds', async () => {
    const s = await vmWithIdentity();
    await s.grant(`/subscriptions/${Object.values(s.world.subscriptions)[0]!.subscriptionId}`, 'Owner', ids.vm('web-1'));
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://graph.microsoft.com');
    expect(decode(s.jwt).payload.roles).toBeUndefined();
    const out = await s.call(USERS, 'latest', ids.vm('web-1'));
    expect(out.http!.response.status).toBe(403);
    const body = JSON.parse(out.http!.response.body);
    expect(body.error).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    expect(Object.keys(body.error.innerError)).toEqual(['date', 'request-id', 'client-request-id']);
    expect(out.call?.decision).toBeUndefined();
    expect(out.call?.grant).toMatchObject({ allowed: false, model: 'application permissions (app roles)' });
    expect(out.call?.checks.at(-1)).toMatchObject({ name: 'role', ok: false });
  });

  it('puts an app role of Microsoft Graph into the next token (not the cached one), and Graph then answers 200', async () => {
    const s = await vmWithIdentity();
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://graph.microsoft.com');
    const assigned = await s.do({ type: 'appRole.assign', app: 'Microsoft Graph', role: 'User.Read.All', assignee: ids.vm('web-1') });
    expect(assigned.ok).toBe(true);
    expect(assigned.response).toMatchObject({ resourceId: MICROSOFT_GRAPH.servicePrincipalId, appRoleId: 'df021288-bdef-4463-88db-98f22de89214' });
    expect(Object.keys(s.world.applications)).toEqual([]);
    // The platform's cache hands back the token issued before the grant: still no roles.
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://graph.microsoft.com');
    expect(s.last.token?.cached).toBe(true);
    expect((await s.call(USERS, 'latest', ids.vm('web-1'))).http!.response.status).toBe(403);
    await s.advance(24 * 3600);
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://graph.microsoft.com');
    expect(decode(s.jwt).payload.roles).toEqual(['User.Read.All']);
    const out = await s.call(USERS, 'latest', ids.vm('web-1'));
    expect(out.http!.response.status).toBe(200);
    expect(JSON.parse(out.http!.response.body).value[0].userPrincipalName).toBe('admin@contoso.onmicrosoft.com');
    expect(out.call?.grant).toMatchObject({ allowed: true });
    // User.Read.All does not cover service principals.
    const sps = await s.call({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/servicePrincipals' }, 'latest', ids.vm('web-1'));
    expect(sps.http!.response.status).toBe(403);
  });

  it('names Microsoft Graph by its app id as PowerShell scripts do, and keeps it out of app registrations', async () => {
    const s = await vmWithIdentity();
    expect((await s.do({ type: 'appRole.assign', app: GRAPH_APP_ID, role: 'Application.Read.All', assignee: ids.vm('web-1') })).ok).toBe(true);
    expect((await s.try({ type: 'app.secret.add', app: 'Microsoft Graph' })).ok).toBe(false);
    expect((await s.try({ type: 'appRole.assign', app: 'Microsoft Graph', role: 'Mail.Send', assignee: ids.vm('web-1') })).error?.code).toBe('Request_BadRequest');
  });
});

describe('Microsoft Graph in the access path', () => {
  it('shows the caller accepted and the missing application permission as where it broke, not a rejected token', async () => {
    const { accessPath } = await import('../../../src/diagram/access-path.ts');
    const s = await vmWithIdentity();
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://graph.microsoft.com');
    const out = await s.call(USERS, 'latest', ids.vm('web-1'));
    const d = accessPath(out, { world: s.world });
    expect(d.text).toContain('✓ web-1<br/>service principal');
    expect(d.text).toContain('decides by application permissions #40;app roles#41;');
    expect(d.text).toContain('✗ roles claim lacks User.Read.All');
    expect(d.text).not.toContain('token check');
  });
});

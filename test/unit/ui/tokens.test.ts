// The token screens' pure helpers: decoding a JWT for display, claim meanings and validity on the
// sandbox clock, Azure's words out of each service's error shape, and the requests the forms build.
import { describe, expect, it } from 'vitest';
import { apply, TARGETS, type Action, type CallInputs } from '../../../src/sim/index.ts';
import { azureWords } from '../../../src/ui/tokens/answer.ts';
import { audienceOptions, defaultAudience, scopeOf } from '../../../src/ui/tokens/audiences.ts';
import { CLAIM_INFO, expiryWords, explainClaim, validity } from '../../../src/ui/tokens/claims.ts';
import { latest } from '../../../src/ui/tokens/history.ts';
import { identityChoices, selectorValue } from '../../../src/ui/tokens/identities.ts';
import { decodeJwt } from '../../../src/ui/tokens/jwt.ts';
import { editable, toHttp, tokenEndpointRequest, wireText } from '../../../src/ui/tokens/request.ts';
import { CallForm, freshPicks } from '../../../src/ui/tokens/call-form.svelte.ts';
import { TokenSim, decode, ids, imdsUrl, sandbox } from '../token/helpers.ts';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function vmWithVault(): Promise<TokenSim> {
  const s = await sandbox('ui-tokens');
  await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
  await s.create('keyVault', 'kv-demo-1');
  await s.do({ type: 'keyVault.secret.set', vaultId: ids.kv('kv-demo-1'), name: 'db-password', value: 's3cret' });
  return s;
}

describe('decodeJwt', () => {
  it('decodes a sandbox token to the same header and claims as an independent decoder', async () => {
    const s = await vmWithVault();
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://vault.azure.net');
    const d = decodeJwt(s.jwt);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.header).toEqual(decode(s.jwt).header);
    expect(d.payload).toEqual(decode(s.jwt).payload);
    expect(d.parts.join('.')).toBe(s.jwt);
    expect(decodeJwt(`Bearer ${s.jwt}`).ok).toBe(true);
  });

  it('says what is wrong with text that is not a JWT, without throwing', () => {
    expect(decodeJwt('abc')).toEqual({ ok: false, problem: 'A JWT has three parts separated by dots; this has 1.' });
    expect(decodeJwt('a.b.c')).toMatchObject({ ok: false, problem: expect.stringContaining('header') });
    expect(decodeJwt(`${b64({ alg: 'none' })}.!!.x`)).toMatchObject({ ok: false, problem: expect.stringContaining('claims') });
    expect(decodeJwt(`${b64([1])}.${b64({})}.`)).toMatchObject({ ok: false });
    expect(decodeJwt(`${b64({ alg: 'none' })}.${b64({ aud: 'x' })}.`)).toMatchObject({ ok: true, payload: { aud: 'x' } });
  });

  it('reads UTF-8 claims', () => {
    const d = decodeJwt(`${b64({ alg: 'RS256' })}.${b64({ name: 'Zoë ✓' })}.sig`);
    expect(d.ok && d.payload.name).toBe('Zoë ✓');
  });
});

describe('claims', () => {
  it('explains every claim a managed identity token carries', async () => {
    const s = await vmWithVault();
    await s.create('userAssignedIdentity', 'id-api');
    await s.do({ type: 'identity.user.assign', resourceId: ids.vm('web-1'), identityId: ids.uami('id-api') });
    await s.do({ type: 'app.create', displayName: 'orders-api', appIdUri: 'api://orders-api', appRoles: [{ value: 'Orders.Read' }] });
    await s.do({ type: 'appRole.assign', app: 'orders-api', role: 'Orders.Read', assignee: ids.uami('id-api') });
    await s.imds(ids.vm('web-1'), `api-version=2018-02-01&resource=api://orders-api&msi_res_id=${ids.uami('id-api')}`);
    const claims = Object.keys(decode(s.jwt).payload);
    expect(claims).toContain('roles');
    for (const c of claims) expect(CLAIM_INFO[c], c).toBeTruthy();
    for (const c of ['aud', 'iss', 'idp', 'appid', 'appidacr', 'oid', 'sub', 'tid', 'idtyp', 'ver', 'uti', 'xms_mirid', 'xms_az_rid', 'iat', 'nbf', 'exp', 'roles', 'aio', 'rh']) expect(CLAIM_INFO[c], c).toBeTruthy();
    expect(explainClaim('unheard_of')).toMatch(/Not one of the claims/);
  });

  it('tells valid, expired and not yet valid apart as the targets do (nbf <= now < exp)', () => {
    const now = 1_772_442_000;
    expect(validity({ nbf: now - 300, exp: now + 86400 }, now)).toEqual({ state: 'valid', text: 'Valid: 1 d left on the sandbox clock.' });
    expect(validity({ nbf: now - 300, exp: now + 3600 + 300 }, now).text).toBe('Valid: 1 h 5 min left on the sandbox clock.');
    expect(validity({ nbf: now - 300, exp: now }, now).state).toBe('expired');
    expect(validity({ nbf: now - 300, exp: now - 240 }, now).text).toMatch(/^Expired 4 min ago \(/);
    expect(validity({ nbf: now + 60, exp: now + 600 }, now).state).toBe('notYetValid');
    expect(validity({ nbf: now, exp: now + 1 }, now).state).toBe('valid');
    expect(validity({}, now).state).toBe('unknown');
  });

  it('words a deadline on the sandbox clock', () => {
    const now = 1_772_442_000;
    expect(expiryWords(now + 86400, now)).toBe('Expires in 1 d');
    expect(expiryWords(now, now)).toBe('Expired just now');
    expect(expiryWords(now - 240, now)).toBe('Expired 4 min ago');
    expect(validity({ nbf: now - 300, exp: now }, now).text).toMatch(/^Expired just now \(/);
  });
});

describe('azureWords', () => {
  it('reads each service’s error shape, from real sandbox answers', async () => {
    const s = await vmWithVault();
    const answers: Record<string, unknown> = {};
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://management.azure.com/');
    await s.call({ url: 'https://kv-demo-1.vault.azure.net/secrets/db-password?api-version=7.4' }, 'latest', ids.vm('web-1'));
    answers.keyVault = azureWords(s.last.http!.response);
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://vault.azure.net', {});
    answers.imds = azureWords(s.last.http!.response);
    await s.create('webApp', 'shop', { identity: { systemAssigned: true } });
    await s.get(ids.web('shop'), '$IDENTITY_ENDPOINT?resource=https://vault.azure.net&api-version=2019-08-01&client_id=00000000-0000-0000-0000-000000000000', { 'X-IDENTITY-HEADER': '$IDENTITY_HEADER' });
    answers.appService = azureWords(s.last.http!.response);
    await s.create('storageAccount', 'stdemo1');
    await s.do({ type: 'storage.container.create', accountId: ids.sa('stdemo1'), name: 'reports' });
    await s.call({ url: 'https://stdemo1.blob.core.windows.net/reports/a.txt', headers: { 'x-ms-version': '2021-08-06' } }, 'latest');
    answers.storage = azureWords(s.last.http!.response);
    await s.do({ type: 'app.create', displayName: 'orders-api', appIdUri: 'api://orders-api', appRoles: [{ value: 'Orders.Read' }], api: {} });
    await s.call({ url: 'https://orders-api.azurewebsites.net/orders' }, 'latest');
    answers.api = azureWords(s.last.http!.response);

    expect(answers.keyVault).toEqual({ code: 'Unauthorized', message: 'AKV10022: Invalid audience. Expected https://vault.azure.net, found: https://management.azure.com/.' });
    expect(answers.imds).toEqual({ code: 'invalid_request', message: 'Required metadata header not specified' });
    expect(answers.appService).toMatchObject({ code: '400', message: 'Unable to load the proper Managed Identity.' });
    expect(answers.storage).toMatchObject({ code: 'InvalidAuthenticationInfo', message: expect.stringContaining('Audience validation failed. Audience did not match.') });
    expect(answers.api).toMatchObject({ code: 'invalid_token', message: "The audience 'https://management.azure.com/' is invalid" });
  });

  it('is undefined for a success and falls back to the status otherwise', () => {
    expect(azureWords({ status: 200, statusText: 'OK', headers: {}, body: '{}' })).toBeUndefined();
    expect(azureWords({ status: 403, statusText: 'Forbidden', headers: { 'Content-Length': '0' }, body: '' })).toEqual({ code: '403', message: 'Forbidden' });
    expect(azureWords({ status: 403, statusText: 'Forbidden', headers: {}, body: '{"error":{"code":"Forbidden","message":"m","innererror":{"code":"ForbiddenByRbac"}}}' })).toEqual({ code: 'Forbidden (ForbiddenByRbac)', message: 'm' });
  });
});

describe('requests the forms build', () => {
  it('prefills the token request exactly as the Azure SDK sends it', async () => {
    const s = await vmWithVault();
    const imds = tokenEndpointRequest('imds', 'https://vault.azure.net', { by: 'clientId', value: 'abc' });
    expect(imds.url).toBe('http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=abc');
    // The SDK path sends the same method, URL and Metadata header; MSAL adds its own headers beside them.
    const sdk = await apply(s.world, { type: 'token.request', from: ids.vm('web-1'), sdk: { scopes: [scopeOf('https://vault.azure.net')] } });
    const prefilled = toHttp(tokenEndpointRequest('imds', 'https://vault.azure.net'));
    const sent = sdk.outcome.http!.request;
    expect({ method: prefilled.method, url: prefilled.url }).toEqual({ method: sent.method, url: sent.url });
    expect(sent.headers).toMatchObject(prefilled.headers);
    expect(Object.keys(sent.headers)).toEqual(['Metadata', 'x-client-SKU', 'x-client-VER', 'x-ms-client-request-id', 'Content-Type']);
    const app = tokenEndpointRequest('appService', 'https://storage.azure.com/', { by: 'resourceId', value: '/x' });
    expect(app).toEqual({ method: 'GET', url: '$IDENTITY_ENDPOINT?resource=https%3A%2F%2Fstorage.azure.com%2F&api-version=2019-08-01&mi_res_id=%2Fx', headers: [{ name: 'X-IDENTITY-HEADER', value: '$IDENTITY_HEADER' }], body: '' });
  });

  it('round-trips an edited request and drops nameless headers', () => {
    const r = editable({ method: 'GET', url: 'http://h/p?q=1', headers: { A: '1', B: '2' } });
    expect(toHttp({ ...r, headers: [...r.headers, { name: ' ', value: 'x' }] })).toEqual({ method: 'GET', url: 'http://h/p?q=1', headers: { A: '1', B: '2' } });
    expect(wireText({ method: 'POST', url: 'https://login.microsoftonline.com/t/oauth2/token', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=b' })).toBe(
      'POST /t/oauth2/token HTTP/1.1\nHost: login.microsoftonline.com\nContent-Type: application/x-www-form-urlencoded\n\na=b',
    );
    expect(wireText({ method: 'GET', url: 'undefined?resource=x', headers: {} })).toBe('GET undefined?resource=x HTTP/1.1');
  });

  it('builds target calls the sandbox answers as Azure would', async () => {
    const s = await vmWithVault();
    await s.grant(ids.kv('kv-demo-1'), 'Key Vault Secrets User', ids.vm('web-1'));
    await s.advance(300);
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://vault.azure.net');
    const vault = s.res(ids.kv('kv-demo-1'));
    const base: CallInputs = { op: 'get', target: vault.id, name: 'db-password', container: '', value: '', role: 'Reader', principalId: s.principal(ids.vm('web-1')), assignmentName: '0f6a4c38-6f8e-4b36-9a1b-2d1d7f0c9e11', path: '' };
    const get = TARGETS.keyVault.build(s.world, base)!;
    expect(get).toMatchObject({ method: 'GET', url: 'https://kv-demo-1.vault.azure.net/secrets/db-password?api-version=7.4' });
    const out = await s.call(get, 'latest', ids.vm('web-1'));
    expect(out.http!.response.status).toBe(200);
    expect(JSON.parse(out.http!.response.body).value).toBe('s3cret');

    expect(TARGETS.keyVault.build(s.world, { ...base, name: '' })).toBeNull();
    expect(TARGETS.keyVault.build(s.world, { ...base, op: 'set', value: 'v' })).toMatchObject({ method: 'PUT', body: '{"value":"v"}' });

    // ARM: a role assignment written through ARM is refused without Owner, with ARM's words.
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://management.azure.com/');
    const grant = TARGETS.arm.build(s.world, { ...base, op: 'grant', target: vault.id })!;
    const denied = await s.call(grant, 'latest', ids.vm('web-1'));
    expect(azureWords(denied.http!.response)?.code).toBe('AuthorizationFailed');
    expect(denied.call?.operation).toBe('Microsoft.Authorization/roleAssignments/write');
    const read = await s.call(TARGETS.arm.build(s.world, { ...base, op: 'read', target: vault.id })!, 'latest', ids.vm('web-1'));
    expect(read.http!.response.status).toBe(403);
    expect(read.call?.operation).toBe('Microsoft.KeyVault/vaults/read');
    expect(new CallForm(() => ({ world: s.world }), freshPicks()).available).toEqual(['keyVault', 'arm', 'graph']);
  });
});

describe('form defaults', () => {
  it('offers the well-known audiences in the documented form, then the tenant’s APIs', async () => {
    const s = await vmWithVault();
    await s.do({ type: 'app.create', displayName: 'orders-api', appIdUri: true });
    const values = audienceOptions(s.world).map((o) => o.value);
    expect(values).toContain('https://management.azure.com/');
    expect(values).toContain('https://vault.azure.net');
    expect(values.at(-1)).toMatch(/^api:\/\/[0-9a-f-]{36}$/);
    expect(defaultAudience(s.world)).toBe('https://vault.azure.net');
    expect(scopeOf('https://management.azure.com/')).toBe('https://management.azure.com/.default');
  });

  it('first offers the audience of a target the world has, in the registry’s order, else ARM', async () => {
    const s = await sandbox();
    expect(defaultAudience(s.world)).toBe('https://management.azure.com/');
    await s.do({ type: 'resourceGroup.create', name: 'rg-data' });
    await s.do({ type: 'resource.create', kind: 'sqlServer', resourceGroup: 'rg-data', name: 'sql-orders' });
    expect(defaultAudience(s.world)).toBe('https://database.windows.net/');
    await s.do({ type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-data', name: 'stdata1' });
    expect(defaultAudience(s.world)).toBe('https://storage.azure.com/');
  });

  it('lists a resource’s identities and the ids each can be named by', async () => {
    const s = await vmWithVault();
    await s.create('userAssignedIdentity', 'id-a');
    await s.do({ type: 'identity.user.assign', resourceId: ids.vm('web-1'), identityId: ids.uami('id-a') });
    const r = s.res(ids.vm('web-1'));
    if (!('identity' in r)) throw new Error('not a source');
    const [sys, ua] = identityChoices(s.world, r);
    expect(sys).toMatchObject({ key: 'system', principalId: s.principal(ids.vm('web-1')), clientId: s.clientId(ids.vm('web-1')) });
    expect(selectorValue(sys!, 'resourceId')).toBeUndefined();
    expect(ua).toMatchObject({ kind: 'userAssigned', stale: false });
    expect(selectorValue(ua!, 'resourceId')).toBe(s.res(ids.uami('id-a')).id);
  });

  it('finds the latest matching step, or the refused action that came after it', () => {
    const a = (n: number): Action => ({ type: 'clock.advance', seconds: n });
    const entry = (n: number) => ({ action: a(n), outcome: { ok: true, summary: '', created: [], deleted: [], changed: [], orphaned: [], notes: [] }, world: {} as never });
    const entries = [entry(1), entry(2), entry(3)];
    const big = (x: Action): x is Action => x.type === 'clock.advance' && x.seconds >= 2;
    expect(latest({ entries, cursor: 3, last: entries[2]! }, big)?.action).toEqual(a(3));
    expect(latest({ entries, cursor: 2, last: entries[1]! }, big)?.action).toEqual(a(2));
    expect(latest({ entries, cursor: 1, last: entries[0]! }, big)).toBeUndefined();
    const refused = { action: a(9), outcome: { ...entries[0]!.outcome, ok: false } };
    expect(latest({ entries, cursor: 1, last: refused }, big)?.action).toEqual(a(9));
  });
});

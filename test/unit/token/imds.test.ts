// The VM's IMDS token endpoint, request by request. Each test names the fact sheet line it checks.
import { describe, expect, it } from 'vitest';
import { ids, imdsUrl, sandbox, TokenSim } from './helpers.ts';

const Q = 'api-version=2018-02-01&resource=https://management.azure.com/';

async function vm(identity?: { systemAssigned?: boolean; userAssigned?: string[] }, uamis: string[] = []): Promise<TokenSim> {
  const s = await sandbox();
  for (const u of uamis) await s.create('userAssignedIdentity', u);
  await s.create('vm', 'web-1', identity ? { identity } : {});
  return s;
}

describe('IMDS success', () => {
  it('answers 200 with every value a JSON string, in the captured field order [§2 IMDS success, D2 P3]', async () => {
    const s = await vm({ systemAssigned: true });
    const out = await s.imds(ids.vm('web-1'), Q);
    const res = out.http!.response;
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(res.headers.Server).toBe('IMDS/150.870.65.512');
    expect(Number(res.headers['Content-Length'])).toBe(Buffer.byteLength(res.body));
    const body = s.body();
    expect(Object.keys(body)).toEqual(['access_token', 'client_id', 'expires_in', 'expires_on', 'ext_expires_in', 'not_before', 'resource', 'token_type']);
    for (const v of Object.values(body)) expect(typeof v).toBe('string');
    const now = s.world.now;
    expect(body).toMatchObject({
      client_id: s.clientId(ids.vm('web-1')),
      expires_in: '86400',
      expires_on: String(now + 86400),
      ext_expires_in: '86399',
      not_before: String(now - 300),
      resource: 'https://management.azure.com/',
      token_type: 'Bearer',
    });
    // expires_on - not_before = 86700, as captured.
    expect(Number(body.expires_on) - Number(body.not_before)).toBe(86700);
    expect(out.token).toEqual({ uti: expect.any(String), cached: false });
    expect(s.world.tokens[out.token!.uti]).toMatchObject({ via: 'imds', principalId: s.principal(ids.vm('web-1')), audience: 'https://management.azure.com/', requestedBy: s.res(ids.vm('web-1')).id });
  });

  it('traces code -> imds -> entra -> imds -> code', async () => {
    const s = await vm({ systemAssigned: true });
    const out = await s.imds(ids.vm('web-1'), Q);
    expect(out.trace!.map((h) => `${h.from}>${h.to}`)).toEqual(['code>imds', 'imds>entra', 'entra>imds', 'imds>code']);
    expect(out.trace!.every((h) => h.ok)).toBe(true);
  });

  it('accepts the Metadata header in any case [Decisions: Metadata compared case-insensitively]', async () => {
    const s = await vm({ systemAssigned: true });
    expect((await s.imds(ids.vm('web-1'), Q, { metadata: 'True' })).http!.response.status).toBe(200);
  });
});

describe('IMDS errors', () => {
  it('missing Metadata header: 400 invalid_request "Required metadata header not specified", 88 bytes [§2 IMDS missing header, D15 + azure-sdk-for-js#11369]', async () => {
    const s = await vm({ systemAssigned: true });
    const out = await s.imds(ids.vm('web-1'), Q, {});
    expect(out.ok).toBe(true);
    expect(out.http!.response.status).toBe(400);
    expect(out.http!.response.body).toBe('{"error":"invalid_request","error_description":"Required metadata header not specified"}');
    expect(out.http!.response.headers['Content-Length']).toBe('88');
    expect(out.notes.join(' ')).toMatch(/bad_request_102/);
    expect(out.token).toBeUndefined();
  });

  it('Metadata header not "true": the same 400 [§2 IMDS, D2 "must be set to true"]', async () => {
    const s = await vm({ systemAssigned: true });
    expect((await s.imds(ids.vm('web-1'), Q, { Metadata: 'yes' })).http!.response.status).toBe(400);
  });

  it('missing api-version: the exact IMDS JSON with newest-versions [§2 IMDS api-version, D15]', async () => {
    const s = await vm({ systemAssigned: true });
    await s.imds(ids.vm('web-1'), 'resource=https://management.azure.com/');
    expect(s.last.http!.response.status).toBe(400);
    expect(s.body()).toEqual({
      error: 'Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds',
      'newest-versions': ['2020-10-01', '2020-09-01', '2020-07-15'],
    });
  });

  it('api-version older than 2018-02-01: 400, marked simplified [§2 IMDS "2018-02-01 or greater", D2]', async () => {
    const s = await vm({ systemAssigned: true });
    await s.imds(ids.vm('web-1'), 'api-version=2017-12-01&resource=https://management.azure.com/');
    expect(s.last.http!.response.status).toBe(400);
    expect(s.last.notes.join(' ')).toMatch(/Simplified/);
  });

  it('wrong method: 405 [§2 IMDS other statuses, D15]', async () => {
    const s = await vm({ systemAssigned: true });
    const out = await s.do({ type: 'token.request', from: ids.vm('web-1'), request: { method: 'POST', url: imdsUrl(Q), headers: { Metadata: 'true' } } });
    expect(out.http!.response.status).toBe(405);
    expect(out.http!.response.statusText).toBe('Method Not Allowed');
  });

  it('no identity on the VM: 400 "Identity not found" [§2 IMDS no identity, azure-docs#21322]', async () => {
    const s = await vm();
    await s.imds(ids.vm('web-1'), Q);
    expect(s.last.http!.response.status).toBe(400);
    expect(s.last.http!.response.body).toBe('{"error":"invalid_request","error_description":"Identity not found"}');
  });

  it('a client_id not assigned to the VM: 400 "Identity not found" [§2 IMDS unknown identity, aad-pod-identity#778]', async () => {
    const s = await vm({ systemAssigned: true }, ['id-other']);
    await s.imds(ids.vm('web-1'), `${Q}&client_id=${s.clientId(ids.uami('id-other'))}`);
    expect(s.body()).toEqual({ error: 'invalid_request', error_description: 'Identity not found' });
  });

  it('several user-assigned identities and no selector: 400 "Multiple user assigned identities exist..." [§2 IMDS several UAMIs, acs-keyvault-agent#43]', async () => {
    const s = await vm({ userAssigned: [ids.uami('id-a'), ids.uami('id-b')] }, ['id-a', 'id-b']);
    await s.imds(ids.vm('web-1'), Q);
    expect(s.last.http!.response.body).toBe(
      '{"error":"invalid_request","error_description":"Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request"}',
    );
    // The captured Content-Length of this answer is 168.
    expect(s.last.http!.response.headers['Content-Length']).toBe('168');
  });

  it('unknown resource: 400 invalid_resource AADSTS500011 with Trace ID, Correlation ID and Timestamp lines [§2 IMDS unknown resource, MSAL.NET#3979]', async () => {
    const s = await vm({ systemAssigned: true });
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://managements.azure.com');
    const body = s.body();
    expect(body.error).toBe('invalid_resource');
    expect(body.error_description).toMatch(
      /^AADSTS500011: The resource principal named https:\/\/managements\.azure\.com was not found in the tenant named Contoso\. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant\. You might have sent your authentication request to the wrong tenant\.\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: 2026-03-02 09:00:00Z$/,
    );
    expect(s.last.trace!.map((h) => `${h.from}>${h.to}:${h.ok}`)).toEqual(['code>imds:true', 'imds>entra:true', 'entra>imds:false', 'imds>code:false']);
  });
});

describe('IMDS identity selection', () => {
  it('no selector: the system-assigned identity when it is on, even beside user-assigned ones [Decisions: IMDS with no selector; §2 D3]', async () => {
    const s = await vm({ systemAssigned: true, userAssigned: [ids.uami('id-a'), ids.uami('id-b')] }, ['id-a', 'id-b']);
    await s.imds(ids.vm('web-1'), Q);
    expect(s.body().client_id).toBe(s.clientId(ids.vm('web-1')));
  });

  it('no selector and one user-assigned identity: that one, with a note that passing client_id is the safe habit [Decisions; §5 misconception 6]', async () => {
    const s = await vm({ userAssigned: [ids.uami('id-a')] }, ['id-a']);
    await s.imds(ids.vm('web-1'), Q);
    expect(s.body().client_id).toBe(s.clientId(ids.uami('id-a')));
    expect(s.last.notes.join(' ')).toMatch(/client_id is the safe habit/);
  });

  it('selects by client_id, object_id or msi_res_id [§2 IMDS selectors, D2]', async () => {
    const s = await vm({ systemAssigned: true, userAssigned: [ids.uami('id-a'), ids.uami('id-b')] }, ['id-a', 'id-b']);
    const b = s.res(ids.uami('id-b'));
    for (const q of [`client_id=${s.clientId(ids.uami('id-b'))}`, `object_id=${s.principal(ids.uami('id-b'))}`, `msi_res_id=${b.id}`]) {
      await s.imds(ids.vm('web-1'), `${Q}&${q}`);
      expect(s.body().client_id).toBe(s.clientId(ids.uami('id-b')));
    }
  });

  it('takes an identity\'s resource id where a client id goes, as the portal shows it (reference form), noting the substitution', async () => {
    const s = await vm({ userAssigned: [ids.uami('id-a'), ids.uami('id-b')] }, ['id-a', 'id-b']);
    await s.imds(ids.vm('web-1'), `${Q}&client_id=${ids.uami('id-a')}`);
    const clientId = s.clientId(ids.uami('id-a'));
    expect(s.last.http!.request.url).toContain(`client_id=${clientId}`);
    expect(s.body().client_id).toBe(clientId);
    expect(s.last.notes.join(' ')).toMatch(/put in the client id/);
  });

  it('a deleted user-assigned identity still listed on the VM: 400 "Identity not found" [Decisions: deleted UAMI stays listed; §1 Deleting things]', async () => {
    const s = await vm({ userAssigned: [ids.uami('id-a')] }, ['id-a']);
    const clientId = s.clientId(ids.uami('id-a'));
    await s.do({ type: 'resource.delete', id: ids.uami('id-a') });
    for (const q of [Q, `${Q}&client_id=${clientId}`, `${Q}&client_id=${ids.uami('id-a')}`]) {
      await s.imds(ids.vm('web-1'), q);
      expect(s.body()).toEqual({ error: 'invalid_request', error_description: 'Identity not found' });
    }
    expect(s.last.notes.join(' ')).toMatch(/stale entry/);
  });

  it('a user-assigned identity recreated with the same name is not the one the VM lists: "Identity not found" [§1 recreated identity, D11]', async () => {
    const s = await vm({ userAssigned: [ids.uami('id-a')] }, ['id-a']);
    await s.do({ type: 'resource.delete', id: ids.uami('id-a') });
    await s.create('userAssignedIdentity', 'id-a');
    await s.imds(ids.vm('web-1'), `${Q}&client_id=${ids.uami('id-a')}`);
    expect(s.body().error_description).toBe('Identity not found');
  });
});

describe('where IMDS is not', () => {
  it('from App Service the IMDS address does not answer: a network error, status 0 [§2: IMDS is the VM endpoint]', async () => {
    const s = await sandbox();
    await s.create('webApp', 'shop', { identity: { systemAssigned: true } });
    await s.imds(ids.web('shop'), Q);
    expect(s.last.ok).toBe(true);
    expect(s.last.http!.response.status).toBe(0);
    expect(s.last.http!.networkError).toBe('connect EHOSTUNREACH 169.254.169.254:80');
    expect(s.last.summary).toMatch(/no answer/);
  });

  it('from outside Azure (no `from`) there is no endpoint either [§5 misconception 10]', async () => {
    const s = await sandbox();
    await s.get(undefined, imdsUrl(Q), { Metadata: 'true' });
    expect(s.last.http!.networkError).toMatch(/EHOSTUNREACH/);
  });

  it('a logic app runs no code: a token request from it is refused with the reason [seed step 3: connectors]', async () => {
    const s = await sandbox();
    await s.create('logicApp', 'flow', { identity: { systemAssigned: true } });
    const before = s.world;
    const out = await s.try({ type: 'token.request', from: ids.logic('flow'), request: { method: 'GET', url: imdsUrl(Q), headers: { Metadata: 'true' } } });
    expect(out.ok).toBe(false);
    expect(out.error!.code).toBe('NoTokenEndpoint');
    expect(out.notes.join(' ')).toMatch(/ManagedServiceIdentity/);
    expect(s.world).toBe(before);
  });
});

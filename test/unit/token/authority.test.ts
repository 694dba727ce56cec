// The simulated Entra authority: published keys and discovery, and the managed identity token's
// header and claims. Each test names the fact of docs/azure-behaviour.md (§ and source key) it checks.
import { createHash, X509Certificate } from 'node:crypto';
import { importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/sim/index.ts';
import { discoveryOf, discoveryUrl, jwksOf, jwksUrl, KEY_POOL, tenantKeys } from '../../../src/sim/token/authority.ts';
import { decode, ids, sandbox, verifyIndependently } from './helpers.ts';

async function vmToken(resource = 'https://management.azure.com/') {
  const s = await sandbox();
  await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
  await s.imds(ids.vm('web-1'), `api-version=2018-02-01&resource=${resource}`);
  return s;
}

describe('published keys and discovery', () => {
  it('publishes a JWKS at Entra\'s address with kty, use, kid, x5t, n, e, x5c and issuer [§3 header, D17]', () => {
    const world = createWorld({ seed: 'keys' });
    const t = world.tenant.id;
    expect(jwksUrl(world)).toBe(`https://login.microsoftonline.com/${t}/discovery/keys`);
    const { keys } = jwksOf(world);
    expect(keys).toHaveLength(2);
    for (const k of keys) {
      expect(Object.keys(k)).toEqual(['kty', 'use', 'kid', 'x5t', 'n', 'e', 'x5c', 'issuer']);
      expect(k).toMatchObject({ kty: 'RSA', use: 'sig', e: 'AQAB', issuer: `https://login.microsoftonline.com/${t}/v2.0` });
      expect(k.kid).toBe(k.x5t);
      // kid = x5t = base64url(SHA-1(certificate DER)); the certificate holds the same public key.
      const der = Buffer.from(k.x5c[0]!, 'base64');
      expect(createHash('sha1').update(der).digest('base64url')).toBe(k.kid);
      const cert = new X509Certificate(der);
      expect(cert.publicKey.export({ format: 'jwk' })).toMatchObject({ n: k.n, e: k.e });
      expect(cert.subject).toBe('CN=accounts.accesscontrol.windows.net');
    }
    expect(JSON.stringify(keys)).not.toMatch(/"d"|"p"|"q"/);
  });

  it('publishes the v1 discovery document with the sts.windows.net issuer and the keys address [§3 claim semantics, D17]', () => {
    const world = createWorld({ seed: 'keys' });
    const t = world.tenant.id;
    expect(discoveryUrl(world)).toBe(`https://login.microsoftonline.com/${t}/.well-known/openid-configuration`);
    const doc = discoveryOf(world);
    expect(doc.issuer).toBe(`https://sts.windows.net/${t}/`);
    expect(doc.jwks_uri).toBe(jwksUrl(world));
    expect(doc.token_endpoint).toBe(`https://login.microsoftonline.com/${t}/oauth2/token`);
    expect(doc.id_token_signing_alg_values_supported).toEqual(['RS256']);
  });

  it('picks the tenant\'s keys from the pool by tenant id, the same every time', () => {
    const a = createWorld({ seed: 'one' });
    expect(tenantKeys(a)).toEqual(tenantKeys(createWorld({ seed: 'one' })));
    expect(KEY_POOL.length).toBeGreaterThanOrEqual(3);
    const kids = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((seed) => tenantKeys(createWorld({ seed })).active.kid));
    expect(kids.size).toBeGreaterThan(1);
  });
});

describe('a managed identity token', () => {
  it('has the header {typ, alg, x5t, kid}, with kid = x5t of the active key [§3 header, P1]', async () => {
    const s = await vmToken();
    const { headerText, header } = decode(s.jwt);
    const kid = tenantKeys(s.world).active.kid;
    expect(headerText).toBe(`{"typ":"JWT","alg":"RS256","x5t":"${kid}","kid":"${kid}"}`);
    expect(header.kid).toBe(header.x5t);
  });

  it('carries the v1.0 claims of a VM system-assigned token, in Entra\'s order [§3 access token contents, P1 P2]', async () => {
    const s = await vmToken();
    const { payload } = decode(s.jwt);
    const vm = s.res(ids.vm('web-1'));
    const pid = s.principal(ids.vm('web-1'));
    const t = s.world.tenant.id;
    const now = s.world.now;
    const vmLower = vm.id.replace('/resourceGroups/', '/resourcegroups/');
    expect(Object.keys(payload)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'appid', 'appidacr', 'idp', 'idtyp', 'oid', 'rh', 'sub', 'tid', 'uti', 'ver', 'xms_az_rid', 'xms_mirid']);
    expect(payload).toMatchObject({
      aud: 'https://management.azure.com/',
      iss: `https://sts.windows.net/${t}/`,
      idp: `https://sts.windows.net/${t}/`,
      iat: now - 300,
      nbf: now - 300,
      exp: now + 86400,
      appid: s.clientId(ids.vm('web-1')),
      appidacr: '2',
      idtyp: 'app',
      oid: pid,
      sub: pid,
      tid: t,
      ver: '1.0',
      xms_mirid: vmLower,
      xms_az_rid: vmLower,
    });
    // 24 h 5 min from iat to exp, as observed.
    expect((payload.exp as number) - (payload.iat as number)).toBe(86700);
    expect(payload.uti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(payload.xms_mirid).toContain('/resourcegroups/');
  });

  it('sets aud to the requested resource exactly, trailing slash and all [§3 claim semantics, D17; §2 resource echoes, D2]', async () => {
    for (const resource of ['https://vault.azure.net', 'https://management.azure.com', 'https://graph.microsoft.com/']) {
      const s = await vmToken(resource);
      expect(decode(s.jwt).payload.aud).toBe(resource);
      expect(s.body().resource).toBe(resource);
    }
  });

  it('is issued for the well-known audiences: SQL, Graph, Event Hubs, Service Bus, Storage, the classic ARM id [§3 common audiences, D19]', async () => {
    for (const resource of ['https://database.windows.net/', 'https://graph.microsoft.com', 'https://eventhubs.azure.net', 'https://servicebus.azure.net', 'https://storage.azure.com/', 'https://management.core.windows.net/']) {
      const s = await vmToken(resource);
      expect(s.last.http!.response.status).toBe(200);
    }
  });

  it('verifies with an independent RS256 implementation (node:crypto) against the published JWKS [§3, design: any JWT library]', async () => {
    const s = await vmToken();
    expect(verifyIndependently(s.jwt, jwksOf(s.world))).toBe(true);
    // And a changed payload does not.
    const [h, p, sig] = s.jwt.split('.');
    const forged = Buffer.from(Buffer.from(p!, 'base64url').toString().replace('"ver":"1.0"', '"ver":"2.0"')).toString('base64url');
    expect(verifyIndependently(`${h}.${forged}.${sig}`, jwksOf(s.world))).toBe(false);
  });

  it('verifies with jose against the JWKS as a relying party would (issuer, audience, sandbox clock)', async () => {
    const s = await vmToken();
    const jwk = jwksOf(s.world).keys[0]!;
    const key = await importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256');
    const { payload } = await jwtVerify(s.jwt, key, {
      issuer: `https://sts.windows.net/${s.world.tenant.id}/`,
      audience: 'https://management.azure.com/',
      currentDate: new Date(s.world.now * 1000),
    });
    expect(payload.oid).toBe(s.principal(ids.vm('web-1')));
  });

  it('is deterministic: the same world and request give the same JWT byte for byte [design: replay]', async () => {
    const a = await vmToken();
    const b = await vmToken();
    expect(a.jwt).toBe(b.jwt);
  });

  it('for a user-assigned identity names the identity in xms_mirid and the VM in xms_az_rid [§3 xms_mirid, P4]', async () => {
    const s = await sandbox();
    await s.create('userAssignedIdentity', 'id-app');
    await s.create('vm', 'web-1', { identity: { userAssigned: [ids.uami('id-app')] } });
    await s.imds(ids.vm('web-1'), `api-version=2018-02-01&resource=https://vault.azure.net&client_id=${s.clientId(ids.uami('id-app'))}`);
    const { payload } = decode(s.jwt);
    const uami = s.res(ids.uami('id-app'));
    expect(payload.xms_mirid).toBe(uami.id);
    expect(payload.xms_mirid).toMatch(/\/resourcegroups\/rg-demo\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/id-app$/);
    expect(payload.xms_az_rid).toBe(s.res(ids.vm('web-1')).id.replace('/resourceGroups/', '/resourcegroups/'));
    expect(payload.appid).toBe(s.clientId(ids.uami('id-app')));
    expect(payload.oid).toBe(s.principal(ids.uami('id-app')));
  });
});

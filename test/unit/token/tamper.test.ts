// Tampered and forged tokens: every target rejects each one, with its own status, code and challenge.
// The forgeries are built with node:crypto and plain base64url, not with the code under test.
import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/sim/index.ts';
import { KEY_POOL, sign, tenantKeys } from '../../../src/sim/token/authority.ts';
import { decode, ids, sandbox, type TokenSim } from './helpers.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** Re-encode a token's header and payload (after changes), keeping or replacing the signature. */
function rebuild(jwt: string, change: { header?: Record<string, unknown>; payload?: Record<string, unknown>; signature?: string }): string {
  const { header, payload } = decode(jwt);
  const sig = jwt.split('.')[2]!;
  return `${b64(JSON.stringify({ ...header, ...change.header }))}.${b64(JSON.stringify({ ...payload, ...change.payload }))}.${change.signature ?? sig}`;
}

/** Sign header.payload with an RSA key that is not the tenant's, under the tenant's own kid. */
function signWithForeignKey(jwt: string): string {
  const [h, p] = jwt.split('.');
  return `${h}.${p}.${rsaSign('RSA-SHA256', Buffer.from(`${h}.${p}`), foreignKey).toString('base64url')}`;
}

interface Target {
  name: string;
  resource: string;
  request: { method: string; url: string; headers: Record<string, string> };
  /** What the service answers for a forged or tampered token (signature, algorithm, format). */
  invalid: (o: Outcome) => void;
  wrongIssuer: (o: Outcome) => void;
  notYetValid: (o: Outcome) => void;
}

const json = (o: Outcome) => JSON.parse(o.http!.response.body) as { error: { code: string; message: string } };

const TARGETS: Target[] = [
  {
    name: 'Key Vault',
    resource: 'https://vault.azure.net',
    request: { method: 'GET', url: 'https://kv-demo-1.vault.azure.net/secrets/db?api-version=7.4', headers: {} },
    invalid: (o) => {
      expect(json(o).error.code).toBe('Unauthorized');
      expect(o.http!.response.headers['WWW-Authenticate']).toMatch(/^Bearer authorization="https:\/\/login\.windows\.net\/.+", resource="https:\/\/vault\.azure\.net"$/);
    },
    wrongIssuer: (o) => expect(json(o).error.message).toMatch(/^AKV10032: Invalid issuer\. Expected one of https:\/\/sts\.windows\.net\/[0-9a-f-]+\/, found https:\/\/sts\.windows\.net\/11111111-1111-4111-8111-111111111111\/\.$/),
    notYetValid: (o) => expect(json(o).error.message).toMatch(/TokenNotYetValid/),
  },
  {
    name: 'Blob storage',
    resource: 'https://storage.azure.com/',
    request: { method: 'GET', url: 'https://stdemo1.blob.core.windows.net/c/b.txt', headers: { 'x-ms-version': '2021-08-06' } },
    invalid: (o) => {
      expect(o.http!.response.headers['x-ms-error-code']).toBe('InvalidAuthenticationInfo');
      expect(o.http!.response.headers['WWW-Authenticate']).toMatch(/resource_id=https:\/\/storage\.azure\.com$/);
    },
    wrongIssuer: (o) => expect(o.http!.response.body).toContain('<AuthenticationErrorDetail>Issuer validation failed. Issuer did not match.</AuthenticationErrorDetail>'),
    notYetValid: (o) => expect(o.http!.response.body).toContain('Lifetime validation failed. The token is not yet valid.'),
  },
  {
    name: 'ARM',
    resource: 'https://management.azure.com/',
    request: { method: 'GET', url: 'https://management.azure.com/subscriptions?api-version=2022-12-01', headers: {} },
    invalid: (o) => {
      expect(json(o).error.code).toBe('InvalidAuthenticationToken');
      expect(o.http!.response.headers['WWW-Authenticate']).toMatch(/error="invalid_token"/);
    },
    wrongIssuer: (o) => {
      expect(json(o).error.code).toBe('InvalidAuthenticationTokenTenant');
      expect(json(o).error.message).toMatch(/^The access token is from the wrong issuer 'https:\/\/sts\.windows\.net\/11111111-1111-4111-8111-111111111111\/'\. It must match the tenant/);
    },
    notYetValid: (o) => expect(json(o).error.code).toBe('InvalidAuthenticationToken'),
  },
  {
    name: 'your API',
    resource: 'API',
    request: { method: 'GET', url: 'https://orders-api.azurewebsites.net/orders', headers: {} },
    invalid: (o) => {
      expect(o.http!.response.body).toBe('');
      expect(o.http!.response.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
    },
    wrongIssuer: (o) => expect(o.http!.response.headers['WWW-Authenticate']).toBe(`Bearer error="invalid_token", error_description="The issuer 'https://sts.windows.net/11111111-1111-4111-8111-111111111111/' is invalid"`),
    notYetValid: (o) => expect(o.http!.response.headers['WWW-Authenticate']).toMatch(/is not valid before/),
  },
];

async function setup(): Promise<{ s: TokenSim; apiUri: string }> {
  const s = await sandbox('tamper');
  await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
  await s.create('keyVault', 'kv-demo-1');
  await s.create('storageAccount', 'stdemo1');
  await s.do({ type: 'app.create', displayName: 'orders-api', appIdUri: true, appRoles: [{ value: 'Orders.Read' }], api: { requiredRole: null } });
  return { s, apiUri: Object.values(s.world.applications)[0]!.identifierUris[0]! };
}

async function genuine(s: TokenSim, resource: string): Promise<string> {
  await s.imds(ids.vm('web-1'), `api-version=2018-02-01&resource=${resource}`);
  return s.jwt;
}

async function present(s: TokenSim, t: Target, jwt: string): Promise<Outcome> {
  return s.do({ type: 'target.call', request: { ...t.request, headers: { ...t.request.headers, Authorization: `Bearer ${jwt}` } } });
}

describe.each(TARGETS)('$name rejects forged and tampered tokens [§4 token checks]', (t) => {
  const cases: [string, (jwt: string, s: TokenSim) => string | Promise<string>, string][] = [
    ['one claim changed (oid) after signing', (jwt) => rebuild(jwt, { payload: { oid: '00000000-0000-4000-8000-000000000000' } }), 'signature'],
    ['the audience changed after signing', (jwt) => rebuild(jwt, { payload: { aud: 'https://example.com' } }), 'signature'],
    ['a changed signature', (jwt) => `${jwt.slice(0, -6)}${jwt.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`, 'signature'],
    ['header alg changed to HS256', (jwt) => rebuild(jwt, { header: { alg: 'HS256' } }), 'algorithm'],
    ['alg none with no signature', (jwt) => rebuild(jwt, { header: { alg: 'none' }, signature: '' }), 'algorithm'],
    ['signed with another RSA key under the tenant\'s kid', (jwt) => signWithForeignKey(jwt), 'signature'],
    [
      'signed with a key the tenant does not publish',
      async (jwt, s) => {
        const published = new Set(tenantKeys(s.world).published.map((k) => k.kid));
        const other = KEY_POOL.find((k) => !published.has(k.kid))!;
        return sign(s.world, decode(jwt).payload, other);
      },
      'signature',
    ],
    ['not a JWT at all', () => 'not-a-token', 'format'],
  ];

  it.each(cases)('%s -> 401, failed check %s', async (_, forge, check) => {
    const { s, apiUri } = await setup();
    const jwt = await genuine(s, t.resource === 'API' ? apiUri : t.resource);
    const out = await present(s, t, await forge(jwt, s));
    expect(out.ok).toBe(true);
    expect(out.http!.response.status).toBe(401);
    expect(out.call!.checks.at(-1)).toMatchObject({ name: check, ok: false });
    t.invalid(out);
  });

  it('the genuine token passes every token check', async () => {
    const { s, apiUri } = await setup();
    const out = await present(s, t, await genuine(s, t.resource === 'API' ? apiUri : t.resource));
    expect(out.call!.checks.every((c) => c.ok)).toBe(true);
  });

  it('a token without kid is refused at the signature check, without "undefined" in the words', async () => {
    const { s, apiUri } = await setup();
    const jwt = await genuine(s, t.resource === 'API' ? apiUri : t.resource);
    const { header } = decode(jwt);
    const { kid: _, ...withoutKid } = header;
    const [, payload, sig] = jwt.split('.');
    const out = await present(s, t, `${b64(JSON.stringify(withoutKid))}.${payload}.${sig}`);
    expect(out.http!.response.status).toBe(401);
    const failed = out.call!.checks.at(-1)!;
    expect(failed).toMatchObject({ name: 'signature', ok: false });
    expect(failed.detail).toMatch(/no kid/);
    expect(failed.detail).not.toMatch(/undefined/);
  });

  it('a line break inside a pasted token is a malformed token, not "no token"; one around it is trimmed', async () => {
    const { s, apiUri } = await setup();
    const jwt = await genuine(s, t.resource === 'API' ? apiUri : t.resource);
    const broken = await present(s, t, `${jwt.slice(0, 40)}\n${jwt.slice(40)}`);
    expect(broken.http!.response.status).toBe(401);
    expect(broken.call!.checks.map((c) => [c.name, c.ok])).toEqual([
      ['present', true],
      ['format', false],
    ]);
    expect(broken.call!.checks[1]!.detail).toMatch(/line break/);
    const padded = await present(s, t, `${jwt}\n`);
    expect(padded.call!.checks.every((c) => c.ok)).toBe(true);
  });

  it('a 1 MB token is answered by the service front end: 400 Request Too Long, before any token check', async () => {
    const { s } = await setup();
    const out = await present(s, t, 'e'.repeat(1024 * 1024));
    expect(out.ok).toBe(true);
    expect(out.http!.response.status).toBe(400);
    expect(out.http!.response.body).toContain('HTTP Error 400. The size of the request headers is too long.');
    expect(out.call).toBeUndefined();
    expect(out.summary).toMatch(/request headers are too long/);
  });

  it('a token validly signed by the tenant\'s key but naming another issuer -> 401 for the issuer', async () => {
    const { s, apiUri } = await setup();
    const { payload } = decode(await genuine(s, t.resource === 'API' ? apiUri : t.resource));
    const other = 'https://sts.windows.net/11111111-1111-4111-8111-111111111111/';
    const out = await present(s, t, await sign(s.world, { ...payload, iss: other, idp: other }));
    expect(out.http!.response.status).toBe(401);
    expect(out.call!.checks.at(-1)).toMatchObject({ name: 'issuer', ok: false });
    t.wrongIssuer(out);
  });

  it('a token that is not valid yet (nbf in the future) -> 401', async () => {
    const { s, apiUri } = await setup();
    const { payload } = decode(await genuine(s, t.resource === 'API' ? apiUri : t.resource));
    const out = await present(s, t, await sign(s.world, { ...payload, nbf: s.world.now + 3600 }));
    expect(out.http!.response.status).toBe(401);
    expect(out.call!.checks.at(-1)).toMatchObject({ name: 'notBefore', ok: false });
    t.notYetValid(out);
  });
});

// The real @azure/identity 4.x and @azure/keyvault-secrets, unchanged, against the local endpoint: they get
// tokens for every identity arrangement, and every failure is exactly the error the sandbox's SDK view
// predicts for the same world (which is how src/sim/token/sdk.ts is kept true to the installed release).
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, getResource, type UserAssignedIdentity } from '../../../src/sim/index.ts';
import { SDK_VERSION } from '../../../src/sim/token/sdk.ts';
import { endpointFor, runClient, type ClientCase, type TestEndpoint } from './harness.ts';
import { APP, ID_A, ID_LONELY, SCENARIO, VAULT_URL, VM_NONE, VM_SYSTEM, VM_USERS } from './world.ts';

const VAULT = 'https://vault.azure.net/.default';
// Child processes, certificates and retries on a busy 2-core machine.
const SLOW = 120_000;

const endpoints: Record<string, TestEndpoint> = {};
beforeAll(async () => {
  for (const as of [VM_SYSTEM, VM_USERS, VM_NONE, APP]) endpoints[as] = await endpointFor(SCENARIO, as);
}, SLOW);
afterAll(async () => {
  await Promise.all(Object.values(endpoints).map((e) => e.close()));
});

const identity = (as: string, id: string) => getResource(endpoints[as]!.sandbox.world, id) as UserAssignedIdentity;

/** What the sandbox's SDK view says getToken throws, for the world as it is right now. */
async function predicted(as: string, c: ClientCase) {
  const o = c.options ?? {};
  const step = await apply(endpoints[as]!.sandbox.world, { type: 'token.request', from: as, sdk: { scopes: [c.scopes ?? VAULT].flat(), ...o } });
  return step.outcome.sdk!;
}

/** Run one failing case and compare with the prediction made just before. */
async function expectPredictedError(as: string, c: ClientCase) {
  const view = await predicted(as, c);
  expect(view.error).toBeDefined();
  const [real] = await runClient(endpoints[as]!.env, [{ scopes: VAULT, ...c }]);
  expect(real).toMatchObject({ ok: false, name: view.error!.name, message: view.error!.message });
  return real as Extract<typeof real, { ok: false }>;
}

describe(`@azure/identity ${SDK_VERSION.identity} against the endpoint`, () => {
  it('a VM with a system-assigned identity: ManagedIdentityCredential and DefaultAzureCredential get tokens a JWT middleware accepts through the discovery document', async () => {
    const ep = endpoints[VM_SYSTEM]!;
    const world = ep.sandbox.world;
    const verify = { discovery: `${ep.origin}/${world.tenant.id}/.well-known/openid-configuration`, audience: 'https://vault.azure.net' };
    const [mi, dac] = await runClient(ep.env, [
      { scopes: VAULT, verify },
      { credential: 'DefaultAzureCredential', scopes: 'https://management.azure.com/.default' },
    ] as ClientCase[]);
    expect(mi).toMatchObject({ ok: true, verified: { aud: 'https://vault.azure.net', iss: `https://sts.windows.net/${world.tenant.id}/` } });
    const vm = getResource(world, VM_SYSTEM)!;
    expect(decodeJwt((mi as { token: string }).token).xms_mirid).toBe(vm.id.replace('/resourceGroups/', '/resourcegroups/'));
    expect(dac).toMatchObject({ ok: true });
    expect(decodeJwt((dac as { token: string }).token).aud).toBe('https://management.azure.com');
    // The requests arrived as the SDK view says they are sent (the User-Agent names the machine).
    const sent = ep.sandbox.saved.scenario.actions.filter((a) => a.type === 'token.request');
    const view = await apply(world, { type: 'token.request', from: VM_SYSTEM, sdk: { scopes: [VAULT] } });
    const expected = view.outcome.http!.request;
    const first = sent[0]?.type === 'token.request' ? sent[0].request! : undefined;
    const firstHeaders = first?.headers ?? {};
    expect(firstHeaders['User-Agent']).toMatch(new RegExp(`^azsdk-js-identity/${SDK_VERSION.identity.replace(/\./g, '\\.')} `));
    const { 'User-Agent': _, 'x-ms-client-request-id': id, ...headers } = firstHeaders;
    const { 'x-ms-client-request-id': _id, ...expectedHeaders } = expected.headers;
    expect(headers).toEqual(expectedHeaders);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // MSAL appends the IMDS path to AZURE_POD_IDENTITY_AUTHORITY_HOST with a trailing slash.
    expect(first!.url).toBe(expected.url.replace('/oauth2/token?', '/oauth2/token/?'));
  }, SLOW);

  it('a VM with two user-assigned identities: none chosen fails as predicted; chosen by client id, resource id or object id, each gets a token for that identity', async () => {
    const a = identity(VM_USERS, ID_A);
    await expectPredictedError(VM_USERS, {});
    const results = await runClient(endpoints[VM_USERS]!.env, [{ options: { clientId: a.clientId } }, { options: { resourceId: a.id } }, { options: { objectId: a.principalId } }].map((c) => ({ scopes: VAULT, ...c })));
    for (const r of results) {
      expect(r).toMatchObject({ ok: true });
      const claims = decodeJwt((r as { token: string }).token);
      expect(claims.oid).toBe(a.principalId);
      expect(claims.appid).toBe(a.clientId);
    }
  }, SLOW);

  it('no identity, a client id not assigned to the VM, an unknown resource and several scopes fail exactly as predicted', async () => {
    const none = await expectPredictedError(VM_NONE, {});
    expect(none.message).toContain('Description: Identity not found');
    const lonely = identity(VM_USERS, ID_LONELY);
    await expectPredictedError(VM_USERS, { options: { clientId: lonely.clientId } });
    const unknown = await expectPredictedError(VM_SYSTEM, { scopes: 'https://nothing.example/.default' });
    expect(unknown.message).toMatch(/^ManagedIdentityCredential: Authentication failed\. Message invalid_resource: .*AADSTS500011/s);
    await expectPredictedError(VM_SYSTEM, { scopes: [VAULT, 'https://storage.azure.com/.default'] });
  }, SLOW);

  it('a web app: both credentials get tokens through IDENTITY_ENDPOINT; an unassigned client id fails as predicted', async () => {
    const ep = endpoints[APP]!;
    expect(ep.env.IDENTITY_ENDPOINT).toBe(`${ep.origin}/msi/token`);
    const [mi, dac] = await runClient(ep.env, [{ scopes: VAULT }, { credential: 'DefaultAzureCredential', scopes: VAULT }]);
    expect(mi).toMatchObject({ ok: true });
    expect(dac).toMatchObject({ ok: true });
    expect(decodeJwt((mi as { token: string }).token).xms_mirid).toMatch(/\/Microsoft\.Web\/sites\/app-e1$/);
    await expectPredictedError(APP, { options: { clientId: identity(APP, ID_LONELY).clientId } });
  }, SLOW);

  it('Key Vault SecretClient reads the secret when the role allows it and gets Key Vault\'s 403 when it does not', async () => {
    const [allowed] = await runClient(endpoints[VM_SYSTEM]!.env, [{ credential: 'DefaultAzureCredential', vaultUrl: VAULT_URL, secret: 'db-password' }]);
    expect(allowed).toEqual({ ok: true, value: 's3cret' });
    const a = identity(VM_USERS, ID_A);
    const [denied] = await runClient(endpoints[VM_USERS]!.env, [{ options: { clientId: a.clientId }, vaultUrl: VAULT_URL, secret: 'db-password' }]);
    expect(denied).toMatchObject({ ok: false, name: 'RestError', statusCode: 403, code: 'Forbidden' });
    expect((denied as { message: string }).message).toMatch(/^Caller is not authorized to perform action on resource\.\r?\n/);
    expect((denied as { message: string }).message).toContain(`oid=${a.principalId}`);
  }, SLOW);

  it('past 20 requests a second from one VM, IMDS answers 429 and every SDK caught by it throws the predicted error without retrying', async () => {
    const ep = endpoints[VM_SYSTEM]!;
    const view = (await apply(ep.sandbox.world, { type: 'token.request', from: VM_SYSTEM, burst: 40, sdk: { scopes: [VAULT] } })).outcome.sdk!;
    expect(view.attempts).toBeUndefined();
    const before = ep.sandbox.seq;
    // 40 processes at once: whether all land in one second depends on the machine, so the test only
    // requires that any refused one throws exactly the predicted error, and counts the requests.
    const [settled] = (await runClient(ep.env, [{ parallel: 40, scopes: VAULT } as ClientCase])) as unknown as [Array<{ ok: boolean; name?: string; message?: string }>];
    const refused = settled.filter((r) => !r.ok);
    for (const r of refused) expect(r).toEqual({ ok: false, name: view.error!.name, message: view.error!.message });
    expect(settled.length).toBe(40);
    // One request each, no retries: 40 token requests reached the endpoint.
    expect(ep.sandbox.seq - before).toBe(40);
  }, SLOW);
});

import { execFile } from 'node:child_process'; import { promisify } from 'node:util'; const ef = promisify(execFile);
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { makeCertificate } from '/work/wt/endpoint/server/certificate.ts';
import { startEndpoint } from '/work/wt/endpoint/server/endpoint.ts';
import { apply, getResource } from '/work/wt/endpoint/src/sim/index.ts';
import * as W from '/work/wt/endpoint/test/unit/server/world.ts';
const cert = await makeCertificate();
const dir = mkdtempSync(join(tmpdir(), 'ep-')); const ca = join(dir, 'ca.pem'); writeFileSync(ca, cert.ca);
const sandbox = { scenario: W.SCENARIO, base: 0, cursor: 999 };
async function run(as: string, style: 'imds'|'app', cases: any[]) {
  const ep = await startEndpoint({ sandbox, as, certificate: cert });
  const world = ep.sandbox.world;
  const env: Record<string,string> = { ...process.env as any, NODE_EXTRA_CA_CERTS: ca, HTTPS_PROXY: ep.proxyUrl, NO_PROXY: '127.0.0.1,localhost' };
  if (style === 'imds') env.AZURE_POD_IDENTITY_AUTHORITY_HOST = ep.origin;
  else { env.IDENTITY_ENDPOINT = `${ep.origin}/msi/token`; env.IDENTITY_HEADER = (getResource(world, as) as any).identityHeader; }
  for (const c of cases) {
    const pred = await apply(ep.sandbox.world, { type: 'token.request', from: as, sdk: { scopes: [c.scopes].flat(), ...(c.options ?? {}) } });
    const t = Date.now();
    const out = JSON.parse((await ef(process.execPath, ['/work/wt/endpoint/test/unit/server/sdk-client.mjs', JSON.stringify([c])], { env, encoding: 'utf8', cwd: '/work/wt/endpoint' })).stdout)[0];
    console.log(JSON.stringify(c.options), Date.now()-t, 'ms\n REAL:', out.ok ? 'token' : `${out.name}: ${out.message}`, '\n SIM :', pred.outcome.sdk?.error ? `${pred.outcome.sdk.error.name}: ${pred.outcome.sdk.error.message}` : pred.outcome.ok ? 'token' : pred.outcome.error);
  }
  await ep.close();
}
const world0 = (await import('/work/wt/endpoint/src/sim/index.ts')).replay;
const { world } = await world0(W.SCENARIO);
const idA = getResource(world, W.ID_A) as any;
const idLonely = getResource(world, W.ID_LONELY) as any;
// await run(W.VM_SYSTEM, 'imds', [{ scopes: 'https://vault.azure.net/.default' }, { scopes: 'https://nothing.example/.default' }, { scopes: ['a/.default','b/.default'] }, { scopes: 'https://vault.azure.net/.default', options: { clientId: idLonely.clientId } }]);
// await run(W.VM_USERS, 'imds', [{ scopes: 'https://vault.azure.net/.default' }, { scopes: 'https://vault.azure.net/.default', options: { clientId: idA.clientId } }, { scopes: 'https://vault.azure.net/.default', options: { resourceId: idA.id } }, { scopes: 'https://vault.azure.net/.default', options: { objectId: idA.principalId } }]);
// await run(W.VM_NONE, 'imds', [{ scopes: 'https://vault.azure.net/.default' }]);
// await run(W.APP, 'app', [{ scopes: 'https://vault.azure.net/.default' }, { scopes: 'https://nothing.example/.default' }, { scopes: 'https://vault.azure.net/.default', options: { clientId: idLonely.clientId } }]);
async function capture(as: string, style: 'imds'|'app', c: any) {
  const ep = await startEndpoint({ sandbox, as, certificate: cert });
  const env: Record<string,string> = { ...process.env as any, NODE_EXTRA_CA_CERTS: ca, HTTPS_PROXY: ep.proxyUrl, NO_PROXY: '127.0.0.1,localhost' };
  if (style === 'imds') env.AZURE_POD_IDENTITY_AUTHORITY_HOST = ep.origin;
  else { env.IDENTITY_ENDPOINT = `${ep.origin}/msi/token`; env.IDENTITY_HEADER = (getResource(ep.sandbox.world, as) as any).identityHeader; }
  const t = Date.now();
  const out = JSON.parse((await ef(process.execPath, ['/work/wt/endpoint/test/unit/server/sdk-client.mjs', JSON.stringify([c])], { env, encoding: 'utf8', cwd: '/work/wt/endpoint' })).stdout)[0];
  console.log(Date.now() - t, 'ms', out.ok ? 'token' : `${out.name}: ${out.message}`);
  const acts = ep.sandbox.saved.scenario.actions.slice(W.SCENARIO.actions.length);
  for (const a of acts) console.log(JSON.stringify(a));
  await ep.close();
}
await capture(W.VM_SYSTEM, 'imds', { scopes: 'https://vault.azure.net/.default', options: { objectId: 'x' } });
await capture(W.APP, 'app', { scopes: 'https://vault.azure.net/.default', options: { objectId: 'x' } });
await capture(W.APP, 'imds', { scopes: 'https://vault.azure.net/.default' });

// Token benchmark: time to issue one token and to verify one at a target, once the tenant's keys are
// imported. Run with `npx tsx bench/token.bench.ts` (Node; WebCrypto through jose).
import { performance } from 'node:perf_hooks';
import { apply, createWorld, type Action, type World } from '../src/sim/index.ts';
import { warmUp } from '../src/sim/token/authority.ts';
import { inspect } from '../src/sim/token/verify.ts';
import { ms, summarize } from './stats.ts';

const RUNS = 500;
const RG = '/resourceGroups/rg-bench';
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/web-1`;

async function step(world: World, action: unknown): Promise<World> {
  const s = await apply(world, action as Action);
  if (!s.outcome.ok) throw new Error(`${(action as Action).type}: ${s.outcome.error?.message}`);
  return s.world;
}

async function time(label: string, fn: () => Promise<unknown>): Promise<{ label: string; median: number; p95: number }> {
  for (let i = 0; i < 20; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { label, ...summarize(samples) };
}

let world = createWorld({ seed: 'bench', settings: { tokenCache: false, propagationDelay: 0 } });
for (const a of [
  { type: 'resourceGroup.create', name: 'rg-bench' },
  { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-bench', name: 'web-1', identity: { systemAssigned: true } },
  { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-bench', name: 'kv-bench-1' },
  { type: 'keyVault.secret.set', vaultId: `${RG}/providers/Microsoft.KeyVault/vaults/kv-bench-1`, name: 'db', value: 's3cret' },
  { type: 'roleAssignment.create', scope: `${RG}/providers/Microsoft.KeyVault/vaults/kv-bench-1`, role: 'Key Vault Secrets User', assignee: VM },
]) {
  world = await step(world, a);
}
await warmUp(world);

const request: Action = {
  type: 'token.request',
  from: VM,
  request: { method: 'GET', url: 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net', headers: { Metadata: 'true' } },
};
const issued = await apply(world, request);
const withToken = issued.world;
const call: Action = { type: 'target.call', from: VM, request: { method: 'GET', url: 'https://kv-bench-1.vault.azure.net/secrets/db?api-version=7.4', headers: {} }, token: 'latest' };
const headers = { Authorization: `Bearer ${withToken.tokens[withToken.lastToken!]!.jwt}` };

const results = [
  await time('issue a token (token.request to IMDS, cache off)', () => apply(world, request)),
  await time('verify a token at a target (target.call to Key Vault)', () => apply(withToken, call)),
  await time('  of which the token checks alone (jose verify + claims)', () => inspect(withToken, headers, { audiences: ['https://vault.azure.net'] })),
];
console.log(`Node ${process.version}, ${RUNS} runs each after 20 warm-up runs, keys imported beforehand`);
for (const r of results) console.log(`${r.label.padEnd(58)} median ${ms(r.median)}   p95 ${ms(r.p95)}`);

// The README's "Run your own code against it": `npm run endpoint -- test/fixtures/vm-keyvault.json` plus
// the variables it prints let the README's unchanged JavaScript sample read the secret.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startEndpoint, type Endpoint } from '../../../server/endpoint.ts';
import { environmentBlock, guide } from '../../../server/guide.ts';
import { chooseResource, openSource } from '../../../server/world.ts';
import { environmentOf } from '../../../src/sim/index.ts';
import { certificate } from './harness.ts';

let ep: Endpoint | undefined;
afterAll(() => ep?.close());

it('the README sample reads the secret of vm-keyvault.json through the endpoint, with the printed variables', async () => {
  const opened = await openSource('test/fixtures/vm-keyvault.json');
  if (!opened.ok) throw new Error(opened.problem);
  const chosen = await chooseResource(opened.sandbox, undefined);
  if (!chosen.ok) throw new Error(chosen.problem);
  // The scenario ends by deleting web-1: the endpoint opens it just before, as web-1.
  expect(chosen.resource.name).toBe('web-1');
  expect(chosen.note).toMatch(/opens the scenario just before that step/);
  const { certificate: cert, caPath } = await certificate();
  ep = await startEndpoint({ sandbox: chosen.sandbox, as: chosen.resource.id, certificate: cert });
  expect(ep.prepared.join(' ')).toMatch(/moved forward .* to today/);
  const world = ep.sandbox.world;
  const input = { world, resource: chosen.resource, origin: ep.origin, proxyUrl: ep.proxyUrl, caPath, env: environmentOf(world, chosen.resource.id) };
  const printed = guide(input);
  const block = environmentBlock(input);
  for (const [k, v] of Object.entries({ ...block.trust, ...block.endpoint })) expect(printed).toContain(`export ${k}=${v}`);

  const readme = readFileSync('README.md', 'utf8');
  const sample = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith('// read-secret.mjs'));
  expect(sample).toBeTruthy();
  const dir = mkdtempSync(join(resolve('node_modules'), '.readme-endpoint-'));
  const file = join(dir, 'read-secret.mjs');
  writeFileSync(file, sample!);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AZURE_|IDENTITY_|MSI_|HTTPS?_PROXY|NO_PROXY|CLIENT_ID)/i.test(k)));
  try {
    const out = await new Promise<string>((ok, fail) =>
      execFile(process.execPath, [file], { env: { ...clean, ...block.trust, ...block.endpoint }, timeout: 90_000 }, (e, stdout, stderr) => (e ? fail(new Error(`${e.message}\n${stderr}`)) : ok(stdout))),
    );
    expect(out.trim().split('\n')).toEqual(['token for https://vault.azure.net', 'db-password = s3cret']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

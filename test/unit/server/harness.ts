// Starting endpoints for tests and running learner-style code against them in a child process, with the
// environment the endpoint prints (the child's Node reads NODE_EXTRA_CA_CERTS at start, as a learner's
// would).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCertificate, type Certificate } from '../../../server/certificate.ts';
import { startEndpoint, type Endpoint } from '../../../server/endpoint.ts';
import { environmentBlock } from '../../../server/guide.ts';
import type { SharedSandbox } from '../../../src/persist/saved.ts';
import { environmentOf, getResource, type Scenario } from '../../../src/sim/index.ts';

const CLIENT = fileURLToPath(new URL('./sdk-client.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let shared: Promise<{ certificate: Certificate; caPath: string }> | undefined;

/** One certificate for the whole test file (making one takes a moment on a busy machine). */
export function certificate() {
  shared ??= makeCertificate().then((certificate) => {
    const caPath = join(mkdtempSync(join(tmpdir(), 'endpoint-test-')), 'ca.pem');
    writeFileSync(caPath, certificate.ca);
    return { certificate, caPath };
  });
  return shared;
}

export interface TestEndpoint extends Endpoint {
  caPath: string;
  /** The variables `npm run endpoint` prints for this resource. */
  env: Record<string, string>;
}

export async function endpointFor(scenario: Scenario, as: string, rate?: number, rateClock?: () => number): Promise<TestEndpoint> {
  const { certificate: cert, caPath } = await certificate();
  const sandbox: SharedSandbox = { scenario, base: 0, cursor: scenario.actions.length };
  const ep = await startEndpoint({ sandbox, as, certificate: cert, ...(rate ? { rate } : {}), ...(rateClock ? { rateClock } : {}) });
  const world = ep.sandbox.world;
  const resource = getResource(world, as)!;
  const block = environmentBlock({ resource, origin: ep.origin, proxyUrl: ep.proxyUrl, caPath, env: environmentOf(world, resource.id) });
  return Object.assign(ep, { caPath, env: { ...block.trust, ...block.endpoint } });
}

export interface ClientCase {
  credential?: 'ManagedIdentityCredential' | 'DefaultAzureCredential';
  options?: Record<string, unknown>;
  scopes?: string | string[];
  vaultUrl?: string;
  secret?: string;
  /** Run this many credentials at once (separate processes' worth), each asking once. */
  parallel?: number;
  verify?: { discovery: string; audience: string };
}

export type ClientResult = { ok: true; token?: string; value?: string } | { ok: false; name: string; message: string; statusCode?: number; code?: string };

/** Run the cases in one Node process with the endpoint's environment, in order. */
export function runClient(env: Record<string, string>, cases: ClientCase[]): Promise<ClientResult[]> {
  // Only what the code needs: no Azure variables of the machine running the tests leak in.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AZURE_|IDENTITY_|MSI_|HTTPS?_PROXY|NO_PROXY|ALL_PROXY)/i.test(k)));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLIENT, JSON.stringify(cases)], { env: { ...base, ...env }, cwd: ROOT, timeout: 90_000, maxBuffer: 4 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as ClientResult[]);
    });
  });
}

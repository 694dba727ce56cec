// npm run endpoint -- <scenario file | share link> [--as <resource id or name>] [--port N]
// Starts the local endpoint for one resource of the simulated world and prints how to point code at it.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { environmentOf, type Resource } from '../src/sim/index.ts';
import { makeCertificate, writeCa } from './certificate.ts';
import { startEndpoint } from './endpoint.ts';
import { guide } from './guide.ts';
import { chooseResource, openSource } from './world.ts';

const USAGE = 'usage: npm run endpoint -- <scenario.json | share link> [--as <resource id or name>] [--port N] [--ca-file <where to write the CA certificate>]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { as: { type: 'string' }, port: { type: 'string' }, 'ca-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [source] = args.positionals;
  if (args.values.help || !source) {
    console.error(USAGE);
    return args.values.help ? 0 : 2;
  }
  const port = args.values.port === undefined ? 4350 : Number(args.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65534) {
    console.error(`--port must be a port number (0 to 65534), not '${args.values.port}'.`);
    return 2;
  }
  const opened = await openSource(source);
  if (!opened.ok) {
    console.error(opened.problem);
    return 1;
  }
  const chosen = await chooseResource(opened.sandbox, args.values.as);
  if (!chosen.ok) {
    console.error(`${opened.from}: ${chosen.problem}`);
    return 1;
  }
  const certificate = await makeCertificate();
  const caPath = resolve(args.values['ca-file'] ?? join(tmpdir(), 'managed-identity-sandbox', 'endpoint-ca.pem'));
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const appDir = join(root, 'dist');
  let endpoint;
  try {
    endpoint = await startEndpoint({ sandbox: chosen.sandbox, as: chosen.resource.id, certificate, port, ...(existsSync(join(appDir, 'index.html')) ? { appDir } : {}) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `Port ${port} or ${port + 1} is in use: pick others with --port N (the proxy takes N+1).` : String(e));
    return 1;
  }
  // Written only once the ports are ours, so a failed start never replaces a running endpoint's CA.
  writeCa(caPath, certificate);
  const world = endpoint.sandbox.world;
  const resource = world.resources[chosen.resource.id.toLowerCase()] as Resource;
  console.log(guide({ world, resource, origin: endpoint.origin, proxyUrl: endpoint.proxyUrl, caPath, env: environmentOf(world, resource.id) }));
  if (chosen.note) console.log(`\nNote: ${chosen.note}`);
  for (const note of endpoint.prepared) console.log(`\nNote: ${note}`);
  if (!existsSync(join(appDir, 'index.html'))) console.log(`\nThe browser view needs the built app: run \`npm run build\`, then restart the endpoint.`);
  else console.log(`\nOpen ${endpoint.origin}/ to watch every request live (your browser will warn about the sandbox's own certificate).`);
  console.log('\nPress Ctrl+C to stop.');
  const stop = async () => {
    await endpoint.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  endpoint.sandbox.subscribe((b) => {
    if (b.origin.kind !== 'endpoint' || b.event.type !== 'ACT') return;
    const a = b.event.action;
    const url = 'request' in a && a.request ? `${a.request.method} ${a.request.url}` : a.type;
    console.log(`${new Date().toISOString().slice(11, 19)}  ${url.length > 110 ? `${url.slice(0, 107)}...` : url}`);
  });
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

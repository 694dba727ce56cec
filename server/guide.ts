// What the endpoint prints at start: which resource it answers as, the environment variables that point
// unchanged code at it (IMDS-style or App Service-style) and trust its certificate, and a test command.
import { displayName, KINDS, type Resource, type World } from '../src/sim/index.ts';
import { hasIdentity } from '../src/sim/identity-header.ts';
import { isSource } from '../src/sim/query.ts';

export interface GuideInput {
  world: World;
  resource: Resource;
  origin: string;
  proxyUrl: string;
  caPath: string;
  /** The resource's IDENTITY_ENDPOINT / IDENTITY_HEADER in the simulated world (empty when it has no identity). */
  env: Record<string, string>;
}

/** The variables for the resource, in the order they are printed. */
export function environmentBlock(input: Omit<GuideInput, 'world'>): { trust: Record<string, string>; endpoint: Record<string, string>; style: 'imds' | 'appService' } {
  const trust = { NODE_EXTRA_CA_CERTS: input.caPath, REQUESTS_CA_BUNDLE: input.caPath, SSL_CERT_FILE: input.caPath, HTTPS_PROXY: input.proxyUrl, NO_PROXY: '127.0.0.1,localhost' };
  const r = input.resource;
  if (isSource(r) && KINDS[r.kind].tokenEndpoint === 'imds') return { trust, endpoint: { AZURE_POD_IDENTITY_AUTHORITY_HOST: input.origin }, style: 'imds' };
  const header = input.env.IDENTITY_HEADER ?? '(not set: the app has no identity yet)';
  const endpoint: Record<string, string> = { IDENTITY_ENDPOINT: `${input.origin}/msi/token`, IDENTITY_HEADER: header };
  // The 2017-09-01 names, for older SDKs (App Service and Functions set both; Container Apps only the new ones).
  if (input.env.MSI_SECRET) Object.assign(endpoint, { MSI_ENDPOINT: `${input.origin}/msi/token`, MSI_SECRET: input.env.MSI_SECRET });
  return { trust, endpoint, style: 'appService' };
}

const exports = (vars: Record<string, string>) => Object.entries(vars).map(([k, v]) => `export ${k}=${/^[\w./:,@-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`}`);

/** A one-line check: the first vault with a secret, read with DefaultAzureCredential; else a token. */
export function testCommand(world: World): string {
  const vault = Object.values(world.resources).find((r) => r.kind === 'keyVault' && Object.keys(r.secrets).length > 0);
  if (vault?.kind === 'keyVault') {
    const secret = Object.keys(vault.secrets)[0]!;
    return `node --input-type=module -e "import {DefaultAzureCredential} from '@azure/identity'; import {SecretClient} from '@azure/keyvault-secrets'; const s = await new SecretClient('https://${vault.name.toLowerCase()}.vault.azure.net', new DefaultAzureCredential()).getSecret('${secret}'); console.log(s.name, '=', s.value)"`;
  }
  return `node --input-type=module -e "import {DefaultAzureCredential} from '@azure/identity'; const t = await new DefaultAzureCredential().getToken('https://management.azure.com/.default'); console.log(t.token.split('.')[1])"`;
}

export function guide(input: GuideInput): string {
  const r = input.resource;
  const { trust, endpoint, style } = environmentBlock(input);
  const kind = isSource(r) ? KINDS[r.kind].noun : r.kind;
  const lines = [
    `Managed Identity Sandbox endpoint: your code runs as the ${kind} '${displayName(r)}'`,
    `  ${r.id}`,
    isSource(r) && !hasIdentity(r) ? '  It has no managed identity yet: turn one on in the browser (Identity tab) and ask again.' : '',
    '',
    `Listening on ${input.origin} (HTTPS, loopback only) and ${input.proxyUrl} (a proxy that answers for the simulated Azure services; it never connects to the internet).`,
    'Tokens are real JWTs signed with the sandbox tenant\'s own keys, not Microsoft\'s: no Azure service accepts them.',
    '',
    '# Trust the endpoint\'s certificate (Node, Python, .NET) and reach the simulated services through its proxy:',
    ...exports(trust),
    '',
    style === 'imds' ? '# IMDS-style (a VM): ManagedIdentityCredential sends its IMDS request here' : '# App Service-style (App Service, Functions, Container Apps): the token service and its secret header',
    ...exports(endpoint),
    '',
    style === 'imds'
      ? `# (App Service-style variables need an app: restart with --as <web app, function app or container app>.)`
      : `# (IMDS-style needs a VM: restart with --as <vm>.)`,
    '',
    '# Then run your code unchanged, or this:',
    testCommand(input.world),
  ];
  return lines.filter((l, i) => l !== '' || lines[i - 1] !== '').join('\n');
}

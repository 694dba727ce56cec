// Code to copy: the same token request or service call written with the Azure SDK for JavaScript
// (@azure/identity), Python (azure-identity) and .NET (Azure.Identity), with ManagedIdentityCredential or
// DefaultAzureCredential. Each runs unchanged on Azure, and against the sandbox's local endpoint with
// the variables `npm run endpoint` prints. Pure text: the UI shows it, the tests run the JavaScript.

export type Language = 'javascript' | 'python' | 'csharp';
export type CredentialKind = 'ManagedIdentityCredential' | 'DefaultAzureCredential';

/** Which identity: none named (system-assigned, or the only one), or a user-assigned one. */
export interface IdentityChoice {
  clientId?: string;
  resourceId?: string;
  objectId?: string;
}

export type CodeTarget =
  | { kind: 'token'; scope: string }
  | { kind: 'keyVault'; vaultUrl: string; secret: string }
  | { kind: 'blob'; accountUrl: string; container: string; blob: string }
  | { kind: 'arm'; subscriptionId: string }
  | { kind: 'api'; url: string; scope: string };

export const LANGUAGES: { id: Language; label: string }[] = [
  { id: 'javascript', label: 'JavaScript' },
  { id: 'python', label: 'Python' },
  { id: 'csharp', label: 'C#' },
];

const q = (s: string) => JSON.stringify(s);

function jsCredential(kind: CredentialKind, id: IdentityChoice): string {
  if (kind === 'DefaultAzureCredential') {
    if (id.clientId) return `new DefaultAzureCredential({ managedIdentityClientId: ${q(id.clientId)} })`;
    if (id.resourceId) return `new DefaultAzureCredential({ managedIdentityResourceId: ${q(id.resourceId)} })`;
    return 'new DefaultAzureCredential()';
  }
  if (id.clientId) return `new ManagedIdentityCredential({ clientId: ${q(id.clientId)} })`;
  if (id.resourceId) return `new ManagedIdentityCredential({ resourceId: ${q(id.resourceId)} })`;
  if (id.objectId) return `new ManagedIdentityCredential({ objectId: ${q(id.objectId)} })`;
  return 'new ManagedIdentityCredential()';
}

function pyCredential(kind: CredentialKind, id: IdentityChoice, imds: boolean): string {
  if (kind === 'DefaultAzureCredential') return id.clientId ? `DefaultAzureCredential(managed_identity_client_id=${q(id.clientId)})` : 'DefaultAzureCredential()';
  if (id.clientId) return `ManagedIdentityCredential(client_id=${q(id.clientId)})`;
  if (id.resourceId) return `ManagedIdentityCredential(identity_config={${q(imds ? 'msi_res_id' : 'mi_res_id')}: ${q(id.resourceId)}})`;
  if (id.objectId) return `ManagedIdentityCredential(identity_config={"object_id": ${q(id.objectId)}})`;
  return 'ManagedIdentityCredential()';
}

function csCredential(kind: CredentialKind, id: IdentityChoice): string {
  if (kind === 'DefaultAzureCredential') {
    if (id.clientId) return `new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ${q(id.clientId)} })`;
    if (id.resourceId) return `new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityResourceId = new ResourceIdentifier(${q(id.resourceId)}) })`;
    return 'new DefaultAzureCredential()';
  }
  if (id.clientId) return `new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(${q(id.clientId)}))`;
  if (id.resourceId) return `new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedResourceId(new ResourceIdentifier(${q(id.resourceId)})))`;
  if (id.objectId) return `new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedObjectId(${q(id.objectId)}))`;
  return 'new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)';
}

/** DefaultAzureCredential cannot name an identity by object id: say so in the code. */
function caveat(language: Language, kind: CredentialKind, id: IdentityChoice): string[] {
  if (kind !== 'DefaultAzureCredential' || !id.objectId || id.clientId || id.resourceId) return [];
  const c = language === 'python' ? '#' : '//';
  return [`${c} DefaultAzureCredential names a user-assigned identity by client id (or resource id), not by object id.`];
}

function javascript(kind: CredentialKind, id: IdentityChoice, t: CodeTarget): string {
  const imports = [`import { ${kind} } from "@azure/identity";`];
  const body: string[] = [`const credential = ${jsCredential(kind, id)};`];
  switch (t.kind) {
    case 'token':
      body.push(`const { token, expiresOnTimestamp } = await credential.getToken(${q(t.scope)});`);
      break;
    case 'keyVault':
      imports.push('import { SecretClient } from "@azure/keyvault-secrets";');
      body.push(`const client = new SecretClient(${q(t.vaultUrl)}, credential);`, `const secret = await client.getSecret(${q(t.secret)});`, 'console.log(secret.value);');
      break;
    case 'blob':
      imports.push('import { BlobServiceClient } from "@azure/storage-blob";');
      body.push(
        `const blob = new BlobServiceClient(${q(t.accountUrl)}, credential).getContainerClient(${q(t.container)}).getBlobClient(${q(t.blob)});`,
        'console.log((await blob.downloadToBuffer()).toString());',
      );
      break;
    case 'arm':
      imports.push('import { ResourceManagementClient } from "@azure/arm-resources";');
      body.push(`const client = new ResourceManagementClient(credential, ${q(t.subscriptionId)});`, 'for await (const group of client.resourceGroups.list()) console.log(group.name);');
      break;
    case 'api':
      body.push(`const { token } = await credential.getToken(${q(t.scope)});`, `const res = await fetch(${q(t.url)}, { headers: { Authorization: \`Bearer \${token}\` } });`, 'console.log(res.status, await res.text());');
  }
  return [...imports, '', ...caveat('javascript', kind, id), ...body].join('\n');
}

function python(kind: CredentialKind, id: IdentityChoice, t: CodeTarget, imds: boolean): string {
  const imports = [`from azure.identity import ${kind}`];
  const body: string[] = [`credential = ${pyCredential(kind, id, imds)}`];
  switch (t.kind) {
    case 'token':
      body.push(`access_token = credential.get_token(${q(t.scope)})`, 'print(access_token.expires_on)');
      break;
    case 'keyVault':
      imports.push('from azure.keyvault.secrets import SecretClient');
      body.push(`client = SecretClient(${q(t.vaultUrl)}, credential)`, `print(client.get_secret(${q(t.secret)}).value)`);
      break;
    case 'blob':
      imports.push('from azure.storage.blob import BlobServiceClient');
      body.push(`blob = BlobServiceClient(${q(t.accountUrl)}, credential=credential).get_blob_client(${q(t.container)}, ${q(t.blob)})`, 'print(blob.download_blob().readall())');
      break;
    case 'arm':
      imports.push('from azure.mgmt.resource import ResourceManagementClient');
      body.push(`client = ResourceManagementClient(credential, ${q(t.subscriptionId)})`, 'for group in client.resource_groups.list():', '    print(group.name)');
      break;
    case 'api':
      imports.push('import requests');
      body.push(`token = credential.get_token(${q(t.scope)}).token`, `res = requests.get(${q(t.url)}, headers={"Authorization": f"Bearer {token}"})`, 'print(res.status_code, res.text)');
  }
  return [...imports, '', ...caveat('python', kind, id), ...body].join('\n');
}

function csharp(kind: CredentialKind, id: IdentityChoice, t: CodeTarget): string {
  const usings = ['using Azure.Core;', 'using Azure.Identity;'];
  const body: string[] = [`var credential = ${csCredential(kind, id)};`];
  switch (t.kind) {
    case 'token':
      body.push(`AccessToken token = await credential.GetTokenAsync(new TokenRequestContext(new[] { ${q(t.scope)} }));`, 'Console.WriteLine(token.ExpiresOn);');
      break;
    case 'keyVault':
      usings.push('using Azure.Security.KeyVault.Secrets;');
      body.push(`var client = new SecretClient(new Uri(${q(t.vaultUrl)}), credential);`, `KeyVaultSecret secret = await client.GetSecretAsync(${q(t.secret)});`, 'Console.WriteLine(secret.Value);');
      break;
    case 'blob':
      usings.push('using Azure.Storage.Blobs;');
      body.push(`var blob = new BlobServiceClient(new Uri(${q(t.accountUrl)}), credential).GetBlobContainerClient(${q(t.container)}).GetBlobClient(${q(t.blob)});`, 'Console.WriteLine((await blob.DownloadContentAsync()).Value.Content);');
      break;
    case 'arm':
      usings.push('using Azure.ResourceManager;', 'using Azure.ResourceManager.Resources;');
      body.push(
        'var arm = new ArmClient(credential);',
        `var subscription = arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(${q(t.subscriptionId)}));`,
        'await foreach (var group in subscription.GetResourceGroups().GetAllAsync()) Console.WriteLine(group.Data.Name);',
      );
      break;
    case 'api':
      body.push(
        `AccessToken token = await credential.GetTokenAsync(new TokenRequestContext(new[] { ${q(t.scope)} }));`,
        'using var http = new HttpClient();',
        'http.DefaultRequestHeaders.Authorization = new("Bearer", token.Token);',
        `Console.WriteLine(await http.GetStringAsync(${q(t.url)}));`,
      );
  }
  return [...usings, '', ...caveat('csharp', kind, id), ...body].join('\n');
}

/**
 * The code for a target, in a language, with a credential. `imds` says whether the code runs on a VM
 * (Python names a resource id differently there).
 */
export function codeToCopy(language: Language, kind: CredentialKind, id: IdentityChoice, target: CodeTarget, imds = true): string {
  if (language === 'python') return python(kind, id, target, imds);
  if (language === 'csharp') return csharp(kind, id, target);
  return javascript(kind, id, target);
}

/** The target of a service call, from its URL; null when the URL names none of the services. */
export function targetOfUrl(url: string, apiScope?: string): CodeTarget | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const host = u.hostname.toLowerCase();
  if (host.endsWith('.vault.azure.net')) {
    const secret = /^\/secrets\/([^/]+)/i.exec(u.pathname)?.[1];
    return { kind: 'keyVault', vaultUrl: `https://${host}`, secret: decodeURIComponent(secret ?? 'my-secret') };
  }
  if (host.endsWith('.blob.core.windows.net')) {
    const [, container = 'my-container', ...blob] = u.pathname.split('/');
    return { kind: 'blob', accountUrl: `https://${host}`, container: decodeURIComponent(container), blob: decodeURIComponent(blob.join('/') || 'my-blob.txt') };
  }
  if (host === 'management.azure.com') {
    const sub = /^\/subscriptions\/([^/]+)/i.exec(u.pathname)?.[1];
    return { kind: 'arm', subscriptionId: sub ?? '<subscription id>' };
  }
  return apiScope ? { kind: 'api', url: `${u.origin}${u.pathname}`, scope: apiScope } : null;
}

// The calls a learner can make to a target, built as the HTTP request code would send: Key Vault and
// Blob storage data planes, Azure Resource Manager, and the tenant's own APIs (docs/tokens.md).
import { displayName, type Application, type World } from '../../sim/index.ts';
import { BUILT_IN_ROLES, roleDefinitionId } from '../../sim/roles.ts';
import type { EditableRequest } from './request.ts';

export type Service = 'keyVault' | 'storage' | 'arm' | 'api';

export const SERVICE_WORDS: Record<Service, string> = { keyVault: 'Key Vault', storage: 'Blob storage', arm: 'Azure Resource Manager', api: 'Your API' };

export const OPERATIONS: Record<Service, { id: string; label: string }[]> = {
  keyVault: [
    { id: 'get', label: 'Get a secret' },
    { id: 'set', label: 'Set a secret' },
    { id: 'list', label: 'List secrets' },
  ],
  storage: [
    { id: 'read', label: 'Read a blob' },
    { id: 'write', label: 'Write a blob' },
    { id: 'list', label: 'List the blobs of a container' },
  ],
  arm: [
    { id: 'read', label: 'Read a resource' },
    { id: 'tag', label: 'Write a tag on a resource' },
    { id: 'grant', label: 'Create a role assignment' },
  ],
  api: [{ id: 'get', label: 'Call the API (GET)' }],
};

/** What the form holds; each operation reads the fields it needs. */
export interface CallInputs {
  service: Service;
  op: string;
  /** The vault, storage account or ARM scope id, or the API's app id. */
  target: string;
  /** Secret name, blob name or tag name. */
  name: string;
  container: string;
  /** Secret value, blob content or tag value. */
  value: string;
  role: string;
  principalId: string;
  /** The new role assignment's name, a GUID chosen by the caller as in ARM. */
  assignmentName: string;
  path: string;
}

export function services(world: World): Service[] {
  const kinds = new Set(Object.values(world.resources).map((r) => r.kind));
  return [...(kinds.has('keyVault') ? (['keyVault'] as const) : []), ...(kinds.has('storageAccount') ? (['storage'] as const) : []), 'arm', ...(apis(world).length ? (['api'] as const) : [])];
}

export const apis = (world: World): Application[] => Object.values(world.applications).filter((a) => a.api);

export interface TargetOption {
  id: string;
  label: string;
}

/** What a service can be pointed at, for the form's target picker. */
export function targetOptions(world: World, service: Service, op: string): TargetOption[] {
  const rs = Object.values(world.resources);
  if (service === 'keyVault') return rs.filter((r) => r.kind === 'keyVault').map((r) => ({ id: r.id, label: r.name }));
  if (service === 'storage') return rs.filter((r) => r.kind === 'storageAccount').map((r) => ({ id: r.id, label: r.name }));
  if (service === 'api') return apis(world).map((a) => ({ id: a.appId, label: `${a.displayName} (${a.api!.url})` }));
  const resources = rs.map((r) => ({ id: r.id, label: `${displayName(r)} (${r.type.split('/').pop()})` }));
  if (op === 'tag') return resources;
  const sub = Object.values(world.subscriptions)[0]!;
  const groups = Object.values(world.resourceGroups).map((g) => ({ id: g.id, label: `${g.name} (resource group)` }));
  return [{ id: sub.id, label: `${sub.displayName} (subscription)` }, ...groups, ...resources];
}

/** A new GUID for a role assignment's name (ARM has the caller choose it). */
export function newGuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** api-version values current for each provider; ARM refuses a request without one. */
const API_VERSIONS: Record<string, string> = {
  'microsoft.compute': '2024-07-01',
  'microsoft.web': '2023-12-01',
  'microsoft.logic': '2019-05-01',
  'microsoft.app': '2024-03-01',
  'microsoft.keyvault': '2023-07-01',
  'microsoft.storage': '2023-05-01',
  'microsoft.managedidentity': '2023-01-31',
};

function armApiVersion(id: string): string {
  const provider = /\/providers\/([^/]+)\//i.exec(id)?.[1]?.toLowerCase();
  if (provider) return API_VERSIONS[provider] ?? '2021-04-01';
  return /\/resourceGroups\//i.test(id) ? '2021-04-01' : '2022-12-01';
}

const ARM = 'https://management.azure.com';
const blobPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');
const request = (method: string, url: string, headers: [string, string][] = [], body = ''): EditableRequest => ({ method, url, headers: headers.map(([name, value]) => ({ name, value })), body });

/** The HTTP request for a call, or null when the form is missing what it needs. */
export function buildCall(world: World, c: CallInputs): EditableRequest | null {
  const r = world.resources[c.target.toLowerCase()];
  switch (c.service) {
    case 'keyVault': {
      if (r?.kind !== 'keyVault') return null;
      const secrets = `${r.vaultUri}secrets`;
      if (c.op === 'list') return request('GET', `${secrets}?api-version=7.4`);
      if (!c.name) return null;
      if (c.op === 'set') return request('PUT', `${secrets}/${encodeURIComponent(c.name)}?api-version=7.4`, [['Content-Type', 'application/json']], JSON.stringify({ value: c.value }));
      return request('GET', `${secrets}/${encodeURIComponent(c.name)}?api-version=7.4`);
    }
    case 'storage': {
      if (r?.kind !== 'storageAccount' || !c.container) return null;
      const version: [string, string] = ['x-ms-version', '2021-08-06'];
      if (c.op === 'list') return request('GET', `${r.blobEndpoint}${encodeURIComponent(c.container)}?restype=container&comp=list`, [version]);
      if (!c.name) return null;
      const url = `${r.blobEndpoint}${encodeURIComponent(c.container)}/${blobPath(c.name)}`;
      if (c.op === 'write') return request('PUT', url, [version, ['x-ms-blob-type', 'BlockBlob'], ['Content-Type', 'text/plain; charset=utf-8']], c.value);
      return request('GET', url, [version]);
    }
    case 'arm': {
      if (!c.target) return null;
      if (c.op === 'grant') {
        const role = BUILT_IN_ROLES.find((x) => x.roleName === c.role);
        const sub = Object.values(world.subscriptions)[0]!;
        if (!role || !c.principalId) return null;
        const body = { properties: { roleDefinitionId: roleDefinitionId(sub.subscriptionId, role), principalId: c.principalId, principalType: 'ServicePrincipal' } };
        return request('PUT', `${ARM}${c.target}/providers/Microsoft.Authorization/roleAssignments/${c.assignmentName}?api-version=2022-04-01`, [['Content-Type', 'application/json']], JSON.stringify(body, null, 2));
      }
      const url = `${ARM}${c.target}?api-version=${armApiVersion(c.target)}`;
      if (c.op === 'tag') {
        if (!r || !c.name) return null;
        return request('PATCH', url, [['Content-Type', 'application/json']], JSON.stringify({ tags: { ...r.tags, [c.name]: c.value } }));
      }
      return request('GET', url);
    }
    case 'api': {
      const app = world.applications[c.target.toLowerCase()];
      if (!app?.api) return null;
      const path = c.path.trim() ? `/${c.path.trim().replace(/^\/+/, '')}` : '';
      return request('GET', `${app.api.url}${path}`);
    }
  }
}

/** The audience a service accepts: what a logic app's HTTP action asks its platform for. */
/** The service a token's audience is for (the reverse of serviceAudience), if the sandbox calls it. */
export function serviceForAudience(world: World, audience: string): Service | undefined {
  const a = audience.replace(/\/+$/, '').toLowerCase();
  if (a === 'https://vault.azure.net') return 'keyVault';
  if (a === 'https://storage.azure.com') return 'storage';
  if (a === 'https://management.azure.com' || a === 'https://management.core.windows.net') return 'arm';
  return Object.values(world.applications).some((app) => app.api && (app.appId === audience || app.identifierUris.includes(audience))) ? 'api' : undefined;
}

export function serviceAudience(world: World, service: Service, target: string): string {
  if (service === 'keyVault') return 'https://vault.azure.net';
  if (service === 'storage') return 'https://storage.azure.com/';
  if (service === 'arm') return 'https://management.azure.com/';
  const app = world.applications[target.toLowerCase()];
  return app?.identifierUris[0] ?? app?.appId ?? '';
}

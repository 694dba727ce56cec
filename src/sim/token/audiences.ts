// Which `resource` values the authority can issue a token for. Entra looks the value up among the
// service principals of the tenant (first-party services and your own app registrations); the token's
// `aud` is then the value exactly as requested (v1.0 tokens).
import { own } from '../table.ts';
import { KINDS } from '../arm.ts';
import type { Application, World } from '../world.ts';
import { MICROSOFT_GRAPH, isGraph } from './targets/graph.ts';

/** Well-known first-party resource ids, as the fact sheet lists them (§3 common audiences). */
export const WELL_KNOWN_RESOURCES: Record<string, string> = {
  'https://management.azure.com': 'Azure Resource Manager',
  'https://management.core.windows.net': 'Azure Resource Manager (classic id)',
  'https://vault.azure.net': 'Azure Key Vault',
  'https://storage.azure.com': 'Azure Storage',
  'https://database.windows.net': 'Azure SQL Database',
  'https://eventhubs.azure.net': 'Azure Event Hubs',
  'https://servicebus.azure.net': 'Azure Service Bus',
  'https://datalake.azure.net': 'Azure Data Lake',
  'https://graph.microsoft.com': 'Microsoft Graph',
};

export interface ResourcePrincipal {
  /** What the resource is, in words. */
  name: string;
  /** Set when the resource is one of your own app registrations (its app roles go into `roles`). */
  api?: Application;
}

/** Entra compares resource URIs without case and ignores a trailing slash. */
const norm = (uri: string) => uri.trim().toLowerCase().replace(/\/+$/, '');

/** The application whose app ID URI or client id is `resource`, if any. */
export function apiFor(world: World, resource: string): Application | undefined {
  const r = norm(resource);
  return Object.values(world.applications).find((a) => a.appId === r || a.identifierUris.some((u) => norm(u) === r));
}

/**
 * Resolve a requested resource, or null when no service principal in the tenant has that name (the
 * AADSTS500011 case). Per-vault and per-account URLs resolve for the vaults and accounts in the world,
 * because Entra accepts them (the Key Vault one then fails at the vault with AKV10022).
 */
export function resolveResource(world: World, resource: string): ResourcePrincipal | null {
  const r = norm(resource);
  const known = own(WELL_KNOWN_RESOURCES, r);
  // Microsoft Graph's application permissions (its app roles) go into `roles` like your own API's.
  if (known) return isGraph(r) ? { name: known, api: MICROSOFT_GRAPH } : { name: known };
  const api = apiFor(world, resource);
  if (api) return { name: `your API '${api.displayName}'`, api };
  const host = /^https:\/\/([^/]+)$/.exec(r)?.[1];
  if (host) {
    for (const res of Object.values(world.resources)) {
      if (res.kind === 'keyVault' && host === `${res.name.toLowerCase()}.vault.azure.net`) return { name: `the URL of ${KINDS.keyVault.noun} '${res.name}'` };
      if (res.kind === 'storageAccount' && host === `${res.name.toLowerCase()}.blob.core.windows.net`) return { name: `the blob endpoint of storage account '${res.name}'` };
    }
  }
  return null;
}

// Which `resource` values the authority can issue a token for. Entra looks the value up among the
// service principals of the tenant (first-party services and your own app registrations); the token's
// `aud` is then the value exactly as requested (v1.0 tokens).
import { own } from '../table.ts';
import { KINDS } from '../arm.ts';
import type { Application, World } from '../world.ts';
import { FIRST_PARTY_APPS, TARGET_IDS, TARGETS } from './targets/registry.ts';
import type { TargetService } from './targets/service.ts';

/** First-party APIs Entra issues tokens for that the sandbox has no target for (§3 common audiences). */
const UNCALLED: Record<string, string> = {
  'https://eventhubs.azure.net': 'Azure Event Hubs',
  'https://datalake.azure.net/': 'Azure Data Lake',
};

/**
 * Well-known first-party resource ids as the docs write them (some with a trailing slash), with their
 * names: each target service's own (its registry entry), then the others.
 */
export const FIRST_PARTY_RESOURCES: readonly { resource: string; name: string }[] = [
  ...TARGET_IDS.map((id) => (TARGETS[id] as TargetService).firstParty?.resources ?? {}),
  UNCALLED,
].flatMap((r) => Object.entries(r).map(([resource, name]) => ({ resource, name })));

export interface ResourcePrincipal {
  /** What the resource is, in words. */
  name: string;
  /** Set when the resource is one of your own app registrations (its app roles go into `roles`). */
  api?: Application;
}

/** Entra compares resource URIs without case and ignores a trailing slash. */
const norm = (uri: string) => uri.trim().toLowerCase().replace(/\/+$/, '');

/** Well-known first-party resource ids (compared form, no trailing slash) and their names. */
export const WELL_KNOWN_RESOURCES: Readonly<Record<string, string>> = Object.fromEntries(FIRST_PARTY_RESOURCES.map((r) => [norm(r.resource), r.name]));

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
  // A first-party API's application permissions (Microsoft Graph's app roles) go into `roles` like your own API's.
  const app = FIRST_PARTY_APPS.find((a) => a.identifierUris.some((u) => norm(u) === r));
  if (known) return app ? { name: known, api: app } : { name: known };
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

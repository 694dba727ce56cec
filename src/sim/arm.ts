// ARM resource types and ids: how each kind of resource is named, addressed and shaped.
import type { ResourceKind, SourceKind, World } from './world.ts';
import { defaultSubscription } from './world.ts';

export interface KindInfo {
  /** ARM resource type. */
  type: string;
  /** `kind` property of Microsoft.Web sites. */
  siteKind?: 'app' | 'functionapp';
  label: string;
  /** The label inside a sentence ("App Service" keeps its capitals). */
  noun: string;
  /** How the provider spells identity.type when both kinds are on (Compute puts a space after the comma). */
  bothTypes: string | null;
  /** How code on the resource asks for a token: IMDS, the App Service protocol, or only through connectors. */
  tokenEndpoint: 'imds' | 'appService' | 'connector' | null;
  /** Whether a resource of this kind can hold managed identities in the sandbox. */
  source: boolean;
}

export const KINDS: Record<ResourceKind, KindInfo> = {
  vm: { type: 'Microsoft.Compute/virtualMachines', label: 'Virtual machine', noun: 'virtual machine', bothTypes: 'SystemAssigned, UserAssigned', tokenEndpoint: 'imds', source: true },
  webApp: { type: 'Microsoft.Web/sites', siteKind: 'app', label: 'App Service web app', noun: 'App Service web app', bothTypes: 'SystemAssigned,UserAssigned', tokenEndpoint: 'appService', source: true },
  functionApp: { type: 'Microsoft.Web/sites', siteKind: 'functionapp', label: 'Function app', noun: 'function app', bothTypes: 'SystemAssigned,UserAssigned', tokenEndpoint: 'appService', source: true },
  slot: { type: 'Microsoft.Web/sites/slots', label: 'Deployment slot', noun: 'deployment slot', bothTypes: 'SystemAssigned,UserAssigned', tokenEndpoint: 'appService', source: true },
  // Consumption logic apps take either the system-assigned identity or one user-assigned identity.
  logicApp: { type: 'Microsoft.Logic/workflows', label: 'Logic app (Consumption)', noun: 'logic app (Consumption)', bothTypes: null, tokenEndpoint: 'connector', source: true },
  containerApp: { type: 'Microsoft.App/containerApps', label: 'Container app', noun: 'container app', bothTypes: 'SystemAssigned,UserAssigned', tokenEndpoint: 'appService', source: true },
  keyVault: { type: 'Microsoft.KeyVault/vaults', label: 'Key vault', noun: 'key vault', bothTypes: null, tokenEndpoint: null, source: false },
  storageAccount: { type: 'Microsoft.Storage/storageAccounts', label: 'Storage account', noun: 'storage account', bothTypes: null, tokenEndpoint: null, source: false },
  userAssignedIdentity: { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', label: 'User-assigned managed identity', noun: 'user-assigned managed identity', bothTypes: null, tokenEndpoint: null, source: false },
};

export const SOURCE_KINDS = (Object.keys(KINDS) as ResourceKind[]).filter((k) => KINDS[k].source) as SourceKind[];
export const TOP_LEVEL_KINDS = (Object.keys(KINDS) as ResourceKind[]).filter((k) => k !== 'slot');

export const key = (id: string) => id.toLowerCase();

export function resourceGroupId(subscriptionId: string, rg: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${rg}`;
}

/**
 * The ARM id of a top-level resource. The managed identity provider returns its ids with a lowercase
 * `resourcegroups` (as `az identity create` prints them); other providers use `resourceGroups`.
 */
export function resourceId(subscriptionId: string, rg: string, kind: ResourceKind, name: string): string {
  const rgSegment = kind === 'userAssignedIdentity' ? 'resourcegroups' : 'resourceGroups';
  return `/subscriptions/${subscriptionId}/${rgSegment}/${rg}/providers/${KINDS[kind].type}/${name}`;
}

export function slotId(siteId: string, slot: string): string {
  return `${siteId}/slots/${slot}`;
}

/**
 * Resolve an id given in an action. Ids are compared case-insensitively, and an id that starts at
 * `/resourceGroups/...` is taken to be in the default subscription, the way the CLI fills in the
 * current subscription; lesson files use that form because subscription ids are generated.
 */
export function expandId(world: World, id: string): string {
  return /^\/resourcegroups\//i.test(id) ? `/subscriptions/${defaultSubscription(world).subscriptionId}${id}` : id;
}

/** The lowercased ARM id of the resource group a resource id belongs to, if it names one. */
export function resourceGroupOf(id: string): string | null {
  const m = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/i.exec(id);
  return m ? key(m[0]) : null;
}

/** Whether `scope` is `target` or one of its ancestors, on segment boundaries (case-insensitive). */
export function scopeCovers(scope: string, target: string): boolean {
  const s = key(scope).replace(/\/+$/, '');
  const t = key(target);
  return t === s || t.startsWith(s + '/');
}

/** The ARM id of a resource as used in claims and Key Vault messages: lowercase `resourcegroups`. */
export function lowerRgSegment(id: string): string {
  return id.replace(/\/resourceGroups\//i, '/resourcegroups/');
}

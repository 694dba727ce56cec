// The shape of the simulated world. Everything here is plain, JSON-serializable data: a world can be
// stored, compared byte for byte, and rebuilt by replaying the actions that made it.
import { nextGuid, seedState } from './ids.ts';

export type SourceKind = 'vm' | 'webApp' | 'functionApp' | 'slot' | 'logicApp' | 'containerApp';
export type TargetKind = 'keyVault' | 'storageAccount';
export type ResourceKind = SourceKind | TargetKind | 'userAssignedIdentity';

/** A user-assigned identity as listed on the resource that uses it (ARM `userAssignedIdentities`). */
export interface UserAssignedRef {
  /** The identity's ARM resource id, as it was assigned. */
  id: string;
  /** The principal and client id the platform recorded when it was assigned; stale once it is deleted. */
  principalId: string;
  clientId: string;
}

export interface ResourceIdentity {
  systemAssigned: { principalId: string; tenantId: string } | null;
  userAssigned: UserAssignedRef[];
}

interface ResourceBase {
  /** ARM resource id in Azure's casing; look-ups compare it case-insensitively. */
  id: string;
  /** The ARM `name` (for a slot `<app>/<slot>`, as ARM returns it). */
  name: string;
  type: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  createdAt: number;
}

export interface SourceResource extends ResourceBase {
  kind: SourceKind;
  identity: ResourceIdentity;
  /** For a deployment slot: the id of its web or function app. */
  parentId?: string;
}

export type SecretPermission = 'get' | 'list' | 'set' | 'delete' | 'recover' | 'backup' | 'restore' | 'purge';
export interface AccessPolicy {
  tenantId: string;
  objectId: string;
  permissions: { secrets: SecretPermission[] };
}
export interface Secret {
  name: string;
  value: string;
  version: string;
  updatedAt: number;
}

export interface KeyVault extends ResourceBase {
  kind: 'keyVault';
  vaultUri: string;
  /** true = "Azure role-based access control" permission model; false = "Vault access policy". */
  enableRbacAuthorization: boolean;
  accessPolicies: AccessPolicy[];
  secrets: Record<string, Secret>;
}

export interface Blob {
  name: string;
  content: string;
  updatedAt: number;
}
export interface StorageAccount extends ResourceBase {
  kind: 'storageAccount';
  blobEndpoint: string;
  containers: Record<string, { name: string; blobs: Record<string, Blob> }>;
}

export interface UserAssignedIdentity extends ResourceBase {
  kind: 'userAssignedIdentity';
  principalId: string;
  clientId: string;
  tenantId: string;
}

export type Resource = SourceResource | KeyVault | StorageAccount | UserAssignedIdentity;

export interface ServicePrincipal {
  /** The object id: what role assignments name as `principalId`. */
  id: string;
  /** The application (client) id: what code names as `client_id`. */
  appId: string;
  displayName: string;
  servicePrincipalType: 'ManagedIdentity' | 'Application';
  alternativeNames: string[];
  servicePrincipalNames: string[];
  /** What the principal belongs to: the resource of a managed identity. */
  owner: { kind: 'systemAssigned' | 'userAssigned'; resourceId: string } | { kind: 'application'; appId: string };
  createdAt: number;
}

/** What the sandbox remembers of a deleted principal, so orphaned assignments can be explained. */
export interface DeletedPrincipal {
  id: string;
  displayName: string;
  kind: 'systemAssigned' | 'userAssigned' | 'application';
  resourceId?: string;
  deletedAt: number;
}

export interface RoleAssignment {
  id: string;
  /** A GUID, unique and immutable. */
  name: string;
  scope: string;
  principalId: string;
  principalType: 'ServicePrincipal' | 'User' | 'Group';
  roleDefinitionId: string;
  createdOn: number;
}

export interface ResourceGroup {
  id: string;
  name: string;
  location: string;
  subscriptionId: string;
  createdAt: number;
}

export interface Subscription {
  id: string;
  subscriptionId: string;
  displayName: string;
  /** The management group the subscription sits under. */
  managementGroupId: string;
}

export interface ManagementGroup {
  id: string;
  name: string;
  displayName: string;
  parentId: string | null;
}

export interface Settings {
  /** Seconds before a new role assignment takes effect at a target; 0 turns propagation off. */
  propagationDelay: number;
  /** Whether the token endpoints return a cached token for the same identity and resource. */
  tokenCache: boolean;
}

export interface World {
  schema: 1;
  seed: string;
  /** State of the seeded id generator. */
  rng: number;
  /** The simulated clock, in seconds since the epoch. */
  now: number;
  settings: Settings;
  tenant: { id: string; displayName: string; defaultDomain: string };
  managementGroups: Record<string, ManagementGroup>;
  subscriptions: Record<string, Subscription>;
  /** Keyed by the lowercased id, because ARM ids are case-insensitive. */
  resourceGroups: Record<string, ResourceGroup>;
  resources: Record<string, Resource>;
  /** Keyed by object id. */
  servicePrincipals: Record<string, ServicePrincipal>;
  deletedPrincipals: Record<string, DeletedPrincipal>;
  /** Keyed by the assignment's name (a GUID). */
  roleAssignments: Record<string, RoleAssignment>;
}

export interface WorldOptions {
  seed?: string;
  /** The clock's start, as an ISO 8601 time or seconds since the epoch. */
  start?: string | number;
  settings?: Partial<Settings>;
}

export const DEFAULT_START = '2026-03-02T09:00:00Z';
export const DEFAULT_SETTINGS: Settings = { propagationDelay: 300, tokenCache: true };
export const DEFAULT_LOCATION = 'westeurope';

export function toEpochSeconds(start: string | number): number {
  if (typeof start === 'number') return Math.floor(start);
  const ms = Date.parse(start);
  if (Number.isNaN(ms)) throw new Error(`"${start}" is not an ISO 8601 time`);
  return Math.floor(ms / 1000);
}

/** A fresh tenant with one subscription under its root management group, and nothing else. */
export function createWorld(options: WorldOptions = {}): World {
  const seed = options.seed ?? 'sandbox';
  let rng = seedState(seed);
  let tenantId: string;
  let subscriptionId: string;
  [tenantId, rng] = nextGuid(rng);
  [subscriptionId, rng] = nextGuid(rng);
  const rootGroupId = `/providers/Microsoft.Management/managementGroups/${tenantId}`;
  return {
    schema: 1,
    seed,
    rng,
    now: toEpochSeconds(options.start ?? DEFAULT_START),
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    tenant: { id: tenantId, displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' },
    managementGroups: {
      [rootGroupId.toLowerCase()]: { id: rootGroupId, name: tenantId, displayName: 'Tenant Root Group', parentId: null },
    },
    subscriptions: {
      [subscriptionId]: {
        id: `/subscriptions/${subscriptionId}`,
        subscriptionId,
        displayName: 'Sandbox subscription',
        managementGroupId: rootGroupId,
      },
    },
    resourceGroups: {},
    resources: {},
    servicePrincipals: {},
    deletedPrincipals: {},
    roleAssignments: {},
  };
}

/** The subscription actions fall back to when they name none (like the CLI's current subscription). */
export function defaultSubscription(world: World): Subscription {
  const first = Object.values(world.subscriptions)[0];
  if (!first) throw new Error('the world has no subscription');
  return first;
}

// The shape of the simulated world. Everything here is plain, JSON-serializable data: a world can be
// stored, compared byte for byte, and rebuilt by replaying the actions that made it.
import { nextGuid, seedState } from './ids.ts';
import { emptyTable } from './table.ts';

import type { SourceKind } from './kinds.ts';

export type { CreatableKind, ResourceKind, SourceKind, TargetKind } from './kinds.ts';

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
  /** ARM tags, as a target call to ARM may write them. */
  tags?: Record<string, string>;
}

export interface SourceResource extends ResourceBase {
  kind: SourceKind;
  identity: ResourceIdentity;
  /** For a deployment slot: the id of its web or function app. */
  parentId?: string;
  /**
   * App Service, Functions, slots and Container Apps: the IDENTITY_HEADER value the platform sets while
   * the resource has an identity (it guards the local token endpoint against SSRF).
   */
  identityHeader?: string;
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

/** A message waiting in a Service Bus queue. */
export interface QueuedMessage {
  messageId: string;
  sequenceNumber: number;
  body: string;
  enqueuedAt: number;
}
export interface ServiceBusNamespace extends ResourceBase {
  kind: 'serviceBusNamespace';
  /** https://<namespace>.servicebus.windows.net:443/ as ARM lists it. */
  serviceBusEndpoint: string;
  queues: Record<string, { name: string; messages: QueuedMessage[]; nextSequence: number }>;
}

/** The fixed database roles the sandbox models (a contained user's memberships). */
export type SqlRole = 'db_datareader' | 'db_datawriter' | 'db_owner';
/** A contained database user for a Microsoft Entra principal, made by CREATE USER [name] FROM EXTERNAL PROVIDER. */
export interface SqlUser {
  name: string;
  /** The principal's application (client) id: SQL keeps it as the user's SID and matches a token's appid to it. */
  appId: string;
  principalId: string;
  roles: SqlRole[];
}
export interface SqlDatabase {
  name: string;
  users: Record<string, SqlUser>;
}
/** A logical SQL server (Microsoft.Sql/servers) and its databases (Microsoft.Sql/servers/databases). */
export interface SqlServer extends ResourceBase {
  kind: 'sqlServer';
  /** <server>.database.windows.net */
  fullyQualifiedDomainName: string;
  databases: Record<string, SqlDatabase>;
}

export interface UserAssignedIdentity extends ResourceBase {
  kind: 'userAssignedIdentity';
  principalId: string;
  clientId: string;
  tenantId: string;
}

export type Resource = SourceResource | KeyVault | StorageAccount | ServiceBusNamespace | SqlServer | UserAssignedIdentity;

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

export interface AppRole {
  id: string;
  /** The value that appears in the token's `roles` claim, e.g. "Orders.Read". */
  value: string;
  displayName: string;
  description: string;
  allowedMemberTypes: ('Application' | 'User')[];
  isEnabled: boolean;
}

export interface PasswordCredential {
  keyId: string;
  displayName: string;
  /** The first three characters, as the portal shows after creation. */
  hint: string;
  /** The secret itself: in Azure it is shown once; the sandbox keeps it to show how easily it leaks. */
  secretText: string;
  startDateTime: number;
  endDateTime: number;
}

/** An app registration (application object) and the service principal it has in the tenant. */
export interface Application {
  /** The application (client) id. */
  appId: string;
  /** The application object's own id. */
  id: string;
  displayName: string;
  /** e.g. ["api://<appId>"] for an API that accepts tokens. */
  identifierUris: string[];
  appRoles: AppRole[];
  passwordCredentials: PasswordCredential[];
  /** Object id of its service principal in this tenant. */
  servicePrincipalId: string;
  createdAt: number;
  /** Your own API, simulated: the URL it answers at and the app role every call needs (null: any valid token). */
  api?: { url: string; requiredRole: string | null };
}

/** A principal given an app role of an API: for a managed identity this is how API permissions are granted. */
export interface AppRoleAssignment {
  id: string;
  /** The managed identity's (or client app's) service principal object id. */
  principalId: string;
  principalDisplayName: string;
  /** The API's service principal object id. */
  resourceId: string;
  appRoleId: string;
  createdDateTime: number;
}

/** A token the authority issued, kept so targets, goals and the UI can refer to it. */
export interface IssuedToken {
  /** The token id (`uti` claim). */
  uti: string;
  /** The compact JWS, signed RS256 by the tenant's key. */
  jwt: string;
  principalId: string;
  /** appid claim: the identity's client id. */
  clientId: string;
  audience: string;
  issuedAt: number;
  notBefore: number;
  expiresOn: number;
  /** How it was obtained. */
  via: 'imds' | 'appService' | 'clientCredentials' | 'connector';
  /** The resource whose code asked for it (xms_az_rid), when a managed identity was used. */
  requestedBy?: string;
  roles?: string[];
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

/** A user of the tenant (src/sim/users.ts): who does things in the portal or the CLI. */
export interface TenantUser {
  /** The user's object id: what role assignments name as `principalId`. */
  id: string;
  userPrincipalName: string;
  displayName: string;
  createdAt: number;
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
  /** App registrations, keyed by appId. */
  applications: Record<string, Application>;
  /** App role assignments, keyed by id. */
  appRoleAssignments: Record<string, AppRoleAssignment>;
  /** Every token issued, keyed by uti. */
  tokens: Record<string, IssuedToken>;
  /** The platform token cache: `<requesting resource id, lowercased> <principalId> <resource>` -> uti. */
  tokenCache: Record<string, string>;
  /** The token a token endpoint handed out last (what `token: 'latest'` in a target call attaches). */
  lastToken?: string;
  /** Users created in the tenant, keyed by object id (the sandbox admin is implicit: src/sim/users.ts). */
  users?: Record<string, TenantUser>;
  /** The object id of the user performing control-plane actions; absent: the sandbox admin. */
  actingAs?: string;
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

/**
 * The sandbox clock stays between the Unix epoch and the last second of year 9999 (.NET's
 * DateTime.MaxValue, the latest time Azure's APIs can express and the last one ISO 8601 writes with a
 * four-digit year). Scenario starts are checked against it and the clock never advances past it, so
 * every time in the world formats as a date.
 */
export const MIN_TIME = 0;
export const MAX_TIME = 253_402_300_799;
export const MAX_TIME_ISO = '9999-12-31T23:59:59Z';

export function toEpochSeconds(start: string | number): number {
  const seconds = typeof start === 'number' ? Math.floor(start) : Math.floor(Date.parse(start) / 1000);
  if (!Number.isFinite(seconds)) throw new Error(`"${start}" is not an ISO 8601 time`);
  if (seconds < MIN_TIME || seconds > MAX_TIME) throw new Error(`"${start}" is outside the sandbox clock's range (1970-01-01T00:00:00Z to ${MAX_TIME_ISO})`);
  return seconds;
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
    managementGroups: Object.assign(emptyTable<ManagementGroup>(), {
      [rootGroupId.toLowerCase()]: { id: rootGroupId, name: tenantId, displayName: 'Tenant Root Group', parentId: null },
    }),
    subscriptions: Object.assign(emptyTable<Subscription>(), {
      [subscriptionId]: {
        id: `/subscriptions/${subscriptionId}`,
        subscriptionId,
        displayName: 'Sandbox subscription',
        managementGroupId: rootGroupId,
      },
    }),
    resourceGroups: emptyTable(),
    resources: emptyTable(),
    servicePrincipals: emptyTable(),
    deletedPrincipals: emptyTable(),
    roleAssignments: emptyTable(),
    applications: emptyTable(),
    appRoleAssignments: emptyTable(),
    tokens: emptyTable(),
    tokenCache: emptyTable(),
  };
}

/** The subscription actions fall back to when they name none (like the CLI's current subscription). */
export function defaultSubscription(world: World): Subscription {
  const first = Object.values(world.subscriptions)[0];
  if (!first) throw new Error('the world has no subscription');
  return first;
}

// The JSON az prints for each kind of thing, read from the world. Shapes follow the fact sheet (§6 "az
// CLI a learner would type") where it has them; elsewhere they are the ARM resource with the
// properties the sandbox models (simplified: no SKUs, networking or provisioning details).
import {
  armIdentity,
  findRole,
  getResource,
  isSource,
  lastSegment,
  roleAssignmentJson,
  userById,
  type Application,
  type KeyVault,
  type Resource,
  type ResourceGroup,
  type RoleAssignment,
  type ServicePrincipal,
  type SourceResource,
  type StorageAccount,
  type UserAssignedIdentity,
  type World,
} from '../sim/index.ts';

const iso = (epoch: number) => new Date(epoch * 1000).toISOString().replace(/\.000Z$/, '+00:00');

export function groupJson(g: ResourceGroup) {
  return { id: g.id, location: g.location, managedBy: null, name: g.name, properties: { provisioningState: 'Succeeded' }, tags: null, type: 'Microsoft.Resources/resourceGroups' };
}

/** A resource as `az <kind> show` prints it (the ARM resource, compact). */
export function resourceJson(world: World, r: Resource): Record<string, unknown> {
  const base: Record<string, unknown> = { id: r.id, location: r.location, name: r.name, resourceGroup: r.resourceGroup, tags: r.tags ?? {}, type: r.type };
  if (isSource(r)) {
    const identity = armIdentity(r);
    base.identity = identity.type === 'None' ? null : identity;
    if (r.kind === 'webApp' || r.kind === 'functionApp' || r.kind === 'slot') {
      const host = `${r.name.replace('/', '-')}.azurewebsites.net`;
      base.kind = r.kind === 'functionApp' ? 'functionapp' : 'app';
      base.defaultHostName = host;
      base.enabledHostNames = [host];
      base.state = 'Running';
    }
    if (r.kind === 'vm') base.provisioningState = 'Succeeded';
  }
  if (r.kind === 'keyVault') base.properties = keyVaultProperties(world, r);
  if (r.kind === 'storageAccount') Object.assign(base, { kind: 'StorageV2', primaryEndpoints: { blob: r.blobEndpoint }, provisioningState: 'Succeeded' });
  // az servicebus namespace create|show: the endpoint and status (every sandbox namespace is Standard tier).
  if (r.kind === 'serviceBusNamespace') Object.assign(base, { provisioningState: 'Succeeded', serviceBusEndpoint: r.serviceBusEndpoint, sku: { name: 'Standard', tier: 'Standard' }, status: 'Active' });
  if (r.kind === 'userAssignedIdentity') return identityJson(r);
  return base;
}

function keyVaultProperties(world: World, v: KeyVault) {
  return {
    accessPolicies: v.accessPolicies.map((p) => ({ applicationId: null, objectId: p.objectId, permissions: { certificates: null, keys: null, secrets: p.permissions.secrets, storage: null }, tenantId: p.tenantId })),
    enableRbacAuthorization: v.enableRbacAuthorization,
    provisioningState: 'Succeeded',
    tenantId: world.tenant.id,
    vaultUri: v.vaultUri,
  };
}

/** `az identity create|show` (fact sheet §6; clientSecretUrl only appears in older outputs, so it is left out). */
export function identityJson(u: UserAssignedIdentity) {
  return { clientId: u.clientId, id: u.id, location: u.location, name: u.name, principalId: u.principalId, resourceGroup: u.resourceGroup, tags: u.tags ?? {}, tenantId: u.tenantId, type: u.type };
}

/** A user-assigned identity as ARM returns it (what `az rest` prints): the properties are nested. */
export function identityArmJson(u: UserAssignedIdentity) {
  return { id: u.id, location: u.location, name: u.name, properties: { clientId: u.clientId, principalId: u.principalId, tenantId: u.tenantId }, tags: u.tags ?? {}, type: u.type };
}

/** `az vm identity assign` / `az webapp identity assign` (azure-cli's _construct_identity_info, fact sheet §6). */
export function assignedIdentityJson(r: SourceResource, extra: { role?: string; scope?: string } = {}) {
  const out: Record<string, unknown> = {
    systemAssignedIdentity: r.identity.systemAssigned?.principalId ?? '',
    userAssignedIdentities: Object.fromEntries(r.identity.userAssigned.map((u) => [u.id, { clientId: u.clientId, principalId: u.principalId }])),
  };
  if (extra.scope) Object.assign(out, { role: extra.role ?? 'Contributor', scope: extra.scope });
  return out;
}

/** `az vm identity show`: the ARM identity object, with null ids when only user-assigned are on. */
export function identityShowJson(r: SourceResource) {
  const identity = armIdentity(r);
  if (identity.type === 'None') return undefined;
  return { principalId: null, tenantId: null, ...identity };
}

/** `az vm create`'s summary (the network fields are left out: the sandbox has no networking). */
export function vmCreateJson(r: SourceResource) {
  const out: Record<string, unknown> = { fqdns: '', id: r.id, location: r.location, powerState: 'VM running', resourceGroup: r.resourceGroup, zones: '' };
  if (r.identity.systemAssigned || r.identity.userAssigned.length) out.identity = assignedIdentityJson(r);
  return out;
}

/** A role assignment as `az role assignment create` prints it (fact sheet §6). */
export function assignmentJson(world: World, a: RoleAssignment, names = false) {
  const out = roleAssignmentJson(a);
  if (names) {
    // azure-cli's _get_displayable_name: a service principal's first servicePrincipalName; a principal
    // the directory no longer has gets "" (fact sheet §1 "Deleting things").
    const sp = world.servicePrincipals[a.principalId];
    const user = sp ? undefined : userById(world, a.principalId);
    out.principalName = sp ? (sp.servicePrincipalNames[0] ?? sp.displayName) : (user?.userPrincipalName ?? '');
    out.roleDefinitionName = findRole(a.roleDefinitionId)?.roleName ?? null;
  }
  return out;
}

/** azure-cli's table transformer for role assignments (Principal, Role, Scope). */
export function assignmentTable(result: unknown) {
  return (result as Record<string, unknown>[]).map((r) => ({ Principal: r.principalName, Role: r.roleDefinitionName, Scope: r.scope }));
}

export function roleDefinitionJson(world: World, name: string) {
  const role = findRole(name);
  if (!role) return undefined;
  const sub = Object.values(world.subscriptions)[0]!;
  return {
    assignableScopes: ['/'],
    createdBy: null,
    createdOn: null,
    description: role.description,
    id: `/subscriptions/${sub.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`,
    name: role.name,
    permissions: role.permissions.map((p) => ({ actions: p.actions, condition: null, conditionVersion: null, dataActions: p.dataActions, notActions: p.notActions, notDataActions: p.notDataActions })),
    roleName: role.roleName,
    roleType: 'BuiltInRole',
    type: 'Microsoft.Authorization/roleDefinitions',
    updatedBy: null,
    updatedOn: null,
  };
}

/** A service principal as Microsoft Graph returns it to `az ad sp show` (the properties the sandbox models). */
export function spJson(world: World, sp: ServicePrincipal) {
  return {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    accountEnabled: true,
    alternativeNames: sp.alternativeNames,
    appDisplayName: sp.servicePrincipalType === 'Application' ? sp.displayName : null,
    appId: sp.appId,
    appOwnerOrganizationId: sp.servicePrincipalType === 'Application' ? world.tenant.id : null,
    // An API's service principal carries its app's roles (where their ids are found for an app role assignment).
    appRoles: (world.applications[sp.appId]?.appRoles ?? []).map((r) => ({ allowedMemberTypes: r.allowedMemberTypes, description: r.description, displayName: r.displayName, id: r.id, isEnabled: r.isEnabled, origin: 'Application', value: r.value })),
    createdDateTime: null,
    displayName: sp.displayName,
    id: sp.id,
    servicePrincipalNames: sp.servicePrincipalNames,
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: sp.servicePrincipalType === 'Application' ? 'AzureADMyOrg' : null,
  };
}

export function appJson(a: Application) {
  return {
    '@odata.type': '#microsoft.graph.application',
    appId: a.appId,
    appRoles: a.appRoles.map((r) => ({ allowedMemberTypes: r.allowedMemberTypes, description: r.description, displayName: r.displayName, id: r.id, isEnabled: r.isEnabled, value: r.value })),
    createdDateTime: new Date(a.createdAt * 1000).toISOString().replace('.000Z', 'Z'),
    displayName: a.displayName,
    id: a.id,
    identifierUris: a.identifierUris,
    passwordCredentials: a.passwordCredentials.map((p) => ({ displayName: p.displayName, endDateTime: new Date(p.endDateTime * 1000).toISOString(), hint: p.hint, keyId: p.keyId, startDateTime: new Date(p.startDateTime * 1000).toISOString() })),
    signInAudience: 'AzureADMyOrg',
  };
}

/** `az keyvault secret set|show`: the secret bundle Key Vault returns. */
export function secretJson(v: KeyVault, name: string, withValue = true) {
  const s = v.secrets[name.toLowerCase()] ?? Object.values(v.secrets).find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!s) return undefined;
  return {
    attributes: { created: iso(s.updatedAt), enabled: true, expires: null, notBefore: null, recoverableDays: 90, recoveryLevel: 'Recoverable+Purgeable', updated: iso(s.updatedAt) },
    contentType: null,
    id: `${v.vaultUri}secrets/${s.name}/${s.version}`,
    kid: null,
    managed: null,
    name: s.name,
    tags: {},
    ...(withValue ? { value: s.value } : {}),
  };
}

export function storageAccountOf(world: World, name: string): StorageAccount | undefined {
  return Object.values(world.resources).find((r): r is StorageAccount => r.kind === 'storageAccount' && r.name.toLowerCase() === name.toLowerCase());
}

export function vaultOf(world: World, name: string): KeyVault | undefined {
  return Object.values(world.resources).find((r): r is KeyVault => r.kind === 'keyVault' && r.name.toLowerCase() === name.toLowerCase());
}

/** Whatever an id names, as az would show it (for `az rest` and `az resource show`). */
export function anyJson(world: World, id: string): unknown {
  const r = getResource(world, id);
  if (r) return resourceJson(world, r);
  const g = Object.values(world.resourceGroups).find((x) => x.id.toLowerCase() === id.toLowerCase());
  if (g) return groupJson(g);
  return undefined;
}

export { lastSegment };

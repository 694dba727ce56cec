// The control plane: what a person does in the portal or with the CLI, and the lifecycle rules that
// follow from it. Each handler validates first and throws an AzureFailure in Azure's words; the world
// only changes when the whole action succeeds.
import type { Action, ActionOf, ControlAction } from './actions.ts';
import { KINDS, expandId, key, resourceGroupId, resourceGroupOf, resourceId, scopeCovers, slotId } from './arm.ts';
import { Draft } from './draft.ts';
import { GUID_PATTERN } from './ids.ts';
import { NAME_RULES } from './kinds.ts';
import { RESOURCE_GROUP_RULE, hiddenCharacterNote, SECRET_NAME_RULE, CONTAINER_NAME_RULE, BLOB_NAME_RULE, SERVICE_BUS_QUEUE_NAME_RULE, validateName, type NameRule } from './names.ts';
import { AzureFailure, fail, type Outcome } from './outcome.ts';
import { emptyTable, own, withEntry } from './table.ts';
import { armIdentity, displayName, getIdentity, getResource, isSource, isStale, resourcesUsing } from './query.ts';
import { scopeLevel } from './rbac.ts';
import { findRole, roleDefinitionId } from './roles.ts';
import { withIdentityHeader } from './token/environment.ts';
import { DEFAULT_LOCATION, MAX_TIME, MAX_TIME_ISO, defaultSubscription, type KeyVault, type Resource, type RoleAssignment, type ServiceBusNamespace, type ServicePrincipal, type SourceResource, type StorageAccount, type World } from './world.ts';

export interface Step {
  world: World;
  outcome: Outcome;
}

/** The most user-assigned identities the sandbox shows on one resource (Azure documents no limit). */
export const MAX_USER_ASSIGNED = 8;

// ---------------------------------------------------------------------------------------------
// Look-ups that refuse in Azure's words

function requireName(rule: NameRule, name: string): void {
  const error = validateName(rule, name);
  if (!error) return;
  const hidden = hiddenCharacterNote(name);
  throw new AzureFailure(error, [`Naming rule: ${rule.summary}`, ...(hidden ? [hidden] : [])]);
}

function subscriptionFor(world: World, subscriptionId?: string) {
  if (!subscriptionId) return defaultSubscription(world);
  const sub = own(world.subscriptions, subscriptionId.toLowerCase());
  if (!sub) fail(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  return sub;
}

function requireResourceGroup(world: World, subscriptionId: string, name: string) {
  const rg = own(world.resourceGroups, key(resourceGroupId(subscriptionId, name)));
  if (!rg) fail(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
  return rg;
}

/** ARM's 404 for a resource id that names nothing, worded from the id itself. */
function notFound(id: string): never {
  const rg = /\/resourcegroups\/([^/]+)/i.exec(id)?.[1];
  const provider = /\/providers\/(.+)$/i.exec(id)?.[1];
  if (!rg || !provider) fail(400, 'LinkedInvalidPropertyId', `Property id '${id}' at path '' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`);
  fail(404, 'ResourceNotFound', `The Resource '${provider}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

function requireResource(world: World, id: string): Resource {
  return getResource(world, id) ?? notFound(expandId(world, id));
}

function requireSource(world: World, id: string): SourceResource {
  const r = requireResource(world, id);
  if (!isSource(r)) fail(400, 'BadRequest', `The resource type '${r.type}' does not support managed identities in this sandbox.`, ['Only compute resources (VMs, App Service and Functions apps and slots, logic apps, container apps) hold identities here.']);
  return r;
}

function requireKind<K extends Resource['kind']>(world: World, id: string, kind: K): Extract<Resource, { kind: K }> {
  const r = requireResource(world, id);
  if (r.kind !== kind) notFound(`${r.id.replace(/\/providers\/.*/i, '')}/providers/${KINDS[kind].type}/${r.name}`);
  return r as Extract<Resource, { kind: K }>;
}

const label = (r: Resource) => `${KINDS[r.kind].noun} '${displayName(r)}'`;

/** A resource's identity was refused because an assigned user-assigned identity no longer exists. */
function failedIdentityOperation(r: SourceResource, missing: string): never {
  fail(
    400,
    'FailedIdentityOperation',
    `Identity operation for resource '${r.id}' failed with error 'Failed to perform resource identity operation. Status: 'BadRequest'. Response: '{"error":{"code":"BadRequest","message":"Resource '${missing.toLowerCase()}' was not found."}}'.'.`,
    ['The resource still lists a user-assigned identity that was deleted. Remove that stale entry first (the sandbox follows reports of real Azure here; Azure\'s behaviour varies).'],
  );
}

/**
 * Before any identity update the provider re-reads every listed user-assigned identity: a deleted one
 * makes the update fail; one recreated under the same name is picked up with its new ids.
 */
function refreshUserAssigned(d: Draft, r: SourceResource, except?: string): SourceResource {
  let changed = false;
  const userAssigned = r.identity.userAssigned.map((u) => {
    if (except && key(u.id) === key(except)) return u;
    const uami = getIdentity(d.world, u.id);
    if (!uami) failedIdentityOperation(r, u.id);
    if (uami.principalId === u.principalId) return u;
    changed = true;
    return { id: u.id, principalId: uami.principalId, clientId: uami.clientId };
  });
  return changed ? { ...r, identity: { ...r.identity, userAssigned } } : r;
}

// ---------------------------------------------------------------------------------------------
// Principals and cascades

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function createManagedPrincipal(d: Draft, displayNameText: string, kind: 'systemAssigned' | 'userAssigned', resource: string, objectId = d.guid(), appId = d.guid()): ServicePrincipal {
  const sp: ServicePrincipal = {
    id: objectId,
    appId,
    displayName: displayNameText,
    servicePrincipalType: 'ManagedIdentity',
    alternativeNames: [kind === 'userAssigned' ? 'isExplicit=True' : 'isExplicit=False', resource],
    servicePrincipalNames: [appId, `https://identity.azure.net/${base64(d.bytes(32))}`],
    owner: { kind, resourceId: resource },
    createdAt: d.world.now,
  };
  d.table('servicePrincipals')[sp.id] = sp;
  d.mark('created', sp.id);
  return sp;
}

/** Delete a principal from the directory. Its role assignments stay, now pointing at nobody. */
function deletePrincipal(d: Draft, principalId: string): void {
  const sp = own(d.world.servicePrincipals, principalId);
  if (!sp) return;
  delete d.table('servicePrincipals')[principalId];
  d.table('deletedPrincipals')[principalId] = {
    id: principalId,
    displayName: sp.displayName,
    kind: sp.owner.kind,
    ...(sp.owner.kind === 'application' ? {} : { resourceId: sp.owner.resourceId }),
    deletedAt: d.world.now,
  };
  d.mark('deleted', principalId);
  for (const a of Object.values(d.world.roleAssignments)) {
    if (a.principalId === principalId) d.mark('orphaned', a.id);
  }
  // Unlike role assignments (ARM), app role assignments live in Entra and go with either end.
  for (const a of Object.values(d.world.appRoleAssignments)) {
    if (a.principalId === principalId || a.resourceId === principalId) {
      delete d.table('appRoleAssignments')[a.id];
      d.mark('deleted', a.id);
    }
  }
}

/** Role assignments are extension resources: deleting their scope deletes them (Azure/ARO-RP#3557). */
function deleteAssignmentsUnder(d: Draft, scope: string): void {
  for (const a of Object.values(d.world.roleAssignments)) {
    if (scopeCovers(scope, a.scope)) {
      delete d.table('roleAssignments')[a.name];
      d.mark('deleted', a.id);
      const i = d.orphaned.indexOf(a.id);
      if (i >= 0) d.orphaned.splice(i, 1);
    }
  }
}

function putResource(d: Draft, r: Resource): void {
  d.table('resources')[key(r.id)] = withIdentityHeader(r, () => d.guid());
}

/** Delete a resource and everything that lives and dies with it. */
function deleteResource(d: Draft, r: Resource): void {
  if (r.kind === 'webApp' || r.kind === 'functionApp') {
    for (const child of Object.values(d.world.resources)) {
      if (child.kind === 'slot' && child.parentId && key(child.parentId) === key(r.id)) deleteResource(d, child);
    }
  }
  delete d.table('resources')[key(r.id)];
  d.mark('deleted', r.id);
  if (isSource(r) && r.identity.systemAssigned) deletePrincipal(d, r.identity.systemAssigned.principalId);
  if (r.kind === 'userAssignedIdentity') {
    deletePrincipal(d, r.principalId);
    const users = resourcesUsing(d.world, r.id);
    for (const u of users) d.mark('changed', u.id);
    if (users.length) {
      d.notes.push(
        `${users.map((u) => `'${displayName(u)}'`).join(', ')} still list${users.length === 1 ? 's' : ''} the deleted identity, now "not found". Token requests for it fail with "Identity not found"; remove the stale entry from the resource. (A sandbox decision: reports differ on whether Azure removes it.)`,
      );
    }
  }
  deleteAssignmentsUnder(d, r.id);
}

// ---------------------------------------------------------------------------------------------
// Handlers

type Handler<T extends ControlAction['type']> = (d: Draft, action: ActionOf<T>) => string;

function enableSystemAssigned(d: Draft, r: SourceResource): SourceResource {
  if (r.identity.systemAssigned) return r;
  if (r.kind === 'logicApp' && r.identity.userAssigned.length) {
    fail(400, 'BadRequest', `The logic app '${r.name}' already has a user-assigned identity. A Consumption logic app can have either the system-assigned identity or one user-assigned identity, not both.`, [
      'Consumption logic apps take either identity type (Azure Logic Apps limits). The exact wording of this error is the sandbox\'s.',
    ]);
  }
  const fresh = refreshUserAssigned(d, r);
  const sp = createManagedPrincipal(d, displayName(r), 'systemAssigned', r.id);
  return { ...fresh, identity: { ...fresh.identity, systemAssigned: { principalId: sp.id, tenantId: d.world.tenant.id } } };
}

function assignUserAssigned(d: Draft, r: SourceResource, identityId: string): SourceResource {
  const uami = getIdentity(d.world, identityId);
  const wanted = expandId(d.world, identityId);
  if (!uami) {
    if (!/\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i.test(wanted)) {
      fail(400, 'InvalidParameter', `ResourceIdentity identityId '${wanted}' is not a valid reference to a Microsoft.ManagedIdentity identity.`);
    }
    fail(400, 'FailedIdentityOperation', `Identity operation for resource '${r.id}' failed with error 'Failed to perform resource identity operation. Status: 'BadRequest'. Response: '{"error":{"code":"BadRequest","message":"Resource '${wanted.toLowerCase()}' was not found."}}'.'.`);
  }
  const existing = r.identity.userAssigned.find((u) => key(u.id) === key(uami.id));
  const refreshed = refreshUserAssigned(d, r, uami.id);
  if (existing && !isStale(d.world, existing)) return refreshed;
  if (r.kind === 'logicApp' && !existing && (r.identity.systemAssigned || r.identity.userAssigned.length)) {
    fail(400, 'BadRequest', `The logic app '${r.name}' already has a managed identity. A Consumption logic app can have either the system-assigned identity or one user-assigned identity, not both.`, [
      'Consumption logic apps take either identity type (Azure Logic Apps limits). The exact wording of this error is the sandbox\'s.',
    ]);
  }
  if (!existing && r.identity.userAssigned.length >= MAX_USER_ASSIGNED) {
    fail(400, 'SandboxLimit', `The sandbox shows at most ${MAX_USER_ASSIGNED} user-assigned identities on one resource.`, [
      'This limit is the sandbox\'s, to keep the picture readable. Azure documents no fixed maximum per resource.',
    ]);
  }
  const entry = { id: uami.id, principalId: uami.principalId, clientId: uami.clientId };
  const userAssigned = existing
    ? refreshed.identity.userAssigned.map((u) => (key(u.id) === key(uami.id) ? entry : u))
    : [...refreshed.identity.userAssigned, entry];
  return { ...refreshed, identity: { ...refreshed.identity, userAssigned } };
}

/** Resolve whom a role assignment or access policy is for: an object id, an app id, or a resource's identity. */
export function resolveAssignee(world: World, assignee: string): { principalId: string; known: boolean } {
  if (GUID_PATTERN.test(assignee)) {
    const id = assignee.toLowerCase();
    if (own(world.servicePrincipals, id)) return { principalId: id, known: true };
    const byApp = Object.values(world.servicePrincipals).find((sp) => sp.appId === id);
    return byApp ? { principalId: byApp.id, known: true } : { principalId: id, known: false };
  }
  const r = getResource(world, assignee) ?? notFound(expandId(world, assignee));
  if (r.kind === 'userAssignedIdentity') return { principalId: r.principalId, known: true };
  if (isSource(r) && r.identity.systemAssigned) return { principalId: r.identity.systemAssigned.principalId, known: true };
  fail(400, 'BadRequest', `The ${label(r)} has no system-assigned managed identity to grant access to.`, [
    'Turn on its system-assigned identity first. (The portal\'s managed identity picker only lists resources that have one; this wording is the sandbox\'s.)',
  ]);
}

/** Check a role assignment scope and return it in Azure's casing. */
function resolveScope(world: World, given: string): string {
  const scope = expandId(world, given).replace(/\/+$/, '');
  const level = scopeLevel(scope);
  const notes = ['Simplified: Azure checks your permission at the scope, not that the scope exists; the sandbox refuses scopes that name nothing.'];
  if (level === 'managementGroup') {
    const mg = own(world.managementGroups, key(scope));
    if (!mg) fail(404, 'ManagementGroupNotFound', `The management group '${scope.split('/').pop()}' was not found.`, notes);
    return mg.id;
  }
  const subId = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  const sub = subId ? own(world.subscriptions, subId.toLowerCase()) : undefined;
  if (!sub) fail(404, 'SubscriptionNotFound', `The subscription '${subId ?? scope}' could not be found.`, notes);
  if (level === 'subscription') return sub.id;
  const rgKey = resourceGroupOf(scope);
  const rg = rgKey ? own(world.resourceGroups, rgKey) : undefined;
  if (!rg) fail(404, 'ResourceGroupNotFound', `Resource group '${/\/resourcegroups\/([^/]+)/i.exec(scope)?.[1] ?? ''}' could not be found.`);
  if (level === 'resourceGroup') return rg.id;
  const exact = own(world.resources, key(scope));
  if (exact) return exact.id;
  // Child scopes the targets understand: a blob container, a single secret, a Service Bus queue.
  const container = /^(.*\/Microsoft\.Storage\/storageAccounts\/[^/]+)\/blobServices\/default\/containers\/([^/]+)$/i.exec(scope);
  if (container) {
    const sa = own(world.resources, key(container[1]!));
    if (sa?.kind === 'storageAccount' && own(sa.containers, container[2]!)) return `${sa.id}/blobServices/default/containers/${container[2]}`;
  }
  const queue = /^(.*\/Microsoft\.ServiceBus\/namespaces\/[^/]+)\/queues\/([^/]+)$/i.exec(scope);
  if (queue) {
    const ns = own(world.resources, key(queue[1]!));
    const q = ns?.kind === 'serviceBusNamespace' ? own(ns.queues, queue[2]!.toLowerCase()) : undefined;
    if (ns && q) return `${ns.id}/queues/${q.name}`;
  }
  const secret = /^(.*\/Microsoft\.KeyVault\/vaults\/[^/]+)\/secrets\/([^/]+)$/i.exec(scope);
  if (secret) {
    const kv = own(world.resources, key(secret[1]!));
    if (kv?.kind === 'keyVault' && own(kv.secrets, secret[2]!)) return `${kv.id}/secrets/${secret[2]}`;
  }
  notFound(scope);
}

const noDashes = (guid: string) => guid.replace(/-/g, '');

/** A role assignment as ARM's flattened answer and `az role assignment create` print it (§6). */
export function roleAssignmentJson(a: RoleAssignment): Record<string, unknown> {
  const rg = /\/resourceGroups\/([^/]+)/i.exec(a.scope)?.[1];
  return {
    condition: null,
    conditionVersion: null,
    createdBy: null,
    createdOn: new Date(a.createdOn * 1000).toISOString(),
    delegatedManagedIdentityResourceId: null,
    description: null,
    id: a.id,
    name: a.name,
    principalId: a.principalId,
    principalType: a.principalType,
    ...(rg ? { resourceGroup: rg } : {}),
    roleDefinitionId: a.roleDefinitionId,
    scope: a.scope,
    type: 'Microsoft.Authorization/roleAssignments',
    updatedBy: null,
    updatedOn: new Date(a.createdOn * 1000).toISOString(),
  };
}

const handlers: { [T in ControlAction['type']]: Handler<T> } = {
  'resourceGroup.create'(d, a) {
    const sub = subscriptionFor(d.world, a.subscriptionId);
    requireName(RESOURCE_GROUP_RULE, a.name);
    const id = resourceGroupId(sub.subscriptionId, a.name);
    const existing = own(d.world.resourceGroups, key(id));
    if (existing) {
      d.notes.push('Creating a resource group that already exists updates it in place (ARM PUT is idempotent).');
      return `Resource group '${existing.name}' already exists; nothing changed.`;
    }
    d.table('resourceGroups')[key(id)] = { id, name: a.name, location: a.location ?? DEFAULT_LOCATION, subscriptionId: sub.subscriptionId, createdAt: d.world.now };
    d.mark('created', id);
    return `Created resource group '${a.name}'.`;
  },

  'resourceGroup.delete'(d, a) {
    const sub = subscriptionFor(d.world, a.subscriptionId);
    const rg = requireResourceGroup(d.world, sub.subscriptionId, a.name);
    const inside = Object.values(d.world.resources).filter((r) => resourceGroupOf(r.id) === key(rg.id));
    // Slots go with their app; delete top-level resources only.
    for (const r of inside) if (r.kind !== 'slot' && own(d.world.resources, key(r.id))) deleteResource(d, r);
    for (const r of inside) if (own(d.world.resources, key(r.id))) deleteResource(d, r);
    deleteAssignmentsUnder(d, rg.id);
    delete d.table('resourceGroups')[key(rg.id)];
    d.mark('deleted', rg.id);
    return `Deleted resource group '${rg.name}' and the ${inside.length} resource${inside.length === 1 ? '' : 's'} in it.`;
  },

  'resource.create'(d, a) {
    const sub = subscriptionFor(d.world, a.subscriptionId);
    const rg = requireResourceGroup(d.world, sub.subscriptionId, a.resourceGroup);
    requireName(NAME_RULES[a.kind], a.name);
    const info = KINDS[a.kind];
    const id = resourceId(sub.subscriptionId, rg.name, a.kind, a.name);
    const existing = own(d.world.resources, key(id));
    if (existing) {
      d.notes.push('Creating a resource that already exists is an update of the same resource in ARM; use the identity actions to change its identities.');
      return `The ${label(existing)} already exists; nothing changed.`;
    }
    const clash = Object.values(d.world.resources).find((r) => {
      const sameName = r.name.toLowerCase() === a.name.toLowerCase();
      if (!sameName) return false;
      if (a.kind === 'webApp' || a.kind === 'functionApp') return r.kind === 'webApp' || r.kind === 'functionApp';
      return r.kind === a.kind && (a.kind === 'keyVault' || a.kind === 'storageAccount' || a.kind === 'serviceBusNamespace');
    });
    if (clash) {
      const global = ['The sandbox world stands in for all of Azure, so global names are unique within it.'];
      if (a.kind === 'storageAccount') fail(409, 'StorageAccountAlreadyTaken', `The storage account named ${a.name} is already taken.`, global);
      if (a.kind === 'keyVault') {
        fail(409, 'VaultAlreadyExists', `The vault name '${a.name}' is already in use. Vault names are globally unique so it is possible that the name is already taken. If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state. If the vault is in a recoverable state then the vault will need to be purged before reusing the name. For more information about VaultAlreadyExists, soft delete and purging a vault follow this link https://go.microsoft.com/fwlink/?linkid=2147740.`, global);
      }
      fail(409, 'Conflict', `Website with given name ${a.name} already exists.`, global);
    }
    const common = { id, name: a.name, type: info.type, subscriptionId: sub.subscriptionId, resourceGroup: rg.name, location: a.location ?? rg.location, createdAt: d.world.now };
    let r: Resource;
    switch (a.kind) {
      case 'keyVault':
        r = { ...common, kind: 'keyVault', vaultUri: `https://${a.name.toLowerCase()}.vault.azure.net/`, enableRbacAuthorization: a.permissionModel !== 'accessPolicy', accessPolicies: [], secrets: emptyTable() };
        break;
      case 'storageAccount':
        r = { ...common, kind: 'storageAccount', blobEndpoint: `https://${a.name}.blob.core.windows.net/`, containers: emptyTable() };
        break;
      case 'serviceBusNamespace': {
        const queues = emptyTable<ServiceBusNamespace['queues'][string]>();
        for (const q of a.queues ?? []) {
          const bad = validateName(SERVICE_BUS_QUEUE_NAME_RULE, q);
          if (bad) fail(bad.status, bad.code, bad.message);
          queues[q.toLowerCase()] = { name: q, messages: [], nextSequence: 1 };
        }
        if (a.queues?.length) d.notes.push('The namespace and its queues were created together, as an ARM template with child Microsoft.ServiceBus/namespaces/queues resources creates them.');
        r = { ...common, kind: 'serviceBusNamespace', serviceBusEndpoint: `https://${a.name.toLowerCase()}.servicebus.windows.net:443/`, queues };
        break;
      }
      case 'userAssignedIdentity': {
        const sp = createManagedPrincipal(d, a.name, 'userAssigned', id);
        r = { ...common, kind: 'userAssignedIdentity', principalId: sp.id, clientId: sp.appId, tenantId: d.world.tenant.id };
        break;
      }
      default: {
        let src: SourceResource = { ...common, kind: a.kind, identity: { systemAssigned: null, userAssigned: [] } };
        if (a.identity?.systemAssigned) src = enableSystemAssigned(d, src);
        for (const u of a.identity?.userAssigned ?? []) src = assignUserAssigned(d, src, u);
        r = src;
      }
    }
    putResource(d, r);
    d.created.unshift(r.id);
    return `Created ${label(r)} in resource group '${rg.name}'.`;
  },

  'slot.create'(d, a) {
    const site = requireResource(d.world, a.siteId);
    if (site.kind !== 'webApp' && site.kind !== 'functionApp') {
      fail(400, 'BadRequest', `The ${label(site)} is not an App Service or Functions app and has no deployment slots.`);
    }
    requireName(NAME_RULES.slot, a.name);
    if (a.name.toLowerCase() === 'production') fail(400, 'BadRequest', `Name ${a.name} is not valid.`, ["'production' is the app itself, not a slot you can create."]);
    const id = slotId(site.id, a.name);
    if (own(d.world.resources, key(id))) {
      fail(409, 'Conflict', `Site with name ${site.name}(${a.name}) already exists.`);
    }
    const slot: SourceResource = {
      id,
      name: `${site.name}/${a.name}`,
      type: KINDS.slot.type,
      kind: 'slot',
      subscriptionId: site.subscriptionId,
      resourceGroup: site.resourceGroup,
      location: site.location,
      createdAt: d.world.now,
      parentId: site.id,
      identity: { systemAssigned: null, userAssigned: [] },
    };
    putResource(d, slot);
    d.mark('created', id);
    d.notes.push("A slot has identities of its own: the app's identity does not carry over to its slots.");
    return `Created deployment slot '${a.name}' of '${site.name}'.`;
  },

  'resource.delete'(d, a) {
    const r = requireResource(d.world, a.id);
    deleteResource(d, r);
    const lost = d.deleted.filter((x) => own(d.world.servicePrincipals, x) === undefined && !x.startsWith('/'));
    const extra = lost.length ? ` Entra ID deleted ${lost.length} service principal${lost.length === 1 ? '' : 's'} with it.` : '';
    const orphans = d.orphaned.length ? ` ${d.orphaned.length} role assignment${d.orphaned.length === 1 ? '' : 's'} now show${d.orphaned.length === 1 ? 's' : ''} "Identity not found".` : '';
    return `Deleted ${label(r)}.${extra}${orphans}`;
  },

  'identity.system.enable'(d, a) {
    const r = requireSource(d.world, a.resourceId);
    if (r.identity.systemAssigned) {
      d.notes.push('Enabling an identity that is already on changes nothing: the principal keeps its ids.');
      return `The system-assigned identity of ${label(r)} is already on.`;
    }
    const next = enableSystemAssigned(d, r);
    putResource(d, next);
    d.mark('changed', r.id);
    const sp = own(d.world.servicePrincipals, next.identity.systemAssigned!.principalId)!;
    return `Turned on the system-assigned identity of ${label(r)}: Entra ID created the service principal '${sp.displayName}' (object id ${sp.id}).`;
  },

  'identity.system.disable'(d, a) {
    const r = requireSource(d.world, a.resourceId);
    const sys = r.identity.systemAssigned;
    if (!sys) return `The ${label(r)} has no system-assigned identity; nothing changed.`;
    const fresh = refreshUserAssigned(d, r);
    putResource(d, { ...fresh, identity: { ...fresh.identity, systemAssigned: null } });
    d.mark('changed', r.id);
    deletePrincipal(d, sys.principalId);
    return `Turned off the system-assigned identity of ${label(r)}: Entra ID deleted its service principal.`;
  },

  'identity.user.assign'(d, a) {
    const r = requireSource(d.world, a.resourceId);
    const before = r.identity.userAssigned.find((u) => key(u.id) === key(expandId(d.world, a.identityId)));
    const next = assignUserAssigned(d, r, a.identityId);
    const uami = getIdentity(d.world, a.identityId)!;
    if (next === r) return `The user-assigned identity '${uami.name}' is already assigned to ${label(r)}.`;
    putResource(d, next);
    d.mark('changed', r.id);
    if (before) return `Reassigned '${uami.name}' to ${label(r)}: the resource now has the identity's current ids.`;
    return `Assigned the user-assigned identity '${uami.name}' to ${label(r)}.`;
  },

  'identity.user.unassign'(d, a) {
    const r = requireSource(d.world, a.resourceId);
    const wanted = key(expandId(d.world, a.identityId));
    const entry = r.identity.userAssigned.find((u) => key(u.id) === wanted);
    if (!entry) {
      fail(400, 'BadRequest', `The identity '${expandId(d.world, a.identityId)}' is not assigned to the ${label(r)}.`, ['The wording of this error is the sandbox\'s.']);
    }
    const remaining = r.identity.userAssigned.filter((u) => key(u.id) !== wanted);
    const refreshed = refreshUserAssigned(d, { ...r, identity: { ...r.identity, userAssigned: remaining } });
    putResource(d, refreshed);
    d.mark('changed', r.id);
    const name = entry.id.split('/').pop();
    return `Removed the user-assigned identity '${name}' from ${label(r)}. The identity itself still exists.`;
  },

  'roleAssignment.create'(d, a) {
    const scope = resolveScope(d.world, a.scope);
    const role = findRole(a.role);
    if (!role) fail(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${noDashes(a.role)}' does not exist.`);
    const { principalId, known } = resolveAssignee(d.world, a.assignee);
    if (!known) {
      fail(400, 'PrincipalNotFound', `Principal ${noDashes(principalId)} does not exist in the directory ${d.world.tenant.id}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`);
    }
    const subId = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1] ?? null;
    const defId = roleDefinitionId(subId, role);
    const same = (x: RoleAssignment) => x.principalId === principalId && key(x.scope) === key(scope) && x.roleDefinitionId.toLowerCase().endsWith(role.name);
    if (a.name !== undefined) {
      if (!GUID_PATTERN.test(a.name)) fail(400, 'InvalidRoleAssignmentId', `The role assignment ID '${a.name}' is not valid. The role assignment ID must be a GUID.`);
      const prior = own(d.world.roleAssignments, a.name.toLowerCase());
      if (prior) {
        if (same(prior)) return `The role assignment '${prior.name}' already exists as requested; nothing changed.`;
        fail(409, 'RoleAssignmentUpdateNotPermitted', 'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.', [
          'A role assignment name is immutable: an old assignment with this name still exists (perhaps for a deleted identity). Delete it, or use a new name.',
        ]);
      }
    }
    const dup = Object.values(d.world.roleAssignments).find(same);
    if (dup) fail(409, 'RoleAssignmentExists', `The role assignment already exists. The ID of the existing role assignment is ${noDashes(dup.name)}.`);
    const name = a.name?.toLowerCase() ?? d.guid();
    const assignment: RoleAssignment = {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      scope,
      principalId,
      principalType: 'ServicePrincipal',
      roleDefinitionId: defId,
      createdOn: d.world.now,
    };
    d.table('roleAssignments')[name] = assignment;
    d.mark('created', assignment.id);
    const sp = own(d.world.servicePrincipals, principalId)!;
    if (d.world.settings.propagationDelay > 0) {
      d.notes.push(`Role assignments take a while to reach every service; in this sandbox this one takes effect after ${Math.round(d.world.settings.propagationDelay / 60)} min on the sandbox clock.`);
    }
    d.response = roleAssignmentJson(assignment);
    return `Granted '${role.roleName}' to '${sp.displayName}' at ${scopeLevel(scope) === 'resource' ? 'resource' : scopeLevel(scope).replace(/([A-Z])/g, ' $1').toLowerCase()} '${scope.split('/').pop()}'.`;
  },

  'roleAssignment.delete'(d, a) {
    const ref = a.id.split('/').pop()!.toLowerCase();
    const assignment = own(d.world.roleAssignments, ref);
    if (!assignment) fail(404, 'RoleAssignmentNotFound', `The role assignment '${ref}' is not found.`);
    delete d.table('roleAssignments')[assignment.name];
    d.mark('deleted', assignment.id);
    const orphan = !own(d.world.servicePrincipals, assignment.principalId);
    return orphan ? `Removed an orphaned role assignment ("Identity not found").` : `Removed the role assignment.`;
  },

  'keyVault.setPermissionModel'(d, a) {
    const kv = requireKind(d.world, a.vaultId, 'keyVault');
    const rbac = a.model === 'rbac';
    if (kv.enableRbacAuthorization === rbac) return `Key vault '${kv.name}' already uses ${rbac ? 'Azure RBAC' : 'access policies'}.`;
    putResource(d, { ...kv, enableRbacAuthorization: rbac });
    d.mark('changed', kv.id);
    d.notes.push(rbac ? 'Access policies are now ignored; only role assignments with Key Vault data roles grant access.' : 'Role assignments with Key Vault data roles are now ignored; only access policies grant data access.');
    return `Key vault '${kv.name}' now uses the ${rbac ? "'Azure role-based access control'" : "'Vault access policy'"} permission model.`;
  },

  'keyVault.accessPolicy.set'(d, a) {
    const kv = requireKind(d.world, a.vaultId, 'keyVault');
    const { principalId } = resolveAssignee(d.world, a.assignee);
    const others = kv.accessPolicies.filter((p) => p.objectId !== principalId);
    const accessPolicies = a.secrets.length
      ? [...others, { tenantId: d.world.tenant.id, objectId: principalId, permissions: { secrets: [...new Set(a.secrets)] } }]
      : others;
    putResource(d, { ...kv, accessPolicies } satisfies KeyVault);
    d.mark('changed', kv.id);
    const who = own(d.world.servicePrincipals, principalId)?.displayName ?? principalId;
    if (!kv.enableRbacAuthorization) {
      return a.secrets.length ? `Access policy on '${kv.name}': '${who}' may ${a.secrets.join(', ')} secrets.` : `Removed the access policy of '${who}' on '${kv.name}'.`;
    }
    d.notes.push('This vault uses Azure RBAC, so access policies are ignored until it switches to the access policy model.');
    return `Saved the access policy of '${who}' on '${kv.name}' (ignored while the vault uses Azure RBAC).`;
  },

  'keyVault.secret.set'(d, a) {
    const kv = requireKind(d.world, a.vaultId, 'keyVault');
    requireName(SECRET_NAME_RULE, a.name);
    const version = Array.from(d.bytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
    const existing = Object.keys(kv.secrets).find((n) => n.toLowerCase() === a.name.toLowerCase());
    const name = existing ?? a.name;
    putResource(d, { ...kv, secrets: withEntry(kv.secrets, name, { name, value: a.value, version, updatedAt: d.world.now }) });
    d.mark('changed', kv.id);
    d.notes.push('You act as the vault\'s administrator here (simplified: in Azure you too need a data role or an access policy to write secrets).');
    return `${existing ? 'Added a new version of' : 'Created'} secret '${name}' in key vault '${kv.name}'.`;
  },

  'storage.container.create'(d, a) {
    const sa = requireKind(d.world, a.accountId, 'storageAccount');
    requireName(CONTAINER_NAME_RULE, a.name);
    if (own(sa.containers, a.name)) fail(409, 'ContainerAlreadyExists', 'The specified container already exists.');
    putResource(d, { ...sa, containers: withEntry(sa.containers, a.name, { name: a.name, blobs: emptyTable() }) } satisfies StorageAccount);
    d.mark('changed', sa.id);
    return `Created container '${a.name}' in storage account '${sa.name}'.`;
  },

  'storage.blob.upload'(d, a) {
    const sa = requireKind(d.world, a.accountId, 'storageAccount');
    const container = own(sa.containers, a.container);
    if (!container) fail(404, 'ContainerNotFound', 'The specified container does not exist.');
    requireName(BLOB_NAME_RULE, a.name);
    const blobs = withEntry(container.blobs, a.name, { name: a.name, content: a.content, updatedAt: d.world.now });
    putResource(d, { ...sa, containers: withEntry(sa.containers, a.container, { ...container, blobs }) } satisfies StorageAccount);
    d.mark('changed', sa.id);
    d.notes.push('You act as the account\'s administrator here (simplified: in Azure you too need a Storage Blob Data role to upload with Entra ID).');
    return `Uploaded blob '${a.name}' to '${sa.name}/${a.container}'.`;
  },

  'clock.advance'(d, a) {
    if (d.world.now + a.seconds > MAX_TIME) {
      fail(400, 'SandboxLimit', `The sandbox clock cannot go past ${MAX_TIME_ISO}.`, ['This limit is the sandbox\'s: it is the latest time Azure\'s APIs can express (.NET DateTime.MaxValue).']);
    }
    d.world.now += a.seconds;
    return `The sandbox clock moved forward ${formatDuration(a.seconds)}.`;
  },

  'settings.set'(d, a) {
    d.world.settings = {
      propagationDelay: a.propagationDelay ?? d.world.settings.propagationDelay,
      tokenCache: a.tokenCache ?? d.world.settings.tokenCache,
    };
    const s = d.world.settings;
    return `Role propagation delay ${s.propagationDelay ? `${Math.round(s.propagationDelay / 60)} min` : 'off'}; token cache ${s.tokenCache ? 'on' : 'off'}.`;
  },
};

export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || !parts.length) parts.push(`${s} s`);
  return parts.join(' ');
}

export const CONTROL_TYPES = new Set(Object.keys(handlers));

/** Apply a control-plane action. On refusal the world returned is the one given, untouched. */
export function applyControl(world: World, action: Action): Step {
  const d = new Draft(world);
  try {
    const handler = own(handlers as Record<string, unknown>, action.type) as Handler<ControlAction['type']> | undefined;
    if (!handler) throw new Error(`'${action.type}' is not a control-plane action`);
    const summary = handler(d, action as never);
    const response = d.response ?? responseFor(d.world, action);
    return {
      world: d.world,
      outcome: { ok: true, summary, created: d.created, deleted: d.deleted, changed: d.changed, orphaned: d.orphaned, notes: d.notes, ...(response !== undefined ? { response } : {}) },
    };
  } catch (e) {
    d.rollback();
    if (!(e instanceof AzureFailure)) throw e;
    return {
      world,
      outcome: { ok: false, summary: `Azure refused: ${e.error.code}.`, created: [], deleted: [], changed: [], orphaned: [], error: e.error, notes: e.notes },
    };
  }
}

/** The identity JSON (`az ... identity show`) after an identity action. */
function responseFor(world: World, action: Action): unknown {
  if (!action.type.startsWith('identity.')) return undefined;
  const r = getResource(world, (action as { resourceId: string }).resourceId);
  return isSource(r) ? armIdentity(r) : undefined;
}

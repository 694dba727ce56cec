// Who may do what: role assignments (whom, which role, at which scope) and Key Vault's permission model
// and access policies.
import { expandId, key, resourceGroupOf } from '../arm.ts';
import { GUID_PATTERN } from '../ids.ts';
import { fail } from '../outcome.ts';
import { own } from '../table.ts';
import { childScope, getResource, isSource } from '../query.ts';
import { scopeLevel } from '../rbac.ts';
import { findRole, roleDefinitionId } from '../roles.ts';
import { findUser, userById, type TenantUser } from '../users.ts';
import type { KeyVault, RoleAssignment, World } from '../world.ts';
import type { Handlers } from './actions.ts';
import { putResource } from './cascade.ts';
import { label, notFound, requireKind } from './refuse.ts';

/** Resolve whom a role assignment or access policy is for: an object id, an app id, or a resource's identity. */
export function resolveAssignee(world: World, assignee: string): { principalId: string; known: boolean; user?: TenantUser } {
  const user = findUser(world, assignee);
  if (user) return { principalId: user.id, known: true, user };
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
  // Child scopes the targets understand (a blob container, a single secret, a Service Bus queue), as each kind's registry entry names them.
  return childScope(world, scope) ?? notFound(scope);
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

export const ACCESS_HANDLERS: Handlers<'roleAssignment.create' | 'roleAssignment.delete' | 'keyVault.setPermissionModel' | 'keyVault.accessPolicy.set'> = {
  'roleAssignment.create'(d, a) {
    const scope = resolveScope(d.world, a.scope);
    const role = findRole(a.role);
    if (!role) fail(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${noDashes(a.role)}' does not exist.`);
    const { principalId, known, user } = resolveAssignee(d.world, a.assignee);
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
      principalType: user ? 'User' : 'ServicePrincipal',
      roleDefinitionId: defId,
      createdOn: d.world.now,
    };
    d.table('roleAssignments')[name] = assignment;
    d.mark('created', assignment.id);
    const sp = user ?? own(d.world.servicePrincipals, principalId)!;
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
    // A user of the tenant is a live principal too, not "Identity not found".
    const orphan = !own(d.world.servicePrincipals, assignment.principalId) && !userById(d.world, assignment.principalId);
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
};

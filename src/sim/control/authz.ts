// Control-plane authorization: before Azure Resource Manager changes anything, it checks that the
// caller's role assignments grant the operation at its scope (403 AuthorizationFailed) and, for a
// request that links another resource such as a user-assigned identity, that the caller may act on
// the linked resource too (403 LinkedAuthorizationFailed). The data plane (tokens, Key Vault, Storage)
// decides on its own, with the token's principal (src/sim/rbac.ts, src/sim/token/targets).
import type { ControlAction } from './actions.ts';
import { KINDS, expandId, resourceGroupId, resourceId, slotId } from '../arm.ts';
import { refusal, type Step } from '../run.ts';
import { nextGuid } from '../ids.ts';
import { AzureFailure, fail } from '../outcome.ts';
import { getResource } from '../query.ts';
import { checkAccess, scopeLevel } from '../rbac.ts';
import { own } from '../table.ts';
import { actingUser, isSignedInAdmin, type TenantUser } from '../users.ts';
import { defaultSubscription, type World } from '../world.ts';

/** One operation on one scope, as ARM names them. */
export interface Operation {
  action: string;
  scope: string;
}

/** What an action needs: the operation on its own scope, and operations on linked resources. */
export interface Requirement {
  operation: Operation;
  linked: Operation[];
}

export const ASSIGN_IDENTITY = 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action';

/** The ARM resource type in an id ("Microsoft.Compute/virtualMachines"), read from the id itself. */
function typeOfId(id: string): string | null {
  const m = /\/providers\/([^/]+)\/([^/]+)\/[^/]+(?:\/([^/]+)\/[^/]+)?$/i.exec(id);
  if (!m) return null;
  return m[3] ? `${m[1]}/${m[2]}/${m[3]}` : `${m[1]}/${m[2]}`;
}

function typeOf(world: World, id: string): string | null {
  return getResource(world, id)?.type ?? typeOfId(expandId(world, id));
}

function subscriptionIdOf(world: World, given?: string): string {
  return given ?? defaultSubscription(world).subscriptionId;
}

/**
 * The operation an action asks ARM for, or null for what ARM does not authorize: the sandbox's clock and
 * settings, users (Entra ID), token requests and data-plane calls. `newName` names a role assignment
 * the request would create (its id is part of the scope ARM checks).
 */
export function requirementOf(world: World, action: ControlAction, newName: () => string): Requirement | null {
  const op = (actionName: string, scope: string, linked: Operation[] = []): Requirement => ({ operation: { action: actionName, scope }, linked });
  const write = (id: string) => {
    const type = typeOf(world, id);
    return type ? op(`${type}/write`, expandId(world, id)) : null;
  };
  switch (action.type) {
    case 'resourceGroup.create':
      return op('Microsoft.Resources/subscriptions/resourceGroups/write', resourceGroupId(subscriptionIdOf(world, action.subscriptionId), action.name));
    case 'resourceGroup.delete':
      return op('Microsoft.Resources/subscriptions/resourceGroups/delete', resourceGroupId(subscriptionIdOf(world, action.subscriptionId), action.name));
    case 'resource.create': {
      const id = resourceId(subscriptionIdOf(world, action.subscriptionId), action.resourceGroup, action.kind, action.name);
      const linked = (action.identity?.userAssigned ?? []).map((u) => ({ action: ASSIGN_IDENTITY, scope: expandId(world, u) }));
      return op(`${KINDS[action.kind].type}/write`, id, linked);
    }
    case 'slot.create':
      return op('Microsoft.Web/sites/slots/write', slotId(expandId(world, action.siteId), action.name));
    case 'resource.delete': {
      const type = typeOf(world, action.id);
      return type ? op(`${type}/delete`, getResource(world, action.id)?.id ?? expandId(world, action.id)) : null;
    }
    case 'identity.system.enable':
    case 'identity.system.disable':
    case 'identity.user.unassign':
      return write(action.resourceId);
    case 'identity.user.assign': {
      const req = write(action.resourceId);
      const identity = getResource(world, action.identityId)?.id ?? expandId(world, action.identityId);
      return req && { ...req, linked: [{ action: ASSIGN_IDENTITY, scope: identity }] };
    }
    case 'roleAssignment.create': {
      const scope = expandId(world, action.scope).replace(/\/+$/, '');
      return op('Microsoft.Authorization/roleAssignments/write', `${scope}/providers/Microsoft.Authorization/roleAssignments/${(action.name ?? newName()).toLowerCase()}`);
    }
    case 'roleAssignment.delete': {
      const a = own(world.roleAssignments, action.id.split('/').pop()!.toLowerCase());
      return a ? op('Microsoft.Authorization/roleAssignments/delete', a.id) : null;
    }
    case 'keyVault.setPermissionModel':
      return write(action.vaultId);
    case 'keyVault.accessPolicy.set':
      return op('Microsoft.KeyVault/vaults/accessPolicies/write', getResource(world, action.vaultId)?.id ?? expandId(world, action.vaultId));
    case 'storage.container.create':
      return op('Microsoft.Storage/storageAccounts/blobServices/containers/write', `${getResource(world, action.accountId)?.id ?? expandId(world, action.accountId)}/blobServices/default/containers/${action.name}`);
    default:
      return null;
  }
}

/** The scope an operation is checked at: a role assignment's id is checked at the scope it sits on. */
function checkedScope(scope: string): string {
  return scope.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '');
}

/** Whether the user's role assignments grant the operation now, with the plain-words reason. */
export function userMay(world: World, user: TenantUser, operation: Operation): { allowed: boolean; reason: string } {
  // The sandbox admin owns the subscription. Modelled without a role assignment so that every existing
  // scenario, lesson and diagram is unchanged; the Acting-as control says so.
  if (isSignedInAdmin(world, user)) return { allowed: true, reason: 'The sandbox admin is Owner of the subscription.' };
  const scope = checkedScope(operation.scope);
  if (scopeLevel(scope) === 'resource' && !/^\/subscriptions\//i.test(scope)) return { allowed: false, reason: 'The scope is not in a subscription.' };
  const decision = checkAccess(world, user.id, operation.action, scope, false);
  return { allowed: decision.allowed, reason: decision.reason.replace(/^The principal's roles/, `${user.displayName}'s roles`).replace(/for this principal/, `for ${user.displayName}`) };
}

/**
 * Refuse the action, in ARM's words, when the acting user may not do it. Throws AzureFailure; returns
 * nothing when the action is allowed or is not one ARM authorizes.
 */
export function authorize(world: World, action: ControlAction, newName: () => string): void {
  const user = actingUser(world);
  if (isSignedInAdmin(world, user)) return;
  const req = requirementOf(world, action, newName);
  if (!req) return;
  const client = `The client '${user.userPrincipalName}' with object id '${user.id}'`;
  const main = userMay(world, user, req.operation);
  if (!main.allowed) {
    fail(
      403,
      'AuthorizationFailed',
      `${client} does not have authorization to perform action '${req.operation.action}' over scope '${req.operation.scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      [main.reason, `You act as ${user.displayName}; switch user with "Acting as" at the top.`],
    );
  }
  const missing = req.linked.filter((l) => !userMay(world, user, l).allowed);
  if (missing.length) {
    const actions = [...new Set(missing.map((m) => m.action))].join(',');
    fail(
      403,
      'LinkedAuthorizationFailed',
      `${client} has permission to perform action '${req.operation.action}' on scope '${req.operation.scope}'; however, it does not have permission to perform action '${actions}' on the linked scope(s) '${missing.map((m) => m.scope).join(',')}' or the linked scope(s) are invalid.`,
      [
        `${user.displayName} may change the resource, but attaching a user-assigned identity also needs '${ASSIGN_IDENTITY}' on the identity itself. Managed Identity Operator grants just that (so do Contributor and Owner; Managed Identity Contributor does not). Whoever may attach an identity can use its permissions from code on the resource.`,
      ],
    );
  }
}

/**
 * The hook apply() calls before a control-plane action: the refusal when the acting user may not do it,
 * else undefined. (Not inside applyControl, which the simulated ARM endpoint also calls after checking
 * the token's own principal.)
 */
export function refusedByAzureRbac(world: World, action: ControlAction): Step | undefined {
  try {
    authorize(world, action, () => nextGuid(world.rng)[0]);
    return undefined;
  } catch (e) {
    if (!(e instanceof AzureFailure)) throw e;
    return refusal(world, e);
  }
}

// Actions and entities in plain words, for the timeline, confirmations, lessons and screen readers.
import type { Action } from './actions.ts';
import { KINDS } from './arm.ts';
import { formatDuration } from './control.ts';
import type { Outcome } from './outcome.ts';
import { displayName, getResource } from './query.ts';
import { findRole } from './roles.ts';
import type { World } from './world.ts';

/** The last segment of an id, which is the name for every ARM id the sandbox builds. */
export const lastSegment = (id: string) => id.replace(/\/+$/, '').split('/').pop() ?? id;

/** A resource, principal or scope by the name a person knows it by. */
export function nameOf(world: World, id: string): string {
  const r = getResource(world, id);
  if (r) return displayName(r);
  const sp = world.servicePrincipals[id.toLowerCase()];
  if (sp) return sp.displayName;
  const gone = world.deletedPrincipals[id.toLowerCase()];
  if (gone) return `${gone.displayName} (deleted)`;
  return lastSegment(id);
}

const kindLabel = (kind: keyof typeof KINDS) => KINDS[kind].label;

/** One line in the timeline for an action, as a person would say it. */
export function describeAction(world: World, action: Action): string {
  const n = (id: string) => nameOf(world, id);
  switch (action.type) {
    case 'resourceGroup.create':
      return `Create resource group ${action.name}`;
    case 'resourceGroup.delete':
      return `Delete resource group ${action.name}`;
    case 'resource.create': {
      const extras = [action.identity?.systemAssigned ? 'system-assigned identity' : '', action.identity?.userAssigned?.length ? 'user-assigned identity' : ''].filter(Boolean);
      return `Create ${kindLabel(action.kind).toLowerCase()} ${action.name}${extras.length ? ` with ${extras.join(' and ')}` : ''}`;
    }
    case 'slot.create':
      return `Create slot ${action.name} of ${n(action.siteId)}`;
    case 'resource.delete':
      return `Delete ${n(action.id)}`;
    case 'identity.system.enable':
      return `Turn on the system-assigned identity of ${n(action.resourceId)}`;
    case 'identity.system.disable':
      return `Turn off the system-assigned identity of ${n(action.resourceId)}`;
    case 'identity.user.assign':
      return `Assign identity ${lastSegment(action.identityId)} to ${n(action.resourceId)}`;
    case 'identity.user.unassign':
      return `Remove identity ${lastSegment(action.identityId)} from ${n(action.resourceId)}`;
    case 'roleAssignment.create':
      return `Grant ${findRole(action.role)?.roleName ?? action.role} to ${n(action.assignee)} at ${lastSegment(action.scope)}`;
    case 'roleAssignment.delete':
      return 'Remove a role assignment';
    case 'keyVault.setPermissionModel':
      return `Switch ${n(action.vaultId)} to ${action.model === 'rbac' ? 'Azure RBAC' : 'access policies'}`;
    case 'keyVault.accessPolicy.set':
      return `Set the access policy of ${n(action.assignee)} on ${n(action.vaultId)}`;
    case 'keyVault.secret.set':
      return `Set secret ${action.name} in ${n(action.vaultId)}`;
    case 'storage.container.create':
      return `Create container ${action.name} in ${n(action.accountId)}`;
    case 'storage.blob.upload':
      return `Upload ${action.name} to ${n(action.accountId)}/${action.container}`;
    case 'clock.advance':
      return `Fast-forward the clock ${formatDuration(action.seconds)}`;
    case 'settings.set':
      return 'Change the sandbox settings';
    default:
      return (action as { type: string }).type;
  }
}

export interface Consequences {
  deleted: string[];
  orphaned: string[];
  /** Resources whose identity changes: they lose one, or keep listing one that no longer exists. */
  changedResources: string[];
  /** Principals that disappear from Entra ID. */
  principals: string[];
}

/**
 * What a destructive action would do, worded for a confirmation: read from the outcome of applying it
 * to a copy of the world (the simulation is pure, so a preview is just an apply that is not kept).
 */
export function consequences(before: World, outcome: Outcome): Consequences {
  const principals = outcome.deleted.filter((id) => before.servicePrincipals[id]).map((id) => `${before.servicePrincipals[id]!.displayName} (service principal)`);
  const deleted = outcome.deleted
    .filter((id) => !before.servicePrincipals[id] && !/\/providers\/Microsoft\.Authorization\/roleAssignments\//i.test(id))
    .map((id) => {
      const r = getResource(before, id);
      return r ? `${KINDS[r.kind].label} ${displayName(r)}` : `Resource group ${lastSegment(id)}`;
    });
  const describeAssignment = (id: string) => {
    const a = before.roleAssignments[lastSegment(id).toLowerCase()];
    if (!a) return lastSegment(id);
    const role = findRole(a.roleDefinitionId)?.roleName ?? 'role';
    return `${role} for ${nameOf(before, a.principalId)} at ${lastSegment(a.scope)}`;
  };
  const removedAssignments = outcome.deleted.filter((id) => /\/providers\/Microsoft\.Authorization\/roleAssignments\//i.test(id)).map((id) => `Role assignment ${describeAssignment(id)} (its scope is deleted)`);
  return {
    deleted: [...deleted, ...removedAssignments],
    orphaned: outcome.orphaned.map(describeAssignment),
    changedResources: outcome.changed.filter((id) => !outcome.deleted.includes(id)).map((id) => nameOf(before, id)),
    principals,
  };
}

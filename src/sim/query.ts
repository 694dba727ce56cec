// Reading the world: look-ups by id, what a principal belongs to, and each resource's identity in the
// shape its resource provider returns.
import { KINDS, expandId, key } from './arm.ts';
import { own } from './table.ts';
import type { Resource, ServicePrincipal, SourceResource, UserAssignedIdentity, UserAssignedRef, World } from './world.ts';

export function getResource(world: World, id: string): Resource | undefined {
  return own(world.resources, key(expandId(world, id)));
}

export function isSource(r: Resource | undefined): r is SourceResource {
  return !!r && KINDS[r.kind].family === 'compute';
}

export function getIdentity(world: World, id: string): UserAssignedIdentity | undefined {
  const r = getResource(world, id);
  return r?.kind === 'userAssignedIdentity' ? r : undefined;
}

/** The resource's short name: for a slot, `<app>/slots/<slot>` as Entra names its identity. */
export function displayName(r: Resource): string {
  return r.kind === 'slot' ? r.name.replace('/', '/slots/') : r.name;
}

/**
 * A user-assigned entry is stale when its identity was deleted (it stays listed, "not found") or was
 * recreated with the same name (new ids the resource has not picked up).
 */
export function isStale(world: World, ref: UserAssignedRef): boolean {
  const uami = getIdentity(world, ref.id);
  return !uami || uami.principalId !== ref.principalId;
}

/** The resource whose identity a principal is, if any. */
export function ownerOf(world: World, sp: ServicePrincipal): Resource | undefined {
  return sp.owner.kind === 'application' ? undefined : own(world.resources, key(sp.owner.resourceId));
}

/** Whether a role assignment's principal no longer exists: the portal shows it as "Identity not found". */
export function isOrphaned(world: World, principalId: string): boolean {
  return !own(world.servicePrincipals, principalId);
}

/** The system-assigned principal of a resource, if it has one. */
export function systemPrincipal(world: World, r: Resource): ServicePrincipal | undefined {
  return isSource(r) && r.identity.systemAssigned ? own(world.servicePrincipals, r.identity.systemAssigned.principalId) : undefined;
}

/** Resources that list a user-assigned identity (live or stale entries). */
export function resourcesUsing(world: World, identityId: string): SourceResource[] {
  const k = key(expandId(world, identityId));
  return Object.values(world.resources).filter(
    (r): r is SourceResource => isSource(r) && r.identity.userAssigned.some((u) => key(u.id) === k),
  );
}

/** The ARM `identity` object of a resource, in its provider's own spelling of `type`. */
export function armIdentity(r: SourceResource): Record<string, unknown> {
  const sys = r.identity.systemAssigned;
  const users = r.identity.userAssigned;
  const types = [sys ? 'SystemAssigned' : null, users.length ? 'UserAssigned' : null].filter(Boolean) as string[];
  const type = types.length === 2 ? (KINDS[r.kind].bothTypes ?? types.join(',')) : (types[0] ?? 'None');
  const out: Record<string, unknown> = { type };
  if (sys) {
    out.principalId = sys.principalId;
    out.tenantId = sys.tenantId;
  }
  if (users.length) {
    out.userAssignedIdentities = Object.fromEntries(users.map((u) => [u.id, { principalId: u.principalId, clientId: u.clientId }]));
  }
  return out;
}

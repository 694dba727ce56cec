// Reading the world: look-ups by id, what a principal belongs to, and each resource's identity in the
// shape its resource provider returns.
import { KINDS, expandId, key } from './arm.ts';
import { kindSpec, type DataSpec } from './kinds.ts';
import { own } from './table.ts';
import { userById } from './users.ts';
import type { Resource, SourceResource, UserAssignedIdentity, UserAssignedRef, World } from './world.ts';

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

/** Whether a role assignment's principal no longer exists: the portal shows it as "Identity not found". */
export function isOrphaned(world: World, principalId: string): boolean {
  return !own(world.servicePrincipals, principalId) && !userById(world, principalId);
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

/** What a data-holding resource keeps, as its kind's registry entry describes it; undefined for other kinds. */
export interface Holdings {
  spec: DataSpec;
  /** The endpoint ARM lists for it. */
  endpoint: string;
  /** Its child items (queues, databases, containers, secrets), each with at least a name. */
  children: readonly ({ name: string } & { readonly [k: string]: unknown })[];
}

export function holdingsOf(r: Resource): Holdings | undefined {
  const spec = kindSpec(r.kind).data;
  if (!spec) return undefined;
  const fields = r as unknown as Readonly<Record<string, unknown>>;
  return {
    spec,
    endpoint: String(fields[spec.endpoint.key]),
    children: Object.values(fields[spec.children.key] as Record<string, { name: string }>),
  };
}

/** The child item a scope below a resource names ("<vault id>/secrets/<name>"), in Azure's casing, when its kind allows RBAC at that scope. */
export function childScope(world: World, scope: string): string | undefined {
  const s = scope.toLowerCase();
  for (const r of Object.values(world.resources)) {
    const spec = kindSpec(r.kind).data?.children;
    const prefix = `${key(r.id)}/${spec?.scope?.toLowerCase()}/`;
    if (!spec?.scope || !s.startsWith(prefix) || s.slice(prefix.length).includes('/')) continue;
    const name = scope.slice(prefix.length);
    const items = (r as unknown as Record<string, Record<string, { name: string }>>)[spec.key]!;
    const child = own(items, spec.caseless ? name.toLowerCase() : name);
    return child ? `${r.id}/${spec.scope}/${child.name}` : undefined;
  }
  return undefined;
}

// ARM resource types and ids: how each kind of resource is named, addressed and shaped.
import { KINDS } from './kinds.ts';
import type { ResourceKind, World } from './world.ts';
import { defaultSubscription } from './world.ts';

// The kinds registry is kinds.ts; modules that address resources by kind take it from here too.
export { KINDS } from './kinds.ts';

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

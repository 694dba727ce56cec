// Which of a resource's identities a token request means: the selector rules of the token endpoints
// (fact sheet §2 and "Decisions for the sandbox"), and turning an identity's resource id into the client
// id or object id a person would copy from the portal.
import { own } from '../table.ts';
import { expandId, key } from '../arm.ts';
import { getIdentity, getResource, isSource } from '../query.ts';
import type { ServicePrincipal, SourceResource, World } from '../world.ts';

export type SelectorKind = 'clientId' | 'objectId' | 'resourceId';
export interface Selector {
  kind: SelectorKind;
  value: string;
}

interface Candidate {
  kind: 'systemAssigned' | 'userAssigned';
  principalId: string;
  clientId: string;
  /** The identity's own resource: the host resource for a system-assigned identity. */
  resourceId: string;
}

export type Selection =
  | { ok: true; principal: ServicePrincipal; kind: Candidate['kind']; identityResource: string; defaulted: 'system' | 'singleUser' | null }
  | { ok: false; problem: 'noIdentity' | 'notAssigned' | 'deleted' | 'multiple'; detail: string };

function candidates(world: World, r: SourceResource): Candidate[] {
  const out: Candidate[] = [];
  const sys = r.identity.systemAssigned;
  if (sys) out.push({ kind: 'systemAssigned', principalId: sys.principalId, clientId: own(world.servicePrincipals, sys.principalId)?.appId ?? '', resourceId: r.id });
  for (const u of r.identity.userAssigned) out.push({ kind: 'userAssigned', principalId: u.principalId, clientId: u.clientId, resourceId: u.id });
  return out;
}

function matches(c: Candidate, s: Selector): boolean {
  const v = s.value.trim().toLowerCase();
  if (s.kind === 'clientId') return c.clientId.toLowerCase() === v;
  if (s.kind === 'objectId') return c.principalId.toLowerCase() === v;
  return c.kind === 'userAssigned' && key(c.resourceId) === v;
}

function chosen(world: World, c: Candidate, defaulted: 'system' | 'singleUser' | null): Selection {
  const sp = own(world.servicePrincipals, c.principalId);
  // A user-assigned entry whose identity was deleted (or recreated with new ids) stays listed: stale.
  const live = sp && (c.kind === 'systemAssigned' || getIdentity(world, c.resourceId)?.principalId === c.principalId);
  if (!live) return { ok: false, problem: 'deleted', detail: `The user-assigned identity '${c.resourceId.split('/').pop()}' is still listed on the resource, but it no longer exists.` };
  return { ok: true, principal: sp, kind: c.kind, identityResource: c.resourceId, defaulted };
}

/** Pick the identity a request names, or apply the endpoint's default when it names none. */
export function selectIdentity(world: World, r: SourceResource, selector: Selector | undefined, defaultRule: 'imds' | 'appService'): Selection {
  const all = candidates(world, r);
  if (selector) {
    const hit = all.find((c) => matches(c, selector));
    if (!hit) return { ok: false, problem: 'notAssigned', detail: `No identity on this resource has the ${selector.kind === 'clientId' ? 'client id' : selector.kind === 'objectId' ? 'object id' : 'resource id'} '${selector.value}'.` };
    return chosen(world, hit, null);
  }
  const sys = all.find((c) => c.kind === 'systemAssigned');
  if (sys) return chosen(world, sys, 'system');
  const users = all.filter((c) => c.kind === 'userAssigned');
  if (users.length === 0) return { ok: false, problem: 'noIdentity', detail: 'The resource has no managed identity.' };
  // App Service uses the system-assigned identity only; user-assigned ones must always be named.
  if (defaultRule === 'appService') return { ok: false, problem: 'multiple', detail: 'No identity was named and there is no system-assigned identity; App Service needs one of client_id, principal_id or mi_res_id for a user-assigned identity.' };
  if (users.length === 1) return chosen(world, users[0]!, 'singleUser');
  return { ok: false, problem: 'multiple', detail: `The resource has ${users.length} user-assigned identities and the request names none.` };
}

/**
 * Resolve a selector value given in the sandbox's reference form: an ARM id (`/resourceGroups/...` is
 * enough) of a user-assigned identity, or of a resource with a system-assigned identity, becomes the
 * client id, object id or full resource id a person would copy from the portal. A deleted identity
 * resolves to the ids the source resource still lists for it. Anything else is returned as given.
 */
export function resolveReference(world: World, source: SourceResource | undefined, value: string, as: SelectorKind): { value: string; from?: string } {
  if (!value.startsWith('/')) return { value };
  const id = expandId(world, value);
  const uami = getIdentity(world, id);
  const stale = source?.identity.userAssigned.find((u) => key(u.id) === key(id));
  if (as === 'resourceId') {
    const canonical = uami?.id ?? stale?.id ?? id;
    return canonical === value ? { value } : { value: canonical, from: value };
  }
  const pick = (principalId: string, clientId: string) => ({ value: as === 'clientId' ? clientId : principalId, from: value });
  if (uami) return pick(uami.principalId, uami.clientId);
  if (stale) return pick(stale.principalId, stale.clientId);
  const r = getResource(world, id);
  const sys = isSource(r) ? r.identity.systemAssigned : null;
  const sp = sys ? own(world.servicePrincipals, sys.principalId) : undefined;
  if (sp) return pick(sp.id, sp.appId);
  return { value };
}

// Managed identities on a resource: turning the system-assigned identity on and off, adding and
// removing user-assigned ones, and the provider's re-reading of every listed identity before an update.
import { expandId, key } from '../arm.ts';
import type { Draft } from '../draft.ts';
import { fail } from '../outcome.ts';
import { own } from '../table.ts';
import { armIdentity, displayName, getIdentity, getResource, isSource, isStale } from '../query.ts';
import type { SourceResource } from '../world.ts';
import type { Handlers } from './actions.ts';
import { putResource } from './cascade.ts';
import { createManagedPrincipal, deletePrincipal } from './principals.ts';
import { label, requireSource } from './refuse.ts';

/** The most user-assigned identities the sandbox shows on one resource (Azure documents no limit). */
export const MAX_USER_ASSIGNED = 8;

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

export function enableSystemAssigned(d: Draft, r: SourceResource): SourceResource {
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

export function assignUserAssigned(d: Draft, r: SourceResource, identityId: string): SourceResource {
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

type IdentityAction = 'identity.system.enable' | 'identity.system.disable' | 'identity.user.assign' | 'identity.user.unassign';

const identityHandlers: Handlers<IdentityAction> = {
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
};

/** The identity actions; each answers with the identity JSON `az ... identity show` prints after it. */
export const IDENTITY_HANDLERS = Object.fromEntries(
  Object.entries(identityHandlers).map(([type, handler]) => [
    type,
    (d: Draft, a: { resourceId: string }) => {
      const summary = (handler as (d: Draft, a: unknown) => string)(d, a);
      const r = getResource(d.world, a.resourceId);
      if (isSource(r)) d.response = armIdentity(r);
      return summary;
    },
  ]),
) as unknown as Handlers<IdentityAction>;

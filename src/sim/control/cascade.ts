// Writing a resource, and deleting one with everything that lives and dies with it: its slots, its
// system-assigned identity, the role assignments scoped to it.
import { key, scopeCovers } from '../arm.ts';
import type { Draft } from '../draft.ts';
import { displayName, isSource, resourcesUsing } from '../query.ts';
import { withIdentityHeader } from '../identity-header.ts';
import type { Resource } from '../world.ts';
import { deletePrincipal } from './principals.ts';

/** Role assignments are extension resources: deleting their scope deletes them (Azure/ARO-RP#3557). */
export function deleteAssignmentsUnder(d: Draft, scope: string): void {
  for (const a of Object.values(d.world.roleAssignments)) {
    if (scopeCovers(scope, a.scope)) {
      delete d.table('roleAssignments')[a.name];
      d.mark('deleted', a.id);
      const i = d.orphaned.indexOf(a.id);
      if (i >= 0) d.orphaned.splice(i, 1);
    }
  }
}

export function putResource(d: Draft, r: Resource): void {
  d.table('resources')[key(r.id)] = withIdentityHeader(r, () => d.guid());
}

/** Delete a resource and everything that lives and dies with it. */
export function deleteResource(d: Draft, r: Resource): void {
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


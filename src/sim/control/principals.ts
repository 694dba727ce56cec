// Managed identities' service principals in Entra ID: made when an identity is turned on or created,
// deleted with it. Deleting one leaves its role assignments behind, pointing at nobody.
import type { Draft } from '../draft.ts';
import { own } from '../table.ts';
import type { ServicePrincipal } from '../world.ts';

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function createManagedPrincipal(d: Draft, displayNameText: string, kind: 'systemAssigned' | 'userAssigned', resource: string, objectId = d.guid(), appId = d.guid()): ServicePrincipal {
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
export function deletePrincipal(d: Draft, principalId: string): void {
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


// Which of a resource's identities a token request names, and by which id: the selector parameters of
// each token endpoint (fact sheet §2) and the matching ManagedIdentityCredential options.
import { isStale, type SourceResource, type World } from '../../sim/index.ts';

export type SelectBy = 'clientId' | 'objectId' | 'resourceId';

export interface IdentityChoice {
  /** 'system', or the user-assigned identity's resource id. */
  key: string;
  label: string;
  kind: 'systemAssigned' | 'userAssigned';
  clientId: string;
  principalId: string;
  /** A user-assigned identity's ARM id (system-assigned identities are not selected by resource id). */
  resourceId?: string;
  stale: boolean;
}

export function identityChoices(world: World, r: SourceResource): IdentityChoice[] {
  const out: IdentityChoice[] = [];
  const sys = r.identity.systemAssigned;
  if (sys) {
    const sp = world.servicePrincipals[sys.principalId];
    out.push({ key: 'system', label: 'System-assigned identity', kind: 'systemAssigned', clientId: sp?.appId ?? '', principalId: sys.principalId, stale: !sp });
  }
  for (const u of r.identity.userAssigned) {
    const stale = isStale(world, u);
    out.push({ key: u.id, label: `User-assigned: ${u.id.split('/').pop()}${stale ? ' (not found)' : ''}`, kind: 'userAssigned', clientId: u.clientId, principalId: u.principalId, resourceId: u.id, stale });
  }
  return out;
}

/** The query parameter each endpoint reads for each kind of id. */
export const SELECTOR_PARAMS: Record<'imds' | 'appService', Record<SelectBy, string>> = {
  imds: { clientId: 'client_id', objectId: 'object_id', resourceId: 'msi_res_id' },
  appService: { clientId: 'client_id', objectId: 'principal_id', resourceId: 'mi_res_id' },
};

export const SELECT_BY_WORDS: Record<SelectBy, string> = { clientId: 'client id', objectId: 'object (principal) id', resourceId: 'resource id' };

/** The id value for a choice, or undefined when the choice cannot be named that way. */
export function selectorValue(choice: IdentityChoice, by: SelectBy): string | undefined {
  return by === 'clientId' ? choice.clientId : by === 'objectId' ? choice.principalId : choice.resourceId;
}

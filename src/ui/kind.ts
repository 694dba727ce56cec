// How each kind of thing is shown: its colour family and a short badge.
import type { Resource, ResourceKind } from '../sim/index.ts';

export type Family = 'compute' | 'identity' | 'target' | 'entra';

export function familyOf(kind: ResourceKind): Family {
  if (kind === 'userAssignedIdentity') return 'identity';
  if (kind === 'keyVault' || kind === 'storageAccount') return 'target';
  return 'compute';
}

const SHORT: Record<ResourceKind, string> = {
  vm: 'VM',
  webApp: 'Web app',
  functionApp: 'Function app',
  slot: 'Slot',
  logicApp: 'Logic app',
  containerApp: 'Container app',
  keyVault: 'Key vault',
  storageAccount: 'Storage',
  userAssignedIdentity: 'Managed identity',
};

export const shortKind = (r: Pick<Resource, 'kind'>) => SHORT[r.kind];

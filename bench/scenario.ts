// The benchmarks' worlds: a scenario of about N entities (resource groups, resources, principals and
// role assignments), the same for every benchmark so their figures compare.
import type { Action } from '../src/sim/index.ts';

const rg = '/resourceGroups/rg-bench';
export const vm = (i: number) => `${rg}/providers/Microsoft.Compute/virtualMachines/vm-${i}`;

/** A scenario of about `target` entities: VMs with identities and a grant each, vaults, shared identities. */
export function scenarioOf(target: number): Action[] {
  const actions: Action[] = [
    { type: 'settings.set', propagationDelay: 0 },
    { type: 'resourceGroup.create', name: 'rg-bench' },
    { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-bench', name: 'kv-bench-0' },
  ];
  let count = 2;
  for (let i = 1; count < target; i++) {
    if (i % 6 === 0 && count + 2 <= target) {
      actions.push({ type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-bench', name: `id-${i}` });
      actions.push({ type: 'identity.user.assign', resourceId: vm(i - 1), identityId: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${i}` });
      count += 2;
    } else if (count + 3 <= target) {
      actions.push({ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-bench', name: `vm-${i}`, identity: { systemAssigned: true } });
      actions.push({ type: 'roleAssignment.create', scope: `${rg}/providers/Microsoft.KeyVault/vaults/kv-bench-0`, role: 'Key Vault Secrets User', assignee: vm(i) });
      count += 3;
    } else {
      actions.push({ type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-bench', name: `sabench${i}` });
      count += 1;
    }
  }
  return actions;
}

// The world the endpoint tests run against: VMs with every identity arrangement, a web app, a vault.
import type { Action, Scenario } from '../../../src/sim/index.ts';

export const RG = '/resourceGroups/rg-e';
export const VM_SYSTEM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-system`;
export const VM_USERS = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-users`;
export const VM_NONE = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-none`;
export const APP = `${RG}/providers/Microsoft.Web/sites/app-e1`;
export const ID_A = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a`;
export const ID_B = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-b`;
export const ID_LONELY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-lonely`;
export const VAULT = `${RG}/providers/Microsoft.KeyVault/vaults/kv-e1`;
export const VAULT_URL = 'https://kv-e1.vault.azure.net';

const actions: Action[] = [
  { type: 'settings.set', propagationDelay: 0 },
  { type: 'resourceGroup.create', name: 'rg-e' },
  { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-e', name: 'id-a' },
  { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-e', name: 'id-b' },
  { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-e', name: 'id-lonely' },
  { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-e', name: 'vm-system', identity: { systemAssigned: true } },
  { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-e', name: 'vm-users', identity: { userAssigned: [ID_A, ID_B] } },
  { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-e', name: 'vm-none' },
  { type: 'resource.create', kind: 'webApp', resourceGroup: 'rg-e', name: 'app-e1', identity: { systemAssigned: true } },
  { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-e', name: 'kv-e1' },
  { type: 'keyVault.secret.set', vaultId: VAULT, name: 'db-password', value: 's3cret' },
  { type: 'roleAssignment.create', scope: VAULT, role: 'Key Vault Secrets User', assignee: VM_SYSTEM },
];

export const SCENARIO: Scenario = { version: 1, seed: 'endpoint-tests', start: '2026-03-02T09:00:00Z', actions };

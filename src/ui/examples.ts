// Ready-made starting points for the free sandbox.
import type { Scenario } from '../sim/index.ts';

const rg = '/resourceGroups/rg-demo';

export const EXAMPLES: { id: string; title: string; description: string; scenario: Scenario }[] = [
  {
    id: 'vm-and-vault',
    title: 'A VM and a key vault',
    description: 'VM web-1 (no identity yet) and key vault kv-demo-1 holding a secret. Turn on the identity, grant access, get a token, read the secret.',
    scenario: {
      version: 1,
      seed: 'vm-and-vault',
      title: 'A VM and a key vault',
      actions: [
        { type: 'resourceGroup.create', name: 'rg-demo' },
        { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'web-1' },
        { type: 'resource.create', kind: 'keyVault', resourceGroup: 'rg-demo', name: 'kv-demo-1' },
        { type: 'keyVault.secret.set', vaultId: `${rg}/providers/Microsoft.KeyVault/vaults/kv-demo-1`, name: 'db-password', value: 'correct-horse-battery-staple' },
      ],
    },
  },
  {
    id: 'shared-identity',
    title: 'One identity, two VMs',
    description: 'A user-assigned identity shared by two VMs, with read access to a storage container.',
    scenario: {
      version: 1,
      seed: 'shared-identity',
      title: 'One identity, two VMs',
      actions: [
        { type: 'resourceGroup.create', name: 'rg-demo' },
        { type: 'resource.create', kind: 'userAssignedIdentity', resourceGroup: 'rg-demo', name: 'id-workers' },
        { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'worker-1', identity: { userAssigned: [`${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-workers`] } },
        { type: 'resource.create', kind: 'vm', resourceGroup: 'rg-demo', name: 'worker-2', identity: { userAssigned: [`${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-workers`] } },
        { type: 'resource.create', kind: 'storageAccount', resourceGroup: 'rg-demo', name: 'stdemodata' },
        { type: 'storage.container.create', accountId: `${rg}/providers/Microsoft.Storage/storageAccounts/stdemodata`, name: 'reports' },
        { type: 'storage.blob.upload', accountId: `${rg}/providers/Microsoft.Storage/storageAccounts/stdemodata`, container: 'reports', name: 'q1.csv', content: 'region,revenue\nwest,42\n' },
        { type: 'settings.set', propagationDelay: 0 },
        { type: 'roleAssignment.create', scope: `${rg}/providers/Microsoft.Storage/storageAccounts/stdemodata`, role: 'Storage Blob Data Reader', assignee: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-workers` },
      ],
    },
  },
];

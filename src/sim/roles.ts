// Built-in role definitions, as the built-in roles reference lists them. Their GUIDs are the same in
// every tenant. Note that Owner and Contributor have `actions: ["*"]` but no dataActions: that is why
// they read no blobs and no secrets.

export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinition {
  /** The role's GUID (its ARM `name`). */
  name: string;
  roleName: string;
  description: string;
  permissions: Permission[];
}

const perm = (p: Partial<Permission>): Permission[] => [
  { actions: p.actions ?? [], notActions: p.notActions ?? [], dataActions: p.dataActions ?? [], notDataActions: p.notDataActions ?? [] },
];

const KEY_VAULT_MANAGEMENT_READ = [
  'Microsoft.Authorization/*/read',
  'Microsoft.Insights/alertRules/*',
  'Microsoft.Resources/deployments/*',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  'Microsoft.Support/*',
  'Microsoft.KeyVault/checkNameAvailability/read',
  'Microsoft.KeyVault/deletedVaults/read',
  'Microsoft.KeyVault/locations/*/read',
  'Microsoft.KeyVault/vaults/*/read',
  'Microsoft.KeyVault/operations/read',
];

export const BUILT_IN_ROLES: RoleDefinition[] = [
  {
    name: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    permissions: perm({ actions: ['*'] }),
  },
  {
    name: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.',
    permissions: perm({
      actions: ['*'],
      notActions: [
        'Microsoft.Authorization/*/Delete',
        'Microsoft.Authorization/*/Write',
        'Microsoft.Authorization/elevateAccess/Action',
        'Microsoft.Blueprint/blueprintAssignments/write',
        'Microsoft.Blueprint/blueprintAssignments/delete',
        'Microsoft.Compute/galleries/share/action',
        'Microsoft.Purview/consents/write',
        'Microsoft.Purview/consents/delete',
        'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
        'Microsoft.Subscription/cancel/action',
        'Microsoft.Subscription/enable/action',
      ],
    }),
  },
  {
    name: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
    permissions: perm({ actions: ['*/read'] }),
  },
  {
    name: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    description: 'Lets you manage user access to Azure resources.',
    permissions: perm({ actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'] }),
  },
  {
    name: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
    roleName: 'Virtual Machine Contributor',
    description: "Lets you manage virtual machines, but not access to them, and not the virtual network or storage account they're connected to.",
    permissions: perm({
      actions: [
        'Microsoft.Authorization/*/read',
        'Microsoft.Compute/availabilitySets/*',
        'Microsoft.Compute/locations/*',
        'Microsoft.Compute/virtualMachines/*',
        'Microsoft.Compute/virtualMachineScaleSets/*',
        'Microsoft.Compute/disks/write',
        'Microsoft.Compute/disks/read',
        'Microsoft.Compute/disks/delete',
        'Microsoft.DevTestLab/schedules/*',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Network/applicationGateways/backendAddressPools/join/action',
        'Microsoft.Network/loadBalancers/backendAddressPools/join/action',
        'Microsoft.Network/loadBalancers/inboundNatPools/join/action',
        'Microsoft.Network/loadBalancers/inboundNatRules/join/action',
        'Microsoft.Network/loadBalancers/probes/join/action',
        'Microsoft.Network/loadBalancers/read',
        'Microsoft.Network/locations/*',
        'Microsoft.Network/networkInterfaces/*',
        'Microsoft.Network/networkSecurityGroups/join/action',
        'Microsoft.Network/networkSecurityGroups/read',
        'Microsoft.Network/publicIPAddresses/join/action',
        'Microsoft.Network/publicIPAddresses/read',
        'Microsoft.Network/virtualNetworks/read',
        'Microsoft.Network/virtualNetworks/subnets/join/action',
        'Microsoft.RecoveryServices/locations/*',
        'Microsoft.RecoveryServices/Vaults/backupFabrics/backupProtectionIntent/write',
        'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/*/read',
        'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/read',
        'Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/write',
        'Microsoft.RecoveryServices/Vaults/backupPolicies/read',
        'Microsoft.RecoveryServices/Vaults/backupPolicies/write',
        'Microsoft.RecoveryServices/Vaults/read',
        'Microsoft.RecoveryServices/Vaults/usages/read',
        'Microsoft.RecoveryServices/Vaults/write',
        'Microsoft.ResourceHealth/availabilityStatuses/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.SqlVirtualMachine/*',
        'Microsoft.Storage/storageAccounts/listKeys/action',
        'Microsoft.Storage/storageAccounts/read',
        'Microsoft.Support/*',
      ],
    }),
  },
  {
    name: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
    roleName: 'Key Vault Administrator',
    description: "Perform all data plane operations on a key vault and all objects in it, including certificates, keys, and secrets. Cannot manage key vault resources or manage role assignments. Only works for key vaults that use the 'Azure role-based access control' permission model.",
    permissions: perm({ actions: KEY_VAULT_MANAGEMENT_READ, dataActions: ['Microsoft.KeyVault/vaults/*'] }),
  },
  {
    name: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    roleName: 'Key Vault Secrets Officer',
    description: "Perform any action on the secrets of a key vault, except manage permissions. Only works for key vaults that use the 'Azure role-based access control' permission model.",
    permissions: perm({ actions: KEY_VAULT_MANAGEMENT_READ, dataActions: ['Microsoft.KeyVault/vaults/secrets/*'] }),
  },
  {
    name: '4633458b-17de-408a-b874-0445c86b69e6',
    roleName: 'Key Vault Secrets User',
    description: "Read secret contents. Only works for key vaults that use the 'Azure role-based access control' permission model.",
    permissions: perm({
      dataActions: ['Microsoft.KeyVault/vaults/secrets/getSecret/action', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
    }),
  },
  {
    name: '21090545-7ca7-4776-b22c-e363652d74d2',
    roleName: 'Key Vault Reader',
    description: "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values such as secret contents or key material. Only works for key vaults that use the 'Azure role-based access control' permission model.",
    permissions: perm({
      actions: KEY_VAULT_MANAGEMENT_READ,
      dataActions: ['Microsoft.KeyVault/vaults/*/read', 'Microsoft.KeyVault/vaults/secrets/readMetadata/action'],
    }),
  },
  {
    name: '17d1049b-9a84-46fb-8f53-869881c3d3ab',
    roleName: 'Storage Account Contributor',
    description: 'Lets you manage storage accounts, including accessing storage account keys which provide full access to storage account data.',
    permissions: perm({
      actions: [
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Insights/diagnosticSettings/*',
        'Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action',
        'Microsoft.ResourceHealth/availabilityStatuses/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Storage/storageAccounts/*',
        'Microsoft.Support/*',
      ],
    }),
  },
  {
    name: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    roleName: 'Storage Blob Data Owner',
    description: 'Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.',
    permissions: perm({
      actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
      dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'],
    }),
  },
  {
    name: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    roleName: 'Storage Blob Data Contributor',
    description: 'Allows for read, write and delete access to Azure Storage blob containers and data',
    permissions: perm({
      actions: [
        'Microsoft.Storage/storageAccounts/blobServices/containers/delete',
        'Microsoft.Storage/storageAccounts/blobServices/containers/read',
        'Microsoft.Storage/storageAccounts/blobServices/containers/write',
        'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action',
      ],
      dataActions: [
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete',
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/move/action',
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action',
      ],
    }),
  },
  {
    name: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
    roleName: 'Storage Blob Data Reader',
    description: 'Allows for read access to Azure Storage blob containers and data',
    permissions: perm({
      actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/read', 'Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action'],
      dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'],
    }),
  },
  {
    name: '090c5cfd-751d-490a-894a-3ce6f1109419',
    roleName: 'Azure Service Bus Data Owner',
    description: 'Allows for full access to Azure Service Bus resources.',
    permissions: perm({ actions: ['Microsoft.ServiceBus/*'], dataActions: ['Microsoft.ServiceBus/*'] }),
  },
  {
    name: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
    roleName: 'Azure Service Bus Data Sender',
    description: 'Allows for send access to Azure Service Bus resources.',
    permissions: perm({ actions: ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read', 'Microsoft.ServiceBus/*/topics/subscriptions/read'], dataActions: ['Microsoft.ServiceBus/*/send/action'] }),
  },
  {
    name: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
    roleName: 'Azure Service Bus Data Receiver',
    description: 'Allows for receive access to Azure Service Bus resources.',
    permissions: perm({ actions: ['Microsoft.ServiceBus/*/queues/read', 'Microsoft.ServiceBus/*/topics/read', 'Microsoft.ServiceBus/*/topics/subscriptions/read'], dataActions: ['Microsoft.ServiceBus/*/receive/action'] }),
  },
  {
    name: 'f1a07417-d97a-45cb-824c-7a7467783830',
    roleName: 'Managed Identity Operator',
    description: 'Read and Assign User Assigned Identity',
    permissions: perm({
      actions: [
        'Microsoft.ManagedIdentity/userAssignedIdentities/*/read',
        'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Support/*',
      ],
    }),
  },
  {
    name: 'e40ec5ca-96e0-45a2-b4ff-59039f2c2b59',
    roleName: 'Managed Identity Contributor',
    description: 'Create, Read, Update, and Delete User Assigned Identity',
    permissions: perm({
      actions: [
        'Microsoft.ManagedIdentity/userAssignedIdentities/read',
        'Microsoft.ManagedIdentity/userAssignedIdentities/write',
        'Microsoft.ManagedIdentity/userAssignedIdentities/delete',
        'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read',
        'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write',
        'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete',
        'Microsoft.ManagedIdentity/userAssignedIdentities/revokeTokens/action',
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Support/*',
      ],
    }),
  },
];

const byGuid = new Map(BUILT_IN_ROLES.map((r) => [r.name, r]));
const byName = new Map(BUILT_IN_ROLES.map((r) => [r.roleName.toLowerCase(), r]));

/** Find a built-in role by its name, its GUID, or a full role definition id. */
export function findRole(ref: string): RoleDefinition | undefined {
  const trimmed = ref.trim();
  const guid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(trimmed)?.[1];
  if (guid) return byGuid.get(guid.toLowerCase());
  return byName.get(trimmed.toLowerCase());
}

export function roleDefinitionId(subscriptionId: string | null, role: RoleDefinition): string {
  const prefix = subscriptionId ? `/subscriptions/${subscriptionId}` : '';
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`;
}

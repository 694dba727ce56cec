// Every kind of Azure resource the sandbox simulates, in one registry. What depends on the kind (the
// action schema's list of kinds, the ARM type, the naming rule, the token endpoint code on it calls,
// the words for it, the explorer's badge, the word lesson goals name it by) is read from its entry
// here, and the kind types of world.ts come from the keys, so a new kind is one entry and a missing
// field is a compile error.
import {
  CONTAINER_APP_NAME_RULE,
  FUNCTION_APP_NAME_RULE,
  KEY_VAULT_NAME_RULE,
  LOGIC_APP_NAME_RULE,
  SERVICE_BUS_NAMESPACE_NAME_RULE,
  SLOT_NAME_RULE,
  STORAGE_ACCOUNT_NAME_RULE,
  USER_ASSIGNED_IDENTITY_NAME_RULE,
  VM_NAME_RULE,
  WEB_APP_NAME_RULE,
  invalidResourceName,
  type NameRule,
} from './names.ts';


export interface KindSpec {
  /** ARM resource type. */
  type: string;
  /** `kind` property of Microsoft.Web sites. */
  siteKind?: 'app' | 'functionapp';
  /** What a resource of this kind is: code that can hold identities, a managed identity, or a service called with tokens. */
  family: 'compute' | 'identity' | 'target';
  /** Whether `resource.create` makes it (a deployment slot is made under its app by `slot.create`). */
  creatable: boolean;
  label: string;
  /** The label inside a sentence ("App Service" keeps its capitals). */
  noun: string;
  /** The explorer's badge. */
  short: string;
  /** How a lesson goal's checklist names the kind ("VM web-1"). */
  ref: string;
  /** How the provider spells identity.type when both kinds are on (Compute puts a space after the comma); null: not both. */
  bothTypes: string | null;
  /** How code on the resource asks for a token: IMDS, the App Service protocol, or only through connectors. */
  tokenEndpoint: 'imds' | 'appService' | 'connector' | null;
  /** The App Service protocol's IDENTITY_ENDPOINT on this kind (observed values). */
  localEndpoint?: string;
  /** Said with every token obtained from a resource of this kind, when there is something to know. */
  tokenNote?: string;
  /** Azure's naming rule for the resource name. */
  name: NameRule;
  /** How the built-in roles about what lives in this kind begin ("Key Vault "): IAM offers them first at its scope. */
  rolePrefix?: string;
}

const APP_SERVICE = { tokenEndpoint: 'appService', localEndpoint: 'http://169.254.129.7:8081/msi/token' } as const;

export const KINDS = {
  vm: {
    type: 'Microsoft.Compute/virtualMachines', family: 'compute', creatable: true,
    label: 'Virtual machine', noun: 'virtual machine', short: 'VM', ref: 'VM',
    bothTypes: 'SystemAssigned, UserAssigned', tokenEndpoint: 'imds', name: VM_NAME_RULE, rolePrefix: 'Virtual Machine ',
  },
  vmss: {
    type: 'Microsoft.Compute/virtualMachineScaleSets', family: 'compute', creatable: true,
    label: 'Virtual machine scale set', noun: 'virtual machine scale set', short: 'Scale set', ref: 'scale set',
    // Compute spells both identity types as VMs do: "SystemAssigned, UserAssigned" [§1 Scale sets, D29].
    bothTypes: 'SystemAssigned, UserAssigned', tokenEndpoint: 'imds',
    tokenNote: 'Every instance of a scale set asks the same IMDS endpoint a VM does and gets a token for the scale set\'s identities: all instances share them.',
    // The naming-rules table's row for scale sets (Linux length) [§1 Scale sets, D9]; the provider's own sentence for a bad name is not on record, so ARM's generic error states the rule.
    name: {
      summary: "1-64 characters (Linux). None of \\ / \" [ ] : | < > + = ; , ? * @ & or spaces; can't start with an underscore or end with a period or hyphen.",
      check: (n: string) =>
        n.length < 1 || n.length > 64 ? `must be 1 to 64 characters long (it has ${n.length})`
        : /[\s\p{Cc}\p{Cf}\\/"[\]:|<>+=;,?*@&]/u.test(n) ? 'can\'t contain spaces or \\ / " [ ] : | < > + = ; , ? * @ &'
        : n.startsWith('_') ? "can't start with an underscore"
        : /[.-]$/.test(n) ? "can't end with a period or hyphen"
        : null,
      error: invalidResourceName("The name can be 1 to 64 characters long, can't contain \\ / \" [ ] : | < > + = ; , ? * @ &, can't start with an underscore and can't end with a period or hyphen."),
    },
  },
  webApp: {
    type: 'Microsoft.Web/sites', siteKind: 'app', family: 'compute', creatable: true,
    label: 'App Service web app', noun: 'App Service web app', short: 'Web app', ref: 'web app',
    bothTypes: 'SystemAssigned,UserAssigned', ...APP_SERVICE, name: WEB_APP_NAME_RULE,
  },
  functionApp: {
    type: 'Microsoft.Web/sites', siteKind: 'functionapp', family: 'compute', creatable: true,
    label: 'Function app', noun: 'function app', short: 'Function app', ref: 'function app',
    bothTypes: 'SystemAssigned,UserAssigned', ...APP_SERVICE, name: FUNCTION_APP_NAME_RULE,
  },
  slot: {
    type: 'Microsoft.Web/sites/slots', family: 'compute', creatable: false,
    label: 'Deployment slot', noun: 'deployment slot', short: 'Slot', ref: 'slot',
    bothTypes: 'SystemAssigned,UserAssigned', ...APP_SERVICE, name: SLOT_NAME_RULE,
  },
  // Consumption logic apps take either the system-assigned identity or one user-assigned identity.
  logicApp: {
    type: 'Microsoft.Logic/workflows', family: 'compute', creatable: true,
    label: 'Logic app (Consumption)', noun: 'logic app (Consumption)', short: 'Logic app', ref: 'logic app',
    bothTypes: null, tokenEndpoint: 'connector', name: LOGIC_APP_NAME_RULE,
  },
  containerApp: {
    type: 'Microsoft.App/containerApps', family: 'compute', creatable: true,
    label: 'Container app', noun: 'container app', short: 'Container app', ref: 'container app',
    bothTypes: 'SystemAssigned,UserAssigned', tokenEndpoint: 'appService', localEndpoint: 'http://localhost:42356/msi/token', name: CONTAINER_APP_NAME_RULE,
  },
  keyVault: {
    type: 'Microsoft.KeyVault/vaults', family: 'target', creatable: true,
    label: 'Key vault', noun: 'key vault', short: 'Key vault', ref: 'key vault',
    bothTypes: null, tokenEndpoint: null, name: KEY_VAULT_NAME_RULE, rolePrefix: 'Key Vault ',
  },
  storageAccount: {
    type: 'Microsoft.Storage/storageAccounts', family: 'target', creatable: true,
    label: 'Storage account', noun: 'storage account', short: 'Storage', ref: 'storage account',
    bothTypes: null, tokenEndpoint: null, name: STORAGE_ACCOUNT_NAME_RULE, rolePrefix: 'Storage ',
  },
  serviceBusNamespace: {
    type: 'Microsoft.ServiceBus/namespaces', family: 'target', creatable: true,
    label: 'Service Bus namespace', noun: 'Service Bus namespace', short: 'Service Bus', ref: 'Service Bus namespace',
    bothTypes: null, tokenEndpoint: null, name: SERVICE_BUS_NAMESPACE_NAME_RULE, rolePrefix: 'Azure Service Bus ',
  },
  // A logical server with its databases (Microsoft.Sql/servers/databases, created with it); data access
  // is the database's own users and roles, not Azure RBAC [§4 Azure SQL Database, D41, D42].
  sqlServer: {
    type: 'Microsoft.Sql/servers', family: 'target', creatable: true,
    label: 'SQL server and database', noun: 'SQL server', short: 'SQL', ref: 'SQL server',
    bothTypes: null, tokenEndpoint: null, rolePrefix: 'SQL ',
    // The naming-rules table's row for Microsoft.Sql/servers [D9]; the provider's own sentence for a bad name is not on record.
    name: {
      summary: 'Globally unique, 1-63 characters: lowercase letters, digits and hyphens; can\'t start or end with a hyphen.',
      check: (n: string) =>
        n.length < 1 || n.length > 63 ? `must be 1 to 63 characters long (it has ${n.length})`
        : !/^[a-z0-9-]*$/.test(n) ? 'can contain only lowercase letters, digits and hyphens'
        : /^-|-$/.test(n) ? "can't start or end with a hyphen"
        : null,
      error: invalidResourceName("The server name can contain only lowercase letters, numbers and hyphens, must be 1 to 63 characters long and can't start or end with a hyphen."),
    },
  },
  userAssignedIdentity: {
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities', family: 'identity', creatable: true,
    label: 'User-assigned managed identity', noun: 'user-assigned managed identity', short: 'Managed identity', ref: 'user-assigned identity',
    bothTypes: null, tokenEndpoint: null, name: USER_ASSIGNED_IDENTITY_NAME_RULE, rolePrefix: 'Managed Identity ',
  },
} as const satisfies Record<string, KindSpec>;

type Kinds = typeof KINDS;
export type ResourceKind = keyof Kinds;
type KindsWhere<F extends keyof KindSpec, V> = { [K in ResourceKind]: Kinds[K][F & keyof Kinds[K]] extends V ? K : never }[ResourceKind];
/** Kinds that run code and hold managed identities. */
export type SourceKind = KindsWhere<'family', 'compute'>;
/** Kinds a token is presented to. */
export type TargetKind = KindsWhere<'family', 'target'>;
/** Kinds `resource.create` makes. */
export type CreatableKind = KindsWhere<'creatable', true>;

const ALL_KINDS = Object.keys(KINDS) as ResourceKind[];

/** The kinds `resource.create` accepts, in the registry's order (the create dialog's order too). */
export const RESOURCE_KIND_VALUES = ALL_KINDS.filter((k): k is CreatableKind => KINDS[k].creatable);

/** One field of every kind, keyed by kind. */
export function kindField<F extends keyof KindSpec>(field: F): Record<ResourceKind, KindSpec[F]> {
  return Object.fromEntries(ALL_KINDS.map((k) => [k, (KINDS[k] as KindSpec)[field]])) as Record<ResourceKind, KindSpec[F]>;
}

/** The naming rule of each kind. */
export const NAME_RULES = kindField('name');

/** The spec of a kind, with every optional field visible (the `as const` entries narrow them away). */
export const kindSpec = (kind: ResourceKind): KindSpec => KINDS[kind];

// Every kind of Azure resource the sandbox simulates, in one registry. What depends on the kind (the
// action schema's list of kinds, the ARM type, the naming rule, the token endpoint code on it calls,
// the words for it, the explorer's badge, the word lesson goals name it by, and for a kind that holds
// data its endpoint, its globally unique name, its child items, the create dialog's fields and the
// blade's tabs) is read from its entry here, and the kind types of world.ts come from the keys, so a new
// kind is one entry and a missing field is a compile error.
import {
  CONTAINER_APP_NAME_RULE,
  FUNCTION_APP_NAME_RULE,
  KEY_VAULT_NAME_RULE,
  LOGIC_APP_NAME_RULE,
  SERVICE_BUS_NAMESPACE_NAME_RULE,
  SERVICE_BUS_QUEUE_NAME_RULE,
  SECRET_NAME_RULE,
  CONTAINER_NAME_RULE,
  SQL_DATABASE_NAME_RULE,
  SLOT_NAME_RULE,
  STORAGE_ACCOUNT_NAME_RULE,
  USER_ASSIGNED_IDENTITY_NAME_RULE,
  VM_NAME_RULE,
  WEB_APP_NAME_RULE,
  invalidResourceName,
  type NameRule,
} from './names.ts';


/** One input of the create dialog beyond the name, and the property of `resource.create` it fills. */
export type CreateField =
  /** A text box; empty sends nothing. `many`: the action takes a list (of one, from the dialog). */
  | { input: 'text'; action: string; label: string; initial: string; hint: string; many?: boolean }
  /** A choice of options, always sent. */
  | { input: 'choice'; action: string; label: string; initial: string; options: readonly { value: string; label: string }[] };

/** The items a data-holding resource keeps inside it (a namespace's queues, a server's databases). */
export interface ChildSpec {
  /** The resource's property that holds them, keyed by name (lowercased where Azure ignores case). */
  key: string;
  /** One of them in a sentence: "queue"; and more than one: "queues". */
  noun: string;
  plural: string;
  name: NameRule;
  /** Whether Azure compares their names without case. */
  caseless: boolean;
  /** A new, empty one as the world keeps it. */
  empty: (name: string) => object;
  /** The path segment of one below the resource's id ("queues"), when Azure RBAC can be scoped to one. */
  scope?: string;
  /** Made with the resource from a text field of the create dialog (a template's child resource): what the outcome says. */
  withParent?: { action: string; note: (names: readonly string[], resourceId: string) => string };
  /** The blade's list of them beyond each name: column headings and values. */
  columns?: readonly { label: string; value: (child: { readonly [k: string]: unknown }) => string }[];
  /** The list with none in it. */
  none?: string;
}

/** What a kind that holds data has: the parts every such kind has, read by the control plane, ARM and the UI. */
export interface DataSpec {
  /** The endpoint ARM lists: its label on the overview, the resource's property, its URL from the name, ARM's properties for it. */
  endpoint: { label: string; key: string; url: (name: string) => string; arm: (url: string) => Record<string, unknown> };
  /** ARM's 409 when the globally unique name is taken, and why it says so. */
  taken: { code: string; message: (name: string) => string; note?: string };
  children: ChildSpec;
  /** Properties a new resource takes from its create action beyond the endpoint and children. */
  extra?: (action: { readonly [k: string]: unknown }) => Record<string, unknown>;
  /** The blade's tabs for its data, after Overview ({id, label}; the UI lists a tab's items by `children` unless it has a view of its own for the id). */
  tabs: readonly { id: string; label: string }[];
  /** Whether the overview lists the children's names. */
  listOnOverview?: boolean;
}

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
  /** The create dialog's inputs beyond the name (and the identities of a compute kind). */
  createFields?: readonly CreateField[];
  /** For a kind that holds data (a target): its endpoint, name, child items and tabs. */
  data?: DataSpec;
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
    createFields: [{
      input: 'choice', action: 'permissionModel', label: 'Permission model', initial: 'rbac',
      options: [{ value: 'rbac', label: 'Azure role-based access control (recommended)' }, { value: 'accessPolicy', label: 'Vault access policy' }],
    }],
    data: {
      endpoint: { label: 'Vault URI', key: 'vaultUri', url: (name) => `https://${name.toLowerCase()}.vault.azure.net/`, arm: (vaultUri) => ({ vaultUri }) },
      taken: {
        code: 'VaultAlreadyExists',
        message: (name) => `The vault name '${name}' is already in use. Vault names are globally unique so it is possible that the name is already taken. If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state. If the vault is in a recoverable state then the vault will need to be purged before reusing the name. For more information about VaultAlreadyExists, soft delete and purging a vault follow this link https://go.microsoft.com/fwlink/?linkid=2147740.`,
      },
      children: { key: 'secrets', noun: 'secret', plural: 'secrets', name: SECRET_NAME_RULE, caseless: false, scope: 'secrets', empty: (name) => ({ name, value: '', version: '', updatedAt: 0 }) },
      extra: (a) => ({ enableRbacAuthorization: a.permissionModel !== 'accessPolicy', accessPolicies: [] }),
      tabs: [{ id: 'secrets', label: 'Secrets' }, { id: 'policies', label: 'Access policies' }],
    },
  },
  storageAccount: {
    type: 'Microsoft.Storage/storageAccounts', family: 'target', creatable: true,
    label: 'Storage account', noun: 'storage account', short: 'Storage', ref: 'storage account',
    bothTypes: null, tokenEndpoint: null, name: STORAGE_ACCOUNT_NAME_RULE, rolePrefix: 'Storage ',
    data: {
      endpoint: { label: 'Blob endpoint', key: 'blobEndpoint', url: (name) => `https://${name}.blob.core.windows.net/`, arm: (blob) => ({ primaryEndpoints: { blob } }) },
      taken: { code: 'StorageAccountAlreadyTaken', message: (name) => `The storage account named ${name} is already taken.` },
      children: { key: 'containers', noun: 'container', plural: 'containers', name: CONTAINER_NAME_RULE, caseless: false, scope: 'blobServices/default/containers', empty: (name) => ({ name, blobs: {} }) },
      tabs: [{ id: 'containers', label: 'Containers' }],
    },
  },
  serviceBusNamespace: {
    type: 'Microsoft.ServiceBus/namespaces', family: 'target', creatable: true,
    label: 'Service Bus namespace', noun: 'Service Bus namespace', short: 'Service Bus', ref: 'Service Bus namespace',
    bothTypes: null, tokenEndpoint: null, name: SERVICE_BUS_NAMESPACE_NAME_RULE, rolePrefix: 'Azure Service Bus ',
    createFields: [{ input: 'text', action: 'queues', many: true, label: 'Queue', initial: 'orders', hint: "Created with the namespace, as a template's child queue would be. Empty: no queue." }],
    data: {
      endpoint: { label: 'Service Bus endpoint', key: 'serviceBusEndpoint', url: (name) => `https://${name.toLowerCase()}.servicebus.windows.net:443/`, arm: (serviceBusEndpoint) => ({ serviceBusEndpoint }) },
      taken: { code: 'Conflict', message: (name) => `The namespace name '${name}' is already in use.`, note: "Service Bus namespace names are globally unique (this wording is the sandbox's)." },
      children: {
        key: 'queues', noun: 'queue', plural: 'queues', name: SERVICE_BUS_QUEUE_NAME_RULE, caseless: true, scope: 'queues',
        empty: (name) => ({ name, messages: [], nextSequence: 1 }),
        withParent: { action: 'queues', note: () => 'The namespace and its queues were created together, as an ARM template with child Microsoft.ServiceBus/namespaces/queues resources creates them.' },
        columns: [{ label: 'Active messages', value: (q) => String((q.messages as readonly unknown[]).length) }],
        none: 'No queues: a namespace gets its queues when it is created.',
      },
      tabs: [{ id: 'queues', label: 'Queues' }],
    },
  },
  // A logical server with its databases (Microsoft.Sql/servers/databases, created with it); data access
  // is the database's own users and roles, not Azure RBAC [§4 Azure SQL Database, D41, D42].
  sqlServer: {
    type: 'Microsoft.Sql/servers', family: 'target', creatable: true,
    label: 'SQL server and database', noun: 'SQL server', short: 'SQL', ref: 'SQL server',
    bothTypes: null, tokenEndpoint: null, rolePrefix: 'SQL ',
    createFields: [{ input: 'text', action: 'database', label: 'Database', initial: 'appdb', hint: "Created on the server (Microsoft.Sql/servers/databases). You become the server's Microsoft Entra admin. Empty: no database." }],
    data: {
      endpoint: { label: 'Server name', key: 'fullyQualifiedDomainName', url: (name) => `${name}.database.windows.net`, arm: (fullyQualifiedDomainName) => ({ fullyQualifiedDomainName }) },
      taken: { code: 'ServerNameAlreadyExists', message: (name) => `The server name '${name}' already exists. Choose a different name.`, note: "SQL server names are globally unique (they are host names); this wording is the sandbox's." },
      children: {
        key: 'databases', noun: 'database', plural: 'databases', name: SQL_DATABASE_NAME_RULE, caseless: true,
        empty: (name) => ({ name, users: {} }),
        withParent: { action: 'database', note: ([db], id) => `The server and database '${db}' were created together; the database's id is ${id}/databases/${db}. You are the server's Microsoft Entra admin.` },
      },
      tabs: [{ id: 'query', label: 'Query editor' }],
      listOnOverview: true,
    },
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

/** Kinds that hold data; every target kind must (a target kind without `data` fails to compile here). */
export type DataKind = { [K in ResourceKind]: Kinds[K] extends { data: DataSpec } ? K : never }[ResourceKind];
const everyTargetHoldsData: [Exclude<TargetKind, DataKind>] extends [never] ? true : never = true;
void everyTargetHoldsData;

/** Whether resources of the kind run code and hold identities. */
export const isSourceKind = (kind: ResourceKind): kind is SourceKind => KINDS[kind].family === 'compute';

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

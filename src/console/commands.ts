// The az commands the sandbox models, each mapped onto the same actions the panels send. Summaries and
// argument help follow azure-cli's own help text (its command modules' _help.py and _params.py),
// shortened where az's runs long; arguments that only matter on real Azure (images, plans, SKUs) are
// accepted and marked "not modelled" in --help.
import { boolArg } from './argv.ts';
import {
  appJson,
  assignedIdentityJson,
  assignmentJson,
  assignmentTable,
  groupJson,
  identityJson,
  identityShowJson,
  resourceJson,
  roleDefinitionJson,
  secretJson,
  spJson,
  storageAccountOf,
  vaultOf,
  vmCreateJson,
} from './shapes.ts';
import { identityActions } from './identity.ts';
import { rest } from './rest.ts';
import { CliError, type CommandSpec, type Context, type GroupSpec, type Param } from './spec.ts';
import {
  armIdentity,
  BUILT_IN_ROLES,
  KINDS,
  assignmentsAt,
  defaultSubscription,
  findRole,
  getResource,
  isSource,
  resourceGroupId,
  resourceId,
  slotId,
  type Action,
  type KeyVault,
  type Resource,
  type ResourceGroup,
  type SourceResource,
  type World,
} from '../sim/index.ts';

type Kind = 'vm' | 'webApp' | 'functionApp' | 'logicApp' | 'containerApp' | 'keyVault' | 'storageAccount' | 'userAssignedIdentity';

// ---------------------------------------------------------------------------------------------
// Arguments shared by many commands

const RG: Param = { names: ['--resource-group', '-g'], dest: 'resource_group', required: true, complete: 'group', help: 'Name of resource group. You can configure the default group using `az configure --defaults group=<name>`.' };
const RG_OPTIONAL: Param = { ...RG, required: false };
const NAME = (help: string, complete?: Param['complete']): Param => ({ names: ['--name', '-n'], dest: 'name', required: true, help, ...(complete ? { complete } : {}) });
const LOCATION: Param = { names: ['--location', '-l'], dest: 'location', complete: 'location', help: 'Location. Values from: `az account list-locations`. You can configure the default location using `az configure --defaults location=<location>`.' };
const YES: Param = { names: ['--yes', '-y'], dest: 'yes', kind: 'flag', help: 'Do not prompt for confirmation.' };
const NO_WAIT: Param = { names: ['--no-wait'], dest: 'no_wait', kind: 'flag', ignored: true, help: 'Do not wait for the long-running operation to finish.' };
const MSI = 'Managed Service Identity';
const ASSIGN_IDENTITY: Param = { names: ['--assign-identity'], dest: 'assign_identity', kind: 'optional-list', complete: 'identityRef', group: MSI, help: "Accept system or user assigned identities separated by spaces. Use '[system]' to refer system assigned identity, or a resource id to refer user assigned identity." };
// App Service still defaults --role to Contributor (appservice/custom.py assign_identity(..., role='Contributor')).
const ROLE_FOR_IDENTITY: Param = { names: ['--role'], dest: 'role', complete: 'role', group: MSI, default: 'Contributor', help: "Role name or id the system assigned identity will have. Default: Contributor." };
// VMs lost that default: azure-cli PR #21474 (vm create) and #27657 (vm identity assign) removed it.
const VM_ROLE_FOR_IDENTITY: Param = { names: ['--role'], dest: 'role', complete: 'role', group: MSI, help: "Role name or id the system assigned identity will have." };
const SCOPE_FOR_IDENTITY: Param = { names: ['--scope'], dest: 'scope', complete: 'scope', group: MSI, help: 'Scope that the system assigned identity can access.' };
const IDENTITIES = (verb: 'assign' | 'remove'): Param => ({
  names: ['--identities'],
  dest: 'identities',
  kind: 'optional-list',
  complete: 'identityRef',
  help: verb === 'assign' ? "Space-separated identities to assign. Use '[system]' to refer to the system assigned identity. Default: '[system]'." : "Space-separated identities to remove. Use '[system]' to refer to the system assigned identity. Default: '[system]'.",
});
const SLOT: Param = { names: ['--slot', '-s'], dest: 'slot', help: 'The name of the slot. Default to the productions slot if not specified.' };

// ---------------------------------------------------------------------------------------------
// Look-ups that refuse as az does

/** ARM's error as az prints it (azure-core's HttpResponseError); a 404 exits with 3. */
export function armError(code: string, message: string, status = 400): CliError {
  return new CliError(`(${code}) ${message}\nCode: ${code}\nMessage: ${message}`, status === 404 ? 3 : 1);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const str = (ctx: Context, dest: string) => {
  const v = ctx.args[dest];
  return typeof v === 'string' ? v : undefined;
};
const list = (ctx: Context, dest: string) => {
  const v = ctx.args[dest];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
};

function sub(world: World) {
  return defaultSubscription(world).subscriptionId;
}

function group(world: World, name: string): ResourceGroup {
  const g = world.resourceGroups[resourceGroupId(sub(world), name).toLowerCase()];
  if (!g) throw armError('ResourceGroupNotFound', `Resource group '${name}' could not be found.`, 404);
  return g;
}

function find(world: World, kind: Kind, rg: string, name: string): Resource {
  group(world, rg);
  const r = getResource(world, resourceId(sub(world), rg, kind, name));
  if (!r || r.kind !== kind) throw armError('ResourceNotFound', `The Resource '${KINDS[kind].type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`, 404);
  return r;
}

function site(ctx: Context, kind: 'webApp' | 'functionApp'): SourceResource {
  const world = ctx.host.world();
  const rg = str(ctx, 'resource_group')!;
  const name = str(ctx, 'name')!;
  group(world, rg);
  const r = getResource(world, resourceId(sub(world), rg, kind, name));
  // appservice/custom.py show_identity: ResourceNotFoundError (exit 3). Simplified for assign and remove:
  // there az's getter returns None for a missing site and the command fails with an internal error
  // ('NoneType' object has no attribute 'identity'); the sandbox gives show's words instead.
  const missing = () => new CliError(`Unable to find App ${name} in resource group ${rg}`, 3);
  if (!r || r.kind !== kind) throw missing();
  const slot = str(ctx, 'slot');
  if (!slot) return r as SourceResource;
  const s = getResource(world, slotId(r.id, slot));
  if (!s) throw missing();
  return s as SourceResource;
}

/** `az webapp show` / `az functionapp show`: appservice/custom.py _show_app, exit 3. */
function showSite(ctx: Context, kind: 'webApp' | 'functionApp'): Resource {
  const world = ctx.host.world();
  const rg = str(ctx, 'resource_group')!;
  const name = str(ctx, 'name')!;
  group(world, rg);
  const appType = kind === 'webApp' ? 'webapp' : 'functionapp';
  const any = (['webApp', 'functionApp'] as const).map((k) => getResource(world, resourceId(sub(world), rg, k, name))).find(Boolean);
  if (!any) throw new CliError(`Unable to find ${appType} '${name}', in RG '${rg}'.`, 3);
  if (any.kind !== kind) throw new CliError(`Unable to find ${appType} '${name}', in resource group '${rg}'`, 3, [`Use 'az ${any.kind === 'webApp' ? 'webapp' : 'functionapp'} show' to show ${any.kind === 'webApp' ? 'webapp' : 'functionapp'}s`]);
  return any;
}

/** A user-assigned identity named as az takes it: a resource id, or a name in the given group. */
function identityRef(world: World, ref: string, rg: string): string {
  if (ref.startsWith('/')) return ref;
  return resourceId(sub(world), rg, 'userAssignedIdentity', ref);
}

/** --assignee: object id, app id / service principal name; az asks Graph and says so when nothing matches. */
function resolveAssignee(world: World, assignee: string): string {
  const a = assignee.toLowerCase();
  const sp = world.servicePrincipals[a] ?? Object.values(world.servicePrincipals).find((p) => p.appId === a || p.servicePrincipalNames.some((n) => n.toLowerCase() === a));
  if (!sp)
    throw new CliError(`Cannot find user or service principal in graph database for '${assignee}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id ${assignee}'.`);
  return sp.id;
}

function roleRef(role: string): string {
  if (!findRole(role)) throw new CliError(`Role '${role}' doesn't exist.`);
  return role;
}

function scopeArg(ctx: Context): string | undefined {
  const scope = str(ctx, 'scope');
  const rg = str(ctx, 'resource_group');
  if (scope) return scope;
  if (rg) return group(ctx.host.world(), rg).id;
  return undefined;
}

async function confirmed(ctx: Context): Promise<void> {
  if (ctx.args.yes) return;
  const ok = (await ctx.host.confirm?.('Are you sure you want to perform this operation? (y/n): ')) ?? false;
  if (!ok) throw new CliError('Operation cancelled.');
}

/** --assign-identity on create: the identity part of resource.create, and the grant to run after it. */
function createIdentity(ctx: Context, rg: string): { identity?: { systemAssigned?: boolean; userAssigned?: string[] } } {
  const refs = list(ctx, 'assign_identity');
  if (!refs) return {};
  const world = ctx.host.world();
  const wanted = refs.length ? refs : ['[system]'];
  const systemAssigned = wanted.some((r) => r.toLowerCase() === '[system]');
  const userAssigned = wanted.filter((r) => r.toLowerCase() !== '[system]').map((r) => identityRef(world, r, rg));
  return { identity: { ...(systemAssigned ? { systemAssigned } : {}), ...(userAssigned.length ? { userAssigned } : {}) } };
}

/** The identity part of a role request, checked as vm/_validators.py _validate_vm_vmss_msi does before anything is sent. */
function checkIdentityGrant(ctx: Context, refs: string[] | undefined, assigning: boolean): void {
  const scope = str(ctx, 'scope');
  const role = str(ctx, 'role');
  if (!assigning) {
    if (scope || ctx.args.role !== undefined) throw new CliError('usage error: --assign-identity [--scope SCOPE] [--role ROLE]');
    return;
  }
  // azure-cli 2.54 on (PR #27657): with no default role, --role and --scope go together.
  if ((scope && !role) || (!scope && role)) throw new CliError('usage error: please specify both --role and --scope when assigning a role to the managed identity');
  if (scope && refs?.length && !refs.some((r) => r.toLowerCase() === '[system]')) throw new CliError("usage error: '--scope'/'--role' is only applicable when assign system identity");
}

async function grantAfterCreate(ctx: Context, resource: SourceResource): Promise<void> {
  const scope = str(ctx, 'scope');
  if (!scope) return;
  if (!resource.identity.systemAssigned) throw new CliError("usage error: '--scope'/'--role' is only applicable when assign system identity");
  await ctx.act({ type: 'roleAssignment.create', scope, role: roleRef(str(ctx, 'role') ?? 'Contributor'), assignee: resource.id });
}

function listOf(world: World, kind: Kind, rg?: string): Resource[] {
  if (rg) group(world, rg);
  return Object.values(world.resources).filter((r) => r.kind === kind && (!rg || r.resourceGroup.toLowerCase() === rg.toLowerCase()));
}

/** The container app for assign/remove: custom.py raises ResourceNotFoundError (exit 3) in its own words. */
function containerApp(ctx: Context): SourceResource {
  const world = ctx.host.world();
  const rg = str(ctx, 'resource_group')!;
  const name = str(ctx, 'name')!;
  const r = getResource(world, resourceId(sub(world), rg, 'containerApp', name));
  if (!r || r.kind !== 'containerApp') throw new CliError(`The containerapp '${name}' does not exist`, 3);
  return r as SourceResource;
}

/** A JSON argument az reads as a dict (AAZFreeFormDictArg), checked for the key the command needs. */
function jsonArg(raw: string, key: string): Record<string, unknown> {
  if (raw.startsWith('@') || !raw.trim().startsWith('{')) throw new CliError(`[Errno 2] No such file or directory: '${raw.replace(/^@/, '')}'`, 1, ['The sandbox has no files: give the JSON inline.']);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new CliError(`Failed to parse string as JSON:\n${raw}\nError detail: ${(e as Error).message}`);
  }
  // logic's custom.py WorkflowCreate.pre_operations: RequiredArgumentMissingError.
  if (typeof value !== 'object' || value === null || !(key in value)) throw new CliError(`--${key} does not contain a '${key}' key`);
  return value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Identity commands shared by vm, webapp and functionapp

function identityCommands(prefix: 'vm' | 'webapp' | 'functionapp', getTarget: (ctx: Context) => SourceResource): CommandSpec[] {
  const noun = prefix === 'vm' ? 'VM' : prefix === 'webapp' ? 'web app' : 'function app';
  const extra = prefix === 'vm' ? [] : [SLOT];
  const target = NAME(`The name of the ${noun}.`, prefix === 'vm' ? 'vm' : prefix);
  return [
    {
      name: `${prefix} identity assign`,
      summary: prefix === 'vm' ? 'Enable managed service identity on a VM.' : `Assign managed identities to the ${noun}.`,
      long: prefix === 'vm' ? 'This is required to authenticate and interact with other Azure services using bearer tokens.' : undefined,
      params: [RG, target, IDENTITIES('assign'), { ...(prefix === 'vm' ? VM_ROLE_FOR_IDENTITY : ROLE_FOR_IDENTITY), group: undefined }, { ...SCOPE_FOR_IDENTITY, group: undefined }, ...extra],
      examples: [
        { summary: `Enable the system assigned identity on a ${noun} with the 'Reader' role.`, command: `az ${prefix} identity assign -g MyResourceGroup -n My${prefix === 'vm' ? 'Vm' : 'WebApp'} --role Reader --scope /subscriptions/db5eb68e-73e2-4fa8-b18a-0123456789999/resourceGroups/MyResourceGroup` },
        { summary: 'Enable the system assigned identity and a user assigned identity.', command: `az ${prefix} identity assign -g MyResourceGroup -n My${prefix === 'vm' ? 'Vm' : 'WebApp'} --identities [system] myAssignedId` },
      ],
      async run(ctx) {
        const refs = list(ctx, 'identities');
        if (prefix === 'vm') checkIdentityGrant(ctx, refs, true);
        let r = getTarget(ctx);
        const rg = str(ctx, 'resource_group')!;
        const wanted = refs?.length ? refs : ['[system]'];
        for (const ref of wanted) {
          if (ref.toLowerCase() === '[system]') {
            if (!r.identity.systemAssigned) await ctx.act({ type: 'identity.system.enable', resourceId: r.id });
          } else await ctx.act({ type: 'identity.user.assign', resourceId: r.id, identityId: identityRef(ctx.host.world(), ref, rg) });
        }
        r = getResource(ctx.host.world(), r.id) as SourceResource;
        const scope = str(ctx, 'scope');
        if (scope) {
          if (!r.identity.systemAssigned) throw new CliError("usage error: '--scope'/'--role' is only applicable when assign system identity");
          await ctx.act({ type: 'roleAssignment.create', scope, role: roleRef(str(ctx, 'role') ?? 'Contributor'), assignee: r.id });
        }
        if (prefix !== 'vm') return identityShowJson(getResource(ctx.host.world(), r.id) as SourceResource);
        return assignedIdentityJson(r, scope ? { role: str(ctx, 'role') ?? 'Contributor', scope } : {});
      },
    },
    {
      name: `${prefix} identity remove`,
      summary: prefix === 'vm' ? "Remove managed service identities from a VM." : `Disable ${noun}'s managed identity.`,
      params: [RG, target, IDENTITIES('remove'), ...extra],
      examples: [{ summary: 'Remove the system assigned identity.', command: `az ${prefix} identity remove -g MyResourceGroup -n My${prefix === 'vm' ? 'Vm' : 'WebApp'}` }],
      async run(ctx) {
        const r = getTarget(ctx);
        const rg = str(ctx, 'resource_group')!;
        const refs = list(ctx, 'identities');
        const wanted = refs?.length ? refs : ['[system]'];
        for (const ref of wanted) {
          if (ref.toLowerCase() === '[system]') await ctx.act({ type: 'identity.system.disable', resourceId: r.id });
          else await ctx.act({ type: 'identity.user.unassign', resourceId: r.id, identityId: identityRef(ctx.host.world(), ref, rg) });
        }
        return identityShowJson(getResource(ctx.host.world(), r.id) as SourceResource);
      },
    },
    {
      name: `${prefix} identity show`,
      summary: prefix === 'vm' ? 'Display VM\'s managed identity info.' : `Display ${noun}'s managed identity.`,
      params: [RG, target, ...extra],
      examples: [{ summary: 'Show the identity.', command: `az ${prefix} identity show -g MyResourceGroup -n My${prefix === 'vm' ? 'Vm' : 'WebApp'}` }],
      run: (ctx) => identityShowJson(getTarget(ctx)),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// The command table

const vmOf = (ctx: Context) => find(ctx.host.world(), 'vm', str(ctx, 'resource_group')!, str(ctx, 'name')!) as SourceResource;

function createResource(kind: Kind, ctx: Context, extra: Partial<Extract<Action, { type: 'resource.create' }>> = {}): Promise<Resource> {
  const rg = str(ctx, 'resource_group')!;
  const name = str(ctx, 'name')!;
  const location = str(ctx, 'location');
  const action: Action = { type: 'resource.create', kind, resourceGroup: rg, name, ...(location ? { location } : {}), ...extra };
  return ctx.act(action).then(() => getResource(ctx.host.world(), resourceId(sub(ctx.host.world()), rg, kind, name))!);
}

/** Which names Tab offers for a kind's --name. */
const COMPLETER: Record<Kind, Param['complete']> = { vm: 'vm', webApp: 'webapp', functionApp: 'functionapp', logicApp: 'logic', containerApp: 'containerapp', keyVault: 'keyvault', storageAccount: 'storage', userAssignedIdentity: 'identity' };

const deleteCommand = (prefix: string, kind: Kind, noun: string, ask: boolean, summary: string): CommandSpec => ({
  name: `${prefix} delete`,
  summary,
  params: [RG, NAME(`The name of the ${noun}.`, COMPLETER[kind]), ...(ask ? [YES] : []), ...(prefix === 'vm' ? [NO_WAIT] : [])],
  examples: [{ summary: `Delete a ${noun}.`, command: `az ${prefix} delete -g MyResourceGroup -n ${noun === 'storage account' ? 'mystorageaccount' : 'MyName'}${ask ? ' --yes' : ''}` }],
  async run(ctx) {
    const r = find(ctx.host.world(), kind, str(ctx, 'resource_group')!, str(ctx, 'name')!);
    if (ask) await confirmed(ctx);
    await ctx.act({ type: 'resource.delete', id: r.id });
    return undefined;
  },
});

const showCommand = (prefix: string, kind: Kind, noun: string, summary: string, complete: Param['complete']): CommandSpec => ({
  name: `${prefix} show`,
  summary,
  params: [RG, NAME(`The name of the ${noun}.`, complete)],
  examples: [{ summary: `Show a ${noun}.`, command: `az ${prefix} show -g MyResourceGroup -n MyName` }],
  run: (ctx) => {
    const world = ctx.host.world();
    const r = find(world, kind, str(ctx, 'resource_group')!, str(ctx, 'name')!);
    return resourceJson(world, r);
  },
});

const listCommand = (prefix: string, kind: Kind, summary: string, table?: CommandSpec['table']): CommandSpec => ({
  name: `${prefix} list`,
  summary,
  params: [RG_OPTIONAL],
  examples: [{ summary: `List them in a resource group, as a table.`, command: `az ${prefix} list -g MyResourceGroup -o table` }],
  run: (ctx) => {
    const world = ctx.host.world();
    return listOf(world, kind, str(ctx, 'resource_group')).map((r) => resourceJson(world, r));
  },
  ...(table ? { table } : {}),
});

const resourceListTable = (result: unknown) => (result as Record<string, unknown>[]).map((r) => ({ Name: r.name, ResourceGroup: r.resourceGroup, Location: r.location }));

export const GROUPS: GroupSpec[] = [
  { name: 'account', summary: 'Manage Azure subscription information.' },
  { name: 'ad', summary: 'Manage Microsoft Entra ID (formerly known as Azure Active Directory, Azure AD, AAD) entities needed for Azure role-based access control (Azure RBAC) through Microsoft Graph API.' },
  { name: 'ad app', summary: 'Manage Microsoft Entra applications.' },
  { name: 'ad sp', summary: 'Manage Microsoft Entra service principals.' },
  { name: 'functionapp', summary: 'Manage function apps.' },
  { name: 'functionapp identity', summary: "Manage function app's managed identity." },
  { name: 'group', summary: 'Manage resource groups and template deployments.' },
  { name: 'containerapp', summary: 'Manage Azure Container Apps.' },
  { name: 'containerapp identity', summary: 'Manage service (managed) identities for a container app.' },
  { name: 'identity', summary: 'Managed Identities.' },
  { name: 'keyvault', summary: 'Manage KeyVault keys, secrets, and certificates.' },
  { name: 'keyvault secret', summary: 'Manage secrets.' },
  { name: 'logic', summary: 'Manage Logic.' },
  { name: 'logic workflow', summary: 'Manage workflow.' },
  { name: 'logic workflow identity', summary: 'Manage workflow Identity.' },
  { name: 'role', summary: 'Manage Azure role-based access control (Azure RBAC).' },
  { name: 'role assignment', summary: 'Manage role assignments.' },
  { name: 'role definition', summary: 'Manage role definitions.' },
  { name: 'ssh', summary: 'SSH into resources (Azure VMs, Arc Servers, etc) using AAD issued openSSH certificates.' },
  { name: 'storage', summary: 'Manage Azure Cloud Storage resources.' },
  { name: 'storage account', summary: 'Manage storage accounts.' },
  { name: 'storage blob', summary: 'Manage object storage for unstructured data (blobs).' },
  { name: 'storage container', summary: 'Manage blob storage containers.' },
  { name: 'vm', summary: 'Manage Linux or Windows virtual machines.' },
  { name: 'vm identity', summary: 'Manage service identities of a VM.' },
  { name: 'vm run-command', summary: 'Manage run commands on a Virtual Machine.' },
  { name: 'webapp', summary: 'Manage web apps.' },
  { name: 'webapp deployment', summary: 'Manage web app deployments.' },
  { name: 'webapp deployment slot', summary: 'Manage web app deployment slots.' },
  { name: 'webapp identity', summary: "Manage web app's managed identity." },
];

export const COMMANDS: CommandSpec[] = [
  // -- account --------------------------------------------------------------------------------
  {
    name: 'account show',
    summary: 'Get the details of a subscription.',
    long: 'If the subscription isn\'t specified, shows the details of the default subscription.',
    params: [],
    run: (ctx) => {
      const world = ctx.host.world();
      const s = defaultSubscription(world);
      return { environmentName: 'AzureCloud', homeTenantId: world.tenant.id, id: s.subscriptionId, isDefault: true, managedByTenants: [], name: s.displayName, state: 'Enabled', tenantDefaultDomain: world.tenant.defaultDomain, tenantDisplayName: world.tenant.displayName, tenantId: world.tenant.id, user: { name: `admin@${world.tenant.defaultDomain}`, type: 'user' } };
    },
  },
  // -- group ------------------------------------------------------------------------------------
  {
    name: 'group create',
    summary: 'Create a new resource group.',
    params: [{ names: ['--name', '--resource-group', '-n', '-g'], dest: 'name', required: true, help: 'Name of the new resource group.' }, { ...LOCATION, required: true }, { names: ['--tags'], dest: 'tags', kind: 'list', ignored: true, help: 'Space-separated tags: key[=value] [key[=value] ...].' }],
    examples: [{ summary: 'Create a new resource group in the West US region.', command: 'az group create -l westus -n MyResourceGroup' }],
    async run(ctx) {
      const name = str(ctx, 'name')!;
      await ctx.act({ type: 'resourceGroup.create', name, location: str(ctx, 'location')! });
      return groupJson(group(ctx.host.world(), name));
    },
  },
  {
    name: 'group delete',
    summary: 'Delete a resource group.',
    params: [{ names: ['--name', '--resource-group', '-n', '-g'], dest: 'name', required: true, complete: 'group', help: 'Name of resource group.' }, YES, NO_WAIT],
    examples: [{ summary: 'Delete a resource group.', command: 'az group delete -n MyResourceGroup' }],
    async run(ctx) {
      const name = str(ctx, 'name')!;
      group(ctx.host.world(), name);
      await confirmed(ctx);
      await ctx.act({ type: 'resourceGroup.delete', name });
      return undefined;
    },
  },
  {
    name: 'group list',
    summary: 'List resource groups.',
    params: [],
    examples: [{ summary: 'List all resource groups located in the West US region.', command: "az group list --query \"[?location=='westus']\"" }],
    run: (ctx) => Object.values(ctx.host.world().resourceGroups).map(groupJson),
    table: (result) => (result as Record<string, unknown>[]).map((g) => ({ Name: g.name, Location: g.location, Status: (g.properties as { provisioningState: string }).provisioningState })),
  },
  {
    name: 'group show',
    summary: 'Gets a resource group.',
    params: [{ names: ['--name', '--resource-group', '-n', '-g'], dest: 'name', required: true, complete: 'group', help: 'Name of resource group.' }],
    run: (ctx) => groupJson(group(ctx.host.world(), str(ctx, 'name')!)),
  },
  // -- vm ---------------------------------------------------------------------------------------
  {
    name: 'vm create',
    summary: 'Create an Azure Virtual Machine.',
    long: 'In the sandbox a VM has no image, size or network: those arguments are accepted and not modelled.',
    params: [
      RG,
      NAME('Name of the virtual machine.'),
      { names: ['--image'], dest: 'image', ignored: true, help: 'The name of the operating system image (not modelled).' },
      LOCATION,
      { names: ['--size'], dest: 'size', ignored: true, help: 'The VM size to be created (not modelled).' },
      { names: ['--admin-username'], dest: 'admin_username', ignored: true, help: 'Username for the VM (not modelled).' },
      { names: ['--generate-ssh-keys'], dest: 'generate_ssh_keys', kind: 'flag', ignored: true, help: 'Generate SSH public and private key files if missing (not modelled).' },
      ASSIGN_IDENTITY,
      VM_ROLE_FOR_IDENTITY,
      SCOPE_FOR_IDENTITY,
      NO_WAIT,
    ],
    examples: [
      { summary: 'Create a VM with a system assigned identity that has Reader on the group.', command: 'az vm create -n MyVm -g MyResourceGroup --image Ubuntu2204 --assign-identity [system] --role Reader --scope /subscriptions/<sub>/resourceGroups/MyResourceGroup' },
      { summary: 'Create a VM with a user assigned identity.', command: 'az vm create -n MyVm -g MyResourceGroup --image Ubuntu2204 --assign-identity myID' },
    ],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      checkIdentityGrant(ctx, list(ctx, 'assign_identity'), ctx.args.assign_identity !== undefined);
      const r = (await createResource('vm', ctx, createIdentity(ctx, rg))) as SourceResource;
      await grantAfterCreate(ctx, r);
      const out = vmCreateJson(getResource(ctx.host.world(), r.id) as SourceResource);
      const scope = str(ctx, 'scope');
      if (scope && out.identity) Object.assign(out.identity as object, { role: str(ctx, 'role') ?? 'Contributor', scope });
      return out;
    },
  },
  deleteCommand('vm', 'vm', 'virtual machine', true, 'Delete a VM.'),
  { ...showCommand('vm', 'vm', 'virtual machine', 'Get the details of a VM.', 'vm') },
  { ...listCommand('vm', 'vm', 'List details of Virtual Machines.', resourceListTable) },
  ...identityCommands('vm', vmOf),
  {
    name: 'vm run-command invoke',
    summary: 'Execute a specific run command on a vm.',
    long: 'The script runs in the sandbox\'s shell on the VM: curl to IMDS (169.254.169.254) asks the VM\'s token endpoint exactly as the token panel does.',
    params: [RG, NAME('The name of the Virtual Machine.', 'vm'), { names: ['--command-id'], dest: 'command_id', required: true, choices: ['RunShellScript'], help: 'The command id. Use `az vm run-command list` to get the list.' }, { names: ['--scripts'], dest: 'scripts', kind: 'list', help: "Space-separated script lines. Use @{file} to load script from a file." }],
    examples: [{ summary: "Ask the VM's token endpoint for a Key Vault token.", command: `az vm run-command invoke -g MyResourceGroup -n MyVm --command-id RunShellScript --scripts "curl -s -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net'"` }],
    async run(ctx) {
      const r = vmOf(ctx);
      const scripts = list(ctx, 'scripts') ?? [];
      let stdout = '';
      let stderr = '';
      for (const script of scripts) {
        const out = await ctx.runScript!(r.id, script);
        stdout += out.stdout;
        stderr += out.stderr;
      }
      return { value: [{ code: 'ProvisioningState/succeeded', displayStatus: 'Provisioning succeeded', level: 'Info', message: `Enable succeeded: \n[stdout]\n${stdout}\n[stderr]\n${stderr}\n`, time: null }] };
    },
  },
  {
    name: 'ssh vm',
    summary: 'SSH into Azure VMs or Arc Servers.',
    long: "Opens the sandbox's shell on the VM (`exit` leaves it). There curl to IMDS behaves as the token panel.",
    params: [RG, NAME('The name of the VM.', 'vm')],
    run(ctx) {
      const r = vmOf(ctx);
      ctx.openShell?.(r.id, `az ssh vm -g ${r.resourceGroup} -n ${r.name}`);
      return undefined;
    },
  },
  // -- webapp / functionapp ---------------------------------------------------------------------
  {
    name: 'webapp create',
    summary: 'Create a web app.',
    long: 'App Service plans are not modelled: --plan is required, as in az, and any value is accepted.',
    params: [RG, NAME('Name of the new web app.'), { names: ['--plan', '-p'], dest: 'plan', required: true, help: 'Name or resource id of the app service plan (not modelled).' }, { names: ['--runtime', '-r'], dest: 'runtime', ignored: true, help: 'The runtime stack (not modelled).' }, ASSIGN_IDENTITY, ROLE_FOR_IDENTITY, SCOPE_FOR_IDENTITY],
    examples: [{ summary: 'Create a web app with the default configuration.', command: 'az webapp create -g MyResourceGroup -p MyPlan -n MyUniqueAppName' }],
    async run(ctx) {
      const r = (await createResource('webApp', ctx, createIdentity(ctx, str(ctx, 'resource_group')!))) as SourceResource;
      await grantAfterCreate(ctx, r);
      return resourceJson(ctx.host.world(), getResource(ctx.host.world(), r.id)!);
    },
  },
  deleteCommand('webapp', 'webApp', 'web app', false, 'Delete a web app.'),
  { ...showCommand('webapp', 'webApp', 'web app', 'Get the details of a web app.', 'webapp'), run: (ctx) => resourceJson(ctx.host.world(), showSite(ctx, 'webApp')) },
  { ...listCommand('webapp', 'webApp', 'List web apps.', resourceListTable) },
  {
    name: 'webapp deployment slot create',
    summary: 'Create a deployment slot.',
    params: [RG, NAME('Name of the web app.', 'webapp'), { names: ['--slot', '-s'], dest: 'slot', required: true, help: 'The name of the slot.' }],
    examples: [{ summary: 'Create a deployment slot.', command: 'az webapp deployment slot create -g MyResourceGroup -n MyWebapp --slot staging' }],
    async run(ctx) {
      const world = ctx.host.world();
      const slotName = str(ctx, 'slot')!;
      const app = site({ ...ctx, args: { ...ctx.args, slot: undefined } }, 'webApp');
      await ctx.act({ type: 'slot.create', siteId: app.id, name: slotName });
      return resourceJson(ctx.host.world(), getResource(ctx.host.world(), slotId(app.id, slotName)) ?? app) ?? world;
    },
  },
  ...identityCommands('webapp', (ctx) => site(ctx, 'webApp')),
  {
    name: 'webapp ssh',
    summary: 'SSH command establishes a ssh session to the web container and developer would get a shell terminal remotely.',
    long: "Opens the sandbox's shell in the app's container (`exit` leaves it): IDENTITY_ENDPOINT and IDENTITY_HEADER are set while the app has an identity, and curl to them behaves as the token panel.",
    params: [RG, NAME('Name of the web app.', 'site'), SLOT],
    run(ctx) {
      const world = ctx.host.world();
      const rg = str(ctx, 'resource_group')!;
      const name = str(ctx, 'name')!;
      group(world, rg);
      const app = (['webApp', 'functionApp'] as const).map((k) => getResource(world, resourceId(sub(world), rg, k, name))).find(Boolean);
      if (!app) throw new CliError(`The webapp '${name}' under resource group '${rg}' was not found.`, 3);
      const slot = str(ctx, 'slot');
      const target = slot ? getResource(world, slotId(app.id, slot)) : app;
      if (!target) throw new CliError(`The webapp '${name}' under resource group '${rg}' does not have a slot named '${slot}'.`, 3);
      ctx.openShell?.(target.id, `az webapp ssh -g ${rg} -n ${name}${slot ? ` --slot ${slot}` : ''}`);
      return undefined;
    },
  },
  {
    name: 'functionapp create',
    summary: 'Create a function app.',
    long: 'Plans and the storage account a function app needs are not modelled: the arguments are accepted.',
    params: [RG, NAME('Name of the new function app.'), { names: ['--storage-account', '-s'], dest: 'storage_account', required: true, complete: 'storage', help: 'Provide a string value of a Storage Account in the provided Resource Group (not modelled).' }, { names: ['--consumption-plan-location', '-c'], dest: 'consumption_plan_location', ignored: true, help: 'Geographic location where function app will be hosted (not modelled).' }, { names: ['--plan', '-p'], dest: 'plan', ignored: true, help: 'Name or resource id of the function app service plan (not modelled).' }, { names: ['--runtime'], dest: 'runtime', ignored: true, help: 'The functions runtime stack (not modelled).' }, { names: ['--functions-version'], dest: 'functions_version', ignored: true, help: 'The functions app version (not modelled).' }, ASSIGN_IDENTITY, ROLE_FOR_IDENTITY, SCOPE_FOR_IDENTITY],
    examples: [{ summary: 'Create a basic function app.', command: 'az functionapp create -g MyResourceGroup -c westus -n MyUniqueAppName -s MyStorageAccount' }],
    async run(ctx) {
      const r = (await createResource('functionApp', ctx, createIdentity(ctx, str(ctx, 'resource_group')!))) as SourceResource;
      await grantAfterCreate(ctx, r);
      return resourceJson(ctx.host.world(), getResource(ctx.host.world(), r.id)!);
    },
  },
  deleteCommand('functionapp', 'functionApp', 'function app', false, 'Delete a function app.'),
  { ...showCommand('functionapp', 'functionApp', 'function app', 'Get the details of a function app.', 'functionapp'), run: (ctx) => resourceJson(ctx.host.world(), showSite(ctx, 'functionApp')) },
  { ...listCommand('functionapp', 'functionApp', 'List function apps.', resourceListTable) },
  ...identityCommands('functionapp', (ctx) => site(ctx, 'functionApp')),
  // -- keyvault ---------------------------------------------------------------------------------
  {
    name: 'keyvault create',
    summary: 'Create a Vault or HSM.',
    long: 'New vaults use the Azure RBAC permission model unless --enable-rbac-authorization false asks for access policies.',
    params: [RG, NAME('Name of the Vault.'), LOCATION, { names: ['--enable-rbac-authorization'], dest: 'rbac', kind: 'optional-list', choices: ['false', 'true'], help: 'Property to specify whether Azure Key Vault will use Role-Based Access Control (RBAC) for authorization of data actions.  Allowed values: false, true.' }],
    examples: [{ summary: 'Create a key vault that uses access policies.', command: 'az keyvault create -g MyResourceGroup -n MyVault --enable-rbac-authorization false' }],
    async run(ctx) {
      const rbac = boolArg(ctx.args.rbac, true);
      const r = await createResource('keyVault', ctx, { permissionModel: rbac ? 'rbac' : 'accessPolicy' });
      return resourceJson(ctx.host.world(), r);
    },
  },
  {
    name: 'keyvault update',
    summary: 'Update the properties of a Vault.',
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyvault'), { names: ['--enable-rbac-authorization'], dest: 'rbac', kind: 'optional-list', choices: ['false', 'true'], help: 'Property to specify whether Azure Key Vault will use Role-Based Access Control (RBAC) for authorization of data actions.  Allowed values: false, true.' }],
    examples: [{ summary: 'Switch a vault to Azure RBAC.', command: 'az keyvault update -n MyVault --enable-rbac-authorization true' }],
    async run(ctx) {
      const v = vaultByName(ctx);
      if (ctx.args.rbac !== undefined) await ctx.act({ type: 'keyVault.setPermissionModel', vaultId: v.id, model: boolArg(ctx.args.rbac, true) ? 'rbac' : 'accessPolicy' });
      return resourceJson(ctx.host.world(), getResource(ctx.host.world(), v.id)!);
    },
  },
  {
    name: 'keyvault delete',
    summary: 'Delete a Vault or HSM.',
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyvault')],
    async run(ctx) {
      await ctx.act({ type: 'resource.delete', id: vaultByName(ctx).id });
      return undefined;
    },
  },
  {
    name: 'keyvault show',
    summary: 'Show details of a Vault or HSM.',
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyvault')],
    run: (ctx) => resourceJson(ctx.host.world(), vaultByName(ctx)),
  },
  { ...listCommand('keyvault', 'keyVault', 'List Vaults and/or HSMs.'), run: (ctx) => listOf(ctx.host.world(), 'keyVault', str(ctx, 'resource_group')).map((r) => resourceJson(ctx.host.world(), r)) },
  {
    name: 'keyvault set-policy',
    summary: 'Update security policy settings for a Key Vault.',
    long: 'Access policies only decide on a vault that uses the access policy permission model.',
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyvault'), { names: ['--object-id'], dest: 'object_id', complete: 'principal', help: 'A GUID that identifies the principal that will receive permissions.' }, { names: ['--spn'], dest: 'spn', help: 'Name of a service principal that will receive permissions.' }, { names: ['--secret-permissions'], dest: 'secret_permissions', kind: 'list', choices: ['all', 'backup', 'delete', 'get', 'list', 'purge', 'recover', 'restore', 'set'], help: 'Space-separated list of secret permissions to assign.' }],
    examples: [{ summary: 'Let a managed identity read secrets.', command: 'az keyvault set-policy -n MyVault --object-id <principalId> --secret-permissions get list' }],
    async run(ctx) {
      const v = vaultByName(ctx);
      const world = ctx.host.world();
      const oid = str(ctx, 'object_id') ?? (str(ctx, 'spn') ? resolveAssignee(world, str(ctx, 'spn')!) : undefined);
      if (!oid) throw new CliError('usage error: --object-id OBJECT_ID | --spn SPN | --upn UPN');
      const perms = list(ctx, 'secret_permissions') ?? [];
      const all = ['get', 'list', 'set', 'delete', 'recover', 'backup', 'restore', 'purge'] as const;
      const secrets = perms.some((p) => p.toLowerCase() === 'all') ? [...all] : (perms.map((p) => p.toLowerCase()) as (typeof all)[number][]);
      await ctx.act({ type: 'keyVault.accessPolicy.set', vaultId: v.id, assignee: oid, secrets });
      return resourceJson(ctx.host.world(), getResource(ctx.host.world(), v.id)!);
    },
  },
  {
    name: 'keyvault delete-policy',
    summary: 'Delete security policy settings for a Key Vault.',
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyvault'), { names: ['--object-id'], dest: 'object_id', required: true, complete: 'principal', help: 'A GUID that identifies the principal that will receive permissions.' }],
    async run(ctx) {
      const v = vaultByName(ctx);
      await ctx.act({ type: 'keyVault.accessPolicy.set', vaultId: v.id, assignee: str(ctx, 'object_id')!, secrets: [] });
      return resourceJson(ctx.host.world(), getResource(ctx.host.world(), v.id)!);
    },
  },
  {
    name: 'keyvault secret set',
    summary: 'Create a secret (if one doesn\'t exist) or update a secret in a KeyVault.',
    long: 'Simplified: you are signed in as the subscription\'s owner and the sandbox writes the secret without checking your own data-plane access.',
    params: [{ names: ['--vault-name'], dest: 'vault_name', required: true, complete: 'keyvault', help: 'Name of the Key Vault.' }, NAME('Name of the secret.'), { names: ['--value'], dest: 'value', required: true, help: 'Plain text secret value. Cannot be used with --file or --encoding.' }],
    examples: [{ summary: 'Create or update a secret.', command: 'az keyvault secret set --vault-name MyVault -n MySecret --value Hello' }],
    async run(ctx) {
      const v = vaultByName(ctx, 'vault_name');
      const name = str(ctx, 'name')!;
      await ctx.act({ type: 'keyVault.secret.set', vaultId: v.id, name, value: str(ctx, 'value')! });
      return secretJson(getResource(ctx.host.world(), v.id) as never, name);
    },
  },
  {
    name: 'keyvault secret show',
    summary: 'Get a specified secret from a given key vault.',
    long: 'Simplified: read as the signed-in owner, without a data-plane check.',
    params: [{ names: ['--vault-name'], dest: 'vault_name', required: true, complete: 'keyvault', help: 'Name of the Key Vault.' }, NAME('Name of the secret.')],
    run(ctx) {
      const v = vaultByName(ctx, 'vault_name');
      const name = str(ctx, 'name')!;
      const out = secretJson(v, name);
      if (!out) throw new CliError(`(SecretNotFound) A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`, 3);
      return out;
    },
  },
  // -- storage ----------------------------------------------------------------------------------
  {
    name: 'storage account create',
    summary: 'Create a storage account.',
    params: [RG, NAME('The storage account name.'), LOCATION, { names: ['--sku'], dest: 'sku', ignored: true, help: 'The storage account SKU (not modelled).' }],
    examples: [{ summary: 'Create a storage account.', command: 'az storage account create -n mystorageaccount -g MyResourceGroup -l westus --sku Standard_LRS' }],
    async run(ctx) {
      return resourceJson(ctx.host.world(), await createResource('storageAccount', ctx));
    },
  },
  deleteCommand('storage account', 'storageAccount', 'storage account', true, 'Delete a storage account.'),
  { ...showCommand('storage account', 'storageAccount', 'storage account', 'Show storage account properties.', 'storage') },
  { ...listCommand('storage account', 'storageAccount', 'List storage accounts.') },
  {
    name: 'storage container create',
    summary: 'Create a container in a storage account.',
    params: [{ names: ['--account-name'], dest: 'account_name', required: true, complete: 'storage', help: 'Storage account name.' }, NAME('The container name.'), { names: ['--auth-mode'], dest: 'auth_mode', choices: ['key', 'login'], help: 'The mode in which to run the command. "login" mode will directly use your login credentials for the authentication.' }],
    examples: [{ summary: 'Create a container with your Microsoft Entra sign-in.', command: 'az storage container create --account-name mystorageaccount -n mycontainer --auth-mode login' }],
    async run(ctx) {
      const a = accountByName(ctx);
      // az storage container create answers {"created": false} when the container is already there.
      if (a.containers[str(ctx, 'name')!]) return { created: false };
      await ctx.act({ type: 'storage.container.create', accountId: a.id, name: str(ctx, 'name')! });
      return { created: true };
    },
  },
  {
    name: 'storage blob upload',
    summary: 'Upload a file to a storage blob.',
    long: 'The sandbox has no files: give the content with --data.',
    params: [{ names: ['--account-name'], dest: 'account_name', required: true, complete: 'storage', help: 'Storage account name.' }, { names: ['--container-name', '-c'], dest: 'container', required: true, help: 'The container name.' }, NAME('The blob name.'), { names: ['--data'], dest: 'data', help: 'The blob data to upload.' }, { names: ['--file', '-f'], dest: 'file', help: 'Path of the file to upload as the blob content.' }, { names: ['--auth-mode'], dest: 'auth_mode', choices: ['key', 'login'], help: 'The mode in which to run the command.' }, { names: ['--overwrite'], dest: 'overwrite', kind: 'optional-list', choices: ['false', 'true'], help: 'Whether the blob to be uploaded should overwrite the current data. If set to False, the operation will fail with ResourceExistsError. Defaults to False.' }],
    examples: [{ summary: 'Upload text as a blob.', command: 'az storage blob upload --account-name mystorageaccount -c mycontainer -n hello.txt --data "Hello" --auth-mode login' }],
    async run(ctx) {
      const a = accountByName(ctx);
      if (str(ctx, 'file') && !str(ctx, 'data')) throw new CliError(`[Errno 2] No such file or directory: '${str(ctx, 'file')}'`, 1, ['The sandbox has no files: pass the content with --data.']);
      const data = str(ctx, 'data');
      if (data === undefined) throw new CliError('usage error: --file | --data');
      const name = str(ctx, 'name')!;
      const container = a.containers[str(ctx, 'container')!];
      const world = ctx.host.world();
      if (!container) throw storageError(world, 'The specified container does not exist.', 'ContainerNotFound', 404, a.name);
      // --overwrite defaults to false (storage/_params.py): an existing blob is a 409 BlobAlreadyExists.
      if (container.blobs[name] && !boolArg(ctx.args.overwrite, false)) throw storageError(world, 'The specified blob already exists.', 'BlobAlreadyExists', 409, `${a.name}/${name}`);
      await ctx.act({ type: 'storage.blob.upload', accountId: a.id, container: str(ctx, 'container')!, name, content: data });
      const blob = (getResource(ctx.host.world(), a.id) as typeof a).containers[str(ctx, 'container')!]?.blobs[name];
      return { lastModified: blob ? new Date(blob.updatedAt * 1000).toISOString().replace('.000Z', '+00:00') : null };
    },
  },
  {
    name: 'storage blob download',
    summary: 'Download a blob to a file path.',
    long: 'The sandbox has no files: the content is printed.',
    params: [{ names: ['--account-name'], dest: 'account_name', required: true, complete: 'storage', help: 'Storage account name.' }, { names: ['--container-name', '-c'], dest: 'container', required: true, help: 'The container name.' }, NAME('The blob name.'), { names: ['--file', '-f'], dest: 'file', ignored: true, help: 'Path of file to write out to (not modelled).' }, { names: ['--auth-mode'], dest: 'auth_mode', choices: ['key', 'login'], help: 'The mode in which to run the command.' }],
    run(ctx) {
      const a = accountByName(ctx);
      const container = a.containers[str(ctx, 'container')!];
      const world = ctx.host.world();
      if (!container) throw storageError(world, 'The specified container does not exist.', 'ContainerNotFound', 404, a.name);
      const blob = container.blobs[str(ctx, 'name')!];
      if (!blob) throw storageError(world, 'The specified blob does not exist.', 'BlobNotFound', 404, `${a.name}/${str(ctx, 'name')}`);
      return { text: blob.content };
    },
  },
  // -- identity ---------------------------------------------------------------------------------
  {
    name: 'identity create',
    summary: 'Create Identities.',
    params: [RG, NAME('The name of the identity resource.'), LOCATION],
    examples: [{ summary: 'Create an identity.', command: 'az identity create --name MyIdentity --resource-group MyResourceGroup' }],
    async run(ctx) {
      return identityJson((await createResource('userAssignedIdentity', ctx)) as never);
    },
  },
  deleteCommand('identity', 'userAssignedIdentity', 'identity resource', false, 'Delete Identity.'),
  {
    name: 'identity show',
    summary: 'Show Identity.',
    params: [RG, NAME('The name of the identity resource.', 'identity')],
    run: (ctx) => identityJson(find(ctx.host.world(), 'userAssignedIdentity', str(ctx, 'resource_group')!, str(ctx, 'name')!) as never),
  },
  {
    name: 'identity list',
    summary: 'List Identities.',
    params: [RG_OPTIONAL],
    run: (ctx) => listOf(ctx.host.world(), 'userAssignedIdentity', str(ctx, 'resource_group')).map((r) => identityJson(r as never)),
  },
  // -- logic (the logic extension, azext_logic: custom.py WorkflowCreate, IdentityAssign, IdentityRemove) ------
  {
    name: 'logic workflow create',
    summary: 'Create a workflow.',
    long: "A Consumption logic app. The sandbox keeps no workflow definition: --definition must hold a JSON object with a 'definition' key, as az checks, and its triggers and actions are not modelled. A Consumption logic app has either the system-assigned identity or one user-assigned identity.",
    params: [
      RG,
      { names: ['--name', '-n'], dest: 'name', required: true, help: 'The workflow name.' },
      { names: ['--definition'], dest: 'definition', required: true, help: "Path to a workflow defintion file. (The sandbox has no files: give the JSON inline, e.g. '{\"definition\": {}}'.)" },
      LOCATION,
      { names: ['--mi-system-assigned'], dest: 'mi_system_assigned', kind: 'optional-list', choices: ['false', 'true'], help: 'Enable system assigned identity.' },
      { names: ['--mi-user-assigned'], dest: 'mi_user_assigned', kind: 'list', complete: 'identityRef', help: 'Space separated resource IDs to add user-assigned identities.' },
      { names: ['--state'], dest: 'state', ignored: true, choices: ['Completed', 'Deleted', 'Disabled', 'Enabled', 'NotSpecified', 'Suspended'], help: 'The state (not modelled).' },
    ],
    examples: [{ summary: 'Create a workflow with a system-assigned identity.', command: `az logic workflow create --resource-group rg --name workflow --definition '{"definition": {}}' --mi-system-assigned` }],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      jsonArg(str(ctx, 'definition')!, 'definition');
      const system = ctx.args.mi_system_assigned !== undefined && boolArg(ctx.args.mi_system_assigned, true);
      const users = (list(ctx, 'mi_user_assigned') ?? []).map((ref) => identityRef(ctx.host.world(), ref, rg));
      const identity = system || users.length ? { identity: { ...(system ? { systemAssigned: true } : {}), ...(users.length ? { userAssigned: users } : {}) } } : {};
      return resourceJson(ctx.host.world(), await createResource('logicApp', ctx, identity));
    },
  },
  {
    name: 'logic workflow delete',
    summary: 'Delete a workflow.',
    params: [RG, { names: ['--name', '-n'], dest: 'name', required: true, complete: 'logic', help: 'The workflow name.' }, YES],
    examples: [{ summary: 'Delete workflow', command: 'az logic workflow delete --resource-group rg --name workflow' }],
    async run(ctx) {
      const world = ctx.host.world();
      const rg = str(ctx, 'resource_group')!;
      group(world, rg);
      await confirmed(ctx);
      const r = getResource(world, resourceId(sub(world), rg, 'logicApp', str(ctx, 'name')!));
      // ARM answers 204 for a workflow that is not there, and az prints nothing.
      if (r) await ctx.act({ type: 'resource.delete', id: r.id });
      return undefined;
    },
  },
  {
    name: 'logic workflow show',
    summary: 'Get a workflow.',
    params: [RG, { names: ['--name', '-n'], dest: 'name', required: true, complete: 'logic', help: 'The workflow name.' }],
    examples: [{ summary: 'Show workflow', command: 'az logic workflow show --resource-group rg --name workflow' }],
    run: (ctx) => resourceJson(ctx.host.world(), find(ctx.host.world(), 'logicApp', str(ctx, 'resource_group')!, str(ctx, 'name')!)),
  },
  {
    name: 'logic workflow identity assign',
    summary: 'Assign identities',
    long: 'A Consumption logic app has either the system-assigned identity or one user-assigned identity.',
    params: [
      RG,
      // The generated command registers --name only (aaz/latest/logic/workflow/identity/_assign.py).
      { names: ['--name'], dest: 'name', required: true, complete: 'logic', help: 'The workflow name.' },
      { names: ['--system-assigned'], dest: 'system_assigned', kind: 'optional-list', choices: ['false', 'true'], help: 'Enable system assigned identity.' },
      { names: ['--user-assigned'], dest: 'user_assigned', kind: 'list', complete: 'identityRef', help: 'Space separated resource IDs to add user-assigned identities.' },
    ],
    examples: [{ summary: 'Turn on the system-assigned identity.', command: 'az logic workflow identity assign -g rg --name workflow --system-assigned' }],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      const r = find(ctx.host.world(), 'logicApp', rg, str(ctx, 'name')!) as SourceResource;
      const system = ctx.args.system_assigned !== undefined && boolArg(ctx.args.system_assigned, true);
      const added = (list(ctx, 'user_assigned') ?? []).map((ref) => identityRef(ctx.host.world(), ref, rg));
      const users = [...r.identity.userAssigned.map((u) => u.id), ...added];
      for (const action of identityActions(r, system || !!r.identity.systemAssigned, users)) await ctx.act(action);
      return armIdentity(getResource(ctx.host.world(), r.id) as SourceResource);
    },
  },
  {
    name: 'logic workflow identity remove',
    summary: 'Remove identities',
    params: [
      RG,
      { names: ['--name'], dest: 'name', required: true, complete: 'logic', help: 'The workflow name.' },
      { names: ['--system-assigned'], dest: 'system_assigned', kind: 'optional-list', choices: ['false', 'true'], help: 'Enable system assigned identity.' },
      { names: ['--user-assigned'], dest: 'user_assigned', kind: 'list', complete: 'identityRef', help: 'Space separated resource IDs to add user-assigned identities.' },
    ],
    examples: [{ summary: 'Turn off the system-assigned identity.', command: 'az logic workflow identity remove -g rg --name workflow --system-assigned' }],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      const r = find(ctx.host.world(), 'logicApp', rg, str(ctx, 'name')!) as SourceResource;
      const removeSystem = ctx.args.system_assigned !== undefined && boolArg(ctx.args.system_assigned, true);
      const removed = new Set((list(ctx, 'user_assigned') ?? []).map((ref) => identityRef(ctx.host.world(), ref, rg).toLowerCase()));
      const users = r.identity.userAssigned.map((u) => u.id).filter((id) => !removed.has(id.toLowerCase()));
      for (const action of identityActions(r, !!r.identity.systemAssigned && !removeSystem, users)) await ctx.act(action);
      const identity = armIdentity(getResource(ctx.host.world(), r.id) as SourceResource);
      // custom.py IdentityRemove._output: an empty identity prints as {"type": null}.
      return identity.type === 'None' ? { type: null } : identity;
    },
  },
  // -- containerapp (azure-cli's containerapp module: custom.py assign/remove/show_managed_identity) ------
  {
    name: 'containerapp create',
    summary: 'Create a container app.',
    long: "Container Apps environments and images are not modelled: --environment is required, as in az, and any value is accepted. On Azure the app takes its environment's location; the sandbox takes --location (sandbox only) or the resource group's.",
    params: [
      { ...NAME("The name of the Containerapp. A name must consist of lower case alphanumeric characters or '-', start with a letter, end with an alphanumeric character, cannot have '--', and must be less than 32 characters.") },
      RG,
      { names: ['--environment'], dest: 'environment', help: "Name or resource ID of the container app's environment (not modelled)." },
      { names: ['--image', '-i'], dest: 'image', ignored: true, help: 'Container image, e.g. publisher/image-name:tag (not modelled).' },
      { names: ['--system-assigned'], dest: 'system_assigned', kind: 'flag', group: 'Identity', help: 'Boolean indicating whether to assign system-assigned identity.' },
      { names: ['--user-assigned'], dest: 'user_assigned', kind: 'list', complete: 'identityRef', group: 'Identity', help: 'Space-separated user identities to be assigned.' },
      { ...LOCATION, help: "Sandbox only: the container app's location (on Azure it is its environment's)." },
    ],
    examples: [{ summary: 'Create a container app with a system-assigned identity.', command: 'az containerapp create -n my-containerapp -g MyResourceGroup --environment MyContainerappEnv --image mcr.microsoft.com/azuredocs/containerapps-helloworld:latest --system-assigned' }],
    async run(ctx) {
      if (!str(ctx, 'environment')) throw new CliError('Usage error: --environment is required if not using --yaml');
      const rg = str(ctx, 'resource_group')!;
      const system = !!ctx.args.system_assigned;
      const users = (list(ctx, 'user_assigned') ?? []).map((ref) => identityRef(ctx.host.world(), ref, rg));
      const identity = system || users.length ? { identity: { ...(system ? { systemAssigned: true } : {}), ...(users.length ? { userAssigned: users } : {}) } } : {};
      return resourceJson(ctx.host.world(), await createResource('containerApp', ctx, identity));
    },
  },
  { ...deleteCommand('containerapp', 'containerApp', 'Containerapp', true, 'Delete a container app.') },
  { ...showCommand('containerapp', 'containerApp', 'Containerapp', 'Show details of a container app.', 'containerapp') },
  {
    name: 'containerapp identity assign',
    summary: 'Assign managed identity to a container app.',
    params: [NAME('The name of the Containerapp.', 'containerapp'), RG, { names: ['--system-assigned'], dest: 'system_assigned', kind: 'flag', help: 'Boolean indicating whether to assign system-assigned identity.' }, { names: ['--user-assigned'], dest: 'user_assigned', kind: 'list', complete: 'identityRef', help: 'Space-separated user identities.' }],
    examples: [{ summary: 'Assign system identity.', command: 'az containerapp identity assign -n myContainerapp -g MyResourceGroup --system-assigned' }],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      const r = containerApp(ctx);
      const added = (list(ctx, 'user_assigned') ?? []).map((ref) => identityRef(ctx.host.world(), ref, rg));
      for (const action of identityActions(r, !!ctx.args.system_assigned || !!r.identity.systemAssigned, [...r.identity.userAssigned.map((u) => u.id), ...added])) await ctx.act(action);
      return armIdentity(getResource(ctx.host.world(), r.id) as SourceResource);
    },
  },
  {
    name: 'containerapp identity remove',
    summary: 'Remove a managed identity from a container app.',
    params: [NAME('The name of the Containerapp.', 'containerapp'), RG, { names: ['--system-assigned'], dest: 'system_assigned', kind: 'flag', help: 'Boolean indicating whether to assign system-assigned identity.' }, { names: ['--user-assigned'], dest: 'user_assigned', kind: 'optional-list', complete: 'identityRef', help: 'Space-separated user identities. If no user identities are specified, all user identities will be removed.' }],
    examples: [{ summary: 'Remove system identity.', command: 'az containerapp identity remove -n myContainerapp -g MyResourceGroup --system-assigned' }],
    async run(ctx) {
      const rg = str(ctx, 'resource_group')!;
      const name = str(ctx, 'name')!;
      const r = containerApp(ctx);
      // The refusals of custom.py remove_managed_identity, in its order (InvalidArgumentValueError, exit 1).
      if (!r.identity.systemAssigned && !r.identity.userAssigned.length) throw new CliError(`The containerapp ${name} has no system or user assigned identities.`);
      if (ctx.args.system_assigned && !r.identity.systemAssigned) throw new CliError(`The containerapp ${name} has no system assigned identities.`);
      const given = ctx.args.user_assigned;
      let users = r.identity.userAssigned.map((u) => u.id);
      if (Array.isArray(given) && !given.length) users = []; // --user-assigned with no ids: all of them
      for (const ref of Array.isArray(given) ? given : []) {
        const id = identityRef(ctx.host.world(), ref, rg).toLowerCase();
        if (!users.some((u) => u.toLowerCase() === id)) throw new CliError(`The containerapp does not have specified user identity '${ref}' assigned, so it cannot be removed.`);
        users = users.filter((u) => u.toLowerCase() !== id);
      }
      for (const action of identityActions(r, !!r.identity.systemAssigned && !ctx.args.system_assigned, users)) await ctx.act(action);
      return armIdentity(getResource(ctx.host.world(), r.id) as SourceResource);
    },
  },
  {
    name: 'containerapp identity show',
    summary: 'Show managed identities of a container app.',
    params: [NAME('The name of the Containerapp.', 'containerapp'), RG],
    examples: [{ summary: 'Show managed identities.', command: 'az containerapp identity show -n myContainerapp -g MyResourceGroup' }],
    // custom.py show_managed_identity: {"type": "None"} when the app has none.
    run: (ctx) => armIdentity(find(ctx.host.world(), 'containerApp', str(ctx, 'resource_group')!, str(ctx, 'name')!) as SourceResource),
  },
  // -- role -------------------------------------------------------------------------------------
  {
    name: 'role assignment create',
    summary: 'Create a new role assignment for a user, group, or service principal.',
    params: [
      { names: ['--role'], dest: 'role', required: true, complete: 'role', help: 'Role name or id.' },
      { names: ['--scope'], dest: 'scope', required: true, complete: 'scope', help: 'Scope at which the role assignment or definition applies to, e.g., /subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333, /subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/myGroup, or /subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/myGroup/providers/Microsoft.Compute/virtualMachines/myVM.' },
      { names: ['--assignee'], dest: 'assignee', complete: 'principal', help: 'Represent a user, group, or service principal. Supported format: object id, user sign-in name, or service principal name.' },
      { names: ['--assignee-object-id'], dest: 'assignee_object_id', complete: 'principal', help: "Use this parameter instead of '--assignee' to bypass Graph API invocation in case of insufficient privileges. This parameter only works with object ids for users, groups, service principals, and managed identities." },
      { names: ['--assignee-principal-type'], dest: 'assignee_principal_type', choices: ['ForeignGroup', 'Group', 'ServicePrincipal', 'User'], help: 'Use with --assignee-object-id to avoid errors caused by propagation latency in Microsoft Graph.' },
      { names: ['--name'], dest: 'assignment_name', help: 'A GUID for the role assignment. It must be unique and different for each role assignment. If omitted, a new GUID is generated.' },
    ],
    examples: [{ summary: "Let a managed identity read a vault's secrets.", command: 'az role assignment create --assignee-object-id <principalId> --assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope <vault id>' }],
    async run(ctx) {
      const world = ctx.host.world();
      const oid = str(ctx, 'assignee_object_id');
      const assignee = str(ctx, 'assignee');
      // role/custom.py create_role_assignment, in its order.
      if (!oid === !assignee) throw new CliError('usage error: --assignee STRING | --assignee-object-id GUID');
      if (str(ctx, 'assignee_principal_type') && !oid) throw new CliError('usage error: --assignee-object-id GUID --assignee-principal-type TYPE');
      if (oid && !str(ctx, 'assignee_principal_type')) ctx.warn('RBAC service might reject creating role assignment without --assignee-principal-type in the future. Better to specify --assignee-principal-type manually.');
      const principal = oid ?? resolveAssignee(world, assignee!);
      const before = new Set(Object.keys(world.roleAssignments));
      const name = str(ctx, 'assignment_name');
      await ctx.act({ type: 'roleAssignment.create', scope: str(ctx, 'scope')!, role: roleRef(str(ctx, 'role')!), assignee: principal, ...(name ? { name } : {}) });
      const after = ctx.host.world();
      const created = Object.values(after.roleAssignments).find((a) => !before.has(a.name.toLowerCase()) && !before.has(a.name));
      return created ? assignmentJson(after, created) : undefined;
    },
  },
  {
    name: 'role assignment list',
    summary: 'List role assignments.',
    long: 'By default, only assignments scoped to subscription will be displayed. To view assignments scoped by resource or group, use `--all`.',
    params: [
      { names: ['--assignee'], dest: 'assignee', complete: 'principal', help: 'Represent a user, group, or service principal. Supported format: object id, user sign-in name, or service principal name.' },
      { names: ['--role'], dest: 'role', complete: 'role', help: 'Role name or id.' },
      { names: ['--scope'], dest: 'scope', complete: 'scope', help: 'Scope at which the role assignment or definition applies to.' },
      RG_OPTIONAL,
      { names: ['--all'], dest: 'all', kind: 'flag', help: 'Show all assignments under the current subscription.' },
      { names: ['--include-inherited'], dest: 'include_inherited', kind: 'flag', help: 'Include assignments applied on parent scopes.' },
    ],
    examples: [{ summary: 'Everything granted in the subscription, as a table.', command: 'az role assignment list --all -o table' }],
    run(ctx) {
      const world = ctx.host.world();
      const scope = scopeArg(ctx);
      const all = !!ctx.args.all && !scope;
      const target = scope ?? defaultSubscription(world).id;
      const inherited = !!ctx.args.include_inherited;
      let found = all
        ? Object.values(world.roleAssignments)
        : assignmentsAt(world, target.startsWith('/resourceGroups/') ? `${defaultSubscription(world).id}${target}` : target)
            .filter((x) => inherited || !x.inherited)
            .map((x) => x.assignment);
      const assignee = str(ctx, 'assignee');
      if (assignee) {
        const oid = resolveAssignee(world, assignee);
        found = found.filter((a) => a.principalId === oid);
      }
      const role = str(ctx, 'role');
      if (role) {
        const def = findRole(roleRef(role))!;
        found = found.filter((a) => a.roleDefinitionId.toLowerCase().endsWith(def.name));
      }
      return found.map((a) => assignmentJson(world, a, true));
    },
    table: assignmentTable,
  },
  {
    name: 'role assignment delete',
    summary: 'Delete role assignments.',
    params: [
      { names: ['--ids'], dest: 'ids', kind: 'list', help: 'Space-separated role assignment ids.' },
      { names: ['--assignee'], dest: 'assignee', complete: 'principal', help: 'Represent a user, group, or service principal. Supported format: object id, user sign-in name, or service principal name.' },
      { names: ['--role'], dest: 'role', complete: 'role', help: 'Role name or id.' },
      { names: ['--scope'], dest: 'scope', complete: 'scope', help: 'Scope at which the role assignment or definition applies to.' },
      RG_OPTIONAL,
      YES,
    ],
    examples: [{ summary: 'Remove every assignment of a deleted identity (principalName "").', command: 'az role assignment delete --ids <assignment id>' }],
    async run(ctx) {
      const world = ctx.host.world();
      let targets: string[];
      const ids = list(ctx, 'ids');
      if (ids?.length) targets = ids;
      else {
        const scope = scopeArg(ctx);
        const assignee = str(ctx, 'assignee');
        const role = str(ctx, 'role');
        if (!scope && !assignee && !role) throw new CliError('Please provide at least one of these parameters: --ids, --assignee, --role, --resource-group, --scope');
        const oid = assignee ? ((world.servicePrincipals[assignee.toLowerCase()] ? assignee.toLowerCase() : null) ?? (/^[0-9a-f-]{36}$/i.test(assignee) ? assignee.toLowerCase() : resolveAssignee(world, assignee))) : undefined;
        const def = role ? findRole(roleRef(role)) : undefined;
        const expanded = scope?.startsWith('/resourceGroups/') ? `${defaultSubscription(world).id}${scope}` : scope;
        targets = Object.values(world.roleAssignments)
          .filter((a) => (!expanded || a.scope.toLowerCase() === expanded.toLowerCase()) && (!oid || a.principalId === oid) && (!def || a.roleDefinitionId.toLowerCase().endsWith(def.name)))
          .map((a) => a.id);
      }
      // azure-cli raises a CLIError here (exit code 1), in role/custom.py delete_role_assignments.
      if (!targets.length) throw new CliError('No matched assignments were found to delete');
      for (const id of targets) await ctx.act({ type: 'roleAssignment.delete', id });
      return undefined;
    },
  },
  {
    name: 'role definition list',
    summary: 'List role definitions.',
    params: [{ names: ['--name'], dest: 'name', complete: 'role', help: "A role's name or id." }, { names: ['--custom-role-only'], dest: 'custom', kind: 'optional-list', help: 'Custom roles only(vs. build-in ones).' }],
    examples: [{ summary: 'What may a role do?', command: 'az role definition list --name "Key Vault Secrets User"' }],
    run(ctx) {
      const world = ctx.host.world();
      if (ctx.args.custom !== undefined && boolArg(ctx.args.custom, true)) return [];
      const name = str(ctx, 'name');
      if (name) return findRole(name) ? [roleDefinitionJson(world, name)] : [];
      return BUILT_IN_ROLES.map((r) => roleDefinitionJson(world, r.name));
    },
    table: (result) => (result as Record<string, unknown>[]).map((r) => ({ Name: r.roleName, Type: r.type, Description: r.description })),
  },
  // -- ad ---------------------------------------------------------------------------------------
  {
    name: 'ad sp show',
    summary: 'Get the details of a service principal.',
    params: [{ names: ['--id'], dest: 'id', required: true, complete: 'principal', help: 'Service principal name, or object id.' }],
    examples: [{ summary: "A VM's system-assigned identity: same name as the VM.", command: 'az ad sp show --id <principalId> --query displayName' }],
    run(ctx) {
      const world = ctx.host.world();
      const id = str(ctx, 'id')!;
      const lower = id.toLowerCase();
      // role/custom.py _resolve_service_principal: a servicePrincipalName (app id, identifier URI) first, then an
      // object id. A name that matches nothing: "Service principal '...' doesn't exist" with status 404, so exit 3
      // (test_sp_show_exit_code). An object id Graph does not have: Graph's Request_ResourceNotFound, also exit 3.
      const sp = Object.values(world.servicePrincipals).find((p) => p.servicePrincipalNames.some((n) => n.toLowerCase() === lower)) ?? world.servicePrincipals[lower];
      if (!sp && !GUID.test(id)) throw new CliError(`Service principal '${id}' doesn't exist`, 3);
      if (!sp) throw new CliError(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`, 3);
      return spJson(world, sp);
    },
  },
  {
    name: 'ad sp list',
    summary: 'List service principals.',
    long: "Filters the sandbox understands: \"servicePrincipalType eq 'ManagedIdentity'\", \"displayName eq 'name'\", \"appId eq '<guid>'\", joined with and.",
    params: [{ names: ['--filter'], dest: 'filter', help: 'OData filter, e.g. --filter "displayname eq \'test\' and servicePrincipalType eq \'Application\'".' }, { names: ['--display-name'], dest: 'display_name', help: "Object's display name or its prefix." }, { names: ['--all'], dest: 'all', kind: 'flag', help: 'List all entities, expect long delay if under a big organization.' }],
    examples: [{ summary: 'All managed identities in the tenant.', command: `az ad sp list --filter "servicePrincipalType eq 'ManagedIdentity'" -o table` }],
    run(ctx) {
      const world = ctx.host.world();
      let sps = Object.values(world.servicePrincipals);
      const filter = str(ctx, 'filter');
      const display = str(ctx, 'display_name');
      if (!filter && !display && !ctx.args.all) ctx.warn("The result is not complete. You can still use '--all' to get all of them with long latency expected, or provide a filter through command arguments");
      if (display) sps = sps.filter((s) => s.displayName.toLowerCase().startsWith(display.toLowerCase()));
      if (filter) {
        for (const clause of filter.split(/\s+and\s+/i)) {
          const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
          const prop = m?.[1]?.toLowerCase();
          if (!m || !['serviceprincipaltype', 'displayname', 'appid'].includes(prop!)) throw new CliError(`The sandbox's directory understands only "<property> eq '<value>'" filters on servicePrincipalType, displayName and appId (joined with and); '${clause.trim()}' is not one.`);
          const value = m[2]!;
          sps = sps.filter((s) => (prop === 'serviceprincipaltype' ? s.servicePrincipalType === value : prop === 'displayname' ? s.displayName === value : s.appId === value.toLowerCase()));
        }
      }
      return sps.map((s) => spJson(world, s));
    },
    table: (result) => (result as Record<string, unknown>[]).map((s) => ({ DisplayName: s.displayName, Id: s.id, AppId: s.appId, CreatedDateTime: s.createdDateTime })),
  },
  {
    name: 'ad app create',
    summary: 'Create an application.',
    params: [
      { names: ['--display-name'], dest: 'display_name', required: true, help: 'The display name of the application.' },
      { names: ['--identifier-uris'], dest: 'identifier_uris', kind: 'list', help: 'Space-separated values. Also known as App ID URI.' },
      { names: ['--app-roles'], dest: 'app_roles', help: 'Declare the roles you want to associate with your application. Should be in manifest json format. (The sandbox has no files: give the JSON inline.)' },
    ],
    examples: [
      { summary: 'Register an API.', command: 'az ad app create --display-name orders-api --identifier-uris api://orders-api' },
      { summary: 'Register an API with an app role a managed identity can be given.', command: `az ad app create --display-name orders-api --app-roles '[{"allowedMemberTypes": ["Application"], "description": "Read orders", "displayName": "Orders.Read", "isEnabled": "true", "value": "Orders.Read"}]'` },
    ],
    async run(ctx) {
      const uri = list(ctx, 'identifier_uris')?.[0];
      const displayName = str(ctx, 'display_name')!;
      const appRoles = appRolesArg(str(ctx, 'app_roles'));
      await ctx.act({ type: 'app.create', displayName, ...(uri ? { appIdUri: uri } : {}), ...(appRoles ? { appRoles } : {}) });
      const app = Object.values(ctx.host.world().applications).filter((a) => a.displayName === displayName).pop();
      return app ? appJson(app) : undefined;
    },
  },
  // -- rest -------------------------------------------------------------------------------------
  {
    name: 'rest',
    summary: 'Invoke a custom request.',
    long: "Against the simulated Azure Resource Manager (https://management.azure.com), signed in as the subscription owner: GET of a subscription, resource group, resource or role assignments; PUT of a resource group, a user-assigned identity or a role assignment; PATCH of a resource's identity object; DELETE of a resource, resource group or role assignment. And Microsoft Graph's app role assignments (https://graph.microsoft.com/v1.0/servicePrincipals/{id}/appRoleAssignments): POST, GET and DELETE. Changes go through the sandbox's own actions, so history, undo and the timeline follow.",
    params: [
      { names: ['--method', '-m'], dest: 'method', choices: ['delete', 'get', 'head', 'options', 'patch', 'post', 'put'], default: 'get', help: 'HTTP request method.' },
      { names: ['--url', '--uri', '-u'], dest: 'url', required: true, help: "Request URL. If it doesn't start with a host, CLI assumes it as an Azure resource ID and prefixes it with the ARM endpoint of the current cloud shown by `az cloud show`. Common token {subscriptionId} will be replaced with the current subscription ID specified by `az account set`." },
      { names: ['--body', '-b'], dest: 'body', help: 'Request body. Use @{file} to load from a file. For quoting issues in different terminals, see https://github.com/Azure/azure-cli/blob/dev/doc/use_cli_effectively.md#quoting-issues' },
      { names: ['--headers'], dest: 'headers', kind: 'list', help: "Space-separated headers in KEY=VALUE format or JSON string. Use @{file} to load from a file." },
    ],
    examples: [
      { summary: 'Read a resource group from ARM.', command: 'az rest --method get --url "https://management.azure.com/subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup?api-version=2021-04-01"' },
      { summary: 'Create a user-assigned identity.', command: `az rest --method put --url "/subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup/providers/Microsoft.ManagedIdentity/userAssignedIdentities/MyIdentity?api-version=2023-01-31" --body '{"location": "westeurope"}'` },
      { summary: "Turn on a VM's system-assigned identity.", command: `az rest --method patch --url "/subscriptions/{subscriptionId}/resourceGroups/MyResourceGroup/providers/Microsoft.Compute/virtualMachines/MyVm?api-version=2024-07-01" --body '{"identity": {"type": "SystemAssigned"}}'` },
      { summary: "Give a managed identity an API's app role (Microsoft Graph).", command: `az rest --method post --url "https://graph.microsoft.com/v1.0/servicePrincipals/<principalId>/appRoleAssignments" --body '{"principalId": "<principalId>", "resourceId": "<API service principal id>", "appRoleId": "<app role id>"}'` },
    ],
    async run(ctx) {
      const body = str(ctx, 'body');
      if (body?.startsWith('@')) throw new CliError(`[Errno 2] No such file or directory: '${body.slice(1)}'`, 1, ['The sandbox has no files: give the body inline.']);
      return rest(ctx, { method: str(ctx, 'method') ?? 'get', url: str(ctx, 'url')!, body, headers: {} });
    },
  },
];

function vaultByName(ctx: Context, dest = 'name') {
  const name = str(ctx, dest)!;
  const world = ctx.host.world();
  const rg = dest === 'name' ? str(ctx, 'resource_group') : undefined;
  // With -g, az asks ARM for the vault and gets its 404 (exit 3); without, keyvault/_validators.py
  // validate_resource_group_name looks the name up and raises a CLIError (exit 1).
  if (rg) return find(world, 'keyVault', rg, name) as KeyVault;
  const v = vaultOf(world, name);
  if (!v) throw new CliError(`The Vault '${name}' not found within subscription.`);
  return v;
}

/** The warning az prints when a data-plane storage command has no credential to use (storage/_validators.py validate_client_parameters). */
const NO_CREDENTIALS_WARNING =
  '\nThere are no credentials provided in your command and environment, we will query for account key for your storage account.\nIt is recommended to provide --connection-string, --account-key or --sas-token in your command as credentials.\n\nYou also can add `--auth-mode login` in your command to use Azure Active Directory (Azure AD) for authorization if your login account is assigned required RBAC roles.\nFor more information about RBAC roles in storage, visit https://docs.microsoft.com/azure/storage/common/storage-auth-aad-rbac-cli.\n\nIn addition, setting the corresponding environment variables can avoid inputting credentials in your command. Please use --help to get more information about environment variable usage.';

function accountByName(ctx: Context) {
  const name = str(ctx, 'account_name')!;
  const login = str(ctx, 'auth_mode') === 'login';
  if (!login) ctx.warn(NO_CREDENTIALS_WARNING);
  const a = storageAccountOf(ctx.host.world(), name);
  if (!a) {
    // Without --auth-mode login az looks the account key up and warns that it could not (_query_account_rg's
    // own words); either way the request then goes to a host that does not exist. Simplified: the sandbox
    // stops there with its own sentence instead of a connection error.
    if (!login) ctx.warn(`\nSkip querying account key due to failure: Storage account '${name}' not found.`);
    throw new CliError(`The sandbox has no storage account named '${name}'. On Azure the request would go to https://${name}.blob.core.windows.net/, a host that does not exist, and fail with a connection error.`);
  }
  return a;
}

/**
 * A Blob service refusal as az prints it: the service's message with its RequestId and Time lines, then
 * ErrorCode (azure-storage-blob's process_storage_error). A 404 is azure-core's ResourceNotFoundError, exit 3.
 */
function storageError(world: World, message: string, code: string, status: number, seed: string): CliError {
  let h = 0x811c9dc5;
  for (const ch of `${seed}|${code}|${world.now}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const hex = Array.from({ length: 4 }, (_, i) => (Math.imul(h, i + 1) >>> 0).toString(16).padStart(8, '0')).join('');
  const requestId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const time = new Date(world.now * 1000).toISOString().replace(/\.\d{3}Z$/, '.0000000Z');
  return new CliError(`${message}\nRequestId:${requestId}\nTime:${time}\nErrorCode:${code}`, status === 404 ? 3 : 1);
}

/** --app-roles: the manifest's JSON list (azure-cli reads it with shell_safe_json_parse). */
function appRolesArg(raw: string | undefined) {
  if (raw === undefined) return undefined;
  if (raw.startsWith('@')) throw new CliError(`[Errno 2] No such file or directory: '${raw.slice(1)}'`, 1, ['The sandbox has no files: give the JSON inline.']);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    // azure-cli-core util.py shell_safe_json_parse: the parser's complaint after its own sentence.
    throw new CliError(`Failed to parse string as JSON:\n${raw}\nError detail: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new CliError('--app-roles takes a JSON list of app roles. (Sandbox wording.)');
  return parsed.map((r: Record<string, unknown>) => ({
    value: String(r.value ?? ''),
    ...(typeof r.displayName === 'string' ? { displayName: r.displayName } : {}),
    ...(typeof r.description === 'string' ? { description: r.description } : {}),
    ...(Array.isArray(r.allowedMemberTypes) ? { allowedMemberTypes: r.allowedMemberTypes.filter((t): t is 'Application' | 'User' => t === 'Application' || t === 'User') } : {}),
  }));
}

export function isCompute(r: Resource | undefined): r is SourceResource {
  return isSource(r);
}

export const COMMAND_NAMES = COMMANDS.map((c) => c.name);
export const commandByName = new Map(COMMANDS.map((c) => [c.name, c]));

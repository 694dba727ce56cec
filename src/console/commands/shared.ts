// What several az command groups share: common arguments, look-ups that refuse as az does, and the
// create/delete/show/list commands that only differ by resource kind.
import { resourceJson } from '../shapes.ts';
import { CliError, type CommandSpec, type Context, type Param } from '../spec.ts';
import { defaultSubscription, findRole, findUser, getResource, KINDS, resourceGroupId, resourceId, slotId, type Action, type CreatableKind, type Resource, type ResourceGroup, type SourceResource, type World } from '../../sim/index.ts';

/** The kinds az creates: those of the kinds registry (a new one without its completer below fails to compile). */
export type Kind = CreatableKind;

// ---------------------------------------------------------------------------------------------
// Arguments shared by many commands

export const RG: Param = { names: ['--resource-group', '-g'], dest: 'resource_group', required: true, complete: 'group', help: 'Name of resource group. You can configure the default group using `az configure --defaults group=<name>`.' };
export const RG_OPTIONAL: Param = { ...RG, required: false };
export const NAME = (help: string, complete?: Param['complete']): Param => ({ names: ['--name', '-n'], dest: 'name', required: true, help, ...(complete ? { complete } : {}) });
export const LOCATION: Param = { names: ['--location', '-l'], dest: 'location', complete: 'location', help: 'Location. Values from: `az account list-locations`. You can configure the default location using `az configure --defaults location=<location>`.' };
export const YES: Param = { names: ['--yes', '-y'], dest: 'yes', kind: 'flag', help: 'Do not prompt for confirmation.' };
export const NO_WAIT: Param = { names: ['--no-wait'], dest: 'no_wait', kind: 'flag', ignored: true, help: 'Do not wait for the long-running operation to finish.' };
const MSI = 'Managed Service Identity';
export const ASSIGN_IDENTITY: Param = { names: ['--assign-identity'], dest: 'assign_identity', kind: 'optional-list', complete: 'identityRef', group: MSI, help: "Accept system or user assigned identities separated by spaces. Use '[system]' to refer system assigned identity, or a resource id to refer user assigned identity." };
// App Service still defaults --role to Contributor (appservice/custom.py assign_identity(..., role='Contributor')).
export const ROLE_FOR_IDENTITY: Param = { names: ['--role'], dest: 'role', complete: 'role', group: MSI, default: 'Contributor', help: "Role name or id the system assigned identity will have. Default: Contributor." };
// VMs lost that default: azure-cli PR #21474 (vm create) and #27657 (vm identity assign) removed it.
export const VM_ROLE_FOR_IDENTITY: Param = { names: ['--role'], dest: 'role', complete: 'role', group: MSI, help: "Role name or id the system assigned identity will have." };
export const SCOPE_FOR_IDENTITY: Param = { names: ['--scope'], dest: 'scope', complete: 'scope', group: MSI, help: 'Scope that the system assigned identity can access.' };
export const IDENTITIES = (verb: 'assign' | 'remove'): Param => ({
  names: ['--identities'],
  dest: 'identities',
  kind: 'optional-list',
  complete: 'identityRef',
  help: verb === 'assign' ? "Space-separated identities to assign. Use '[system]' to refer to the system assigned identity. Default: '[system]'." : "Space-separated identities to remove. Use '[system]' to refer to the system assigned identity. Default: '[system]'.",
});
export const SLOT: Param = { names: ['--slot', '-s'], dest: 'slot', help: 'The name of the slot. Default to the productions slot if not specified.' };

// ---------------------------------------------------------------------------------------------
// Look-ups that refuse as az does

/** ARM's error as az prints it (azure-core's HttpResponseError); a 404 exits with 3. */
export function armError(code: string, message: string, status = 400): CliError {
  return new CliError(`(${code}) ${message}\nCode: ${code}\nMessage: ${message}`, status === 404 ? 3 : 1);
}

export const str = (ctx: Context, dest: string) => {
  const v = ctx.args[dest];
  return typeof v === 'string' ? v : undefined;
};
export const list = (ctx: Context, dest: string) => {
  const v = ctx.args[dest];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
};

export function sub(world: World) {
  return defaultSubscription(world).subscriptionId;
}

export function group(world: World, name: string): ResourceGroup {
  const g = world.resourceGroups[resourceGroupId(sub(world), name).toLowerCase()];
  if (!g) throw armError('ResourceGroupNotFound', `Resource group '${name}' could not be found.`, 404);
  return g;
}

export function find(world: World, kind: Kind, rg: string, name: string): Resource {
  group(world, rg);
  const r = getResource(world, resourceId(sub(world), rg, kind, name));
  if (!r || r.kind !== kind) throw armError('ResourceNotFound', `The Resource '${KINDS[kind].type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`, 404);
  return r;
}

export function site(ctx: Context, kind: 'webApp' | 'functionApp'): SourceResource {
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
export function showSite(ctx: Context, kind: 'webApp' | 'functionApp'): Resource {
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
export function identityRef(world: World, ref: string, rg: string): string {
  if (ref.startsWith('/')) return ref;
  return resourceId(sub(world), rg, 'userAssignedIdentity', ref);
}

/** --assignee: object id, app id / service principal name; az asks Graph and says so when nothing matches. */
export function resolveAssignee(world: World, assignee: string): string {
  const a = assignee.toLowerCase();
  // A user's sign-in name (or object id) comes first, as Graph's user look-up does in role/custom.py _resolve_object_id.
  const user = findUser(world, assignee);
  if (user) return user.id;
  const sp = world.servicePrincipals[a] ?? Object.values(world.servicePrincipals).find((p) => p.appId === a || p.servicePrincipalNames.some((n) => n.toLowerCase() === a));
  if (!sp)
    throw new CliError(`Cannot find user or service principal in graph database for '${assignee}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id ${assignee}'.`);
  return sp.id;
}

export function roleRef(role: string): string {
  if (!findRole(role)) throw new CliError(`Role '${role}' doesn't exist.`);
  return role;
}

export function scopeArg(ctx: Context): string | undefined {
  const scope = str(ctx, 'scope');
  const rg = str(ctx, 'resource_group');
  if (scope) return scope;
  if (rg) return group(ctx.host.world(), rg).id;
  return undefined;
}

export async function confirmed(ctx: Context): Promise<void> {
  if (ctx.args.yes) return;
  const ok = (await ctx.host.confirm?.('Are you sure you want to perform this operation? (y/n): ')) ?? false;
  if (!ok) throw new CliError('Operation cancelled.');
}

/** --assign-identity on create: the identity part of resource.create, and the grant to run after it. */
export function createIdentity(ctx: Context, rg: string): { identity?: { systemAssigned?: boolean; userAssigned?: string[] } } {
  const refs = list(ctx, 'assign_identity');
  if (!refs) return {};
  const world = ctx.host.world();
  const wanted = refs.length ? refs : ['[system]'];
  const systemAssigned = wanted.some((r) => r.toLowerCase() === '[system]');
  const userAssigned = wanted.filter((r) => r.toLowerCase() !== '[system]').map((r) => identityRef(world, r, rg));
  return identityOf(systemAssigned, userAssigned);
}

/** The identity part of resource.create for the identities asked for; nothing when none are. */
export function identityOf(systemAssigned: boolean, userAssigned: string[]): { identity?: { systemAssigned?: boolean; userAssigned?: string[] } } {
  if (!systemAssigned && !userAssigned.length) return {};
  return { identity: { ...(systemAssigned ? { systemAssigned } : {}), ...(userAssigned.length ? { userAssigned } : {}) } };
}

/** The identity part of a role request, checked as vm/_validators.py _validate_vm_vmss_msi does before anything is sent. */
export function checkIdentityGrant(ctx: Context, refs: string[] | undefined, assigning: boolean): void {
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

/** A path az tried to read: the sandbox has no files, so every one is missing (Python's own error text). */
export function noSuchFile(path: string, hint: string): CliError {
  return new CliError(`[Errno 2] No such file or directory: '${path}'`, 1, [`The sandbox has no files: ${hint}`]);
}

/** A JSON argument given inline (azure-cli-core util.py shell_safe_json_parse: the parser's complaint after its own sentence). */
export function jsonValue(raw: string): unknown {
  if (raw.startsWith('@')) throw noSuchFile(raw.slice(1), 'give the JSON inline.');
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new CliError(`Failed to parse string as JSON:\n${raw}\nError detail: ${(e as Error).message}`);
  }
}

export async function grantAfterCreate(ctx: Context, resource: SourceResource): Promise<void> {
  const scope = str(ctx, 'scope');
  if (!scope) return;
  if (!resource.identity.systemAssigned) throw new CliError("usage error: '--scope'/'--role' is only applicable when assign system identity");
  await ctx.act({ type: 'roleAssignment.create', scope, role: roleRef(str(ctx, 'role') ?? 'Contributor'), assignee: resource.id });
}

/** The OS image of `az vm create` and `az vmss create` (not modelled). */
export const VM_IMAGE: Param = { names: ['--image'], dest: 'image', ignored: true, help: 'The name of the operating system image (not modelled).' };

/** What `az vm create` and `az vmss create` take after their sizing: the admin account (not modelled) and the identities at creation. */
export const VM_LOGIN_AND_IDENTITY: Param[] = [
  { names: ['--admin-username'], dest: 'admin_username', ignored: true, help: 'Username for the VM (not modelled).' },
  { names: ['--generate-ssh-keys'], dest: 'generate_ssh_keys', kind: 'flag', ignored: true, help: 'Generate SSH public and private key files if missing (not modelled).' },
  ASSIGN_IDENTITY,
  VM_ROLE_FOR_IDENTITY,
  SCOPE_FOR_IDENTITY,
  NO_WAIT,
];

/** `az vm create` / `az vmss create`: --role/--scope checked first (as _validate_vm_vmss_msi), the resource with its identities, then the grant. */
export async function createVmLike(ctx: Context, kind: 'vm' | 'vmss'): Promise<SourceResource> {
  checkIdentityGrant(ctx, list(ctx, 'assign_identity'), ctx.args.assign_identity !== undefined);
  const r = (await createResource(kind, ctx, createIdentity(ctx, str(ctx, 'resource_group')!))) as SourceResource;
  await grantAfterCreate(ctx, r);
  return r;
}

/** `az webapp create` / `az functionapp create`: the site with the identities asked for, then the grant --role/--scope ask for. */
export async function createSite(ctx: Context, kind: 'webApp' | 'functionApp'): Promise<unknown> {
  const r = (await createResource(kind, ctx, createIdentity(ctx, str(ctx, 'resource_group')!))) as SourceResource;
  await grantAfterCreate(ctx, r);
  return resourceJson(ctx.host.world(), getResource(ctx.host.world(), r.id)!);
}

export function listOf(world: World, kind: Kind, rg?: string): Resource[] {
  if (rg) group(world, rg);
  return Object.values(world.resources).filter((r) => r.kind === kind && (!rg || r.resourceGroup.toLowerCase() === rg.toLowerCase()));
}

export function createResource(kind: Kind, ctx: Context, extra: Partial<Extract<Action, { type: 'resource.create' }>> = {}): Promise<Resource> {
  const rg = str(ctx, 'resource_group')!;
  const name = str(ctx, 'name')!;
  const location = str(ctx, 'location');
  const action: Action = { type: 'resource.create', kind, resourceGroup: rg, name, ...(location ? { location } : {}), ...extra };
  return ctx.act(action).then(() => getResource(ctx.host.world(), resourceId(sub(ctx.host.world()), rg, kind, name))!);
}

export const deleteCommand = (prefix: string, kind: Kind, noun: string, ask: boolean, summary: string): CommandSpec => ({
  name: `${prefix} delete`,
  summary,
  params: [RG, NAME(`The name of the ${noun}.`, kind), ...(ask ? [YES] : []), ...(prefix === 'vm' ? [NO_WAIT] : [])],
  examples: [{ summary: `Delete a ${noun}.`, command: `az ${prefix} delete -g MyResourceGroup -n ${noun === 'storage account' ? 'mystorageaccount' : 'MyName'}${ask ? ' --yes' : ''}` }],
  async run(ctx) {
    const r = find(ctx.host.world(), kind, str(ctx, 'resource_group')!, str(ctx, 'name')!);
    if (ask) await confirmed(ctx);
    await ctx.act({ type: 'resource.delete', id: r.id });
    return undefined;
  },
});

export const showCommand = (prefix: string, kind: Kind, noun: string, summary: string): CommandSpec => ({
  name: `${prefix} show`,
  summary,
  params: [RG, NAME(`The name of the ${noun}.`, kind)],
  examples: [{ summary: `Show a ${noun}.`, command: `az ${prefix} show -g MyResourceGroup -n MyName` }],
  run: (ctx) => {
    const world = ctx.host.world();
    const r = find(world, kind, str(ctx, 'resource_group')!, str(ctx, 'name')!);
    return resourceJson(world, r);
  },
});

export const listCommand = (prefix: string, kind: Kind, summary: string, table?: CommandSpec['table']): CommandSpec => ({
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

export const resourceListTable = (result: unknown) => (result as Record<string, unknown>[]).map((r) => ({ Name: r.name, ResourceGroup: r.resourceGroup, Location: r.location }));

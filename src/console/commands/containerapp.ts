// az containerapp (azure-cli's containerapp module: custom.py assign/remove/show_managed_identity).
import { identityActions } from '../identity.ts';
import { resourceJson } from '../shapes.ts';
import { CliError, type CommandSpec, type Context, type GroupSpec, type Param } from '../spec.ts';
import { armIdentity, getResource, resourceId, type SourceResource } from '../../sim/index.ts';
import { createResource, deleteCommand, find, identityOf, identityRef, list, LOCATION, NAME, RG, showCommand, str, sub } from './shared.ts';

const SYSTEM_ASSIGNED: Param = { names: ['--system-assigned'], dest: 'system_assigned', kind: 'flag', help: 'Boolean indicating whether to assign system-assigned identity.' };

export const groups: GroupSpec[] = [
  { name: 'containerapp', summary: 'Manage Azure Container Apps.' },
  { name: 'containerapp identity', summary: 'Manage service (managed) identities for a container app.' },
];

export const commands: CommandSpec[] = [
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
      return resourceJson(ctx.host.world(), await createResource('containerApp', ctx, identityOf(system, users)));
    },
  },
  { ...deleteCommand('containerapp', 'containerApp', 'Containerapp', true, 'Delete a container app.') },
  { ...showCommand('containerapp', 'containerApp', 'Containerapp', 'Show details of a container app.') },
  {
    name: 'containerapp identity assign',
    summary: 'Assign managed identity to a container app.',
    params: [NAME('The name of the Containerapp.', 'containerApp'), RG, SYSTEM_ASSIGNED, { names: ['--user-assigned'], dest: 'user_assigned', kind: 'list', complete: 'identityRef', help: 'Space-separated user identities.' }],
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
    params: [NAME('The name of the Containerapp.', 'containerApp'), RG, SYSTEM_ASSIGNED, { names: ['--user-assigned'], dest: 'user_assigned', kind: 'optional-list', complete: 'identityRef', help: 'Space-separated user identities. If no user identities are specified, all user identities will be removed.' }],
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
    params: [NAME('The name of the Containerapp.', 'containerApp'), RG],
    examples: [{ summary: 'Show managed identities.', command: 'az containerapp identity show -n myContainerapp -g MyResourceGroup' }],
    // custom.py show_managed_identity: {"type": "None"} when the app has none.
    run: (ctx) => armIdentity(find(ctx.host.world(), 'containerApp', str(ctx, 'resource_group')!, str(ctx, 'name')!) as SourceResource),
  },
];

/** The container app for assign/remove: custom.py raises ResourceNotFoundError (exit 3) in its own words. */
function containerApp(ctx: Context): SourceResource {
  const world = ctx.host.world();
  const rg = str(ctx, 'resource_group')!;
  const name = str(ctx, 'name')!;
  const r = getResource(world, resourceId(sub(world), rg, 'containerApp', name));
  if (!r || r.kind !== 'containerApp') throw new CliError(`The containerapp '${name}' does not exist`, 3);
  return r as SourceResource;
}

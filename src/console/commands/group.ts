// az group: resource groups.
import { groupJson } from '../shapes.ts';
import { type CommandSpec, type GroupSpec } from '../spec.ts';
import { confirmed, group, LOCATION, NO_WAIT, str, YES } from './shared.ts';

export const groups: GroupSpec[] = [
  { name: 'group', summary: 'Manage resource groups and template deployments.' },
];

export const commands: CommandSpec[] = [
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
];

// az webapp: App Service web apps, their slots and identities, and the SSH door to their container.
import { resourceJson } from '../shapes.ts';
import { CliError, type CommandSpec, type GroupSpec } from '../spec.ts';
import { getResource, resourceId, slotId } from '../../sim/index.ts';
import { ASSIGN_IDENTITY, createSite, deleteCommand, group, listCommand, NAME, resourceListTable, RG, ROLE_FOR_IDENTITY, SCOPE_FOR_IDENTITY, showCommand, showSite, site, SLOT, str, sub } from './shared.ts';
import { identityCommands } from './resourceIdentity.ts';

export const groups: GroupSpec[] = [
  { name: 'webapp', summary: 'Manage web apps.' },
  { name: 'webapp deployment', summary: 'Manage web app deployments.' },
  { name: 'webapp deployment slot', summary: 'Manage web app deployment slots.' },
  { name: 'webapp identity', summary: "Manage web app's managed identity." },
];

export const commands: CommandSpec[] = [
  {
    name: 'webapp create',
    summary: 'Create a web app.',
    long: 'App Service plans are not modelled: --plan is required, as in az, and any value is accepted.',
    params: [RG, NAME('Name of the new web app.'), { names: ['--plan', '-p'], dest: 'plan', required: true, help: 'Name or resource id of the app service plan (not modelled).' }, { names: ['--runtime', '-r'], dest: 'runtime', ignored: true, help: 'The runtime stack (not modelled).' }, ASSIGN_IDENTITY, ROLE_FOR_IDENTITY, SCOPE_FOR_IDENTITY],
    examples: [{ summary: 'Create a web app with the default configuration.', command: 'az webapp create -g MyResourceGroup -p MyPlan -n MyUniqueAppName' }],
    run: (ctx) => createSite(ctx, 'webApp'),
  },
  deleteCommand('webapp', 'webApp', 'web app', false, 'Delete a web app.'),
  { ...showCommand('webapp', 'webApp', 'web app', 'Get the details of a web app.'), run: (ctx) => resourceJson(ctx.host.world(), showSite(ctx, 'webApp')) },
  { ...listCommand('webapp', 'webApp', 'List web apps.', resourceListTable) },
  {
    name: 'webapp deployment slot create',
    summary: 'Create a deployment slot.',
    params: [RG, NAME('Name of the web app.', 'webApp'), { names: ['--slot', '-s'], dest: 'slot', required: true, help: 'The name of the slot.' }],
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
];

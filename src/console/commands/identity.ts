// az identity: user-assigned managed identities.
import { identityJson } from '../shapes.ts';
import { type CommandSpec, type GroupSpec } from '../spec.ts';
import { createResource, deleteCommand, find, listOf, LOCATION, NAME, RG, RG_OPTIONAL, str } from './shared.ts';

export const groups: GroupSpec[] = [
  { name: 'identity', summary: 'Managed Identities.' },
];

export const commands: CommandSpec[] = [
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
    params: [RG, NAME('The name of the identity resource.', 'userAssignedIdentity')],
    run: (ctx) => identityJson(find(ctx.host.world(), 'userAssignedIdentity', str(ctx, 'resource_group')!, str(ctx, 'name')!) as never),
  },
  {
    name: 'identity list',
    summary: 'List Identities.',
    params: [RG_OPTIONAL],
    run: (ctx) => listOf(ctx.host.world(), 'userAssignedIdentity', str(ctx, 'resource_group')).map((r) => identityJson(r as never)),
  },
];

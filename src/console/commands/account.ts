// az account: the signed-in subscription.
import { type CommandSpec, type GroupSpec } from '../spec.ts';
import { actingUser, defaultSubscription } from '../../sim/index.ts';

export const groups: GroupSpec[] = [
  { name: 'account', summary: 'Manage Azure subscription information.' },
];

export const commands: CommandSpec[] = [
  {
    name: 'account show',
    summary: 'Get the details of a subscription.',
    long: 'If the subscription isn\'t specified, shows the details of the default subscription.',
    params: [],
    run: (ctx) => {
      const world = ctx.host.world();
      const s = defaultSubscription(world);
      return { environmentName: 'AzureCloud', homeTenantId: world.tenant.id, id: s.subscriptionId, isDefault: true, managedByTenants: [], name: s.displayName, state: 'Enabled', tenantDefaultDomain: world.tenant.defaultDomain, tenantDisplayName: world.tenant.displayName, tenantId: world.tenant.id, user: { name: actingUser(world).userPrincipalName, type: 'user' } };
    },
  },
];

// az login: who the console acts as. In the sandbox, signing in as a user of the tenant is the
// user.actAs action the panels send; it asks no password (simplified: real az prompts for one).
import { CliError, type CommandSpec, type GroupSpec } from '../spec.ts';
import { actingUser, defaultSubscription, signedInUser, type World } from '../../sim/index.ts';
import { str } from './shared.ts';

export const groups: GroupSpec[] = [];

/** What az login prints: the subscriptions the signed-in user can see (the sandbox has one). */
export function loginJson(world: World) {
  const s = defaultSubscription(world);
  return [{ cloudName: 'AzureCloud', homeTenantId: world.tenant.id, id: s.subscriptionId, isDefault: true, managedByTenants: [], name: s.displayName, state: 'Enabled', tenantId: world.tenant.id, user: { name: actingUser(world).userPrincipalName, type: 'user' } }];
}

export const commands: CommandSpec[] = [
  {
    name: 'login',
    summary: 'Log in to Azure.',
    long: "In the sandbox, `az login --username <upn>` acts as that user of the tenant: every later change is checked against their role assignments. The sandbox asks no password (--password is accepted and ignored). `az login` without --username signs the sandbox admin in again.",
    params: [
      { names: ['--username', '-u'], dest: 'username', complete: 'user', help: 'User name, service principal client ID, or managed identity ID.' },
      { names: ['--password', '-p'], dest: 'password', help: 'User password or service principal secret. Will prompt if not given. (Accepted and ignored: the sandbox asks no password.)' },
      { names: ['--tenant', '-t'], dest: 'tenant', ignored: true, help: 'The Microsoft Entra tenant (the sandbox has one).' },
      { names: ['--identity'], dest: 'identity', kind: 'flag', help: 'Log in using managed identity.' },
      { names: ['--allow-no-subscriptions'], dest: 'allow_no_subscriptions', kind: 'flag', ignored: true, help: 'Support access tenants without subscriptions (not modelled).' },
    ],
    examples: [
      { summary: 'Act as a user of the tenant (no password in the sandbox).', command: 'az login --username ana@contoso.onmicrosoft.com' },
      { summary: 'Be the sandbox admin again.', command: 'az login' },
    ],
    async run(ctx) {
      if (ctx.args.identity) {
        throw new CliError('The sandbox\'s console runs on your machine, which has no managed identity.', 1, ["`az login --identity` works only on an Azure resource with an identity. Open a shell on one (`az ssh vm -g <group> -n <vm>`) and use curl to its token endpoint instead."]);
      }
      const world = ctx.host.world();
      const user = str(ctx, 'username') ?? signedInUser(world).userPrincipalName;
      if (str(ctx, 'password') !== undefined) ctx.warn('The sandbox ignores --password: it asks no password.');
      await ctx.act({ type: 'user.actAs', user });
      return loginJson(ctx.host.world());
    },
  },
];

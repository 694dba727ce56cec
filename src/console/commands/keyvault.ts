// az keyvault: vaults, their permission model and access policies, and secrets.
import { boolArg } from '../argv.ts';
import { resourceJson, secretJson, vaultOf } from '../shapes.ts';
import { CliError, type CommandSpec, type Context, type GroupSpec } from '../spec.ts';
import { getResource, type KeyVault } from '../../sim/index.ts';
import { createResource, find, list, listCommand, listOf, LOCATION, NAME, resolveAssignee, RG, RG_OPTIONAL, str } from './shared.ts';

export const groups: GroupSpec[] = [
  { name: 'keyvault', summary: 'Manage KeyVault keys, secrets, and certificates.' },
  { name: 'keyvault secret', summary: 'Manage secrets.' },
];

export const commands: CommandSpec[] = [
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
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyVault'), { names: ['--enable-rbac-authorization'], dest: 'rbac', kind: 'optional-list', choices: ['false', 'true'], help: 'Property to specify whether Azure Key Vault will use Role-Based Access Control (RBAC) for authorization of data actions.  Allowed values: false, true.' }],
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
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyVault')],
    async run(ctx) {
      await ctx.act({ type: 'resource.delete', id: vaultByName(ctx).id });
      return undefined;
    },
  },
  {
    name: 'keyvault show',
    summary: 'Show details of a Vault or HSM.',
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyVault')],
    run: (ctx) => resourceJson(ctx.host.world(), vaultByName(ctx)),
  },
  { ...listCommand('keyvault', 'keyVault', 'List Vaults and/or HSMs.'), run: (ctx) => listOf(ctx.host.world(), 'keyVault', str(ctx, 'resource_group')).map((r) => resourceJson(ctx.host.world(), r)) },
  {
    name: 'keyvault set-policy',
    summary: 'Update security policy settings for a Key Vault.',
    long: 'Access policies only decide on a vault that uses the access policy permission model.',
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyVault'), { names: ['--object-id'], dest: 'object_id', complete: 'principal', help: 'A GUID that identifies the principal that will receive permissions.' }, { names: ['--spn'], dest: 'spn', help: 'Name of a service principal that will receive permissions.' }, { names: ['--secret-permissions'], dest: 'secret_permissions', kind: 'list', choices: ['all', 'backup', 'delete', 'get', 'list', 'purge', 'recover', 'restore', 'set'], help: 'Space-separated list of secret permissions to assign.' }],
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
    params: [RG_OPTIONAL, NAME('Name of the Vault.', 'keyVault'), { names: ['--object-id'], dest: 'object_id', required: true, complete: 'principal', help: 'A GUID that identifies the principal that will receive permissions.' }],
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
    params: [{ names: ['--vault-name'], dest: 'vault_name', required: true, complete: 'keyVault', help: 'Name of the Key Vault.' }, NAME('Name of the secret.'), { names: ['--value'], dest: 'value', required: true, help: 'Plain text secret value. Cannot be used with --file or --encoding.' }],
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
    params: [{ names: ['--vault-name'], dest: 'vault_name', required: true, complete: 'keyVault', help: 'Name of the Key Vault.' }, NAME('Name of the secret.')],
    run(ctx) {
      const v = vaultByName(ctx, 'vault_name');
      const name = str(ctx, 'name')!;
      const out = secretJson(v, name);
      if (!out) throw new CliError(`(SecretNotFound) A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`, 3);
      return out;
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

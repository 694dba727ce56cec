// az sql: logical servers and the database the sandbox makes with each. The simulation creates a
// server's database in the same step as the server (resource.create's `database`) and has no action that
// adds one later; so `az sql db create` runs only right after its server's `az sql server create` in the
// same paste (the session folds that line into the server's step), as `az servicebus queue create` does.
// Who may read a database is decided by T-SQL (contained users and roles), which az has no command for:
// that is sqlcmd's job (src/console/sqlcmd.ts).
import { resourceJson } from '../shapes.ts';
import { CliError, type CommandSpec, type GroupSpec, type Param } from '../spec.ts';
import { getResource, signedInUser, type SqlServer, type World } from '../../sim/index.ts';
import { createResource, deleteCommand, find, listCommand, LOCATION, NAME, NO_WAIT, resourceListTable, RG, showCommand, str } from './shared.ts';

export const groups: GroupSpec[] = [
  { name: 'sql', summary: 'Manage Azure SQL Databases and Data Warehouses.' },
  { name: 'sql server', summary: 'Manage SQL servers.' },
  { name: 'sql db', summary: 'Manage databases.' },
];

const ENTRA = 'External Administrator';

/** A database as `az sql db create|show` prints it (the properties the sandbox models). */
export function databaseJson(server: SqlServer, name: string): Record<string, unknown> {
  const db = server.databases[name.toLowerCase()];
  return { id: `${server.id}/databases/${db?.name ?? name}`, location: server.location, name: db?.name ?? name, resourceGroup: server.resourceGroup, status: 'Online', type: 'Microsoft.Sql/servers/databases' };
}

/** Where the sandbox makes databases, said when `az sql db create` cannot be one of its actions. */
export const DATABASE_WITH_SERVER =
  "The sandbox creates a SQL server's database together with the server and has no action that adds a database to an existing server. Run `az sql db create` on the line right after `az sql server create` in the same paste (the console makes them one step), or delete the server and create it again with its database (Create resource → SQL server and database).";

const SERVER: Param = { names: ['--server', '-s'], dest: 'server', required: true, complete: 'sqlServer', help: 'Name of the Azure SQL Server. You can configure the default using `az configure --defaults sql-server=<name>`.' };

export const commands: CommandSpec[] = [
  {
    name: 'sql server create',
    summary: 'Create a server.',
    long: "In the sandbox the server always uses Microsoft Entra-only authentication with you (the signed-in user) as its Microsoft Entra admin: the --external-admin-* arguments are accepted and the admin is you whatever they name. SQL logins (--admin-user, --admin-password) are not modelled.",
    params: [
      RG,
      NAME('Name of the Azure SQL Server.'),
      LOCATION,
      { names: ['--enable-ad-only-auth'], dest: 'ad_only', kind: 'flag', group: ENTRA, help: 'Enable Azure Active Directory Only Authentication for this server.' },
      { names: ['--external-admin-principal-type'], dest: 'admin_type', choices: ['User', 'Group', 'Application'], group: ENTRA, ignored: true, help: 'User, Group or Application.' },
      { names: ['--external-admin-name'], dest: 'admin_name', group: ENTRA, ignored: true, help: 'Display name of the Azure AD administrator user, group or application.' },
      { names: ['--external-admin-sid'], dest: 'admin_sid', group: ENTRA, ignored: true, help: 'The unique ID of the Azure AD administrator. Object Id for User or Group, Client Id for Applications.' },
      NO_WAIT,
    ],
    examples: [
      { summary: 'Create a server with Microsoft Entra-only authentication and a database in it, pasted together.', command: 'az sql server create -g mygroup -n myserver --enable-ad-only-auth --external-admin-principal-type User --external-admin-name admin@contoso.com --external-admin-sid 00000000-0000-0000-0000-000000000000\naz sql db create -g mygroup -s myserver -n mydb' },
    ],
    async run(ctx) {
      const database = ctx.database !== undefined ? { database: ctx.database } : {};
      const r = await createResource('sqlServer', ctx, database);
      return serverJson(getResource(ctx.host.world(), r.id) as SqlServer, ctx.host.world());
    },
  },
  deleteCommand('sql server', 'sqlServer', 'server', true, 'Delete a server.'),
  { ...showCommand('sql server', 'sqlServer', 'server', 'Get the details for a server.'), run: (ctx) => serverJson(find(ctx.host.world(), 'sqlServer', str(ctx, 'resource_group')!, str(ctx, 'name')!) as SqlServer, ctx.host.world()) },
  { ...listCommand('sql server', 'sqlServer', 'List available servers.', resourceListTable) },
  {
    name: 'sql db create',
    summary: 'Create a database.',
    long: DATABASE_WITH_SERVER,
    params: [RG, SERVER, NAME('Name of the Azure SQL Database.'), { names: ['--service-objective'], dest: 'service_objective', ignored: true, help: 'The service objective for the new database (not modelled).' }, NO_WAIT],
    examples: [{ summary: 'Create a server and a database in it, pasted together.', command: 'az sql server create -g mygroup -n myserver --enable-ad-only-auth --external-admin-principal-type User --external-admin-name admin@contoso.com --external-admin-sid 00000000-0000-0000-0000-000000000000\naz sql db create -g mygroup -s myserver -n mydb' }],
    run(ctx) {
      const server = find(ctx.host.world(), 'sqlServer', str(ctx, 'resource_group')!, str(ctx, 'server')!) as SqlServer;
      const name = str(ctx, 'name')!;
      // Folded into the server's create by the session: the database is already there.
      if (server.databases[name.toLowerCase()] && ctx.folded) return databaseJson(server, name);
      throw new CliError(`The sandbox does not model adding a database to an existing server ('${server.name}').`, 2, [DATABASE_WITH_SERVER]);
    },
  },
  {
    name: 'sql db show',
    summary: 'Get the details for a database.',
    params: [RG, SERVER, NAME('Name of the Azure SQL Database.')],
    run(ctx) {
      const server = find(ctx.host.world(), 'sqlServer', str(ctx, 'resource_group')!, str(ctx, 'server')!) as SqlServer;
      const name = str(ctx, 'name')!;
      if (!server.databases[name.toLowerCase()]) throw new CliError(`(ResourceNotFound) The Resource 'Microsoft.Sql/servers/${server.name}/databases/${name}' under resource group '${server.resourceGroup}' was not found.`, 3);
      return databaseJson(server, name);
    },
  },
  {
    name: 'sql db list',
    summary: 'List databases on a server.',
    params: [RG, SERVER],
    run(ctx) {
      const server = find(ctx.host.world(), 'sqlServer', str(ctx, 'resource_group')!, str(ctx, 'server')!) as SqlServer;
      return Object.values(server.databases).map((d) => databaseJson(server, d.name));
    },
  },
];

/** A server as `az sql server create|show` prints it: its host name and its Microsoft Entra admin (you, in the sandbox). */
function serverJson(server: SqlServer, world: World): Record<string, unknown> {
  const admin = signedInUser(world);
  return {
    ...resourceJson(world, server),
    administrators: { administratorType: 'ActiveDirectory', azureAdOnlyAuthentication: true, login: admin.userPrincipalName, principalType: 'User', sid: admin.id, tenantId: world.tenant.id },
    fullyQualifiedDomainName: server.fullyQualifiedDomainName,
    kind: 'v12.0',
    state: 'Ready',
    version: '12.0',
  };
}

// az sql and sqlcmd: a SQL server and its database from the console, and T-SQL run through sqlcmd as
// the panel's sql.execute, with SQL's own errors and hostile names that survive print and parse.
import { describe, expect, it } from 'vitest';
import { complete } from '../../../src/console/complete.ts';
import { toAz } from '../../../src/console/toAz.ts';
import { splitWords } from '../../../src/console/shell.ts';
import { signedInUser, type SqlServer } from '../../../src/sim/index.ts';
import { consoleWithGroup } from './host.ts';

const SERVER = 'az sql server create -g rg-demo -n sql-demo-1 --enable-ad-only-auth --external-admin-principal-type User --external-admin-name admin@contoso.com --external-admin-sid 00000000-0000-0000-0000-000000000001';
const serverOf = (world: { resources: Record<string, unknown> }) => Object.values(world.resources).find((r) => (r as SqlServer).kind === 'sqlServer') as SqlServer;

describe('az sql server / az sql db', () => {
  it('creates a server with its database in one step when pasted together, and refuses a database alone', async () => {
    const { run, json, host } = await consoleWithGroup({ strict: true });
    const both = await run(`${SERVER}\naz sql db create -g rg-demo -s sql-demo-1 -n appdb`);
    expect(both.stderr).toBe('');
    expect(host.actions.filter((a) => a.type === 'resource.create')).toEqual([expect.objectContaining({ kind: 'sqlServer', name: 'sql-demo-1', database: 'appdb' })]);
    const [server, db] = both.stdout.split(/\n(?=\{)/).map((t) => JSON.parse(t));
    expect(server).toMatchObject({ name: 'sql-demo-1', type: 'Microsoft.Sql/servers', fullyQualifiedDomainName: 'sql-demo-1.database.windows.net' });
    expect(db).toMatchObject({ name: 'appdb', type: 'Microsoft.Sql/servers/databases', id: `${server.id}/databases/appdb` });
    const admin = signedInUser(host.world());
    expect(await json('az sql server show -g rg-demo -n sql-demo-1')).toMatchObject({ fullyQualifiedDomainName: 'sql-demo-1.database.windows.net', administrators: { administratorType: 'ActiveDirectory', azureAdOnlyAuthentication: true, login: admin.userPrincipalName, sid: admin.id } });
    expect((await json('az sql server list -g rg-demo')).map((s: { name: string }) => s.name)).toEqual(['sql-demo-1']);
    expect((await json('az sql db list -g rg-demo -s sql-demo-1')).map((d: { name: string }) => d.name)).toEqual(['appdb']);
    const alone = await run('az sql db create -g rg-demo -s sql-demo-1 -n other');
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain('on the line right after `az sql server create` in the same paste');
    const missing = await run('az sql db show -g rg-demo -s sql-demo-1 -n other');
    expect(missing.exitCode).toBe(3);
    expect((await run('az sql server delete -g rg-demo -n sql-demo-1 --yes')).exitCode).toBe(0);
    expect(await json('az sql server list')).toEqual([]);
  });

  it("refuses a bad server name with the provider's error and a missing --name with az's", async () => {
    const { run } = await consoleWithGroup();
    const bad = await run('az sql server create -g rg-demo -n SQL_Bad --enable-ad-only-auth');
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('InvalidResourceName');
    const none = await run('az sql server create -g rg-demo');
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('the following arguments are required: --name/-n');
  });

  it('prints the create as az takes it, with you as the Entra admin, and the database on its own line', async () => {
    const { host } = await consoleWithGroup();
    const world = host.world();
    const admin = signedInUser(world);
    const text = toAz(world, { type: 'resource.create', kind: 'sqlServer', resourceGroup: 'rg-demo', name: 'sql-demo-1', database: 'app db' })!;
    expect(text.split('\n')).toEqual([
      `az sql server create -g rg-demo -n sql-demo-1 --enable-ad-only-auth --external-admin-principal-type User --external-admin-name ${admin.userPrincipalName} --external-admin-sid ${admin.id}`,
      'az sql db create -g rg-demo -s sql-demo-1 -n "app db"',
    ]);
  });
});

describe('sqlcmd', () => {
  async function withServer() {
    const c = await consoleWithGroup();
    await c.run(`${SERVER}\naz sql db create -g rg-demo -s sql-demo-1 -n appdb`);
    await c.json('az identity create -g rg-demo -n "id-app"');
    return c;
  }

  it('runs CREATE USER and ALTER ROLE as sql.execute and prints nothing on success, as sqlcmd does', async () => {
    const { run, host } = await withServer();
    const create = await run('sqlcmd -S sql-demo-1.database.windows.net -d appdb --authentication-method ActiveDirectoryDefault -Q "CREATE USER [id-app] FROM EXTERNAL PROVIDER"');
    expect(create).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    await run('sqlcmd -S tcp:sql-demo-1.database.windows.net,1433 -d appdb -G -Q "ALTER ROLE db_datareader ADD MEMBER [id-app]"');
    expect(host.actions.at(-1)).toMatchObject({ type: 'sql.execute', database: 'appdb', statement: 'ALTER ROLE db_datareader ADD MEMBER [id-app]' });
    expect(serverOf(host.world()).databases.appdb!.users['id-app']!.roles).toEqual(['db_datareader']);
  });

  it("prints SQL's error as sqlcmd does, and exits 1 only with -b", async () => {
    const { run } = await withServer();
    const q = (b: string) => run(`sqlcmd -S sql-demo-1.database.windows.net -d appdb --authentication-method=ActiveDirectoryDefault ${b} -Q "CREATE USER [nobody] FROM EXTERNAL PROVIDER"`);
    const plain = await q('');
    expect(plain.stderr).toBe("Msg 33130, Level 16, State 1, Server sql-demo-1, Line 1\nPrincipal 'nobody' could not be found or this principal type is not supported.\n");
    expect(plain.exitCode).toBe(0);
    expect((await q('-b')).exitCode).toBe(1);
  });

  it('refuses SQL authentication, a missing database and an unknown server with what to type instead', async () => {
    const { run } = await withServer();
    expect((await run('sqlcmd -S sql-demo-1.database.windows.net -d appdb -Q "DROP USER [x]"')).stderr).toContain('Microsoft Entra-only authentication');
    expect((await run('sqlcmd -S sql-demo-1.database.windows.net -G -Q "DROP USER [x]"')).stderr).toContain('needs -S, -d and -Q');
    expect((await run('sqlcmd -S nowhere.database.windows.net -d appdb -G -Q "DROP USER [x]"')).stderr).toContain("no SQL server with the host name 'nowhere.database.windows.net'");
    expect((await run('sqlcmd -S sql-demo-1.database.windows.net -d appdb --authentication-method SqlPassword -Q "DROP USER [x]"')).exitCode).toBe(1);
  });

  it('round-trips hostile statements and database names through print and parse', async () => {
    const { host } = await withServer();
    const server = serverOf(host.world());
    for (const statement of ["CREATE USER [we]]ird $(rm -rf) 'q\" `x`] FROM EXTERNAL PROVIDER", 'DROP USER [a\\b\n;c]']) {
      for (const database of ['appdb', "o'brien $HOME", '-d']) {
        const line = toAz(host.world(), { type: 'sql.execute', serverId: server.id, database, statement })!;
        expect(line.startsWith('sqlcmd -S sql-demo-1.database.windows.net -d ')).toBe(true);
        const words = splitWords(line);
        expect(words[4]).toBe(database);
        expect(words.at(-1)).toBe(statement);
      }
    }
  });
});

describe('sqlcmd help and completion', () => {
  it('prints its usage and the statements the sandbox runs, and Tab offers sqlcmd', async () => {
    const { run, json, host } = await consoleWithGroup();
    const help = await run('sqlcmd -?');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--authentication-method ActiveDirectoryDefault');
    expect(help.stdout).toContain('DROP USER [name]');
    expect(complete(host.world(), 'sq').candidates).toEqual(['sqlcmd']);
    expect(complete(host.world(), 'az sql s').candidates).toEqual(['server']);
    await run(`${SERVER}\naz sql db create -g rg-demo -s sql-demo-1 -n appdb`);
    expect(complete(host.world(), 'az sql server show -g rg-demo -n sql-').candidates).toEqual(['sql-demo-1']);
    expect(await json('az sql server show -g rg-demo -n sql-demo-1 --query fullyQualifiedDomainName')).toBe('sql-demo-1.database.windows.net');
  });
});

// Azure SQL Database as a target: a token for https://database.windows.net/, a contained user made with
// CREATE USER [name] FROM EXTERNAL PROVIDER and database roles instead of Azure RBAC, SQL's login and
// permission errors [§4 Azure SQL Database, D41, D42, D43, D44, D45, D46, D47; Decisions: SQL over HTTP].
import { describe, expect, it } from 'vitest';
import { KINDS, TARGETS, validateName, NAME_RULES } from '../../../src/sim/index.ts';
import { parseTsql } from '../../../src/sim/control/sql.ts';
import { ids, sandbox } from './helpers.ts';

const SERVER = '/resourceGroups/rg-demo/providers/Microsoft.Sql/servers/sql-orders-1';
const SELECT = { method: 'POST', url: 'https://sql-orders-1.database.windows.net/appdb', body: 'SELECT * FROM dbo.Orders' };
const SQL_TOKEN = 'api-version=2018-02-01&resource=https://database.windows.net/';

async function vmAndDatabase() {
  const s = await sandbox('sql');
  await s.do({ type: 'settings.set', propagationDelay: 0 });
  await s.create('vm', 'web-1', { identity: { systemAssigned: true } });
  await s.do({ type: 'resource.create', kind: 'sqlServer', resourceGroup: 'rg-demo', name: 'sql-orders-1', database: 'appdb' });
  await s.imds(ids.vm('web-1'), SQL_TOKEN);
  return s;
}
const tsql = (statement: string) => ({ type: 'sql.execute' as const, serverId: SERVER, database: 'appdb', statement });
const db = (s: Awaited<ReturnType<typeof sandbox>>) => {
  const r = s.res(SERVER);
  if (r.kind !== 'sqlServer') throw new Error('not a SQL server');
  return r.databases.appdb!;
};

describe('Azure SQL Database', () => {
  it('is one kind of the registry and one target, named by Azure\'s rule for servers [D9]', () => {
    expect(KINDS.sqlServer.type).toBe('Microsoft.Sql/servers');
    expect(validateName(NAME_RULES.sqlServer, 'sql-orders-1')).toBeNull();
    for (const bad of ['Upper', '-lead', 'trail-', 'a'.repeat(64), 'dot.ted', '']) expect(validateName(NAME_RULES.sqlServer, bad), bad).not.toBeNull();
    expect(TARGETS.sql.kinds).toEqual(['sqlServer']);
    expect(TARGETS.sql.audience({} as never, '')).toBe('https://database.windows.net/');
  });

  it('refuses the login with no token (18456, no user name) and with a token for another audience [D43, vscode-mssql#22031]', async () => {
    const s = await vmAndDatabase();
    const none = await s.call(SELECT, undefined, ids.vm('web-1'));
    expect(none.http!.response.status).toBe(401);
    expect(none.http!.response.body).toBe("Msg 18456, Level 14, State 1, Line 1\nLogin failed for user ''.");
    await s.imds(ids.vm('web-1'), 'api-version=2018-02-01&resource=https://management.azure.com/');
    const wrong = await s.call(SELECT, 'latest', ids.vm('web-1'));
    expect(wrong.http!.response.body).toBe("Msg 18456, Level 14, State 1, Line 1\nLogin failed for user '<token-identified principal>'. Incorrect or invalid token.");
    expect(wrong.call?.checks.find((c) => !c.ok)?.name).toBe('audience');
  });

  it('refuses the login of a valid token with no database user, even for the server\'s Owner, and says RBAC does not count [D42, D43, dotnet/SqlClient#970]', async () => {
    const s = await vmAndDatabase();
    await s.grant(SERVER, 'Owner', ids.vm('web-1'));
    const out = await s.call(SELECT, 'latest', ids.vm('web-1'));
    expect(out.http!.response.status).toBe(401);
    expect(out.http!.response.body).toBe("Msg 18456, Level 14, State 1, Line 1\nLogin failed for user '<token-identified principal>'.");
    expect(out.call).toMatchObject({ target: 'sql', grant: { allowed: false, holds: 'no database user' } });
    expect(out.call!.reason).toMatch(/Azure role 'Owner' on the server does not count/);
  });

  it('logs a user with no role in and answers 229; db_datareader or db_owner reads; db_datawriter alone does not [D44, D45]', async () => {
    const s = await vmAndDatabase();
    await s.do(tsql('CREATE USER [web-1] FROM EXTERNAL PROVIDER;'));
    expect(db(s).users['web-1']).toMatchObject({ name: 'web-1', appId: s.clientId(ids.vm('web-1')), roles: [] });
    const denied = await s.call(SELECT, 'latest', ids.vm('web-1'));
    expect(denied.http!.response.status).toBe(403);
    expect(denied.http!.response.body).toBe("Msg 229, Level 14, State 1, Line 1\nThe SELECT permission was denied on the object 'Orders', database 'appdb', schema 'dbo'.");
    await s.do(tsql('alter role DB_DATAWRITER add member [web-1]'));
    expect((await s.call(SELECT, 'latest', ids.vm('web-1'))).http!.response.status).toBe(403);
    await s.do(tsql('ALTER ROLE db_datareader ADD MEMBER [web-1]'));
    const ok = await s.call(SELECT, 'latest', ids.vm('web-1'));
    expect(ok.http!.response.status).toBe(200);
    expect(JSON.parse(ok.http!.response.body)).toHaveLength(2);
    expect(ok.call?.grant).toMatchObject({ allowed: true, holds: 'user web-1 in db_datareader' });
    await s.do(tsql('DROP USER [web-1]'));
    await s.do(tsql('CREATE USER [web-1] FROM EXTERNAL PROVIDER'));
    await s.do(tsql('ALTER ROLE [db_owner] ADD MEMBER [web-1]'));
    expect((await s.call(SELECT, 'latest', ids.vm('web-1'))).http!.response.status).toBe(200);
  });

  it('answers SQL\'s errors for a missing principal, a deleted identity, a duplicate user and a missing member [D46, D47]', async () => {
    const s = await vmAndDatabase();
    const missing = await s.try(tsql('CREATE USER [nobody] FROM EXTERNAL PROVIDER'));
    expect(missing.error).toEqual({ status: 400, code: 'Msg 33130, Level 16, State 1, Line 1', message: "Principal 'nobody' could not be found or this principal type is not supported." });
    await s.do(tsql('CREATE USER [web-1] FROM EXTERNAL PROVIDER'));
    expect((await s.try(tsql('CREATE USER [WEB-1] FROM EXTERNAL PROVIDER'))).error?.message).toBe("User, group, or role 'WEB-1' already exists in the current database.");
    expect((await s.try(tsql('ALTER ROLE db_datareader ADD MEMBER [api-2]'))).error?.message).toBe("Cannot add the principal 'api-2', because it does not exist or you do not have permission.");
    expect((await s.try(tsql('DROP USER [api-2]'))).error?.message).toBe("Cannot drop the user 'api-2', because it does not exist or you do not have permission.");
    // A deleted identity: Entra has no principal of that name any more.
    await s.create('userAssignedIdentity', 'id-gone');
    await s.do({ type: 'resource.delete', id: ids.uami('id-gone') });
    const gone = await s.try(tsql('CREATE USER [id-gone] FROM EXTERNAL PROVIDER'));
    expect(gone.error?.code).toBe('Msg 33130, Level 16, State 1, Line 1');
    expect(gone.notes.join(' ')).toMatch(/has been deleted/);
    // Two identities of one display name: Msg 33131.
    await s.do({ type: 'resourceGroup.create', name: 'rg-two' });
    await s.do({ type: 'resource.create', kind: 'vm', resourceGroup: 'rg-two', name: 'web-1', identity: { systemAssigned: true } });
    await s.do(tsql('DROP USER [web-1]'));
    expect((await s.try(tsql('CREATE USER [web-1] FROM EXTERNAL PROVIDER'))).error?.code).toBe('Msg 33131, Level 16, State 1, Line 1');
  });

  it('keeps the user of a deleted and re-created identity bound to the old app id, so the new one cannot log in', async () => {
    const s = await vmAndDatabase();
    await s.create('userAssignedIdentity', 'id-app');
    await s.do(tsql('CREATE USER [id-app] FROM EXTERNAL PROVIDER'));
    await s.do(tsql('ALTER ROLE db_datareader ADD MEMBER [id-app]'));
    const old = db(s).users['id-app']!.appId;
    await s.do({ type: 'resource.delete', id: ids.uami('id-app') });
    await s.create('userAssignedIdentity', 'id-app');
    expect(s.clientId(ids.uami('id-app'))).not.toBe(old);
    await s.do({ type: 'identity.user.assign', resourceId: ids.vm('web-1'), identityId: ids.uami('id-app') });
    await s.imds(ids.vm('web-1'), `${SQL_TOKEN}&client_id=${s.clientId(ids.uami('id-app'))}`);
    expect((await s.call(SELECT, 'latest', ids.vm('web-1'))).http!.response.body).toMatch(/Login failed for user '<token-identified principal>'\.$/);
  });

  it('parses T-SQL strictly: hostile names stay names, and anything else is refused with what the sandbox runs', async () => {
    expect(parseTsql('CREATE USER [a]]b; DROP TABLE x--] FROM EXTERNAL PROVIDER')).toEqual({ verb: 'createUser', name: 'a]b; DROP TABLE x--' });
    expect(parseTsql('create user "<img src=x onerror=alert(1)>" from external provider')).toEqual({ verb: 'createUser', name: '<img src=x onerror=alert(1)>' });
    for (const bad of ['SELECT 1', 'CREATE USER [a] FROM EXTERNAL PROVIDER; DROP USER [b]', 'CREATE USER [a] WITH PASSWORD = \'x\'', 'ALTER ROLE db_ddladmin ADD MEMBER [a]', 'DROP USER [a', '', 'EXEC sp_addrolemember']) {
      expect(() => parseTsql(bad), bad).toThrow(/The sandbox runs only these statements/);
    }
    const s = await vmAndDatabase();
    const before = s.world;
    const out = await s.try(tsql('CREATE USER [a] FROM EXTERNAL PROVIDER; DROP USER [b]'));
    expect(out.ok).toBe(false);
    expect(out.error?.code).toBe('SandboxUnsupportedStatement');
    expect(s.world).toBe(before);
    expect((await s.try({ ...tsql('DROP USER [x]'), database: 'nodb' })).error?.message).toBe("Database 'nodb' does not exist. Make sure that the name is entered correctly.");
  });
});

describe('Azure SQL Database in the diagrams', () => {
  it('the access path shows the token accepted and the missing database user as where it broke; the flow names the server', async () => {
    const { accessPath } = await import('../../../src/diagram/access-path.ts');
    const { flow } = await import('../../../src/diagram/flow.ts');
    const s = await vmAndDatabase();
    await s.grant(SERVER, 'Contributor', ids.vm('web-1'));
    const out = await s.call(SELECT, 'latest', ids.vm('web-1'));
    const d = accessPath(out, { world: s.world });
    expect(d.text).toContain('decides by database users and roles #40;T-SQL#41;');
    expect(d.text).toContain('✗ no database user');
    expect(d.text).not.toContain('token check');
    expect(flow(undefined, out, { source: 'web-1', target: 'sql-orders-1' }).text).toMatch(/participant target as SQL server(<br\/>| )sql-orders-1/);
  });
});

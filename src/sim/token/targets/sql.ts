// Azure SQL Database, <server>.database.windows.net (docs/azure-behaviour.md §4 "Azure SQL Database"):
// code connects with an Entra token for https://database.windows.net/ and runs a query. SQL decides by
// its own principals, not Azure RBAC: the token must map to a contained database user (by the app id
// the user was created with) and that user needs a database role that allows the statement.
// Simplified: SQL speaks TDS on port 1433, not HTTP; the sandbox shows the login and the query as one
// request whose bearer token is the driver's access token, and SQL's errors as the response text.
import { own } from '../../table.ts';
import type { Draft } from '../../draft.ts';
import { jsonResponse, textResponse, type HttpRequest, type HttpResponse } from '../../http.ts';
import type { Hop } from '../../outcome.ts';
import { assignmentsAt } from '../../rbac.ts';
import type { SqlServer, World } from '../../world.ts';
import { callBase, callerOf, inspect, principalNote, rejection, type TargetAnswer } from './common.ts';
import { request, resourcesOf, sameAudience, type TargetService } from './service.ts';

export const SQL_AUDIENCE = 'https://database.windows.net/';
const SERVER_HOST = /^([a-z0-9-]+)\.database\.windows\.net$/;
/** The sandbox's sample table, the same in every database. */
export const SAMPLE_TABLE = 'Orders';
const SAMPLE_ROWS = [
  { OrderId: 1001, Customer: 'Contoso', Total: 120.5 },
  { OrderId: 1002, Customer: 'Fabrikam', Total: 75 },
];
const LOGIN_FAILED = "Login failed for user '<token-identified principal>'.";
// The one query the sandbox's database runs: SELECT * FROM <table>, with or without dbo. and brackets.
const SELECT = /^SELECT\s+\*\s+FROM\s+((?:\[?dbo\]?\.)?\[?([\p{L}\p{N}_]+)\]?)\s*;?$/iu;

function sqlText(status: number, msg: number, level: number, message: string): HttpResponse {
  return textResponse(status, `Msg ${msg}, Level ${level}, State 1, Line 1\n${message}`, { 'Content-Type': 'text/plain; charset=utf-8' });
}

/** Azure roles the caller holds on the server: they exist, and still do not open the database. */
function azureRolesOnServer(world: World, server: SqlServer, oid: string): string[] {
  return assignmentsAt(world, server.id).filter((s) => s.assignment.principalId === oid).map((s) => s.role?.roleName ?? 'a role');
}

export async function sqlDatabase(d: Draft, server: SqlServer, req: HttpRequest, url: URL): Promise<TargetAnswer> {
  const world = d.world;
  const hops: Hop[] = [];
  const dbName = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  const inspection = await inspect(world, req.headers, { audiences: [SQL_AUDIENCE, SQL_AUDIENCE.replace(/\/$/, '')] });
  const base = callBase('sql', inspection, server.id);
  if (inspection.failed) {
    const f = inspection.failed;
    const message = f.name === 'present' ? "Login failed for user ''." : `${LOGIN_FAILED} Incorrect or invalid token.`;
    if (f.name !== 'present' && f.name !== 'audience') d.notes.push("Simplified: SQL's exact words for this token fault are not on record; the sandbox uses its words for an invalid token.");
    return { response: sqlText(401, 18456, 14, message), call: { ...base, reason: `${rejection(f)} SQL refuses the login (error 18456).` }, hops };
  }
  const db = Object.values(server.databases).find((x) => x.name.toLowerCase() === dbName.toLowerCase());
  if (!db) {
    return { response: sqlText(401, 4060, 11, `Cannot open database "${dbName}" requested by the login. The login failed.`), call: { ...base, reason: `The server '${server.name}' has no database '${dbName}'.` }, hops };
  }
  const caller = callerOf(inspection.claims!);
  const azureRoles = azureRolesOnServer(world, server, caller.oid);
  const rbacWords = azureRoles.length
    ? ` Its Azure role${azureRoles.length > 1 ? 's' : ''} ${azureRoles.map((r) => `'${r}'`).join(', ')} on the server do${azureRoles.length > 1 ? '' : 'es'} not count: Azure RBAC manages the server, not the data in its databases.`
    : ' Azure role assignments on the server would not help: Azure RBAC manages the server, not the data in its databases.';
  const user = Object.values(db.users).find((u) => u.appId === caller.appid);
  if (!user) {
    const grant = { model: 'database users and roles (T-SQL)', allowed: false, holds: 'no database user', reason: `The database '${db.name}' has no user for this identity (app id ${caller.appid}), so SQL refuses the login. Its admin creates one with CREATE USER [<identity name>] FROM EXTERNAL PROVIDER.${rbacWords}` };
    return { response: sqlText(401, 18456, 14, LOGIN_FAILED), call: { ...base, grant, reason: grant.reason + principalNote(d, caller.oid) }, hops };
  }
  const readers = user.roles.filter((r) => r === 'db_datareader' || r === 'db_owner');
  const allowed = readers.length > 0;
  const grant = {
    model: 'database users and roles (T-SQL)',
    allowed,
    holds: allowed ? `user ${user.name} in ${readers[0]}` : `user ${user.name}, roles: ${user.roles.join(', ') || 'none'}`,
    reason: allowed
      ? `The token maps to the database user '${user.name}', a member of ${readers[0]}, which may read every table.${rbacWords}`
      : `The token maps to the database user '${user.name}', so the login succeeds, but the user is in ${user.roles.length ? user.roles.join(', ') : 'no role'}: reading needs db_datareader (or db_owner). Run ALTER ROLE db_datareader ADD MEMBER [${user.name}].${rbacWords}`,
  };
  const call = { ...base, operation: 'SELECT', grant, reason: grant.reason + principalNote(d, caller.oid) };
  const query = (req.body ?? '').trim();
  const m = SELECT.exec(query);
  if (!m) {
    d.notes.push(`Simplified: the sandbox's database runs only SELECT * FROM dbo.${SAMPLE_TABLE}.`);
    return { response: textResponse(400, `The sandbox's database runs only SELECT * FROM dbo.${SAMPLE_TABLE}.`), call: { ...call, reason: 'The sandbox does not model this query.' }, hops };
  }
  if (m[2]!.toLowerCase() !== SAMPLE_TABLE.toLowerCase()) {
    return { response: sqlText(404, 208, 16, `Invalid object name '${m[1]}'.`), call: { ...call, reason: `${call.reason} But the database has no table '${m[2]}' (the sandbox's has dbo.${SAMPLE_TABLE}).` }, hops };
  }
  if (!allowed) return { response: sqlText(403, 229, 14, `The SELECT permission was denied on the object '${SAMPLE_TABLE}', database '${db.name}', schema 'dbo'.`), call, hops };
  return { response: jsonResponse(200, SAMPLE_ROWS), call, hops };
}

const serverOf = (world: World, id: string) => {
  const r = own(world.resources, id.toLowerCase());
  return r?.kind === 'sqlServer' ? r : undefined;
};

export const SQL_SERVICE: TargetService = {
  words: { service: 'Azure SQL Database', party: 'SQL server', target: 'the SQL database', picker: 'Server' },
  firstParty: { resources: { 'https://database.windows.net/': 'Azure SQL Database' } },
  named: true,
  kinds: ['sqlServer'],
  serves: (_world, url) => SERVER_HOST.test(url.hostname.toLowerCase()),
  async handle(d, req, url) {
    const name = SERVER_HOST.exec(url.hostname.toLowerCase())![1];
    const server = Object.values(d.world.resources).find((r) => r.kind === 'sqlServer' && r.name === name);
    return server?.kind === 'sqlServer' ? sqlDatabase(d, server, req, url) : `getaddrinfo ENOTFOUND ${url.hostname.toLowerCase()}`;
  },
  audience: () => SQL_AUDIENCE,
  accepts: (_world, audience) => sameAudience(audience, SQL_AUDIENCE),
  host: (world, id) => serverOf(world, id)?.fullyQualifiedDomainName,
  operations: [
    {
      id: 'select',
      label: `Read a table (SELECT * FROM dbo.${SAMPLE_TABLE})`,
      fields: [
        {
          key: 'container',
          label: 'Database',
          choices: (world, c) => Object.values(serverOf(world, c.target)?.databases ?? {}).map((db) => ({ id: db.name, label: db.name })),
          none: 'No databases: create the server with one',
        },
      ],
    },
  ],
  available: (world) => Object.values(world.resources).some((r) => r.kind === 'sqlServer'),
  targets: (world) => resourcesOf(world, 'sqlServer'),
  build(world, c) {
    const server = serverOf(world, c.target);
    if (!server || !c.container) return null;
    return request('POST', `https://${server.fullyQualifiedDomainName}/${encodeURIComponent(c.container)}`, { 'Content-Type': 'text/plain; charset=utf-8' }, `SELECT * FROM dbo.${SAMPLE_TABLE}`);
  },
};

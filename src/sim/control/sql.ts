// Azure SQL Database's own access model (docs/azure-behaviour.md §4 "Azure SQL Database"): a managed
// identity reaches a database's data only as a contained database user, made with T-SQL by the server's
// Microsoft Entra admin, and through the database roles that user is a member of. Azure RBAC on the
// server does not enter into it. The learner runs the statements as that admin, as in the portal's
// Query editor; the sandbox parses exactly three statements (never evaluates anything).
import { AzureFailure } from '../outcome.ts';
import { copyTable, own, withEntry } from '../table.ts';
import type { SqlDatabase, SqlRole, SqlServer, SqlUser, World } from '../world.ts';
import type { Handlers } from './actions.ts';
import { putResource } from './cascade.ts';
import { requireKind } from './refuse.ts';

export const SQL_ROLES: readonly SqlRole[] = ['db_datareader', 'db_datawriter', 'db_owner'];

export type SqlStatement =
  | { verb: 'createUser'; name: string }
  | { verb: 'addRoleMember'; role: SqlRole; name: string }
  | { verb: 'dropUser'; name: string };

export const SUPPORTED_STATEMENTS = [
  'CREATE USER [name] FROM EXTERNAL PROVIDER',
  'ALTER ROLE db_datareader ADD MEMBER [name]   (or db_datawriter, db_owner)',
  'DROP USER [name]',
];

/** A SQL error as SQL Server reports it: "Msg 33130, Level 16, State 1, Line 1" then the message. */
function sqlError(msg: number, level: number, message: string, notes: string[] = []): never {
  throw new AzureFailure({ status: 400, code: `Msg ${msg}, Level ${level}, State 1, Line 1`, message }, notes);
}

function unsupported(why: string): never {
  throw new AzureFailure(
    { status: 400, code: 'SandboxUnsupportedStatement', message: `${why} The sandbox runs only these statements: ${SUPPORTED_STATEMENTS.join('; ')}.` },
    ['Simplified: a real database runs any T-SQL its Microsoft Entra admin sends; the sandbox models only how a managed identity gets a database user and a role.'],
  );
}

// An identifier: [bracketed] (]] stands for ]), "quoted" ("" stands for "), or a regular identifier.
const IDENT = String.raw`(\[(?:[^\]]|\]\])+\]|"(?:[^"]|"")+"|[\p{L}_@#][\p{L}\p{N}_@#$]*)`;
const unquote = (id: string) =>
  id.startsWith('[') ? id.slice(1, -1).replace(/\]\]/g, ']') : id.startsWith('"') ? id.slice(1, -1).replace(/""/g, '"') : id;
const statement = (pattern: string) => new RegExp(`^${pattern}$`, 'iu');
const CREATE_USER = statement(String.raw`CREATE\s+USER\s+${IDENT}\s+FROM\s+EXTERNAL\s+PROVIDER`);
const ALTER_ROLE = statement(String.raw`ALTER\s+ROLE\s+${IDENT}\s+ADD\s+MEMBER\s+${IDENT}`);
const DROP_USER = statement(String.raw`DROP\s+USER\s+${IDENT}`);

/** Parse one statement strictly; anything else is refused with the list of what the sandbox runs. */
export function parseTsql(text: string): SqlStatement {
  // Comments are not parsed: a statement is one line of words. A trailing semicolon ends it.
  const s = text.trim().replace(/\s*;\s*$/, '');
  if (!s) unsupported('The query is empty.');
  let m = CREATE_USER.exec(s);
  if (m) return { verb: 'createUser', name: unquote(m[1]!) };
  m = ALTER_ROLE.exec(s);
  if (m) {
    const role = unquote(m[1]!).toLowerCase();
    if (!SQL_ROLES.includes(role as SqlRole)) unsupported(`The sandbox models the roles ${SQL_ROLES.join(', ')}, not '${unquote(m[1]!)}'.`);
    return { verb: 'addRoleMember', role: role as SqlRole, name: unquote(m[2]!) };
  }
  m = DROP_USER.exec(s);
  if (m) return { verb: 'dropUser', name: unquote(m[1]!) };
  unsupported(`'${s.length > 60 ? `${s.slice(0, 60)}…` : s}' is not one of them.`);
}

/** The database a statement runs in, or SQL's error for a missing one. */
function databaseOf(server: SqlServer, name: string): SqlDatabase {
  const db = Object.values(server.databases).find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!db) sqlError(911, 16, `Database '${name}' does not exist. Make sure that the name is entered correctly.`);
  return db;
}

/** The Entra principals a CREATE USER name resolves to: service principals by display name (any case). */
export function principalsNamed(world: World, name: string) {
  return Object.values(world.servicePrincipals).filter((sp) => sp.displayName.toLowerCase() === name.toLowerCase());
}

const userKey = (name: string) => name.toLowerCase();

export const SQL_HANDLERS: Handlers<'sql.execute'> = {
  'sql.execute'(d, a) {
    const server = requireKind(d.world, a.serverId, 'sqlServer');
    const db = databaseOf(server, a.database);
    const st = parseTsql(a.statement);
    const existing = own(db.users, userKey(st.name));
    let users = db.users;
    let summary: string;
    if (st.verb === 'createUser') {
      if (existing) sqlError(15023, 16, `User, group, or role '${st.name}' already exists in the current database.`);
      const found = principalsNamed(d.world, st.name);
      if (found.length === 0) {
        const gone = Object.values(d.world.deletedPrincipals).some((p) => p.displayName.toLowerCase() === st.name.toLowerCase());
        sqlError(33130, 16, `Principal '${st.name}' could not be found or this principal type is not supported.`, gone ? [`An identity named '${st.name}' existed but has been deleted: Entra ID no longer has its service principal.`] : ['SQL looks the name up in Microsoft Entra ID by display name: for a system-assigned identity that is the resource\'s name, for a user-assigned one the identity\'s name.']);
      }
      if (found.length > 1) sqlError(33131, 16, `Principal '${st.name}' has a duplicate display name. Make the display name unique in Azure Active Directory and execute this statement again.`, ["Azure SQL's WITH OBJECT_ID = '<object id>' clause names one of them; the sandbox does not run it."]);
      const sp = found[0]!;
      users = withEntry<SqlUser>(db.users, userKey(st.name), { name: st.name, appId: sp.appId, principalId: sp.id, roles: [] });
      summary = `Created database user '${st.name}' in '${db.name}' for the Entra principal ${sp.id.slice(0, 8)}… (no roles yet).`;
    } else if (st.verb === 'addRoleMember') {
      if (!existing) sqlError(15151, 16, `Cannot add the principal '${st.name}', because it does not exist or you do not have permission.`, ['Create the user first with CREATE USER [name] FROM EXTERNAL PROVIDER.']);
      if (existing.roles.includes(st.role)) d.notes.push(`'${existing.name}' was already a member of ${st.role}: SQL changes nothing and reports success.`);
      users = withEntry(db.users, userKey(st.name), { ...existing, roles: existing.roles.includes(st.role) ? existing.roles : [...existing.roles, st.role] });
      summary = `Added '${existing.name}' to ${st.role} in '${db.name}'.`;
    } else {
      if (!existing) sqlError(15151, 16, `Cannot drop the user '${st.name}', because it does not exist or you do not have permission.`);
      users = copyTable(db.users);
      delete users[userKey(st.name)];
      summary = `Dropped database user '${existing.name}' from '${db.name}'.`;
    }
    const databases = withEntry(server.databases, db.name.toLowerCase(), { ...db, users });
    putResource(d, { ...server, databases });
    d.mark('changed', server.id);
    d.notes.push("You run T-SQL as the server's Microsoft Entra admin, as in the portal's Query editor; Azure role assignments on the server do not give a database user or a role.");
    return summary;
  },
};

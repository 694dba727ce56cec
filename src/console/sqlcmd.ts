// sqlcmd (the Go edition, which signs in with Microsoft Entra ID): how T-SQL reaches an Azure SQL
// database from a terminal, since az has no command for a database's own users and roles. A statement
// is the sandbox's `sql.execute`, run as the server's Microsoft Entra admin, exactly as the panel runs it.
// Simplified: only -S, -d, -Q/-q, -G, --authentication-method and -b are read; no interactive mode.
import { SUPPORTED_STATEMENTS, getResource, type Action } from '../sim/index.ts';
import type { Host, RunResult } from './spec.ts';

const ENTRA_METHODS = ['ActiveDirectoryDefault', 'ActiveDirectoryAzCli', 'ActiveDirectoryInteractive', 'ActiveDirectoryManagedIdentity'];
const USAGE = 'usage (sandbox): sqlcmd -S <server>.database.windows.net -d <database> --authentication-method ActiveDirectoryDefault [-b] -Q "<T-SQL statement>"';

interface SqlcmdArgs {
  server?: string;
  database?: string;
  query?: string;
  entra: boolean;
  failOnError: boolean;
}

function parse(words: string[]): SqlcmdArgs | { error: string } {
  const out: SqlcmdArgs = { entra: false, failOnError: false };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const eq = w.startsWith('--') ? w.indexOf('=') : -1;
    const flag = eq > 0 ? w.slice(0, eq) : w;
    const value = () => {
      if (eq > 0) return w.slice(eq + 1);
      if (i + 1 >= words.length) throw new Error(`'${flag}' needs a value`);
      return words[++i]!;
    };
    try {
      if (flag === '-S' || flag === '--server') out.server = value();
      else if (flag === '-d' || flag === '--database-name') out.database = value();
      else if (flag === '-Q' || flag === '-q' || flag === '--query') out.query = value();
      else if (flag === '-G') out.entra = true;
      else if (flag === '-b' || flag === '--exit-on-error') out.failOnError = true;
      else if (flag === '--authentication-method') {
        const m = value();
        if (!ENTRA_METHODS.some((x) => x.toLowerCase() === m.toLowerCase())) return { error: `the sandbox's server accepts Microsoft Entra authentication only (one of ${ENTRA_METHODS.join(', ')}), not '${m}'` };
        out.entra = true;
      } else return { error: `unknown or unsupported option '${w}'` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return out;
}

/** The server a -S value names: `<name>.database.windows.net`, with an optional tcp: prefix and ,1433 port. */
function serverHost(s: string): string {
  return s.replace(/^tcp:/i, '').replace(/,1433$/, '').toLowerCase();
}

export async function runSqlcmd(host: Host, words: string[]): Promise<RunResult> {
  const err = (text: string, exitCode = 1): RunResult => ({ stdout: '', stderr: `${text}\n`, exitCode });
  if (words.includes('-?') || words.includes('--help')) return { stdout: `${USAGE}\n\nStatements the sandbox runs (as the server's Microsoft Entra admin):\n${SUPPORTED_STATEMENTS.map((t) => `  ${t}\n`).join('')}`, stderr: '', exitCode: 0 };
  const a = parse(words);
  if ('error' in a) return err(`sqlcmd: ${a.error}\n${USAGE}`);
  if (!a.server || !a.query || !a.database) return err(`sqlcmd: the sandbox needs -S, -d and -Q (it has no interactive mode and no default database).\n${USAGE}`);
  if (!a.entra) return err(`sqlcmd: the sandbox's servers use Microsoft Entra-only authentication: add --authentication-method ActiveDirectoryDefault (or -G).\n${USAGE}`);
  const fqdn = serverHost(a.server);
  const world = host.world();
  const server = Object.values(world.resources).find((r) => r.kind === 'sqlServer' && r.fullyQualifiedDomainName.toLowerCase() === fqdn);
  if (!server || server.kind !== 'sqlServer') return err(`sqlcmd: the sandbox has no SQL server with the host name '${fqdn}' (see az sql server list).`);
  const action: Action = { type: 'sql.execute', serverId: server.id, database: a.database, statement: a.query };
  const outcome = await host.act(action);
  if (outcome.ok) return { stdout: '', stderr: '', exitCode: 0 };
  const e = outcome.error!;
  // SQL's own errors print as sqlcmd prints them: "Msg n, Level l, State s, Server x, Line 1" and the text.
  const header = e.code.startsWith('Msg ') ? e.code.replace(/, Line /, `, Server ${getResource(world, server.id)?.name ?? server.name}, Line `) : `Sqlcmd: Error: ${e.code}:`;
  // Without -b, sqlcmd reports a statement's error and still exits 0.
  return { stdout: '', stderr: `${header}\n${e.message}\n`, exitCode: a.failOnError ? 1 : 0 };
}

/** The sqlcmd words for a statement run in a database (the command behind the panel's T-SQL). */
export function sqlcmdWords(fqdn: string, database: string, statement: string): string[] {
  return ['sqlcmd', '-S', fqdn, '-d', database, '--authentication-method', 'ActiveDirectoryDefault', '-b', '-Q', statement];
}

// A console session: shell variables, the resource a shell is open on, and the runner that turns each
// command line into az's (or curl's) output by sending the sandbox's own actions. No DOM: the panel,
// the tests and the script round trip all drive this.
import { applyQuery, checkQuery, render } from './output.ts';
import { GLOBAL_PARAMS, parseArgs } from './argv.ts';
import { COMMANDS, GROUPS, commandByName, armError } from './commands/index.ts';
import { groupHelp, commandHelp } from './help.ts';
import { parseScript, ShellSyntaxError, type Command, type Word } from './shell.ts';
import { closeMatches, closest } from './similar.ts';
import { CliError, type CommandSpec, type Context, type Host, type RunResult } from './spec.ts';
import { runCurl } from './curl.ts';
import { runSqlcmd } from './sqlcmd.ts';
import { environmentOf, getResource, nameOf, type Action, type Outcome } from '../sim/index.ts';

export type { RunResult };

/** Real az command groups the sandbox does not model, so their message says "not modelled", not "misspelled". */
const UNMODELLED: Record<string, string> = {
  aks: 'vm create',
  acr: 'identity create',
  appservice: 'webapp create',
  cosmosdb: 'keyvault create',
  deployment: 'group create',
  monitor: 'role assignment list',
  network: 'vm create',
  policy: 'role assignment create',
  resource: 'vm show',
  logout: 'account show',
  configure: 'account show',
  extension: 'account show',
  upgrade: 'account show',
};

const TOP_LEVEL = [...new Set([...GROUPS.map((g) => g.name.split(' ')[0]!), ...COMMANDS.map((c) => c.name.split(' ')[0]!)])].sort();

export class ConsoleSession {
  /** Shell variables set with NAME=value. */
  readonly vars = new Map<string, string>();
  /** The resource whose shell is open (az ssh vm, az webapp ssh), or null for the local az prompt. */
  shellOn: string | null = null;
  /** The command that opened the shell, named as its real-world door. */
  door = '';

  /** Children (queues, a database) to create with the parent being created, or child lines already folded into it. */
  private fold: { parent: string; children: string[]; folded?: boolean } | null = null;

  constructor(readonly host: Host) {}

  /** The prompt, as a terminal shows it. */
  prompt(): string {
    if (!this.shellOn) return '$';
    const world = this.host.world();
    const r = getResource(world, this.shellOn);
    return `${r ? nameOf(world, r.id).replace(/\//g, '-') : 'resource'}:~$`;
  }

  /** Run a whole line or script; commands run one after another, as bash does. */
  async run(input: string): Promise<RunResult> {
    let commands: Command[];
    try {
      commands = parseScript(input);
    } catch (e) {
      if (e instanceof ShellSyntaxError) return { stdout: '', stderr: `bash: ${e.message}\n`, exitCode: 2 };
      throw e;
    }
    const out: RunResult = { stdout: '', stderr: '', exitCode: 0 };
    for (let i = 0; i < commands.length; i++) {
      const c = commands[i]!;
      // A namespace and the queues created on the lines right after it (a server and its database) are one step in the sandbox.
      const { parent, children } = this.shellOn ? NO_CHILDREN : childrenAfter(commands, i);
      this.fold = children.length ? { parent, children } : null;
      const r = await this.runCommand(c);
      for (let k = 0; k < children.length && this.fold; k++) {
        this.fold = { parent, children: [], folded: true };
        const q = await this.runCommand(commands[++i]!);
        r.stdout += q.stdout;
        r.stderr += q.stderr;
        r.exitCode = q.exitCode;
      }
      this.fold = null;
      out.stdout += r.stdout;
      out.stderr += r.stderr;
      out.exitCode = r.exitCode;
      this.vars.set('?', String(r.exitCode));
    }
    return out;
  }

  private async expand(word: Word, capture: RunResult): Promise<string | null> {
    let text = '';
    let quoted = false;
    for (const p of word) {
      if (p.quoted) quoted = true;
      if (p.kind === 'text') {
        text += p.text;
        if (!p.quoted) quoted = true; // a literal character always makes a word
      } else if (p.kind === 'var') text += this.variable(p.name);
      else {
        const r = await this.run(p.source);
        capture.stderr += r.stderr;
        text += r.stdout.replace(/\n+$/, '');
      }
    }
    return text === '' && !quoted ? null : text;
  }

  private variable(name: string): string {
    if (this.shellOn) {
      const env = environmentOf(this.host.world(), this.shellOn);
      if (name in env) return env[name]!;
    }
    return this.vars.get(name) ?? '';
  }

  private async runCommand(c: Command): Promise<RunResult> {
    const result: RunResult = { stdout: '', stderr: '', exitCode: 0 };
    const words: string[] = [];
    const assignments: [string, string][] = [];
    for (const w of c.words) {
      const first = w[0];
      if (!words.length && first?.kind === 'text' && !first.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.text)) {
        const eq = first.text.indexOf('=');
        const value = await this.expand([{ ...first, text: first.text.slice(eq + 1) }, ...w.slice(1)], result);
        assignments.push([first.text.slice(0, eq), value ?? '']);
        continue;
      }
      const v = await this.expand(w, result);
      if (v !== null) words.push(v);
    }
    if (!words.length || (words[0] === 'export' && words.length > 1 && words.slice(1).every((w) => /^[A-Za-z_]\w*=/.test(w)))) {
      for (const [k, v] of assignments) this.vars.set(k, v);
      for (const w of words.slice(1)) this.vars.set(w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1));
      return result;
    }
    const r = await this.dispatch(words);
    if (c.pipe) {
      const jqWords: string[] = [];
      for (const w of c.pipe) {
        const v = await this.expand(w, result);
        if (v !== null) jqWords.push(v);
      }
      const j = jq(jqWords, r.stdout);
      return { stdout: result.stdout + j.stdout, stderr: result.stderr + r.stderr + j.stderr, exitCode: j.exitCode };
    }
    return { stdout: result.stdout + r.stdout, stderr: result.stderr + r.stderr, exitCode: r.exitCode };
  }

  private async dispatch(words: string[]): Promise<RunResult> {
    const [cmd, ...rest] = words as [string, ...string[]];
    if (cmd === 'echo') return ok(`${rest.join(' ')}\n`);
    if (cmd === 'az') return this.az(rest);
    if (this.shellOn) {
      if (cmd === 'exit' || cmd === 'logout') {
        this.shellOn = null;
        return ok('');
      }
      if (cmd === 'curl') return runCurl(this.host, this.shellOn, rest);
      if (cmd === 'env' || cmd === 'printenv') {
        const env = environmentOf(this.host.world(), this.shellOn);
        const names = cmd === 'printenv' && rest.length ? rest : Object.keys(env);
        const lines = names.filter((n) => n in env).map((n) => (cmd === 'printenv' && rest.length ? env[n]! : `${n}=${env[n]}`));
        return { stdout: lines.map((l) => `${l}\n`).join(''), stderr: '', exitCode: cmd === 'printenv' && rest.length && !lines.length ? 1 : 0 };
      }
      return { stdout: '', stderr: `bash: ${cmd}: command not found\n(The sandbox's shell on a resource runs curl, env, printenv, echo and exit.)\n`, exitCode: 127 };
    }
    if (cmd === 'sqlcmd') return runSqlcmd(this.host, rest);
    if (cmd === 'curl') {
      return {
        stdout: '',
        stderr:
          "curl runs on a resource, not on your machine: the token endpoints (IMDS at 169.254.169.254, or $IDENTITY_ENDPOINT) only answer code running on the resource. Open a shell there with `az ssh vm -g <group> -n <vm>` or `az webapp ssh -g <group> -n <app>`, or run one script with `az vm run-command invoke`.\n",
        exitCode: 7,
      };
    }
    return { stdout: '', stderr: `bash: ${cmd}: command not found\n(The sandbox's console runs az and sqlcmd; on a resource, curl.)\n`, exitCode: 127 };
  }

  /** az: find the command, parse its arguments, run it and print what az prints. */
  async az(words: string[]): Promise<RunResult> {
    const path: string[] = [];
    let i = 0;
    while (i < words.length && !words[i]!.startsWith('-')) {
      const next = [...path, words[i]!].join(' ');
      if (!commandByName.has(next) && !GROUPS.some((g) => g.name === next) && !COMMANDS.some((c) => c.name.startsWith(`${next} `))) break;
      path.push(words[i]!);
      i++;
      if (commandByName.has(path.join(' '))) break;
    }
    const name = path.join(' ');
    const spec = commandByName.get(name);
    const rest = words.slice(i);
    if (!spec) {
      const stray = rest.find((w) => !w.startsWith('-'));
      const wantsHelp = rest.includes('-h') || rest.includes('--help');
      if (stray === undefined || (wantsHelp && !stray)) {
        if (rest.includes('--version')) return ok('azure-cli (the Managed Identity Sandbox\'s simulation)\n');
        return ok(groupHelp(name));
      }
      return this.notFound(path, stray);
    }
    let args;
    try {
      args = parseArgs(`az ${name}`, spec.params, rest);
    } catch (e) {
      return failure(e);
    }
    if (args._help) return ok(commandHelp(spec));
    try {
      if (typeof args._query === 'string') checkQuery(args._query);
      return await this.execute(spec, args);
    } catch (e) {
      return failure(e);
    }
  }

  private notFound(path: string[], stray: string): RunResult {
    const parent = path.join(' ');
    const choices = [...new Set([...GROUPS, ...COMMANDS].map((x) => x.name).filter((n) => (parent ? n.startsWith(`${parent} `) : true)).map((n) => n.split(' ')[path.length]!))];
    const full = [...path, stray].join(' ');
    const modelled = UNMODELLED[stray];
    if (!parent && modelled) {
      return { stdout: '', stderr: `The sandbox does not model 'az ${stray}'. The closest command it supports: az ${modelled}\nSee 'az --help' for the commands it runs.\n`, exitCode: 2 };
    }
    const near = closeMatches(stray, choices);
    const nearest = closest(full, [...COMMANDS.map((c) => c.name)]);
    const lines = [`ERROR: '${stray}' is misspelled or not recognized by the system.`];
    if (near.length) lines.push(`Did you mean '${near[0]}' ?`);
    lines.push(`The closest command the sandbox supports: az ${nearest}`);
    return { stdout: '', stderr: `${lines.join('\n')}\n`, exitCode: 2 };
  }

  private async execute(spec: CommandSpec, args: Record<string, unknown>): Promise<RunResult> {
    let stderr = '';
    const host = this.host;
    const ctx: Context = {
      host,
      args: args as Context['args'],
      ...(this.fold?.children.length && this.fold.parent === 'servicebus namespace create' ? { queues: this.fold.children } : {}),
      ...(this.fold?.children.length && this.fold.parent === 'sql server create' ? { database: this.fold.children[0]! } : {}),
      ...(this.fold?.folded ? { folded: true } : {}),
      warn: (t) => {
        if (!args._only_show_errors) stderr += `WARNING: ${t}\n`;
      },
      act: async (action: Action): Promise<Outcome> => {
        const outcome = await host.act(action);
        if (!outcome.ok) {
          const e = outcome.error!;
          throw armError(e.code, e.message, e.status);
        }
        return outcome;
      },
      openShell: (id, door) => {
        this.shellOn = id;
        this.door = door;
      },
      runScript: async (id, script) => {
        const inner = new ConsoleSession(host);
        inner.shellOn = id;
        for (const [k, v] of this.vars) inner.vars.set(k, v);
        const r = await inner.run(script);
        return { stdout: r.stdout, stderr: r.stderr };
      },
    };
    let result: unknown;
    try {
      result = await spec.run(ctx);
    } catch (e) {
      // Warnings printed before the refusal stay on the screen, as they do in a terminal.
      const f = failure(e);
      return { ...f, stderr: stderr + f.stderr };
    }
    const output = String(args._output ?? 'json');
    const query = typeof args._query === 'string' ? args._query : undefined;
    // storage blob download prints the blob itself, not JSON
    if (result && typeof result === 'object' && 'text' in result && spec.name === 'storage blob download') return { stdout: String((result as { text: string }).text), stderr, exitCode: 0 };
    if (query) applyQuery(result, query);
    return { stdout: render(result, output, query, spec.table), stderr, exitCode: 0 };
  }
}

/** `| jq [-r] .path`: the one filter people pipe az and curl output into (simplified: paths only). */
function jq(words: string[], input: string): RunResult {
  if (words[0] !== 'jq') return { stdout: '', stderr: `bash: the sandbox's shell pipes only into jq (not ${words[0] ?? 'nothing'})\n`, exitCode: 2 };
  const raw = words.includes('-r') || words.includes('--raw-output');
  const filter = words.slice(1).find((w) => !w.startsWith('-')) ?? '.';
  if (!/^\.([A-Za-z_][\w]*|\[\d+\])?((\.[A-Za-z_]\w*)|(\[\d+\]))*$/.test(filter)) return { stdout: '', stderr: `jq: the sandbox's jq takes a path such as .access_token or .identity.principalId, not ${filter}\n`, exitCode: 3 };
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch {
    return { stdout: '', stderr: input.trim() ? 'jq: error (at <stdin>:1): Cannot parse the input as JSON\n' : '', exitCode: input.trim() ? 2 : 0 };
  }
  const path = filter === '.' ? '@' : filter.replace(/^\./, '').replace(/^\[/, '@[');
  const value = applyQuery(data, path) ?? null;
  const out = raw && typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return { stdout: `${out}\n`, stderr: '', exitCode: 0 };
}

const ok = (stdout: string): RunResult => ({ stdout, stderr: '', exitCode: 0 });

function failure(e: unknown): RunResult {
  if (e instanceof CliError) return { stdout: '', stderr: `ERROR: ${e.message}\n${e.recommendations.map((r) => `${r}\n`).join('')}`, exitCode: e.exitCode };
  return { stdout: '', stderr: `ERROR: The command failed with an unexpected error: ${String(e)}\n`, exitCode: 1 };
}

export { GLOBAL_PARAMS, TOP_LEVEL };

/** The words of a command with nothing to expand, or null. */
function literal(c: Command): string[] | null {
  if (c.pipe) return null;
  const words: string[] = [];
  for (const w of c.words) {
    if (w.some((p) => p.kind !== 'text')) return null;
    words.push(w.map((p) => (p.kind === 'text' ? p.text : '')).join(''));
  }
  return words;
}

/** Commands whose resource the sandbox creates with its children, the child's command, and how many it takes. */
const PARENTS: { parent: string; child: string; parentArg: string; max: number }[] = [
  { parent: 'servicebus namespace create', child: 'servicebus queue create', parentArg: 'namespace_name', max: Infinity },
  { parent: 'sql server create', child: 'sql db create', parentArg: 'server', max: 1 },
];
const NO_CHILDREN = { parent: '', children: [] as string[] };

/** The names on the child lines (queue creates, a db create) that follow a parent's create at i and name that parent. */
function childrenAfter(commands: Command[], i: number): { parent: string; children: string[] } {
  const words = literal(commands[i]!);
  const fold = words && PARENTS.find((p) => words.slice(1, 1 + p.parent.split(' ').length).join(' ') === p.parent && words[0] === 'az');
  if (!words || !fold) return NO_CHILDREN;
  const width = fold.parent.split(' ').length + 1;
  let parent;
  try {
    parent = parseArgs(`az ${fold.parent}`, commandByName.get(fold.parent)!.params, words.slice(width));
  } catch {
    return NO_CHILDREN;
  }
  const child = commandByName.get(fold.child)!;
  const found: string[] = [];
  for (let j = i + 1; j < commands.length && found.length < fold.max; j++) {
    const w = literal(commands[j]!);
    if (!w || w.slice(0, width).join(' ') !== `az ${fold.child}`) break;
    let q;
    try {
      q = parseArgs(`az ${fold.child}`, child.params, w.slice(width));
    } catch {
      break;
    }
    const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
    if (!same(q.resource_group, parent.resource_group) || !same(q[fold.parentArg], parent.name) || q._help) break;
    found.push(String(q.name));
  }
  return { parent: fold.parent, children: found };
}

// What an `az` command is to the console: its name, arguments and help, and the function that runs it.
import type { Action, CreatableKind, Outcome, World } from '../sim/index.ts';

/** What Tab offers for an argument's value: the names of the resources of a kind (the kinds registry's), other names from the world, or a fixed list. */
export type Completer = CreatableKind | 'group' | 'user' | 'site' | 'identityRef' | 'role' | 'scope' | 'principal' | 'assignee' | 'location';

export interface Param {
  /** Option strings as az registers them: the long form first, e.g. ['--resource-group', '-g']. */
  names: string[];
  /** The key the parsed value goes under. */
  dest: string;
  help: string;
  required?: boolean;
  /** value: one word; flag: no word; list: one or more words (az's space-separated lists); optional-list: zero or more. */
  kind?: 'value' | 'flag' | 'list' | 'optional-list';
  choices?: string[];
  complete?: Completer;
  /** The help's argument group (e.g. 'Managed Service Identity'); none = the command's own arguments. */
  group?: string;
  /** Accepted for the command line's sake, with no effect in the sandbox (the help says so). */
  ignored?: boolean;
  default?: string;
}

export type Args = Record<string, string | string[] | boolean | undefined>;

/** Refusals the command raises itself, printed as `ERROR: <message>` with az's exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly recommendations: string[] = [],
  ) {
    super(message);
  }
}

export interface Host {
  /** The world as it is now. */
  world(): World;
  /** Run an action as the panels do (history, undo, timeline, diagrams) and return its outcome. */
  act(action: Action): Promise<Outcome>;
  /** Ask a yes/no question (az's "Are you sure ...? (y/n):"); without a way to ask, the answer is no. */
  confirm?(question: string): Promise<boolean>;
}

export interface Context {
  host: Host;
  args: Args;
  /** Lines az prints to stderr on success (WARNING: ...). */
  warn(text: string): void;
  /** Run an action; a refusal becomes az's error for it. */
  act(action: Action): Promise<Outcome>;
  /** Open a shell on a resource (az webapp ssh, az ssh vm). */
  openShell?(resourceId: string, door: string): void;
  /** Queues named by the `az servicebus queue create` lines right after this namespace create (made in the same step). */
  queues?: string[];
  /** The database named by the `az sql db create` line right after this server create (made in the same step). */
  database?: string;
  /** This queue (or database) create was folded into the namespace create before it. */
  folded?: boolean;
  /** Run one script in a resource's shell and return what it printed (az vm run-command invoke). */
  runScript?(resourceId: string, script: string): Promise<{ stdout: string; stderr: string }>;
}

export interface Example {
  summary: string;
  command: string;
}

export interface CommandSpec {
  /** Words after `az`, e.g. 'vm identity assign'. */
  name: string;
  summary: string;
  /** Longer help text under the summary. */
  long?: string;
  params: Param[];
  examples?: Example[];
  /** Returns what az prints (JSON-able), or undefined for nothing. */
  run(ctx: Context): Promise<unknown> | unknown;
  /** az's table transformer for `-o table`, when it has one. */
  table?: (result: unknown) => unknown;
}

export interface GroupSpec {
  name: string;
  summary: string;
}

/** What a command line printed, and its exit code: what every runner (az, curl, sqlcmd, jq) returns. */
export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

// The az console as pure functions: command lines in, the sandbox's actions and az's output out.
export { ConsoleSession, type RunResult } from './session.ts';
export { parseScript, splitWords, quote, joinWords, ShellSyntaxError } from './shell.ts';
export type { Host } from './spec.ts';

// az's argument parsing (argparse under knack): options, their values, and the refusals in az's words
// (src/azure-cli-core/azure/cli/core/parser.py). Every refusal here exits with code 2, as az's do.
import { CliError, type Args, type Param } from './spec.ts';
import { closeMatches } from './similar.ts';

export const OUTPUT_FORMATS = ['json', 'jsonc', 'none', 'table', 'tsv', 'yaml', 'yamlc'];

/** The arguments every command takes (knack's and azure-cli-core's global arguments). */
export const GLOBAL_PARAMS: Param[] = [
  { names: ['--debug'], dest: '_debug', kind: 'flag', help: 'Increase logging verbosity to show all debug logs.' },
  { names: ['--help', '-h'], dest: '_help', kind: 'flag', help: 'Show this help message and exit.' },
  { names: ['--only-show-errors'], dest: '_only_show_errors', kind: 'flag', help: 'Only show errors, suppressing warnings.' },
  { names: ['--output', '-o'], dest: '_output', choices: OUTPUT_FORMATS, help: 'Output format.', default: 'json' },
  { names: ['--query'], dest: '_query', help: 'JMESPath query string. See http://jmespath.org/ for more information and examples.' },
  { names: ['--subscription'], dest: '_subscription', help: 'Name or ID of subscription. You can configure the default subscription using `az account set -s NAME_OR_ID`.' },
  { names: ['--verbose'], dest: '_verbose', kind: 'flag', help: 'Increase logging verbosity. Use --debug for full debug logs.' },
];

const usage = (message: string, recommendations: string[] = []) => new CliError(message, 2, recommendations);
const display = (p: Param) => p.names.join('/');

/** An option-looking word, as argparse sees it (a lone '-' or a negative number is a value). */
const isOption = (w: string) => w.startsWith('-') && w.length > 1 && !/^-\d/.test(w);

export function parseArgs(prog: string, params: Param[], words: string[]): Args {
  const all = [...params, ...GLOBAL_PARAMS];
  const byName = new Map<string, Param>();
  for (const p of all) for (const n of p.names) byName.set(n, p);
  const args: Args = {};
  const unrecognized: string[] = [];

  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (!isOption(w)) {
      unrecognized.push(w);
      i += 1;
      continue;
    }
    let name = w;
    let inline: string | undefined;
    const eq = w.indexOf('=');
    if (w.startsWith('--') && eq > 0) {
      name = w.slice(0, eq);
      inline = w.slice(eq + 1);
    } else if (!w.startsWith('--') && w.length > 2 && byName.has(w.slice(0, 2))) {
      name = w.slice(0, 2); // -nvalue
      inline = w.slice(2);
    }
    const p = byName.get(name);
    if (!p) {
      unrecognized.push(w);
      i += 1;
      continue;
    }
    i += 1;
    const kind = p.kind ?? 'value';
    if (kind === 'flag') {
      if (inline !== undefined) throw usage(`argument ${display(p)}: ignored explicit argument '${inline}'`);
      args[p.dest] = true;
      if (p.dest === '_help') return args; // argparse prints help as soon as it meets -h
      continue;
    }
    const values: string[] = [];
    if (inline !== undefined) values.push(inline);
    else {
      const many = kind === 'list' || kind === 'optional-list';
      while (i < words.length && !isOption(words[i]!) && (many || values.length === 0)) values.push(words[i++]!);
    }
    if (kind === 'value' && values.length === 0) throw usage(`argument ${display(p)}: expected one argument`);
    if (kind === 'list' && values.length === 0) throw usage(`argument ${display(p)}: expected at least one argument`);
    if (p.choices) {
      for (const v of values) {
        const value = p.dest === '_output' ? v.toLowerCase() : v;
        if (!p.choices.some((c) => c.toLowerCase() === value.toLowerCase())) {
          const near = closeMatches(value, p.choices);
          throw new CliError(`${prog}: '${v}' is not a valid value for '${p.names[0]}'. Allowed values: ${p.choices.join(', ')}.`, 2, near.length ? [`Did you mean '${near[0]}' ?`] : []);
        }
      }
    }
    args[p.dest] = kind === 'value' ? values[0]! : values;
  }

  const missing = params.filter((p) => p.required && args[p.dest] === undefined);
  if (missing.length) throw usage(`the following arguments are required: ${missing.map(display).join(', ')}`);
  if (unrecognized.length) throw usage(`unrecognized arguments: ${unrecognized.join(' ')}`);
  for (const p of all) if (args[p.dest] === undefined && p.default !== undefined) args[p.dest] = p.default;
  if (typeof args._output === 'string') args._output = args._output.toLowerCase();
  return args;
}

/** A three-state flag's value (`--enable-rbac-authorization`, `--enable-rbac-authorization false`). */
export function boolArg(value: Args[string], fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true) return true;
  const v = String(Array.isArray(value) ? (value[0] ?? 'true') : value).toLowerCase();
  return v === 'true' || v === 'yes' || v === '1' || v === 'on';
}

// --help in az's layout (knack's help formatter): Command / Group, Arguments by group with [Required]
// marks, Global Arguments, Examples.
import { GLOBAL_PARAMS } from './argv.ts';
import { COMMANDS, GROUPS } from './commands/index.ts';
import type { CommandSpec, Param } from './spec.ts';

const WIDTH = 100;

/** Wrap text to the width, continuing lines under the first one's start. */
function wrap(text: string, indent: number): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent + line.length + 1 + w.length > WIDTH) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function argLines(params: Param[], width: number): string[] {
  return [...params]
    .sort((a, b) => Number(!!b.required) - Number(!!a.required) || a.names[0]!.localeCompare(b.names[0]!))
    .map((p) => {
      const label = `${p.names.join(' ')}${p.required ? ' [Required]' : ''}`;
      const help = p.choices && p.dest !== 'rbac' ? `${p.help}  Allowed values: ${p.choices.join(', ')}.` : p.help;
      const withDefault = p.default && !help.includes('Default:') ? `${help}  Default: ${p.default}.` : help;
      return `    ${label.padEnd(width)} : ${wrap(withDefault, width + 7)}`;
    });
}

export function commandHelp(spec: CommandSpec): string {
  const all = [...spec.params, ...GLOBAL_PARAMS];
  const width = Math.max(...all.map((p) => `${p.names.join(' ')}${p.required ? ' [Required]' : ''}`.length));
  const out = ['', 'Command', `    az ${spec.name} : ${wrap(spec.summary, 8)}`];
  if (spec.long) out.push(`        ${wrap(spec.long, 8)}`);
  const groups = new Map<string, Param[]>();
  for (const p of spec.params) {
    const g = p.group ? `${p.group} Arguments` : 'Arguments';
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  for (const [title, params] of [...groups].sort(([a], [b]) => (a === 'Arguments' ? -1 : b === 'Arguments' ? 1 : a.localeCompare(b)))) {
    out.push('', title, ...argLines(params, width));
  }
  out.push('', 'Global Arguments', ...argLines(GLOBAL_PARAMS, width));
  if (spec.examples?.length) {
    out.push('', 'Examples');
    for (const ex of spec.examples) out.push(`    ${wrap(ex.summary, 4)}`, `        ${ex.command}`, '');
    out.pop();
  }
  return `${out.join('\n')}\n\n`;
}

export function groupHelp(name: string): string {
  const depth = name ? name.split(' ').length : 0;
  const under = (n: string) => (name ? n.startsWith(`${name} `) : true) && n.split(' ').length === depth + 1;
  const subgroups = GROUPS.filter((g) => under(g.name));
  const commands = COMMANDS.filter((c) => under(c.name) && !GROUPS.some((g) => g.name === c.name));
  // A word that only appears as the start of deeper commands (e.g. `ssh` for `ssh vm`) is a group too.
  const implicit = [...new Set(COMMANDS.filter((c) => (name ? c.name.startsWith(`${name} `) : true) && c.name.split(' ').length > depth + 1).map((c) => c.name.split(' ').slice(0, depth + 1).join(' ')))].filter((n) => !subgroups.some((g) => g.name === n));
  const rows = (items: { name: string; summary: string }[]) => {
    const w = Math.max(...items.map((i) => i.name.split(' ').pop()!.length));
    return items.sort((a, b) => a.name.localeCompare(b.name)).map((i) => `    ${i.name.split(' ').pop()!.padEnd(w)} : ${wrap(i.summary, w + 7)}`);
  };
  const self = GROUPS.find((g) => g.name === name);
  const out = [''];
  if (name) out.push('Group', `    az ${name} : ${self?.summary ?? ''}`);
  else out.push('Group', '    az', '', 'The commands the Managed Identity Sandbox runs, as the Azure CLI names them.');
  const groupsShown = [...subgroups, ...implicit.map((n) => ({ name: n, summary: GROUPS.find((g) => g.name === n)?.summary ?? 'Commands for ' + n + '.' }))];
  if (groupsShown.length) out.push('', 'Subgroups:', ...rows(groupsShown));
  if (commands.length) out.push('', 'Commands:', ...rows(commands));
  out.push('');
  return `${out.join('\n')}\n`;
}

// Tab completion: commands and groups, a command's arguments, and argument values from the world
// (resource groups, resources, identities, roles, scopes, principals).
import { GLOBAL_PARAMS } from './argv.ts';
import { COMMANDS, GROUPS, commandByName } from './commands/index.ts';
import { quote } from './shell.ts';
import type { Completer, Param } from './spec.ts';
import { BUILT_IN_ROLES, KINDS, defaultSubscription, environmentOf, isSource, tenantUsers, type CreatableKind, type World } from '../sim/index.ts';

export interface Completion {
  /** Where the word being completed starts in the line. */
  from: number;
  /** Candidate replacements for that word, already quoted for the shell. */
  candidates: string[];
}

const LOCATIONS = ['westeurope', 'northeurope', 'eastus', 'eastus2', 'westus2', 'uksouth', 'swedencentral', 'australiaeast'];

/** Loose word split for completion: whitespace outside quotes, keeping the quotes. */
function looseWords(line: string): { words: string[]; from: number } {
  const words: string[] = [];
  let current = '';
  let quote: string | null = null;
  let from = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (/\s/.test(c)) {
      if (current) words.push(current);
      current = '';
      from = i + 1;
    } else current += c;
  }
  words.push(current);
  return { words, from };
}

const unquote = (w: string) => w.replace(/^["']/, '').replace(/["']$/, '');

const isKind = (c: Completer): c is CreatableKind => Object.hasOwn(KINDS, c);

function valuesFor(world: World, completer: Completer, words: string[]): string[] {
  const resources = Object.values(world.resources);
  const rgIndex = words.findIndex((w) => w === '-g' || w === '--resource-group');
  const rg = rgIndex >= 0 ? words[rgIndex + 1]?.toLowerCase() : undefined;
  const inGroup = (r: { resourceGroup: string }) => !rg || r.resourceGroup.toLowerCase() === rg;
  const names = (kinds: string[]) => resources.filter((r) => kinds.includes(r.kind) && inGroup(r)).map((r) => r.name);
  // A kind of the registry: the names of its resources.
  if (isKind(completer)) return names([completer]);
  switch (completer) {
    case 'group':
      return Object.values(world.resourceGroups).map((g) => g.name);
    case 'user':
      return tenantUsers(world).map((u) => u.userPrincipalName);
    case 'site':
      return names(['webApp', 'functionApp']);
    case 'identityRef':
      return ['[system]', ...names(['userAssignedIdentity']), ...resources.filter((r) => r.kind === 'userAssignedIdentity' && !inGroup(r)).map((r) => r.id)];
    case 'role':
      return BUILT_IN_ROLES.map((r) => r.roleName);
    case 'scope':
      return [defaultSubscription(world).id, ...Object.values(world.resourceGroups).map((g) => g.id), ...resources.map((r) => r.id)];
    case 'assignee':
      return [...tenantUsers(world).map((u) => u.userPrincipalName), ...Object.values(world.servicePrincipals).map((s) => s.id)];
    case 'principal':
      return Object.values(world.servicePrincipals).map((s) => s.id);
    case 'location':
      return LOCATIONS;
  }
}

/** What Tab offers at the end of `line`. */
export function complete(world: World, line: string, shellOn: string | null = null): Completion {
  const { words, from } = looseWords(line);
  const partial = words[words.length - 1]!;
  const before = words.slice(0, -1);
  const starts = (c: string) => c.toLowerCase().startsWith(unquote(partial).toLowerCase());
  const done = (candidates: string[]) => ({ from, candidates: [...new Set(candidates)].filter(starts).map((c) => (c === '[system]' ? c : quote(c))) });

  if (before.length === 0) return done(shellOn ? ['curl', 'env', 'printenv', 'echo', 'exit', 'az'] : ['az', 'sqlcmd', 'echo']);
  if (before[0] === 'curl' && shellOn) {
    const env = environmentOf(world, shellOn);
    const r = world.resources[shellOn.toLowerCase()];
    const endpoints = isSource(r) && r.kind === 'vm' ? ['http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://vault.azure.net'] : env.IDENTITY_ENDPOINT ? ['$IDENTITY_ENDPOINT'] : [];
    return done(partial.startsWith('-') ? ['-H', '-s', '-i', '-X', '-d', '--header', '--silent', '--include'] : endpoints);
  }
  if (before[0] !== 'az') return { from, candidates: [] };

  // Walk the command path.
  const path: string[] = [];
  let i = 1;
  while (i < before.length && !before[i]!.startsWith('-')) {
    path.push(before[i]!);
    i++;
    if (commandByName.has(path.join(' '))) break;
  }
  const name = path.join(' ');
  const spec = commandByName.get(name);
  if (!spec) {
    if (i < before.length) return { from, candidates: [] };
    const depth = path.length;
    const next = [...GROUPS.map((g) => g.name), ...COMMANDS.map((c) => c.name)].filter((n) => (name ? n.startsWith(`${name} `) : true) && n.split(' ').length > depth).map((n) => n.split(' ')[depth]!);
    return done(next.sort());
  }
  const params: Param[] = [...spec.params, ...GLOBAL_PARAMS];
  const prev = before[before.length - 1]!;
  const option = params.find((p) => p.names.includes(prev));
  if (option && option.kind !== 'flag' && !partial.startsWith('-')) {
    if (option.choices) return done(option.choices);
    if (option.complete) return done(valuesFor(world, option.complete, before));
    return { from, candidates: [] };
  }
  // List arguments keep taking values until the next option.
  const listOwner = [...before].reverse().find((w) => w.startsWith('-'));
  const owner = params.find((p) => listOwner && p.names.includes(listOwner));
  if (owner && (owner.kind === 'list' || owner.kind === 'optional-list') && !partial.startsWith('-') && owner.complete) return done(valuesFor(world, owner.complete, before));
  const used = new Set(before.filter((w) => w.startsWith('-')));
  const unused = params.filter((p) => !p.names.some((n) => used.has(n)));
  // Required arguments first, then the command's own, then the global ones.
  const ordered = [...unused.filter((p) => p.required), ...unused.filter((p) => !p.required && !p.dest.startsWith('_')), ...unused.filter((p) => p.dest.startsWith('_'))];
  return done(ordered.map((p) => p.names[0]!));
}

/** The longest text every candidate starts with (what Tab can fill in at once). */
export function commonPrefix(candidates: string[]): string {
  if (!candidates.length) return '';
  let prefix = candidates[0]!;
  for (const c of candidates.slice(1)) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

// Shell words, as bash reads them: the grammar the console understands before `az` sees anything.
// A line is split into commands (newlines and `;`), each command into words. Quoting follows bash:
// '...' is literal, "..." keeps $VAR and $(...) live and lets \ escape only $ ` " \ and newline, and
// outside quotes \ escapes any character; \ before a newline joins lines. Nothing is ever evaluated:
// $VAR and $(...) come back as parts the runner fills in from the sandbox's own variables and commands.
// Simplified from bash: expansions are never split into several words or globbed, and pipes,
// redirection, && and || are refused by name rather than half supported.

export type Part =
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean }
  | { kind: 'sub'; source: string; quoted: boolean };

export type Word = Part[];

export interface Command {
  words: Word[];
  /** What the output is piped into (`| jq -r .access_token`): the only pipe the sandbox runs. */
  pipe?: Word[];
  /** The command as typed (without the separator), for history and error messages. */
  source: string;
}

export class ShellSyntaxError extends Error {}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS: Record<string, string> = { '|': 'pipes other than one `| jq`', '&': 'background jobs and &&', '>': 'redirection', '<': 'redirection', '`': 'backquote command substitution (use $(...))' };

/** Parse a script (one or more lines) into commands. Throws ShellSyntaxError with bash's wording. */
export function parseScript(input: string): Command[] {
  const commands: Command[] = [];
  let words: Word[] = [];
  let piped: Word[] | null = null;
  let word: Word | null = null;
  let start = 0;
  let i = 0;
  const n = input.length;

  const push = (part: Part) => {
    word ??= [];
    const prev = word[word.length - 1];
    if (part.kind === 'text' && prev?.kind === 'text' && prev.quoted === part.quoted) prev.text += part.text;
    else word.push(part);
  };
  const endWord = () => {
    if (word) words.push(word);
    word = null;
  };
  const endCommand = (end: number) => {
    endWord();
    if (piped && !words.length) throw new ShellSyntaxError('syntax error near unexpected token `|\'');
    const main = piped ?? words;
    if (main.length) commands.push({ words: main, source: input.slice(start, end).trim(), ...(piped ? { pipe: words } : {}) });
    words = [];
    piped = null;
  };

  /** `$` at position i: a variable, $(...), or a literal dollar. Returns the next position. */
  const dollar = (quoted: boolean): void => {
    const next = input[i + 1];
    if (next === '(') {
      const end = matchParen(input, i + 2);
      push({ kind: 'sub', source: input.slice(i + 2, end), quoted });
      i = end + 1;
      return;
    }
    if (next === '{') {
      const close = input.indexOf('}', i + 2);
      if (close < 0) throw new ShellSyntaxError('bad substitution: no closing "}"');
      const name = input.slice(i + 2, close);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ShellSyntaxError(`\${${name}}: bad substitution`);
      push({ kind: 'var', name, quoted });
      i = close + 1;
      return;
    }
    NAME.lastIndex = i + 1;
    const m = NAME.exec(input);
    if (m) {
      push({ kind: 'var', name: m[0], quoted });
      i += 1 + m[0].length;
      return;
    }
    push({ kind: 'text', text: '$', quoted });
    i += 1;
  };

  while (i < n) {
    const c = input[i]!;
    if (c === '\\') {
      if (input[i + 1] === '\n') i += 2; // line continuation
      else if (i + 1 < n) {
        push({ kind: 'text', text: input[i + 1]!, quoted: true });
        i += 2;
      } else i += 1; // a trailing backslash: bash waits for more; the sandbox takes the line as it is
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      push({ kind: 'text', text: input.slice(i + 1, close), quoted: true });
      i = close + 1;
    } else if (c === '"') {
      i += 1;
      push({ kind: 'text', text: '', quoted: true }); // "" is an empty word, not no word
      while (true) {
        if (i >= n) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
        const d = input[i]!;
        if (d === '"') {
          i += 1;
          break;
        }
        if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(input[i + 1]!)) {
          if (input[i + 1] !== '\n') push({ kind: 'text', text: input[i + 1]!, quoted: true });
          i += 2;
        } else if (d === '$') dollar(true);
        else if (d === '`') throw new ShellSyntaxError(`the sandbox's shell does not run ${OPERATORS['`']}`);
        else {
          push({ kind: 'text', text: d, quoted: true });
          i += 1;
        }
      }
    } else if (c === '$') dollar(false);
    else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i += 1;
    } else if (c === '\n' || c === ';') {
      endCommand(i);
      i += 1;
      start = i;
    } else if (c === '#' && !word) {
      const nl = input.indexOf('\n', i);
      i = nl < 0 ? n : nl;
    } else if (c === '|' && input[i + 1] !== '|' && !piped) {
      endWord();
      if (!words.length) throw new ShellSyntaxError('syntax error near unexpected token `|\'');
      piped = words;
      words = [];
      i += 1;
    } else if (OPERATORS[c]) {
      throw new ShellSyntaxError(`the sandbox's shell runs one command at a time: ${OPERATORS[c]} (${c}) are not supported`);
    } else if (c === '(' || c === ')') {
      throw new ShellSyntaxError(`syntax error near unexpected token \`${c}'`);
    } else {
      push({ kind: 'text', text: c, quoted: false });
      i += 1;
    }
  }
  endCommand(n);
  return commands;
}

/** The index of the `)` closing a `$(` whose body starts at `from`, skipping quoted text and nested $( ). */
function matchParen(input: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\\') i += 2;
    else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) break;
      i = close + 1;
    } else if (c === '"') {
      i += 1;
      while (i < input.length && input[i] !== '"') i += input[i] === '\\' ? 2 : 1;
      i += 1;
    } else if (c === '(') {
      depth += 1;
      i += 1;
    } else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i;
      i += 1;
    } else i += 1;
  }
  throw new ShellSyntaxError("unexpected EOF while looking for matching `)'");
}

/** A word with no expansions in it, as plain text (or null when it has some). */
export function literal(word: Word): string | null {
  let out = '';
  for (const p of word) {
    if (p.kind !== 'text') return null;
    out += p.text;
  }
  return out;
}

/** Split into words when the line has no expansions (completion, tests); throws on a syntax error. */
export function splitWords(input: string): string[] {
  return parseScript(input).flatMap((c) => c.words.map((w) => literal(w) ?? w.map((p) => (p.kind === 'text' ? p.text : p.kind === 'var' ? `$${p.name}` : `$(${p.source})`)).join('')));
}

const SAFE = /^[A-Za-z0-9_@%+=:,./[\]-]+$/;

/** Quote one word so that bash (and parseScript) reads it back unchanged. */
export function quote(word: string): string {
  if (word === '') return "''";
  if (SAFE.test(word) && !word.startsWith('#')) return word;
  // Double quotes read nicer for text with spaces, as people write az commands; single quotes otherwise.
  if (!/[$`"\\\n!]/.test(word)) return `"${word}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from words, each quoted as needed. */
export function joinWords(words: string[]): string {
  return words.map(quote).join(' ');
}

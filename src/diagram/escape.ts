// Turning world text (names chosen by a learner, Azure messages) into Mermaid text that can only ever be
// read as text. Mermaid decodes `#<number>;` entity codes itself (before parsing, and back into
// character references in the SVG), so every character that means something to any of its parsers is
// written as a code: nothing from a name can close a string, start a link, a directive (`%%{...}%%` is
// looked for anywhere, accDescr lines included), a comment, a click handler, markdown or HTML.

/** Characters that must never reach Mermaid raw, from any name or message. */
const CODED = new Set([
  '"', '<', '>', '&', '#', '%', '{', '}', '[', ']', '(', ')', '|', ';', '`', ':', ',', '\\', '$', '=', '~', '@', '*', '_',
  // Mermaid's own placeholders for entity codes: a raw one would turn into `&` in the SVG.
  '\uFB02', '\u00B0', '\u00B6', '\u00DF',
]);

/** Line breaks, control characters and invisible direction overrides: shown as a space, never kept. */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u200B\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Names longer than this many characters are cut with an ellipsis, in the diagram and in descriptions. */
export const MAX_NAME = 40;

/** One line of plain text: no control characters, single spaces, at most `max` characters (by code point). */
export function plain(text: string, max = MAX_NAME): string {
  const line = text.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line;
}

/**
 * Sequences Mermaid still interprets after it has decoded a label (KaTeX `$$…$$`, Font Awesome
 * `fa:fa-name`, a literal `\n` as a line break): an invisible zero-width space keeps them text.
 */
function breakLateSyntax(text: string): string {
  return text.replace(/\$(?=\$)/g, '$\u200B').replace(/\\(?=n)/g, '\\\u200B').replace(/(fa[bklrs]?):(?=fa-)/g, '$1:\u200B');
}

/** Text for a Mermaid label, note, message or acc line: plain, then every significant character coded. */
export function mermaidText(text: string, max = MAX_NAME): string {
  let out = '';
  for (const ch of breakLateSyntax(plain(text, max))) out += CODED.has(ch) ? `#${ch.codePointAt(0)};` : ch;
  // The flowchart lexer matches `direction TB` (and LR, RL, BT, TD) anywhere on a line, before it
  // looks at strings; breaking the word keeps the line a label.
  return out.replace(/(directio)(n)(?=\s+(?:TB|BT|RL|LR|TD))/gi, (_, head: string, n: string) => `${head}#${n.codePointAt(0)};`);
}

/** Several lines of a label, each escaped; `<br/>` is ours, never a name's. */
export function lines(parts: string[], max = 80): string {
  return parts.filter((p) => p !== '').map((p) => mermaidText(p, max)).join('<br/>');
}

/** A word's length in code points (what a label's width counts). */
const len = (t: string) => Array.from(t).length;

/**
 * Words filled greedily into rows of about `width` code points, one space between words; `split` cuts a
 * word too long for a row into pieces, which join without a space and start a new row when they do not fit.
 */
function fill(text: string, width: number, max: number, split: (word: string) => string[]): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of plain(text, max).split(' ')) {
    for (const [i, piece] of (len(word) > width ? split(word) : [word]).entries()) {
      const glue = i === 0 ? ' ' : '';
      if (row && len(row) + glue.length + len(piece) > width) {
        rows.push(row);
        row = piece;
      } else row += row ? glue + piece : piece;
    }
  }
  if (row) rows.push(row);
  return rows;
}

/**
 * Text broken into lines of at most `width` characters, as escaped label lines joined by `<br/>`. For
 * sequence diagrams: Mermaid's own wrapping there cuts long words anywhere, even inside an entity code,
 * so the diagrams wrap their text themselves (between code points, before escaping) and turn it off.
 */
export function wrapped(text: string, width: number, max = 200): string {
  // A word longer than a row is cut every `width` code points.
  const cut = (word: string) => {
    const chars = Array.from(word);
    return Array.from({ length: Math.ceil(chars.length / width) }, (_, i) => chars.slice(i * width, (i + 1) * width).join(''));
  };
  return lines(fill(text, width, max, cut), width);
}

/**
 * Text broken between words into lines of about `width` characters, for a left-to-right flowchart where
 * every box's width adds up: a word too long for a line breaks after a `/`, `.` or `-` in it, else
 * stays whole. Returns plain lines, to be escaped with `lines`.
 */
export function narrowLines(text: string, width: number): string[] {
  return fill(text, width, 200, (word) => word.split(/(?<=[/.-])(?=.)/));
}

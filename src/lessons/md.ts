// Lesson text as data: a small Markdown tree the UI renders element by element. Lesson text is never
// turned into HTML, so whatever an author writes (raw HTML included) shows as text and runs nothing.

export type Inline =
  | string
  | { t: 'strong' | 'em' | 'del'; c: Inline[] }
  | { t: 'code'; text: string }
  /** Only http(s) links survive compilation; anything else is kept as its text. */
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: number; c: Inline[] }
  | { t: 'list'; ordered: boolean; items: Block[][] }
  | { t: 'code'; lang: string; text: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { t: 'hr' };

export type Md = Block[];

/** The words of inline text, for announcements and accessible names. */
export function inlineText(xs: Inline[]): string {
  return xs.map((x) => (typeof x === 'string' ? x : x.t === 'br' ? ' ' : x.t === 'code' ? x.text : inlineText(x.c))).join('');
}

/** The words of a text, for announcements and accessible names. */
export function plainText(md: Md): string {
  const block = (b: Block): string => {
    switch (b.t) {
      case 'p':
      case 'h':
        return inlineText(b.c);
      case 'list':
        return b.items.map(plainText).join(' ');
      case 'code':
        return b.text;
      case 'quote':
        return plainText(b.c);
      case 'table':
        return [b.head, ...b.rows].map((row) => row.map(inlineText).join(' ')).join(' ');
      case 'hr':
        return '';
    }
  };
  return md.map(block).join(' ').replace(/\s+/g, ' ').trim();
}

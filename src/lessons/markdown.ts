// Markdown to the lesson text tree (md.ts), at build time. marked only tokenizes; nothing becomes HTML.
// Raw HTML, images and non-http(s) links are kept as their literal text, so lesson text stays text.
import { Lexer, type Token, type Tokens } from 'marked';
import type { Block, Inline, Md } from './md.ts';

export function toMd(markdown: string): Md {
  return blocks(new Lexer({ gfm: true }).lex(markdown));
}

function blocks(tokens: Token[]): Block[] {
  const out: Block[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
      case 'def':
        break;
      case 'paragraph':
        out.push({ t: 'p', c: inlines((t as Tokens.Paragraph).tokens) });
        break;
      case 'text': {
        // Loose text inside a tight list item.
        const x = t as Tokens.Text;
        out.push({ t: 'p', c: x.tokens ? inlines(x.tokens) : [x.text] });
        break;
      }
      case 'heading':
        out.push({ t: 'h', level: (t as Tokens.Heading).depth, c: inlines((t as Tokens.Heading).tokens) });
        break;
      case 'list': {
        const x = t as Tokens.List;
        out.push({ t: 'list', ordered: x.ordered, items: x.items.map((item) => blocks(item.tokens)) });
        break;
      }
      case 'code':
        out.push({ t: 'code', lang: (t as Tokens.Code).lang ?? '', text: (t as Tokens.Code).text });
        break;
      case 'blockquote':
        out.push({ t: 'quote', c: blocks((t as Tokens.Blockquote).tokens) });
        break;
      case 'table': {
        const x = t as Tokens.Table;
        out.push({ t: 'table', head: x.header.map((cell) => inlines(cell.tokens)), rows: x.rows.map((row) => row.map((cell) => inlines(cell.tokens))) });
        break;
      }
      case 'hr':
        out.push({ t: 'hr' });
        break;
      default:
        // html and anything unknown: its source, as text
        if (t.raw.trim()) out.push({ t: 'p', c: [t.raw.trim()] });
    }
  }
  return out;
}

function inlines(tokens: Token[] | undefined): Inline[] {
  const out: Inline[] = [];
  const push = (x: Inline) => {
    const prev = out[out.length - 1];
    if (typeof x === 'string' && typeof prev === 'string') out[out.length - 1] = prev + x;
    else out.push(x);
  };
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text': {
        const x = t as Tokens.Text;
        if (x.tokens?.length) for (const y of inlines(x.tokens)) push(y);
        else push(x.text);
        break;
      }
      case 'escape':
        push((t as Tokens.Escape).text);
        break;
      case 'strong':
      case 'em':
      case 'del':
        push({ t: t.type, c: inlines((t as Tokens.Strong).tokens) });
        break;
      case 'codespan':
        push({ t: 'code', text: (t as Tokens.Codespan).text });
        break;
      case 'br':
        push({ t: 'br' });
        break;
      case 'link': {
        const x = t as Tokens.Link;
        if (/^https?:\/\//i.test(x.href)) push({ t: 'link', href: x.href, c: inlines(x.tokens) });
        else push(x.raw);
        break;
      }
      default:
        // html, images, anything unknown: the source as written
        push(t.raw);
    }
  }
  return out;
}

// Escaping: whatever a name holds, what reaches Mermaid is inert text.
import { describe, expect, it } from 'vitest';
import { MAX_NAME, mermaidText, narrowLines, plain, wrapped } from '../../../src/diagram/escape.ts';
import { HOSTILE } from './worlds.ts';

/** Decode Mermaid's entity codes, as it does before drawing. */
const decode = (s: string) => s.replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));

describe('mermaidText', () => {
  it.each(HOSTILE.map((h) => [JSON.stringify(h).slice(0, 60), h] as const))('keeps %s inert', (_, name) => {
    const out = mermaidText(name);
    // Nothing significant survives raw: only entity codes carry those characters.
    expect(out.replace(/#\d+;/g, '')).not.toMatch(/["<>&#%{}[\]()|;`:,\\$=~@*_\n\r\u2028\u2029\uFB02\u00B0\u00B6\u00DF]/);
    expect(out).not.toMatch(/%%|-->|==>|-\.->|<img|<script|\bclick n1\b.*\(/);
    expect(out).not.toMatch(/direction\s+(?:TB|BT|RL|LR|TD)/i);
    // Decoded, it reads as the name did (one line, cut to length, late syntax broken by invisible spaces).
    expect(decode(out).replace(/\u200B/g, '')).toBe(plain(name));
  });

  it('codes every character Mermaid gives a meaning to', () => {
    expect(mermaidText('"<>&#%{}[]()|;`:')).toBe('#34;#60;#62;#38;#35;#37;#123;#125;#91;#93;#40;#41;#124;#59;#96;#58;');
    expect(mermaidText('web-1 ok')).toBe('web-1 ok');
  });

  it('turns entity codes in a name into text, not characters', () => {
    expect(decode(mermaidText('#quot; #60;'))).toBe('#quot; #60;');
  });

  it('breaks what Mermaid reads after decoding: KaTeX, icons, a literal \\n', () => {
    expect(decode(mermaidText('$$x$$'))).not.toContain('$$');
    expect(decode(mermaidText('fa:fa-car'))).not.toContain('fa:fa-');
    expect(decode(mermaidText('a\\nb'))).not.toContain('\\n');
  });

  it('breaks "direction TB" in any case, which the flowchart lexer matches anywhere on a line', () => {
    for (const s of ['direction TB', 'a direction  LR', 'Direction RL']) expect(mermaidText(s)).not.toMatch(/direction\s+(?:TB|BT|RL|LR|TD)/i);
  });
});

describe('plain', () => {
  it('collapses line breaks, tabs and controls, and drops invisible direction overrides', () => {
    expect(plain('a\nb\r\nc\td\u2028e\u0000f')).toBe('a b c d e f');
    expect(plain('\u202Eevil\u202C')).toBe('evil');
  });

  it('cuts long names by code point with an ellipsis, never inside a character', () => {
    const long = '🔐'.repeat(100);
    const out = plain(long);
    expect(Array.from(out)).toHaveLength(MAX_NAME);
    expect(out.endsWith('🔐…')).toBe(true);
  });
});

describe('wrapped', () => {
  it('breaks between words, and long words between code points, never inside an entity code', () => {
    const out = wrapped('GET /metadata/identity/oauth2/token?api-version=2018-02-01', 20);
    const rows = out.split('<br/>');
    for (const row of rows) expect(Array.from(decode(row)).length).toBeLessThanOrEqual(20);
    expect(rows.join('')).not.toMatch(/#\d+(?!\d*;)/); // no code cut in two
    expect(decode(rows.join(' '))).toContain('GET');
  });
});

describe('narrowLines', () => {
  it('breaks between words, a word too long for a line after its slashes, and never inside a word otherwise', () => {
    expect(narrowLines('does not include containers/blobs/read', 16)).toEqual(['does not include', 'containers/', 'blobs/read']);
    expect(narrowLines('of virtual machine web-1', 18)).toEqual(['of virtual machine', 'web-1']);
    expect(narrowLines('done. next', 18)).toEqual(['done. next']);
    expect(narrowLines('averyveryverylongword', 8)).toEqual(['averyveryverylongword']);
    expect(narrowLines('  spaced\tout\n', 18)).toEqual(['spaced out']);
  });
});

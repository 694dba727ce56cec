import { describe, expect, it } from 'vitest';
import { CONTEXT, parentOriginOf, readCommand, readH5p } from '../../../src/embed/messages.ts';
import { cssHeight, readOptions } from '../../../src/embed/options.ts';
import { embedSnippets } from '../../../src/embed/snippets.ts';
import { widgetCss } from '../../../src/embed/styles.ts';

describe('element options (attributes and query parameters are untrusted)', () => {
  const read = (attrs: Record<string, string>) => readOptions((name) => attrs[name] ?? null);

  it('defaults: the whole app, lazy, system theme, no autosave', () => {
    expect(read({})).toEqual({ lesson: null, view: 'full', theme: 'auto', readonly: false, instance: null, autosave: false, height: null, loading: 'lazy' });
  });

  it('a lesson opens in the lesson view unless a view is given', () => {
    expect(read({ lesson: '03-grant-and-token' })).toMatchObject({ lesson: '03-grant-and-token', view: 'lesson' });
    expect(read({ lesson: '03-grant-and-token', view: 'diagram' })).toMatchObject({ view: 'diagram' });
  });

  it('ignores values it does not know', () => {
    expect(read({ lesson: '../../etc/passwd', view: 'admin', theme: 'pink', loading: 'now', instance: 'a b<script>' })).toMatchObject({
      lesson: null,
      view: 'full',
      theme: 'auto',
      loading: 'lazy',
      instance: null,
    });
  });

  it('boolean attributes: present is on, "false" is off', () => {
    expect(read({ readonly: '', autosave: 'autosave' })).toMatchObject({ readonly: true, autosave: true });
    expect(read({ readonly: 'false', autosave: 'off' })).toMatchObject({ readonly: false, autosave: false });
  });

  it('heights are simple lengths; a bare number is pixels', () => {
    expect(cssHeight('600')).toBe('600px');
    expect(cssHeight('40rem')).toBe('40rem');
    expect(cssHeight('80vh')).toBe('80vh');
    expect(cssHeight('calc(100% - 1px)')).toBeNull();
    expect(cssHeight('1px;background:red')).toBeNull();
  });
});

describe('embed page messages', () => {
  it('talks only to an origin named exactly', () => {
    expect(parentOriginOf('?parentOrigin=https://docs.example.org')).toBe('https://docs.example.org');
    expect(parentOriginOf('?parentOrigin=https://docs.example.org/')).toBe('https://docs.example.org');
    expect(parentOriginOf('?parentOrigin=https://docs.example.org/path')).toBeNull();
    expect(parentOriginOf('?parentOrigin=*')).toBeNull();
    expect(parentOriginOf('?parentOrigin=javascript:alert(1)')).toBeNull();
    expect(parentOriginOf('')).toBeNull();
  });

  it('reads well-formed commands and drops everything else', () => {
    expect(readCommand({ context: CONTEXT, command: 'act', id: 7, arg: { type: 'clock.advance', seconds: 60 } })).toEqual({ context: CONTEXT, command: 'act', id: 7, arg: { type: 'clock.advance', seconds: 60 } });
    expect(readCommand({ context: CONTEXT, command: 'reset' })).toEqual({ context: CONTEXT, command: 'reset' });
    for (const bad of [null, 'act', [], { command: 'act' }, { context: 'h5p', command: 'act' }, { context: CONTEXT, command: 'eval' }, { context: CONTEXT, command: 'act', id: {} }, { context: CONTEXT, command: 'act', id: 'x'.repeat(65) }]) {
      expect(readCommand(bad)).toBeNull();
    }
  });

  it('answers only the H5P resizer messages a parent sends', () => {
    expect(readH5p({ context: 'h5p', action: 'hello' })).toBe('hello');
    expect(readH5p({ context: 'h5p', action: 'resizePrepared' })).toBe('resizePrepared');
    expect(readH5p({ context: 'h5p', action: 'resize', scrollHeight: 1 })).toBeNull();
    expect(readH5p({ action: 'hello' })).toBeNull();
  });
});

describe('embed snippets', () => {
  it('point at the sandbox the link came from, scenario in the fragment', () => {
    const s = embedSnippets('https://docs.example.org/sandbox/index.html#s=mis1.abc.def');
    expect(s.element).toBe('<script type="module" src="https://docs.example.org/sandbox/embed/mi-sandbox.js"></script>\n<mi-sandbox scenario="https://docs.example.org/sandbox/#s=mis1.abc.def"></mi-sandbox>');
    expect(s.iframe).toContain('src="https://docs.example.org/sandbox/embed.html#s=mis1.abc.def"');
    expect(s.iframe).toContain('title="Managed Identity Sandbox"');
  });

  it('a lesson by name', () => {
    const s = embedSnippets('http://127.0.0.1:4173/#s=x', '02-system-assigned');
    expect(s.element).toContain('<mi-sandbox lesson="02-system-assigned"></mi-sandbox>');
    expect(s.iframe).toContain('embed.html?lesson=02-system-assigned"');
  });

  it('escapes what goes into attributes', () => {
    expect(embedSnippets('https://x.example/a"b/#s=1').element).not.toContain('a"b');
  });
});

describe('the app stylesheet, fitted to a widget', () => {
  it('rem becomes the widget unit, width queries become container queries, a forced theme replaces the media query', () => {
    const css = '.a{padding:.5rem 1rem}@media (max-width:700px){.b{gap:2rem}}@media (prefers-color-scheme:dark){.c{color:#fff}}';
    const dark = widgetCss(css, 'dark');
    expect(dark).toContain('padding:calc(.5 * var(--mis-rem)) calc(1 * var(--mis-rem))');
    expect(dark).toContain('@container mis-widget (max-width:700px)');
    expect(dark).toContain('@media all{.c');
    expect(widgetCss(css, 'light')).toContain('@media not all{.c');
    expect(widgetCss(css, 'auto')).toContain('@media (prefers-color-scheme:dark)');
  });
});

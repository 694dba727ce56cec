// The app's stylesheet, adopted into each element's shadow root as a constructable stylesheet: no
// <style> or <link> in the host page, nothing a strict CSP's style-src blocks, and one parsed copy
// shared by every widget of a theme. Three rewrites make the page's styles fit a widget:
// - rem becomes the widget's own unit, so a host's `html { font-size: 62.5% }` does not shrink it;
// - width media queries become container queries on the widget, so it lays out for its own width;
// - a theme forced by the host replaces the prefers-color-scheme query.
import type { Theme } from './options.ts';

const sheets = new Map<string, Promise<CSSStyleSheet>>();
let text: Promise<string> | null = null;

/** The widget's own CSS, around the app's: resets what a host page's styles pass down by inheritance. */
const WIDGET_CSS = `
:host { display: block; }
.mis-embed {
  all: initial;
  --mis-rem: 16px;
  display: flex;
  flex-direction: column;
  container: mis-widget / inline-size;
  font-size: 16px;
  line-height: 1.45;
  text-align: start;
  border: 1px solid var(--mis-frame, #c9d0d9);
  border-radius: 8px;
  overflow: hidden;
  box-sizing: border-box;
  height: 100%;
}
.mis-embed[data-dark] { --mis-frame: #414a55; }
.mis-embed .mount { flex: 1; min-height: 0; overflow: auto; }
.mis-embed .mis-app { min-height: 0; }
.mis-embed .embed-bar {
  display: flex; align-items: center; justify-content: space-between; gap: 0.75rem; flex-wrap: wrap;
  padding: 0.4rem 0.75rem; font: 0.875rem/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #505a66; background: #eef1f5; border-top: 1px solid #c9d0d9;
}
.mis-embed[data-dark] .embed-bar { color: #a9b3be; background: #1b1f24; border-top-color: #414a55; }
.mis-embed .embed-bar a { color: #0063b1; font-weight: 600; }
.mis-embed[data-dark] .embed-bar a { color: #8cc8ff; }
.mis-embed .embed-bar a:focus-visible { outline: 3px solid currentColor; outline-offset: 2px; border-radius: 2px; }
.mis-embed .embed-error { margin: 1rem; padding: 0.75rem 1rem; color: #b3261e; background: #fde7e5; border-radius: 6px; font: 1rem/1.45 system-ui, sans-serif; }
/* Views: the parts of the app a docs page asked for. */
.mis-app[data-view='diagram'] .topbar,
.mis-app[data-view='diagram'] .layout > .left,
.mis-app[data-view='diagram'] .layout > .center,
.mis-app[data-view='diagram'] .layout > .lesson,
.mis-app[data-view='token'] .topbar,
.mis-app[data-view='token'] .layout > .left,
.mis-app[data-view='token'] .layout > .lesson { display: none; }
.mis-app[data-view='diagram'] .layout,
.mis-app[data-view='token'] .layout { grid-template-columns: minmax(0, 1fr); }
.mis-app[data-view='diagram'] .layout > .right,
.mis-app[data-view='token'] .layout > * { grid-column: 1 / -1; }
/* A diagram widget shows its diagram first: the outcome (with its az command) can be long in a narrow column. */
.mis-app[data-view='diagram'] .layout > .right > .diagrams { order: -1; }
@container mis-widget (min-width: 900px) {
  .mis-app[data-view='token'] .layout { grid-template-columns: minmax(0, 1.1fr) minmax(0, 0.9fr); }
  .mis-app[data-view='token'] .layout > * { grid-column: auto; }
}
`;

const REM = /(?<![\w.-])(\d*\.?\d+)rem\b/g;

/** The app's CSS rewritten for a shadow root in a host page (see the top of this file). */
export function widgetCss(css: string, theme: Theme): string {
  const out = css
    .replace(REM, 'calc($1 * var(--mis-rem))')
    .replace(/@media\s*(\((?:max|min)-width:[^)]*\))/g, '@container mis-widget $1')
    .replace(/@media\s*\(prefers-color-scheme:\s*dark\)/g, theme === 'dark' ? '@media all' : theme === 'light' ? '@media not all' : '$&');
  return out;
}

/** The shared sheet for a theme, fetched once from `url` (the build's embed/mi-sandbox.css). */
export function appSheet(url: string, theme: Theme): Promise<CSSStyleSheet> {
  let sheet = sheets.get(theme);
  if (!sheet) {
    text ??= import.meta.env.DEV
      ? // `npm run dev` has no built stylesheet: it puts each module's CSS in a <style> of its own.
        Promise.resolve([...document.querySelectorAll('style[data-vite-dev-id]')].map((s) => s.textContent).join('\n'))
      : fetch(url).then((r) => {
          if (!r.ok) throw new Error(`The sandbox's stylesheet could not be loaded (${r.status} ${url}).`);
          return r.text();
        });
    sheet = text.then((css) => {
      const s = new CSSStyleSheet();
      s.replaceSync(widgetCss(css + WIDGET_CSS, theme));
      return s;
    });
    sheet.catch(() => {
      sheets.delete(theme);
      text = null;
    });
    sheets.set(theme, sheet);
  }
  return sheet;
}

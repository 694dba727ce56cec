// Diagrams under a strict Content-Security-Policy: no inline styles (`style-src 'self'` without
// 'unsafe-inline') and Trusted Types (`require-trusted-types-for 'script'`) with one named policy,
// `mi-sandbox`. Mermaid writes inline styles (a <style> in each SVG, style attributes on shapes and
// labels) and assigns HTML strings to innerHTML; under such a policy the browser drops the styles (black
// shapes, unreadable text) and refuses the assignments. So:
// - while Mermaid draws (renderStrict), HTML it writes into our own hidden render host goes through the
//   `mi-sandbox` policy, and its styles are applied through the CSSOM, which CSP does not restrict;
// - before an SVG is shown (strictSvg), its <style> and style attributes become one constructable
//   stylesheet adopted by the page or the widget's shadow root, and classes on the elements.
// Where the host's policy still blocks something (it does not allow the `mi-sandbox` policy name), the
// diagram says so in words instead of drawing.
import { POLICY_NAME, policyRefused, sandboxPolicy } from '../trusted-types.ts';

type Html = string | TrustedHTMLLike;
interface TrustedHTMLLike {
  readonly __brand?: 'TrustedHTML';
}

/** HTML the sandbox vouches for (see renderStrict), as TrustedHTML where the page enforces Trusted Types. */
const html = (value: string): Html => (sandboxPolicy()?.createHTML(value) as TrustedHTMLLike | undefined) ?? value;

/** Why diagrams cannot be drawn on this page, or null when nothing is in the way. */
export function strictProblem(): string | null {
  return policyRefused() ? `this page's Content-Security-Policy does not allow the Trusted Types policy “${POLICY_NAME}” that drawing needs (add it to trusted-types)` : null;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Style attributes renamed before parsing: a parsed style attribute is a CSP violation even in an inert document. */
const STYLE_ATTRIBUTE = /(\s)style=(["'])/g;
const HELD = 'data-mis-style';
const renameStyles = (markup: string) => markup.replace(STYLE_ATTRIBUTE, `$1${HELD}=$2`);

/** Parse markup inertly (a template is never rendered, so nothing in it loads, runs or is styled). */
function parse(markup: string, svgContext: boolean): DocumentFragment {
  const template = document.createElement('template');
  const text = renameStyles(markup);
  (template as unknown as { innerHTML: Html }).innerHTML = html(svgContext ? `<svg xmlns="${SVG_NS}">${text}</svg>` : text);
  if (!svgContext) return template.content;
  const fragment = document.createDocumentFragment();
  fragment.append(...template.content.firstElementChild!.childNodes);
  return fragment;
}

/** Take the style attributes off a fragment's elements, to apply them through the CSSOM later. */
function takeStyles(root: ParentNode): [Element, string][] {
  const taken: [Element, string][] = [];
  for (const el of root.querySelectorAll(`[style], [${HELD}]`)) {
    taken.push([el, el.getAttribute(HELD) ?? el.getAttribute('style')!]);
    el.removeAttribute('style');
    el.removeAttribute(HELD);
  }
  return taken;
}

const applyStyles = (taken: [Element, string][]) => {
  for (const [el, css] of taken) (el as HTMLElement).style.cssText = css;
};

let reset: CSSStyleSheet | undefined;
function hostReset(): CSSStyleSheet {
  if (reset) return reset;
  reset = new CSSStyleSheet();
  reset.replaceSync(
    '[data-mis-render-host], [data-mis-render-host] * { letter-spacing: normal !important; word-spacing: normal !important; text-transform: none !important; text-indent: 0 !important; font-variant: normal !important; font-style: normal !important; } [data-mis-render-host] p { text-align: inherit !important; }',
  );
  return reset;
}

/**
 * Run one Mermaid render into `host` with its HTML and styles made acceptable to a strict policy. The
 * <style> Mermaid puts in the SVG is applied to the page for measuring, then returned in the SVG text.
 */
export async function renderStrict(host: HTMLElement, render: () => Promise<{ svg: string }>): Promise<{ svg: string }> {
  const inHost = (node: Node) => host.contains(node);
  const innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!;
  const setAttribute = Element.prototype.setAttribute;
  const insertBefore = Node.prototype.insertBefore;
  const appendChild = Node.prototype.appendChild;
  const parseFromString = DOMParser.prototype.parseFromString;
  const captured: string[] = [];
  // The render host is in the page's own DOM, where an embedding page's rules (`* { letter-spacing }`,
  // `span { text-transform }`) would change how Mermaid measures its labels: not while it draws.
  host.dataset.misRenderHost = '';
  const measuring: CSSStyleSheet[] = [hostReset()];
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, ...measuring];

  const keepStyle = (node: Node, parent: Node): boolean => {
    if (!(node instanceof HTMLStyleElement || node instanceof SVGStyleElement) || !inHost(parent)) return false;
    const css = node.textContent ?? '';
    captured.push(css);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    measuring.push(sheet);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return true;
  };

  Object.defineProperty(Element.prototype, 'innerHTML', {
    configurable: true,
    get: innerHTML.get,
    set(this: Element, value: unknown) {
      if (typeof value !== 'string') return innerHTML.set!.call(this, value);
      // Mermaid's <style>, before it goes into the SVG (kept out of the page: see keepStyle).
      if (this instanceof HTMLStyleElement && !this.isConnected) return void (this.textContent = value);
      // An inert document (DOMPurify's): nothing there loads or runs.
      if (this.ownerDocument !== document) return innerHTML.set!.call(this, html(value));
      if (!inHost(this)) return innerHTML.set!.call(this, value);
      const svgContext = this.namespaceURI === SVG_NS && this.localName !== 'foreignObject';
      const fragment = parse(value, svgContext);
      const styles = takeStyles(fragment);
      this.replaceChildren(fragment);
      applyStyles(styles);
    },
  });
  // Mermaid's DOMPurify parses the finished SVG: keep its style attributes unparsed (renamed) there too.
  DOMParser.prototype.parseFromString = function (this: DOMParser, input: Html, type: DOMParserSupportedType) {
    // A parsed document is inert (nothing in it loads or runs): the sanitizer's own step.
    const id = host.querySelector('svg')?.id;
    const text = String(input);
    return parseFromString.call(this, html(id && text.includes(id) ? renameStyles(text) : text) as string, type);
  } as typeof parseFromString;
  Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
    if (name.toLowerCase() === 'style' && (inHost(this) || !this.isConnected) && 'style' in this) {
      (this as HTMLElement).style.cssText = value;
      return;
    }
    setAttribute.call(this, name, value);
  };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
    return keepStyle(node, this) ? node : (insertBefore.call(this, node, child) as T);
  };
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    return keepStyle(node, this) ? node : (appendChild.call(this, node) as T);
  };
  try {
    const result = await render();
    const style = captured.length ? `<style>${captured.join('\n').replace(/</g, '\\3c ')}</style>` : '';
    return { ...result, svg: style ? result.svg.replace(/(<svg\b[^>]*>)/, `$1${style}`) : result.svg };
  } finally {
    Object.defineProperty(Element.prototype, 'innerHTML', innerHTML);
    Element.prototype.setAttribute = setAttribute;
    Node.prototype.insertBefore = insertBefore;
    Node.prototype.appendChild = appendChild;
    DOMParser.prototype.parseFromString = parseFromString;
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => !measuring.includes(s));
  }
}

/** Declarations as `!important`: they stand in for inline styles, which beat the SVG's own rules. */
function important(css: string): string {
  const style = document.createElement('div').style;
  style.cssText = css;
  const out: string[] = [];
  for (let i = 0; i < style.length; i++) {
    const name = style.item(i);
    out.push(`${name}: ${style.getPropertyValue(name)} !important`);
  }
  return out.join('; ');
}

export interface StrictSvg {
  /** The SVG with no <style> and no style attributes (TrustedHTML under Trusted Types, typed as the string it stands for). */
  markup: string;
  /** Its styles: Mermaid's rules, and one class per distinct inline style. */
  sheet: CSSStyleSheet;
}

const made = new Map<string, StrictSvg>();
const MAX_MADE = 60;

/** An SVG ready for a page with a strict policy (see the top of this file); cached by its text. */
export function strictSvg(svg: string): StrictSvg {
  const hit = made.get(svg);
  if (hit) {
    made.delete(svg);
    made.set(svg, hit);
    return hit;
  }
  const fragment = parse(svg, false);
  const root = fragment.querySelector('svg');
  const id = root?.id ?? '';
  const scope = id ? `#${CSS.escape(id)}` : '';
  const rules: string[] = [];
  for (const style of fragment.querySelectorAll('style')) {
    rules.push(style.textContent ?? '');
    style.remove();
  }
  const classes = new Map<string, string>();
  for (const [el, css] of takeStyles(fragment)) {
    let name = classes.get(css);
    if (!name) {
      name = `mis-inline-${classes.size}`;
      classes.set(css, name);
      // Repeated class and the SVG's id: more specific than any of Mermaid's own rules, as inline was.
      rules.push(`:is(${scope || 'svg'}, ${scope || 'svg'} *).${name}.${name}.${name} { ${important(css)} }`);
    }
    el.classList.add(name);
  }
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(rules.join('\n'));
  const container = document.createElement('div');
  container.append(fragment);
  // TrustedHTML where the page enforces Trusted Types: {@html} assigns it as it is.
  const result = { markup: html(container.innerHTML) as string, sheet };
  made.set(svg, result);
  if (made.size > MAX_MADE) made.delete(made.keys().next().value!);
  return result;
}

/** Show `sheet` in the document or shadow root that holds `node`, in place of `previous`. */
export function adoptSheet(node: Node, sheet: CSSStyleSheet, previous: CSSStyleSheet | null): void {
  const root = node.getRootNode() as Document | ShadowRoot;
  if (!('adoptedStyleSheets' in root)) return;
  if (previous === sheet && root.adoptedStyleSheets.includes(sheet)) return;
  root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((s) => s !== previous && s !== sheet), sheet];
}

/** Stop showing `sheet` (the diagram is gone). */
export function dropSheet(node: Node, sheet: CSSStyleSheet | null): void {
  if (!sheet) return;
  const root = node.getRootNode() as Document | ShadowRoot;
  if ('adoptedStyleSheets' in root) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
}

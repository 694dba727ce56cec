// The isolated render frame's script (frame.html loads it from the same folder: no inline script, so
// a host policy of `script-src 'self'` allows it). It loads Mermaid's one-file build as a classic
// script (which needs no CORS from the frame's opaque origin), draws the texts the page sends, and
// sends back the SVG. It answers only its parent.
//
// Under a strict policy it does what csp.ts's renderStrict does in the page, for this whole document
// (it holds nothing else): HTML goes through the one Trusted Types policy, `mi-sandbox`; Mermaid's
// <style> and style attributes are applied through the CSSOM (which CSP does not restrict) so labels
// are measured in the right font, and the <style> goes back into the SVG for the page to adopt.
(function () {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var HELD = 'data-mis-style';
  var STYLE_ATTRIBUTE = /(\s)style=(["'])/g;

  var factory = window.trustedTypes;
  var policy = null;
  if (factory) {
    var create = factory.createPolicy.bind(factory);
    var same = function (s) { return s; };
    try { policy = create('mi-sandbox', { createHTML: same, createScriptURL: same }); } catch (e) { policy = null; }
    // DOMPurify (inside Mermaid) asks for a pass-through policy of its own: it gets this one.
    factory.createPolicy = function (name, rules) { return name === 'dompurify' && policy ? policy : create(name, rules); };
  }
  var html = function (s) { return policy ? policy.createHTML(s) : s; };

  document.body.style.margin = '0';
  var host = document.getElementById('host');
  host.style.width = '1280px';

  var innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
  var setAttribute = Element.prototype.setAttribute;
  var insertBefore = Node.prototype.insertBefore;
  var appendChild = Node.prototype.appendChild;
  var parseFromString = DOMParser.prototype.parseFromString;
  var renameStyles = function (markup) { return markup.replace(STYLE_ATTRIBUTE, '$1' + HELD + '=$2'); };

  // Parse inertly, style attributes renamed (a parsed style attribute is a violation even there).
  function parse(markup, svgContext) {
    var template = document.createElement('template');
    var text = renameStyles(markup);
    innerHTML.set.call(template, html(svgContext ? '<svg xmlns="' + SVG_NS + '">' + text + '</svg>' : text));
    if (!svgContext) return template.content;
    var fragment = document.createDocumentFragment();
    fragment.append.apply(fragment, Array.prototype.slice.call(template.content.firstElementChild.childNodes));
    return fragment;
  }
  function takeStyles(root) {
    var taken = [];
    root.querySelectorAll('[style], [' + HELD + ']').forEach(function (el) {
      taken.push([el, el.getAttribute(HELD) || el.getAttribute('style')]);
      el.removeAttribute('style');
      el.removeAttribute(HELD);
    });
    return taken;
  }

  var captured = [];
  var sheets = [];
  function keepStyle(node) {
    if (!(node instanceof HTMLStyleElement || node instanceof SVGStyleElement)) return false;
    var css = node.textContent || '';
    captured.push(css);
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.push(sheet);
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    return true;
  }

  Object.defineProperty(Element.prototype, 'innerHTML', {
    configurable: true,
    get: innerHTML.get,
    set: function (value) {
      if (typeof value !== 'string') return innerHTML.set.call(this, value);
      if (this instanceof HTMLStyleElement && !this.isConnected) { this.textContent = value; return; }
      if (this.ownerDocument !== document) return innerHTML.set.call(this, html(value));
      var fragment = parse(value, this.namespaceURI === SVG_NS && this.localName !== 'foreignObject');
      var styles = takeStyles(fragment);
      this.replaceChildren(fragment);
      styles.forEach(function (s) { s[0].style.cssText = s[1]; });
    },
  });
  DOMParser.prototype.parseFromString = function (input, type) {
    var svg = host.querySelector('svg');
    var text = String(input);
    return parseFromString.call(this, html(svg && svg.id && text.indexOf(svg.id) >= 0 ? renameStyles(text) : text), type);
  };
  Element.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === 'style' && 'style' in this) { this.style.cssText = value; return; }
    return setAttribute.call(this, name, value);
  };
  Node.prototype.insertBefore = function (node, child) { return keepStyle(node) ? node : insertBefore.call(this, node, child); };
  Node.prototype.appendChild = function (node) { return keepStyle(node) ? node : appendChild.call(this, node); };

  function finish() {
    var style = captured.length ? '<style>' + captured.join('\n').replace(/</g, '\\3c ') + '</style>' : '';
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter(function (s) { return sheets.indexOf(s) < 0; });
    captured = [];
    sheets = [];
    host.textContent = '';
    return style;
  }

  var configured = '';
  function reply(message) { parent.postMessage(message, '*'); }
  var here = new URL(location.href).origin;
  addEventListener('message', function (event) {
    if (event.source !== parent) return;
    var m = event.data || {};
    if (m.type === 'load') {
      var src = new URL(String(m.src), location.href);
      // Only the sandbox's own files (this frame's URL's origin), and only with the policy where one is enforced.
      if (src.origin !== here || (factory && !policy)) return reply({ type: 'failed', message: 'Mermaid could not be loaded in the render frame' });
      var script = document.createElement('script');
      script.src = policy ? policy.createScriptURL(src.href) : src.href;
      script.onload = function () { reply({ type: 'ready' }); };
      script.onerror = function () { reply({ type: 'failed', message: 'Mermaid could not be loaded in the render frame' }); };
      document.head.appendChild(script);
    } else if (m.type === 'render') {
      var mermaid = window.mermaid;
      captured = [];
      try {
        if (configured !== m.configKey) { mermaid.initialize(m.config); configured = m.configKey; }
      } catch (e) { return reply({ type: 'error', seq: m.seq, message: String((e && e.message) || e) }); }
      mermaid.render(m.id, m.text, host).then(
        function (r) {
          var style = finish();
          reply({ type: 'done', seq: m.seq, svg: style ? r.svg.replace(/(<svg\b[^>]*>)/, '$1' + style) : r.svg });
        },
        function (e) { finish(); reply({ type: 'error', seq: m.seq, message: String((e && e.message) || e) }); }
      );
    }
  });
  reply({ type: 'hello' });
})();

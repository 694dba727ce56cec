// The HTML a docs author pastes to embed what is on screen: the <mi-sandbox> element, or the iframe.
// Both point at the sandbox the link was made on (its dist/ folder), so they work wherever it is hosted.

export interface Snippets {
  element: string;
  iframe: string;
}

const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Snippets for a share link (`https://host/path/#s=…` or `…/index.html#s=…`), or for a lesson by id,
 * which opens at its first step instead of carrying the sandbox's state.
 */
export function embedSnippets(shareUrl: string, lesson?: string | null): Snippets {
  const url = new URL(shareUrl);
  const share = url.hash;
  url.hash = '';
  url.search = '';
  url.pathname = url.pathname.replace(/[^/]*$/, ''); // the folder of the sandbox's page
  const base = url.href;
  const what = lesson ? `lesson="${attr(lesson)}"` : `scenario="${attr(`${base}${share}`)}"`;
  const frameSrc = lesson ? `${base}embed.html?lesson=${encodeURIComponent(lesson)}` : `${base}embed.html${share}`;
  return {
    element: `<script type="module" src="${attr(base)}embed/mi-sandbox.js"></script>\n<mi-sandbox ${what}></mi-sandbox>`,
    iframe: `<iframe src="${attr(frameSrc)}" title="Managed Identity Sandbox" width="100%" height="640" loading="lazy"></iframe>`,
  };
}

// embed.html: the sandbox for hosts that prefer an iframe (or cannot run module scripts). The options
// are query parameters (`?lesson=…&view=…&theme=…`), a shared scenario rides in the fragment (`#s=…`).
// It talks only to the origin named by `?parentOrigin=`: the element's events go there as messages,
// commands come from there, and the H5P resizer protocol keeps the iframe as tall as its content.
import { MiSandboxElement } from './mi-sandbox.ts';
import { CONTEXT, parentOriginOf, readCommand, readH5p, type H5pAction } from './messages.ts';
import { OPTION_NAMES } from './options.ts';

const params = new URLSearchParams(location.search);
const widget = document.createElement('mi-sandbox') as MiSandboxElement;
for (const name of OPTION_NAMES) {
  const value = params.get(name);
  if (value !== null && name !== 'loading') widget.setAttribute(name, value);
}
// In an iframe the page is the widget: start at once (the host decides when the iframe loads).
widget.setAttribute('loading', 'eager');
if (location.hash.includes('s=')) widget.setAttribute('scenario', location.hash);
if (!params.has('instance')) widget.setAttribute('instance', 'embed');
document.body.style.margin = '0'; // CSSOM, not an inline style: fine under a strict style-src
document.body.append(widget);

const parentOrigin = window.parent !== window ? parentOriginOf(location.search) : null;

function post(message: object): void {
  if (parentOrigin) window.parent.postMessage(message, parentOrigin);
}

if (parentOrigin) {
  for (const type of ['mi-ready', 'mi-outcome', 'mi-token-issued', 'mi-step-completed', 'mi-lesson-completed']) {
    widget.addEventListener(type, (e) => post({ context: CONTEXT, type, detail: (e as CustomEvent).detail }));
  }

  // H5P resizer (h5p-resizer.js on the host, or any script speaking it): hello, then prepareResize /
  // resizePrepared / resize whenever the content's height changes.
  let resizing = false;
  const height = () => Math.ceil(document.documentElement.getBoundingClientRect().height);
  const prepare = () => resizing && post({ context: 'h5p', action: 'prepareResize', scrollHeight: height(), clientHeight: document.documentElement.clientHeight });
  new ResizeObserver(prepare).observe(document.body);
  const onH5p: Record<Exclude<H5pAction, 'prepareResize' | 'resize'>, () => void> = {
    ready: () => post({ context: 'h5p', action: 'hello' }),
    hello: () => {
      resizing = true;
      prepare();
    },
    resizePrepared: () => post({ context: 'h5p', action: 'resize', scrollHeight: height() }),
  };

  window.addEventListener('message', (event) => {
    // Only the parent window, only from the origin it was named with; anything else is not for us.
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    const h5p = readH5p(event.data);
    if (h5p) return void onH5p[h5p as keyof typeof onH5p]();
    const command = readCommand(event.data);
    if (!command) return;
    const reply = (answer: object) => post({ context: CONTEXT, type: 'mi-result', ...(command.id !== undefined ? { id: command.id } : {}), command: command.command, ...answer });
    const run = async () => {
      switch (command.command) {
        case 'load':
          return widget.load(command.arg);
        case 'reset':
          return widget.reset();
        case 'act':
          return widget.act(command.arg);
        case 'gotoStep':
          return widget.gotoStep(command.arg);
      }
    };
    run().then(reply, (e: unknown) => reply({ ok: false, problem: (e as Error).message }));
  });
  post({ context: 'h5p', action: 'hello' });
}

// The docs page's own script (a file, so a strict script-src 'self' allows it). It shows the widgets'
// events, and sizes the iframe with the H5P resizer protocol (what h5p-resizer.js does).
const log = document.getElementById('event-log');
function note(source, type, detail) {
  const line = `${source}: ${type} ${JSON.stringify(detail)}`;
  log.textContent += `${line}\n`;
  log.scrollTop = log.scrollHeight;
}

for (const widget of document.querySelectorAll('mi-sandbox')) {
  for (const type of ['mi-ready', 'mi-outcome', 'mi-token-issued', 'mi-step-completed', 'mi-lesson-completed']) {
    widget.addEventListener(type, (event) => note(widget.id, type, event.detail));
  }
}

// The iframe: tell it which origin it may talk to, then answer its H5P resizer messages.
const frame = document.getElementById('sandbox-frame');
const src = new URL(frame.dataset.src, location.href);
src.searchParams.set('parentOrigin', location.origin);
frame.src = src.href;
const frameOrigin = src.origin;

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== frameOrigin) return;
  const data = event.data;
  if (!data || typeof data !== 'object') return;
  if (data.context === 'h5p') {
    const respond = (action) => event.source.postMessage({ context: 'h5p', action }, event.origin);
    if (data.action === 'hello') respond('hello');
    else if (data.action === 'prepareResize') {
      frame.style.height = `${data.clientHeight}px`;
      respond('resizePrepared');
    } else if (data.action === 'resize' && Number.isFinite(data.scrollHeight)) frame.style.height = `${data.scrollHeight}px`;
  } else if (data.context === 'mi-sandbox') note('iframe', data.type, data.detail ?? data);
});

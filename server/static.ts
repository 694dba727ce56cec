// The built app (vite build's `dist/`), served by the endpoint with a marker in index.html that tells the
// page to follow this endpoint's live channel.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** What index.html carries when the endpoint serves it: the page connects to /live/events. */
export const LIVE_MARKER = '<meta name="sandbox-endpoint" content="/live/">';

/** Serve a file of the app; false when there is none at that path. */
export async function serveApp(dir: string, urlPath: string, res: ServerResponse): Promise<boolean> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return false;
  }
  if (path === '/' || path === '') path = '/index.html';
  const file = normalize(join(dir, path));
  if (!file.startsWith(normalize(dir) + sep)) return false;
  const type = TYPES[extname(file)];
  if (!type) return false;
  try {
    if (!(await stat(file)).isFile()) return false;
  } catch {
    return false;
  }
  let body: Buffer | string = await readFile(file);
  if (path === '/index.html') body = body.toString('utf8').replace('</head>', `  ${LIVE_MARKER}\n  </head>`);
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    'X-Frame-Options': 'DENY',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
  return true;
}

// Serves the example docs page the way a static docs host would: under a sub-path, with the strict
// Content-Security-Policy from docs/embedding.md, and the sandbox's built files (dist/) beside it.
//
//   npm run build && npx tsx examples/serve.ts      # then open http://127.0.0.1:4180/docs/guide/
//
//   /docs/guide/...    examples/docs-page/
//   /docs/sandbox/...  dist/
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The policy the sandbox needs (docs/embedding.md); STRICT_STYLES drops 'unsafe-inline' for styles too. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; require-trusted-types-for 'script'; trusted-types mi-sandbox";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const MOUNTS: [prefix: string, dir: string][] = [
  ['/docs/guide/', join(ROOT, 'examples', 'docs-page')],
  ['/docs/sandbox/', join(ROOT, 'dist')],
];

/** The file behind a URL path of the example site, or null (outside the two folders, or a traversal). */
export function siteFile(pathname: string): { path: string; type: string } | null {
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    let rest = decodeURIComponent(pathname.slice(prefix.length));
    if (rest === '' || rest.endsWith('/')) rest += 'index.html';
    const path = normalize(join(dir, rest));
    if (!path.startsWith(dir)) return null;
    return { path, type: TYPES[extname(path)] ?? 'application/octet-stream' };
  }
  return null;
}

export async function serveFile(pathname: string, csp = CSP): Promise<{ status: number; headers: Record<string, string>; body: Buffer | string }> {
  const file = siteFile(pathname);
  const body = file ? await readFile(file.path).catch(() => null) : null;
  if (!file || !body) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' };
  // CORS on the sandbox's files: a sandboxed iframe without allow-same-origin has an opaque origin,
  // and its module scripts and stylesheet fetch are then cross-origin requests.
  return { status: 200, headers: { 'content-type': file.type, 'content-security-policy': csp, 'access-control-allow-origin': '*' }, body };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 4180);
  createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void serveFile(url.pathname, process.env.STRICT ? STRICT_CSP : CSP).then(({ status, headers, body }) => {
      res.writeHead(status, headers);
      res.end(body);
    });
  }).listen(port, '127.0.0.1', () => console.log(`http://127.0.0.1:${port}/docs/guide/`));
}

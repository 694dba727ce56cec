// curl in the shell on a resource: a request to the token endpoint (IMDS, or $IDENTITY_ENDPOINT) is the
// token panel's `token.request`; anything else is the call panel's `target.call` with the headers as
// typed (a pasted `Authorization: Bearer ...` is checked like any presented token). curl prints the
// body as it came, and exits 0 for any HTTP answer unless -f asks it to fail on 4xx/5xx.
import { environmentOf, getResource, type Action, type HttpExchange } from '../sim/index.ts';
import type { Host, RunResult } from './spec.ts';

const WITH_VALUE = new Set(['-H', '--header', '-X', '--request', '-d', '--data', '--data-raw', '--data-urlencode', '-A', '--user-agent', '-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out']);
const FLAGS = new Set(['-s', '--silent', '-S', '--show-error', '-i', '--include', '-v', '--verbose', '-f', '--fail', '-L', '--location', '-k', '--insecure', '-sS', '-sf', '-fsS', '-sSf', '-fs', '-si', '-is', '-G', '--get', '--noproxy']);

export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  include: boolean;
  fail: boolean;
}

export function parseCurl(words: string[]): CurlRequest | { error: string } {
  const headers: Record<string, string> = {};
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  let include = false;
  let fail = false;
  let get = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (WITH_VALUE.has(w)) {
      const v = words[++i];
      if (v === undefined) return { error: `curl: option ${w}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information` };
      if (w === '-H' || w === '--header') {
        const colon = v.indexOf(':');
        if (colon > 0) headers[v.slice(0, colon).trim()] = v.slice(colon + 1).trim();
      } else if (w === '-X' || w === '--request') method = v;
      else if (w.startsWith('-d') || w.startsWith('--data')) body = body === undefined ? v : `${body}&${v}`;
    } else if (FLAGS.has(w)) {
      if (w.includes('i') && !w.startsWith('--')) include = true;
      if (w === '--include') include = true;
      if (w === '--fail' || (/^-[a-zA-Z]+$/.test(w) && w.includes('f'))) fail = true;
      if (w === '-G' || w === '--get') get = true;
    } else if (w.startsWith('-') && w.length > 1) {
      return { error: `curl: option ${w}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information` };
    } else url = w;
  }
  if (!url) return { error: "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information" };
  if (get && body !== undefined) {
    url = `${url}${url.includes('?') ? '&' : '?'}${body}`;
    body = undefined;
  }
  return { method: method ?? (body !== undefined ? 'POST' : 'GET'), url, headers, ...(body !== undefined ? { body } : {}), include, fail };
}

/** Whether a request goes to a token endpoint rather than a target. */
export function isTokenEndpoint(url: string, env: Record<string, string>): boolean {
  if (env.IDENTITY_ENDPOINT && url.startsWith(env.IDENTITY_ENDPOINT)) return true;
  return /^(https?:\/\/)?169\.254\.169\.254(:\d+)?\//i.test(url) || /^https?:\/\/[^/]+\/msi\/token/i.test(url) || /^https:\/\/login\.microsoftonline\.com\//i.test(url);
}

/** The action a curl command line sends from a resource. */
export function curlAction(world: Parameters<typeof environmentOf>[0], from: string, req: CurlRequest): Action {
  const env = environmentOf(world, from);
  const request = { method: req.method, url: /^[a-z]+:\/\//i.test(req.url) ? req.url : `http://${req.url}`, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) };
  if (isTokenEndpoint(request.url, env)) return { type: 'token.request', from, request };
  return { type: 'target.call', from, request };
}

function printed(http: HttpExchange | undefined, req: CurlRequest): RunResult {
  if (!http) return { stdout: '', stderr: 'curl: the sandbox gave no answer\n', exitCode: 1 };
  if (http.networkError) {
    const u = /^[a-z]+:\/\/([^/:]+)(?::(\d+))?/i.exec(http.request.url);
    return { stdout: '', stderr: `curl: (7) Failed to connect to ${u?.[1] ?? http.request.url} port ${u?.[2] ?? (http.request.url.startsWith('https') ? '443' : '80')}: ${http.networkError}\n`, exitCode: 7 };
  }
  const res = http.response;
  if (req.fail && res.status >= 400) return { stdout: '', stderr: `curl: (22) The requested URL returned error: ${res.status}\n`, exitCode: 22 };
  const head = req.include ? `HTTP/1.1 ${res.status} ${res.statusText}\n${Object.entries(res.headers).map(([k, v]) => `${k}: ${v}\n`).join('')}\n` : '';
  return { stdout: `${head}${res.body}${res.body.endsWith('\n') ? '' : '\n'}`, stderr: '', exitCode: 0 };
}

export async function runCurl(host: Host, from: string, words: string[]): Promise<RunResult> {
  const req = parseCurl(words);
  if ('error' in req) return { stdout: '', stderr: `${req.error}\n`, exitCode: 2 };
  if (!getResource(host.world(), from)) return { stdout: '', stderr: 'curl: the resource this shell was on no longer exists\n', exitCode: 7 };
  const outcome = await host.act(curlAction(host.world(), from, req));
  if (!outcome.ok && !outcome.http) return { stdout: '', stderr: `curl: ${outcome.error?.message ?? 'refused'}\n`, exitCode: 1 };
  return printed(outcome.http, req);
}

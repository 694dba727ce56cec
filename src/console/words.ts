// Small shared pieces for printing command lines.
import type { HttpRequest } from '../sim/index.ts';

export const GUID_PATTERN_LOOSE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** curl's words for a request, as someone would type it. */
export function curlWords(request: Pick<HttpRequest, 'method' | 'url' | 'body'> & { headers?: Record<string, string> }): string[] {
  const words = ['curl', '-s'];
  const method = request.method.toUpperCase();
  if (method !== 'GET' && !(method === 'POST' && request.body !== undefined)) words.push('-X', method);
  for (const [k, v] of Object.entries(request.headers ?? {})) words.push('-H', `${k}: ${v}`);
  if (request.body !== undefined) words.push('-d', request.body);
  words.push(request.url);
  return words;
}

// An HTTP request as a form edits it (headers as ordered rows, so a learner can rename or drop one),
// and the token endpoint requests the sandbox prefills.
import type { HttpRequest } from '../../sim/index.ts';
import { IMDS_TOKEN_URL } from '../../sim/index.ts';
import { SELECTOR_PARAMS, type SelectBy } from './identities.ts';

export interface HeaderRow {
  name: string;
  value: string;
}

export interface EditableRequest {
  method: string;
  url: string;
  headers: HeaderRow[];
  body: string;
}

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function editable(r: HttpRequest): EditableRequest {
  return { method: r.method, url: r.url, headers: Object.entries(r.headers).map(([name, value]) => ({ name, value })), body: r.body ?? '' };
}

/** Back to the action's shape: rows without a name are dropped, an empty body is no body. */
export function toHttp(r: EditableRequest): HttpRequest {
  const headers: Record<string, string> = {};
  for (const h of r.headers) if (h.name.trim()) headers[h.name.trim()] = h.value;
  return { method: r.method, url: r.url.trim(), headers, ...(r.body ? { body: r.body } : {}) };
}

/**
 * The request code sends to its token endpoint, as the Azure SDK builds it: IMDS on a VM; on App
 * Service, Functions, slots and Container Apps the endpoint and header the code reads from its
 * environment (`$IDENTITY_ENDPOINT`, `$IDENTITY_HEADER`, expanded by the sandbox when it sends).
 */
export function tokenEndpointRequest(endpoint: 'imds' | 'appService', resource: string, selector?: { by: SelectBy; value: string }): EditableRequest {
  const q = new URLSearchParams();
  const param = selector ? SELECTOR_PARAMS[endpoint][selector.by] : undefined;
  if (endpoint === 'imds') {
    q.set('api-version', '2018-02-01');
    q.set('resource', resource);
    if (param) q.set(param, selector!.value);
    return { method: 'GET', url: `${IMDS_TOKEN_URL}?${q}`, headers: [{ name: 'Metadata', value: 'true' }], body: '' };
  }
  q.set('resource', resource);
  q.set('api-version', '2019-08-01');
  if (param) q.set(param, selector!.value);
  return { method: 'GET', url: `$IDENTITY_ENDPOINT?${q}`, headers: [{ name: 'X-IDENTITY-HEADER', value: '$IDENTITY_HEADER' }], body: '' };
}

/** The request as it travels: request line with the path, a Host header, then the headers and body. */
export function wireText(r: HttpRequest): string {
  let target = r.url;
  let host: string | undefined;
  try {
    const u = new URL(r.url);
    target = `${u.pathname}${u.search}`;
    host = u.host;
  } catch {
    // Not a URL the sandbox could send: show it as written.
  }
  const lines = [`${r.method} ${target} HTTP/1.1`, ...(host ? [`Host: ${host}`] : []), ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)];
  return lines.join('\n') + (r.body ? `\n\n${r.body}` : '');
}
